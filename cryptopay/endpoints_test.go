package cryptopay

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func dec(s string) *decimal.Decimal { d := decimal.RequireFromString(s); return &d }

// TestEndpoints calls every endpoint once against httpmock: the method,
// the path, the query and the body are what the notes say, every request
// is signed (checked independently), and the answer decodes.
func TestEndpoints(t *testing.T) {
	t.Parallel()
	inv, cw, ch, cp := fixture(t, "invoice.json"), fixture(t, "coin_withdrawal.json"), fixture(t, "channel.json"), fixture(t, "channel_payment.json")
	sub, tx, xf := fixture(t, "subscription.json"), fixture(t, "transaction.json"), fixture(t, "exchange_transfer.json")
	cases := []struct {
		name, method, path, query string
		body                      string // expected JSON body ("" = none)
		answer                    string
		call                      func(ctx context.Context, c *Client) (any, error)
		check                     func(t *testing.T, got any)
	}{
		{name: "accounts", method: "GET", path: "/api/accounts",
			answer: list(false, `{"id":"acc-1","balance":"1.50000000","currency":"BTC","project_id":"p"}`),
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Accounts.List(ctx) },
			check: func(t *testing.T, got any) {
				a := got.([]Account)
				require.Len(t, a, 1)
				assert.Equal(t, "1.5", a[0].Balance.String())
				assert.Contains(t, string(a[0].Raw), `"acc-1"`)
			}},
		{name: "account transactions", method: "GET", path: "/api/accounts/acc%201/transactions", query: "starting_after=tx-0",
			answer: list(false, tx),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Accounts.Transactions(ctx, "acc 1", &AccountTransactionListParams{StartingAfter: "tx-0"})
			},
			check: func(t *testing.T, got any) {
				p := got.(*Page[Transaction])
				require.Len(t, p.Items, 1)
				assert.Equal(t, "12e45678", p.Items[0].CustomID, "a custom_id that looks like a number is a string")
				assert.Equal(t, TransactionStatus(""), p.Items[0].Status, "status may be null")
			}},
		{name: "create channel", method: "POST", path: "/api/channels",
			body:   `{"name":"Deposits","pay_currency":"BTC","receiver_currency":"EUR","custom_id":"deposit-7","customer_id":"cust-1"}`,
			answer: data(ch),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Channels.Create(ctx, &ChannelParams{Name: "Deposits", PayCurrency: "BTC", ReceiverCurrency: "EUR", CustomID: "deposit-7", CustomerID: "cust-1"})
			}},
		{name: "list channels", method: "GET", path: "/api/channels", query: "customer_id=cust-1&starting_after=c0",
			answer: list(false, ch),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Channels.List(ctx, &ChannelListParams{CustomerID: "cust-1", StartingAfter: "c0"})
			}},
		{name: "get channel", method: "GET", path: "/api/channels/ch%2F1", answer: data(ch),
			call: func(ctx context.Context, c *Client) (any, error) { return c.Channels.Get(ctx, "ch/1") }},
		{name: "update channel", method: "PATCH", path: "/api/channels/ch-1", body: `{"status":"disabled"}`, answer: data(ch),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Channels.Update(ctx, "ch-1", &ChannelUpdateParams{Status: ChannelStatusDisabled})
			}},
		{name: "channel by custom_id", method: "GET", path: "/api/channels/custom_id/deposit-7", answer: data(ch),
			call: func(ctx context.Context, c *Client) (any, error) { return c.Channels.FindByReference(ctx, "deposit-7") }},
		{name: "channel payments", method: "GET", path: "/api/channels/ch-1/payments", query: "starting_after=p0", answer: list(false, cp),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Channels.Payments(ctx, "ch-1", &ChannelPaymentListParams{StartingAfter: "p0"})
			},
			check: func(t *testing.T, got any) {
				p := got.(*Page[ChannelPayment]).Items[0]
				assert.Equal(t, "3.4027", p.Risk.Score.String(), "a JSON number decodes into a decimal")
				assert.Equal(t, "on_hold", string(p.Normalized()))
			}},
		{name: "channel payment", method: "GET", path: "/api/channels/ch-1/payments/pay-1", answer: data(cp),
			call: func(ctx context.Context, c *Client) (any, error) { return c.Channels.GetPayment(ctx, "ch-1", "pay-1") }},
		{name: "create coin withdrawal", method: "POST", path: "/api/coin_withdrawals",
			body:   `{"address":"2MyYeAkU162aMh3otEhYHP9yhUR7xqS7S1r","charged_currency":"EUR","received_currency":"BTC","charged_amount_to_send":"10","custom_id":"113562013","network_fee_level":"fast","force_commit":true}`,
			answer: data(cw),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CoinWithdrawals.Send(ctx, &CoinWithdrawalParams{Address: "2MyYeAkU162aMh3otEhYHP9yhUR7xqS7S1r",
					ChargedCurrency: "EUR", ReceivedCurrency: "BTC", ChargedAmountToSend: dec("10"), CustomID: "113562013", NetworkFeeLevel: FeeLevelFast})
			},
			check: func(t *testing.T, got any) {
				w := got.(*CoinWithdrawal)
				assert.Equal(t, "0.00103102", w.ReceivedAmount.String())
				assert.Equal(t, "9699.0409", w.Exchange.Rate.String())
				assert.Equal(t, 2019, w.CreatedAt.Year())
			}},
		{name: "commit coin withdrawal", method: "POST", path: "/api/coin_withdrawals/w-1/commit", answer: data(cw),
			call: func(ctx context.Context, c *Client) (any, error) { return c.CoinWithdrawals.Commit(ctx, "w-1") }},
		{name: "get coin withdrawal", method: "GET", path: "/api/coin_withdrawals/w-1", answer: data(cw),
			call: func(ctx context.Context, c *Client) (any, error) { return c.CoinWithdrawals.Get(ctx, "w-1") }},
		{name: "coin withdrawal by custom_id", method: "GET", path: "/api/coin_withdrawals/custom_id/a%20b%25c", answer: data(cw),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CoinWithdrawals.FindByReference(ctx, "a b%c")
			}},
		{name: "list coin withdrawals", method: "GET", path: "/api/coin_withdrawals", query: "customer_id=cust-1", answer: list(false, cw),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CoinWithdrawals.List(ctx, &CoinWithdrawalListParams{CustomerID: "cust-1"})
			}},
		{name: "network fees", method: "GET", path: "/api/coin_withdrawals/network_fees", query: "all_networks=true",
			answer: list(false, `{"level":"fast","fee":"0.00002","currency":"BTC","network":"bitcoin"}`),
			call:   func(ctx context.Context, c *Client) (any, error) { return c.CoinWithdrawals.NetworkFees(ctx, true) },
			check: func(t *testing.T, got any) {
				assert.Equal(t, "0.00002", got.([]NetworkFee)[0].Fee.String())
			}},
		{name: "coins", method: "GET", path: "/api/coins",
			answer: list(false, `{"currency":"BTC","name":"Bitcoin","logo_url":"x","networks":[{"network":"bitcoin","name":"Bitcoin","precision":8}]}`),
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Coins.List(ctx) },
			check: func(t *testing.T, got any) {
				assert.Equal(t, 8, got.([]Coin)[0].Networks[0].Precision)
			}},
		{name: "create customer", method: "POST", path: "/api/customers",
			body:   `{"id":"cust-1","currency":"EUR","addresses":[{"address":"2N9w","currency":"BTC","network":"bitcoin"}]}`,
			answer: data(`{"id":"cust-1","currency":"EUR","addresses":[{"address":"2N9w","currency":"BTC","network":"bitcoin"}],"refund_addresses":{"BTC":"2N9w"}}`),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Customers.Create(ctx, &CustomerParams{ID: "cust-1", Currency: "EUR", Addresses: []CustomerAddress{{Address: "2N9w", Currency: "BTC", Network: "bitcoin"}}})
			},
			check: func(t *testing.T, got any) { assert.Equal(t, "2N9w", got.(*Customer).RefundAddresses["BTC"]) }},
		{name: "list customers", method: "GET", path: "/api/customers", answer: list(false, `{"id":"cust-1","currency":"EUR"}`),
			call: func(ctx context.Context, c *Client) (any, error) { return c.Customers.List(ctx, nil) }},
		{name: "get customer", method: "GET", path: "/api/customers/cust-1", answer: data(`{"id":"cust-1","currency":"EUR"}`),
			call: func(ctx context.Context, c *Client) (any, error) { return c.Customers.Get(ctx, "cust-1") }},
		{name: "update customer", method: "PATCH", path: "/api/customers/cust-1", body: `{"currency":"USD"}`,
			answer: data(`{"id":"cust-1","currency":"USD"}`),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Customers.Update(ctx, "cust-1", &CustomerParams{ID: "ignored", Currency: "USD"})
			}},
		{name: "create exchange transfer", method: "POST", path: "/api/exchange_transfers",
			body:   `{"charged_currency":"EUR","charged_amount":"100","received_currency":"BTC","received_amount":null,"custom_id":"xfer-1","force_commit":false}`,
			answer: data(xf),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ExchangeTransfers.Create(ctx, &ExchangeTransferParams{ChargedCurrency: "EUR", ChargedAmount: dec("100.0"), ReceivedCurrency: "BTC", CustomID: "xfer-1"})
			}},
		{name: "commit exchange transfer", method: "POST", path: "/api/exchange_transfers/x-1/commit", answer: data(xf),
			call: func(ctx context.Context, c *Client) (any, error) { return c.ExchangeTransfers.Commit(ctx, "x-1") }},
		{name: "get exchange transfer", method: "GET", path: "/api/exchange_transfers/x-1", answer: data(xf),
			call: func(ctx context.Context, c *Client) (any, error) { return c.ExchangeTransfers.Get(ctx, "x-1") }},
		{name: "create invoice", method: "POST", path: "/api/invoices",
			body:   `{"price_amount":"100","price_currency":"EUR","pay_currency":"XRP","custom_id":"order-1001","customer_id":"cust-1","name":"Order 1001","metadata":{"order":"1001"}}`,
			answer: data(inv),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Invoices.Create(ctx, &InvoiceParams{PriceAmount: decimal.RequireFromString("100.0"), PriceCurrency: "EUR", PayCurrency: "XRP",
					CustomID: "order-1001", CustomerID: "cust-1", Name: "Order 1001", Metadata: map[string]string{"order": "1001"}})
			},
			check: func(t *testing.T, got any) {
				i := got.(*Invoice)
				assert.Equal(t, "265.017543", i.PayAmount.String())
				addr, tag := SplitTag(i.Address)
				assert.Equal(t, "rs9pE6CnNLE8YiTgTwbAk1AkFyS3EuqwUp", addr)
				assert.Equal(t, "4255483396", tag)
				assert.Equal(t, time.Date(2019, 4, 18, 12, 48, 16, 0, time.UTC), i.ExpiresAt.UTC())
			}},
		{name: "list invoices", method: "GET", path: "/api/invoices", query: "customer_id=cust-1&starting_after=i0&subscription_id=sub-1",
			answer: list(false, inv),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Invoices.List(ctx, &InvoiceListParams{CustomerID: "cust-1", SubscriptionID: "sub-1", StartingAfter: "i0"})
			}},
		{name: "get invoice", method: "GET", path: "/api/invoices/inv-1", answer: data(inv),
			call: func(ctx context.Context, c *Client) (any, error) { return c.Invoices.Get(ctx, "inv-1") }},
		{name: "invoice by custom_id", method: "GET", path: "/api/invoices/custom_id/order-1001", answer: data(inv),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Invoices.FindByReference(ctx, "order-1001")
			}},
		{name: "recalculate invoice", method: "POST", path: "/api/invoices/inv-1/recalculations", body: `{"force_commit":true}`,
			answer: data(`{"id":"rc-1","invoice_id":"inv-1","price_amount":"100.0","price_currency":"EUR","pay_amount":"0.0105","pay_currency":"BTC","created_at":"2020-01-01T00:00:00Z"}`),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Invoices.Recalculate(ctx, "inv-1", &RecalculationParams{ForceCommit: true})
			}},
		{name: "commit recalculation", method: "POST", path: "/api/invoices/inv-1/recalculations/rc-1/commit",
			answer: data(`{"id":"rc-1","invoice_id":"inv-1","pay_amount":"0.0105","pay_currency":"BTC"}`),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Invoices.CommitRecalculation(ctx, "inv-1", "rc-1")
			}},
		{name: "refund with address and beneficiary", method: "POST", path: "/api/invoices/inv-1/refunds",
			body: `{"address":"2N9w","custom_id":"rf-ref-1","travel_rule_compliant":true,"beneficiary":{"type":"natural_person","name":"Ann Lee",
				"address":{"country":"DE","city":"Berlin","line_1":"Str 1","line_2":"Hof","post_code":"10115"}}}`,
			answer: data(`{"id":"rf-1","invoice_id":"inv-1","custom_id":"rf-ref-1","address":"2N9w","network":"bitcoin","amount":"0.01","amount_currency":"BTC","status":"pending"}`),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Invoices.CreateRefund(ctx, "inv-1", &RefundParams{Address: "2N9w", CustomID: "rf-ref-1", TravelRuleCompliant: true,
					Beneficiary: &Beneficiary{Type: BeneficiaryNaturalPerson, Name: "Ann Lee",
						Address: BeneficiaryAddress{Country: "DE", City: "Berlin", Line1: "Str 1", Line2: "Hof", PostCode: "10115"}}})
			},
			check: func(t *testing.T, got any) {
				r := got.(*Refund)
				assert.Equal(t, "rf-ref-1", r.CustomID)
				assert.Equal(t, "bitcoin", r.Network)
			}},
		{name: "refund without address", method: "POST", path: "/api/invoices/inv-2/refunds", body: `{"custom_id":"rf-ref-2"}`,
			answer: data(`{"id":"rf-2","invoice_id":"inv-2","custom_id":"rf-ref-2","amount":"0.01","amount_currency":"BTC","status":"pending"}`),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Invoices.CreateRefund(ctx, "inv-2", &RefundParams{CustomID: "rf-ref-2"})
			}},
		{name: "list refunds", method: "GET", path: "/api/invoices/inv-1/refunds", answer: list(false, `{"id":"rf-1","amount":"0.01"}`),
			call: func(ctx context.Context, c *Client) (any, error) { return c.Invoices.ListRefunds(ctx, "inv-1") }},
		{name: "rates", method: "GET", path: "/api/rates",
			answer: data(`{"BTCEUR":{"buy_rate":"9800.1","sell_rate":"9700.2"},"ETH/EUR":{"buy_rate":"200","sell_rate":"199"}}`),
			call:   func(ctx context.Context, c *Client) (any, error) { return c.Rates.List(ctx) },
			check: func(t *testing.T, got any) {
				r := got.(Rates)
				btc, ok := r.Get("BTC", "EUR")
				require.True(t, ok)
				assert.Equal(t, "9800.1", btc.BuyRate.String())
				eth, ok := r.Get("eth", "eur")
				require.True(t, ok, "the BTC/EUR spelling is found too")
				assert.Equal(t, "199", eth.SellRate.String())
			}},
		{name: "rate", method: "GET", path: "/api/rates/BTC/EUR", answer: data(`{"buy_rate":"9800.1","sell_rate":"9700.2"}`),
			call: func(ctx context.Context, c *Client) (any, error) { return c.Rates.Get(ctx, "BTC", "EUR") }},
		{name: "create subscription", method: "POST", path: "/api/subscriptions",
			body:   `{"name":"Gold","amount":"9.99","currency":"EUR","period":"month","period_quantity":1,"starts_at":"2024-01-01T00:00:00Z","payer_email":"payer@example.com","custom_id":"sub-1"}`,
			answer: data(sub),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Subscriptions.Create(ctx, &SubscriptionParams{Name: "Gold", Amount: decimal.RequireFromString("9.99"), Currency: "EUR",
					Period: PeriodMonth, PeriodQuantity: 1, StartsAt: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), PayerEmail: "payer@example.com", CustomID: "sub-1"})
			}},
		{name: "list subscriptions", method: "GET", path: "/api/subscriptions", answer: list(false, sub),
			call: func(ctx context.Context, c *Client) (any, error) { return c.Subscriptions.List(ctx, nil) }},
		{name: "get subscription", method: "GET", path: "/api/subscriptions/sub-x", answer: data(sub),
			call: func(ctx context.Context, c *Client) (any, error) { return c.Subscriptions.Get(ctx, "sub-x") }},
		{name: "subscription by custom_id", method: "GET", path: "/api/subscriptions/custom_id/sub-1", answer: data(sub),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Subscriptions.FindByReference(ctx, "sub-1")
			}},
		{name: "cancel subscription", method: "POST", path: "/api/subscriptions/sub-x/cancel", answer: data(sub),
			call: func(ctx context.Context, c *Client) (any, error) { return c.Subscriptions.Cancel(ctx, "sub-x") }},
		{name: "transactions with every filter", method: "GET", path: "/api/transactions",
			query:  "created_at_from=2026-01-01T00%3A00%3A00Z&created_at_to=2026-01-02T00%3A00%3A00Z&currency=BTC&reference_type=Invoice&risk_level=high&starting_after=t0&status=completed",
			answer: list(false, tx),
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Transactions.List(ctx, &TransactionListParams{CreatedAtFrom: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
					CreatedAtTo: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), ReferenceType: RefInvoice, Currency: "BTC",
					Status: "completed", RiskLevel: "high", StartingAfter: "t0"})
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			var hits int
			mt.RegisterResponder(tc.method, testBase+tc.path, respond(t, 200, tc.answer, func(r *http.Request, body []byte) {
				hits++
				assert.Equal(t, tc.path, r.URL.EscapedPath())
				assert.Equal(t, tc.query, r.URL.RawQuery)
				if tc.body == "" {
					assert.Empty(t, body, "no body")
				} else {
					assert.JSONEq(t, tc.body, string(body))
				}
			}))
			got, err := tc.call(ctxT(t), c)
			require.NoError(t, err)
			require.Equal(t, 1, hits, "one request")
			if tc.check != nil {
				tc.check(t, got)
			}
		})
	}
}

// TestCreateFillsCustomID: a create without custom_id sends a UUID, on a
// copy of the caller's params.
func TestCreateFillsCustomID(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var sent string
	mt.RegisterResponder("POST", testBase+"/api/invoices", func(r *http.Request) (*http.Response, error) {
		body := checkSigned(t, r)
		var m map[string]any
		require.NoError(t, json.Unmarshal(body, &m))
		sent, _ = m["custom_id"].(string)
		var inv map[string]any
		require.NoError(t, json.Unmarshal([]byte(fixture(t, "invoice.json")), &inv))
		inv["custom_id"], inv["pay_currency"] = sent, "BTC"
		b, _ := json.Marshal(map[string]any{"data": inv})
		return httpmockString(201, string(b)), nil
	})
	p := &InvoiceParams{PriceAmount: decimal.RequireFromString("100.0"), PriceCurrency: "EUR", PayCurrency: "BTC"}
	inv, err := c.Invoices.Create(ctxT(t), p)
	require.NoError(t, err)
	assert.Len(t, sent, 36)
	assert.Equal(t, sent, inv.CustomID)
	assert.Empty(t, p.CustomID, "the caller's params are not changed")
}

var _ = httpmock.NewMockTransport

// TestWithdrawalBodyShapes: the tag form, the travel-rule beneficiary and
// force_commit false (two steps) as sent.
func TestWithdrawalBodyShapes(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var body string
	mt.RegisterResponder("POST", testBase+"/api/coin_withdrawals", respond(t, 201, data(withdrawalJSON("w-1", "r-1", "rAddr?dt=42", "25", "new")), func(_ *http.Request, b []byte) {
		body = string(b)
	}))
	// The answer's currency is BTC in withdrawalJSON: use BTC here too.
	_, err := c.CoinWithdrawals.Quote(ctxT(t), &CoinWithdrawalParams{Address: "rAddr", Tag: "42", ChargedCurrency: "BTC", ReceivedCurrency: "BTC",
		ReceivedAmount: dec("25"), CustomID: "r-1", TravelRuleCompliant: true,
		Beneficiary: &Beneficiary{Type: BeneficiaryLegalPerson, Name: "ACME GmbH",
			Address: BeneficiaryAddress{Country: "DE", City: "Berlin", Line1: "Str 1", PostCode: "10115"}}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"address":"rAddr?dt=42","charged_currency":"BTC","received_currency":"BTC","received_amount":"25","custom_id":"r-1",
		"force_commit":false,"travel_rule_compliant":true,"beneficiary":{"type":"legal_person","name":"ACME GmbH",
		"address":{"country":"DE","city":"Berlin","line_1":"Str 1","post_code":"10115"}}}`, body)
}
