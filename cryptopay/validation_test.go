package cryptopay

import (
	"context"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/payments/paymentstest"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLocalValidation: every invalid call fails with a
// *payments.ValidationError naming the provider's field, and sends nothing.
func TestLocalValidation(t *testing.T) {
	t.Parallel()
	c, mt := newOfflineClient(t)
	ctx := ctxT(t)
	okW := func() *CoinWithdrawalParams {
		return &CoinWithdrawalParams{Address: "bc1qaddr", ChargedCurrency: "BTC", ReceivedCurrency: "BTC", ReceivedAmount: dec("0.001")}
	}
	withW := func(f func(p *CoinWithdrawalParams)) *CoinWithdrawalParams { p := okW(); f(p); return p }
	ben := &Beneficiary{Type: BeneficiaryNaturalPerson, Name: "Ann", Address: BeneficiaryAddress{Country: "DE", City: "Berlin", Line1: "Str 1", PostCode: "10115"}}
	okSub := func() *SubscriptionParams {
		return &SubscriptionParams{Name: "n", Amount: *dec("1"), Currency: "EUR", Period: PeriodMonth, PeriodQuantity: 1, StartsAt: testNow, PayerEmail: "p@x"}
	}
	withSub := func(f func(p *SubscriptionParams)) *SubscriptionParams { p := okSub(); f(p); return p }
	var nilCtx context.Context

	for _, tc := range []struct {
		name, field string
		call        func() error
	}{
		{"nil ctx", "ctx", func() error { _, err := c.Accounts.List(nilCtx); return err }},
		{"invoice nil", "params", func() error { _, err := c.Invoices.Create(ctx, nil); return err }},
		{"invoice zero", "price_amount", func() error {
			_, err := c.Invoices.Create(ctx, &InvoiceParams{PriceCurrency: "EUR", PayCurrency: "BTC"})
			return err
		}},
		{"invoice places", "price_amount", func() error {
			_, err := c.Invoices.Create(ctx, &InvoiceParams{PriceAmount: *dec("1.001"), PriceCurrency: "EUR", PayCurrency: "BTC"})
			return err
		}},
		{"invoice currency", "price_currency", func() error {
			_, err := c.Invoices.Create(ctx, &InvoiceParams{PriceAmount: *dec("1"), PriceCurrency: "eur", PayCurrency: "BTC"})
			return err
		}},
		{"invoice pay currency", "pay_currency", func() error {
			_, err := c.Invoices.Create(ctx, &InvoiceParams{PriceAmount: *dec("1"), PriceCurrency: "EUR"})
			return err
		}},
		{"invoice id", "id", func() error { _, err := c.Invoices.Get(ctx, ""); return err }},
		{"invoice id dot-dot", "id", func() error { _, err := c.Invoices.Get(ctx, "../coin_withdrawals"); return err }},
		{"invoice custom_id", "custom_id", func() error { _, err := c.Invoices.FindByReference(ctx, " "); return err }},
		{"recalculation ids", "recalculation_id", func() error { _, err := c.Invoices.CommitRecalculation(ctx, "i", ""); return err }},
		{"withdrawal no amount", "charged_amount", func() error {
			_, err := c.CoinWithdrawals.Send(ctx, withW(func(p *CoinWithdrawalParams) { p.ReceivedAmount = nil }))
			return err
		}},
		{"withdrawal two amounts", "charged_amount", func() error {
			_, err := c.CoinWithdrawals.Send(ctx, withW(func(p *CoinWithdrawalParams) { p.ChargedAmount = dec("1") }))
			return err
		}},
		{"withdrawal three amounts", "charged_amount", func() error {
			_, err := c.CoinWithdrawals.Send(ctx, withW(func(p *CoinWithdrawalParams) { p.ChargedAmount, p.ChargedAmountToSend = dec("1"), dec("1") }))
			return err
		}},
		{"withdrawal negative", "received_amount", func() error {
			_, err := c.CoinWithdrawals.Send(ctx, withW(func(p *CoinWithdrawalParams) { p.ReceivedAmount = dec("-1") }))
			return err
		}},
		{"withdrawal BTC places", "received_amount", func() error {
			_, err := c.CoinWithdrawals.Send(ctx, withW(func(p *CoinWithdrawalParams) { p.ReceivedAmount = dec("0.000000001") }))
			return err
		}},
		{"withdrawal fee level", "network_fee_level", func() error {
			_, err := c.CoinWithdrawals.Send(ctx, withW(func(p *CoinWithdrawalParams) { p.NetworkFeeLevel = "turbo" }))
			return err
		}},
		{"withdrawal address", "address", func() error {
			_, err := c.CoinWithdrawals.Send(ctx, withW(func(p *CoinWithdrawalParams) { p.Address = "" }))
			return err
		}},
		{"withdrawal tag twice", "address", func() error {
			_, err := c.CoinWithdrawals.Send(ctx, withW(func(p *CoinWithdrawalParams) { p.Address, p.Tag = "rAddr?dt=1", "2" }))
			return err
		}},
		{"withdrawal tag letters", "address", func() error {
			_, err := c.CoinWithdrawals.Send(ctx, withW(func(p *CoinWithdrawalParams) { p.Address = "rAddr?dt=abc" }))
			return err
		}},
		{"withdrawal travel rule without beneficiary", "beneficiary", func() error {
			_, err := c.CoinWithdrawals.Send(ctx, withW(func(p *CoinWithdrawalParams) { p.TravelRuleCompliant = true }))
			return err
		}},
		{"withdrawal beneficiary type", "beneficiary.type", func() error {
			_, err := c.CoinWithdrawals.Send(ctx, withW(func(p *CoinWithdrawalParams) {
				b := *ben
				b.Type = "robot"
				p.TravelRuleCompliant, p.Beneficiary = true, &b
			}))
			return err
		}},
		{"withdrawal beneficiary city", "beneficiary.address.city", func() error {
			_, err := c.CoinWithdrawals.Send(ctx, withW(func(p *CoinWithdrawalParams) {
				b := *ben
				b.Address.City = ""
				p.TravelRuleCompliant, p.Beneficiary = true, &b
			}))
			return err
		}},
		{"withdrawal currency", "received_currency", func() error {
			_, err := c.CoinWithdrawals.Send(ctx, withW(func(p *CoinWithdrawalParams) { p.ReceivedCurrency = "" }))
			return err
		}},
		{"quote nil", "params", func() error { _, err := c.CoinWithdrawals.Quote(ctx, nil); return err }},
		{"commit quote nil", "quote", func() error { _, err := c.CoinWithdrawals.CommitQuote(ctx, nil); return err }},
		{"commit id", "id", func() error { _, err := c.CoinWithdrawals.Commit(ctx, ""); return err }},
		{"transfer both amounts", "charged_amount", func() error {
			_, err := c.ExchangeTransfers.Create(ctx, &ExchangeTransferParams{ChargedCurrency: "EUR", ReceivedCurrency: "BTC", ChargedAmount: dec("1"), ReceivedAmount: dec("1")})
			return err
		}},
		{"transfer same currency", "received_currency", func() error {
			_, err := c.ExchangeTransfers.Create(ctx, &ExchangeTransferParams{ChargedCurrency: "EUR", ReceivedCurrency: "EUR", ChargedAmount: dec("1")})
			return err
		}},
		{"subscription period", "period", func() error {
			_, err := c.Subscriptions.Create(ctx, withSub(func(p *SubscriptionParams) { p.Period = "fortnight" }))
			return err
		}},
		{"subscription quantity", "period_quantity", func() error {
			_, err := c.Subscriptions.Create(ctx, withSub(func(p *SubscriptionParams) { p.PeriodQuantity = 0 }))
			return err
		}},
		{"subscription starts_at", "starts_at", func() error {
			_, err := c.Subscriptions.Create(ctx, withSub(func(p *SubscriptionParams) { p.StartsAt = time.Time{} }))
			return err
		}},
		{"subscription email", "payer_email", func() error {
			_, err := c.Subscriptions.Create(ctx, withSub(func(p *SubscriptionParams) { p.PayerEmail = "" }))
			return err
		}},
		{"channel name", "name", func() error {
			_, err := c.Channels.Create(ctx, &ChannelParams{PayCurrency: "BTC", ReceiverCurrency: "EUR"})
			return err
		}},
		{"channel status", "status", func() error {
			_, err := c.Channels.Update(ctx, "ch", &ChannelUpdateParams{Status: "paused"})
			return err
		}},
		{"channel empty update", "params", func() error { _, err := c.Channels.Update(ctx, "ch", &ChannelUpdateParams{}); return err }},
		{"customer id", "id", func() error { _, err := c.Customers.Create(ctx, &CustomerParams{Currency: "EUR"}); return err }},
		{"customer address", "addresses[0].address", func() error {
			_, err := c.Customers.Create(ctx, &CustomerParams{ID: "c", Currency: "EUR", Addresses: []CustomerAddress{{Currency: "BTC"}}})
			return err
		}},
		{"rate same", "quote", func() error { _, err := c.Rates.Get(ctx, "BTC", "BTC"); return err }},
		{"transactions type", "reference_type", func() error {
			_, err := c.Transactions.List(ctx, &TransactionListParams{ReferenceType: "Gift"})
			return err
		}},
		{"transactions range", "created_at_to", func() error {
			_, err := c.Transactions.List(ctx, &TransactionListParams{CreatedAtFrom: testNow, CreatedAtTo: testNow.Add(-time.Hour)})
			return err
		}},
		{"account transactions id", "account_id", func() error {
			for _, err := range c.Accounts.AllTransactions(ctx, "", nil) {
				return err
			}
			return nil
		}},
		{"custom_id too long", "custom_id", func() error {
			_, err := c.Invoices.Create(ctx, &InvoiceParams{PriceAmount: *dec("1"), PriceCurrency: "EUR", PayCurrency: "BTC", CustomID: string(make([]byte, 256))})
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := tc.call()
			var ve *payments.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.field, ve.Field)
		})
	}
	assert.Zero(t, mt.GetTotalCallCount())
	_ = decimal.Zero
}

// TestMisuseIsAValidationError: a nil context, nil params or an empty id is
// a *payments.ValidationError on every method, never a panic, and sends
// nothing.
func TestMisuseIsAValidationError(t *testing.T) {
	t.Parallel()
	c, _ := newOfflineClient(t)
	var nilCtx context.Context
	ctx := ctxT(t)
	a := mustAdapter(t, c, AdapterOptions{})
	calls := map[string]func() error{
		"Accounts.List nil ctx":            func() error { _, err := c.Accounts.List(nilCtx); return err },
		"Accounts.Transactions empty id":   func() error { _, err := c.Accounts.Transactions(ctx, "", nil); return err },
		"Channels.Create nil":              func() error { _, err := c.Channels.Create(ctx, nil); return err },
		"Channels.Get empty":               func() error { _, err := c.Channels.Get(ctx, ""); return err },
		"Channels.Update nil":              func() error { _, err := c.Channels.Update(ctx, "x", nil); return err },
		"Channels.FindByReference empty":   func() error { _, err := c.Channels.FindByReference(ctx, ""); return err },
		"Channels.Payments empty":          func() error { _, err := c.Channels.Payments(ctx, "", nil); return err },
		"Channels.GetPayment empty":        func() error { _, err := c.Channels.GetPayment(ctx, "x", ""); return err },
		"Channels.List nil ctx":            func() error { _, err := c.Channels.List(nilCtx, nil); return err },
		"CoinWithdrawals.Create nil":       func() error { _, err := c.CoinWithdrawals.Create(ctx, nil); return err },
		"CoinWithdrawals.Send nil":         func() error { _, err := c.CoinWithdrawals.Send(ctx, nil); return err },
		"CoinWithdrawals.CreateAndCommit":  func() error { _, err := c.CoinWithdrawals.CreateAndCommit(ctx, nil, nil); return err },
		"CoinWithdrawals.Get empty":        func() error { _, err := c.CoinWithdrawals.Get(ctx, ""); return err },
		"CoinWithdrawals.NetworkFees nil":  func() error { _, err := c.CoinWithdrawals.NetworkFees(nilCtx, false); return err },
		"CoinWithdrawals.Send nil ctx":     func() error { _, err := c.CoinWithdrawals.Send(nilCtx, sendParams("r")); return err },
		"Coins.List nil ctx":               func() error { _, err := c.Coins.List(nilCtx); return err },
		"Customers.Create nil":             func() error { _, err := c.Customers.Create(ctx, nil); return err },
		"Customers.Update nil":             func() error { _, err := c.Customers.Update(ctx, "x", nil); return err },
		"Customers.Get empty":              func() error { _, err := c.Customers.Get(ctx, ""); return err },
		"ExchangeTransfers.Create nil":     func() error { _, err := c.ExchangeTransfers.Create(ctx, nil); return err },
		"ExchangeTransfers.Commit empty":   func() error { _, err := c.ExchangeTransfers.Commit(ctx, ""); return err },
		"ExchangeTransfers.Get empty":      func() error { _, err := c.ExchangeTransfers.Get(ctx, ""); return err },
		"Invoices.Recalculate empty":       func() error { _, err := c.Invoices.Recalculate(ctx, "", nil); return err },
		"Invoices.CreateRefund empty":      func() error { _, err := c.Invoices.CreateRefund(ctx, "", nil); return err },
		"Invoices.ListRefunds empty":       func() error { _, err := c.Invoices.ListRefunds(ctx, ""); return err },
		"Invoices.List nil ctx":            func() error { _, err := c.Invoices.List(nilCtx, nil); return err },
		"Rates.List nil ctx":               func() error { _, err := c.Rates.List(nilCtx); return err },
		"Rates.Get empty":                  func() error { _, err := c.Rates.Get(ctx, "", "EUR"); return err },
		"Subscriptions.Create nil":         func() error { _, err := c.Subscriptions.Create(ctx, nil); return err },
		"Subscriptions.Cancel empty":       func() error { _, err := c.Subscriptions.Cancel(ctx, ""); return err },
		"Subscriptions.Get empty":          func() error { _, err := c.Subscriptions.Get(ctx, ""); return err },
		"Subscriptions.FindByReference":    func() error { _, err := c.Subscriptions.FindByReference(ctx, ""); return err },
		"Transactions.List nil ctx":        func() error { _, err := c.Transactions.List(nilCtx, nil); return err },
		"Webhooks.Refresh nil":             func() error { _, err := c.Webhooks.Refresh(ctx, nil); return err },
		"Adapter.CreateInvoice nil":        func() error { _, err := a.CreateInvoice(ctx, nil); return err },
		"Adapter.CreatePayout nil":         func() error { _, err := a.CreatePayout(ctx, nil); return err },
		"Adapter.CreateDepositAddress nil": func() error { _, err := a.CreateDepositAddress(ctx, nil); return err },
		"Adapter.GetPayout empty":          func() error { _, err := a.GetPayout(ctx, ""); return err },
		"Adapter.FindInvoice empty":        func() error { _, err := a.FindInvoice(ctx, ""); return err },
		"Adapter.Refresh nil":              func() error { _, err := a.Refresh(ctx, nil); return err },
		"Invoices.All nil ctx": func() error {
			for _, err := range c.Invoices.All(nilCtx, nil) {
				return err
			}
			return nil
		},
		"Channels.AllPayments empty": func() error {
			for _, err := range c.Channels.AllPayments(ctx, "", nil) {
				return err
			}
			return nil
		},
	}
	for name, call := range calls {
		err := call()
		var ve *payments.ValidationError
		if assert.ErrorAs(t, err, &ve, name) {
			assert.NotEmpty(t, ve.Field, name)
		}
	}
	// A verifier without secrets refuses, never panics.
	_, err := NewWebhookVerifier().Parse(nil)
	assert.ErrorIs(t, err, payments.ErrMalformed, "Parse(nil)")
}

// NewAdapter(nil, …): the shared nil-client behaviour (paymentstest.NilClient).
func TestNewAdapterNilClient(t *testing.T) {
	t.Parallel()
	paymentstest.NilClient(t, ProviderName, func() (*Adapter, error) { return NewAdapter(nil, AdapterOptions{}) })
}
