package cryptopay_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/cryptopay"
	"github.com/coinsdk/coinsdk/cryptopay/cryptopaytest"
	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func d(s string) *decimal.Decimal { v := decimal.RequireFromString(s); return &v }

// TestSandboxEndToEnd takes every resource through the sandbox, whose
// verifier is written independently of this package's signer.
func TestSandboxEndToEnd(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var events []*cryptopay.Event
	var c *cryptopay.Client
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ev, err := c.Webhooks.Parse(r)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		mu.Lock()
		events = append(events, ev)
		mu.Unlock()
	}))
	defer hook.Close()
	c, sb := newSandbox(t, cryptopaytest.Options{CallbackURL: hook.URL, PageSize: 2})
	ctx := t.Context()

	// Rates, both ways; accounts; coins; network fees.
	rates, err := c.Rates.List(ctx)
	require.NoError(t, err)
	_, ok := rates.Get("BTC", "EUR")
	assert.True(t, ok)
	rate, err := c.Rates.Get(ctx, "BTC", "EUR")
	require.NoError(t, err)
	assert.True(t, rate.BuyRate.IsPositive())
	accounts, err := c.Accounts.List(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, accounts)
	coins, err := c.Coins.List(ctx)
	require.NoError(t, err)
	assert.NotEmpty(t, coins)
	fees, err := c.CoinWithdrawals.NetworkFees(ctx, true)
	require.NoError(t, err)
	assert.NotEmpty(t, fees)

	_, err = c.Customers.Create(ctx, &cryptopay.CustomerParams{ID: "cust-e2e", Currency: "EUR"})
	require.NoError(t, err)

	// Invoices: create, pay under, recalculate, refund; find by custom_id; list.
	for i := 0; i < 3; i++ {
		_, err := c.Invoices.Create(ctx, &cryptopay.InvoiceParams{PriceAmount: *d("20"), PriceCurrency: "EUR", PayCurrency: "BTC", CustomerID: "cust-e2e"})
		require.NoError(t, err)
	}
	inv, err := c.Invoices.Create(ctx, &cryptopay.InvoiceParams{PriceAmount: *d("10"), PriceCurrency: "EUR", PayCurrency: "BTC", CustomID: "e2e-1"})
	require.NoError(t, err)
	found, err := c.Invoices.FindByReference(ctx, "e2e-1")
	require.NoError(t, err)
	assert.Equal(t, inv.ID, found.ID)
	_, err = sb.PayInvoice(inv.ID, inv.PayAmount.Div(decimal.NewFromInt(2)).Round(8))
	require.NoError(t, err)
	require.NoError(t, sb.ConfirmInvoice(inv.ID))
	got, err := c.Invoices.Get(ctx, inv.ID)
	require.NoError(t, err)
	assert.Equal(t, payments.StatusUnderpaid, got.Normalized())
	rc, err := c.Invoices.Recalculate(ctx, inv.ID, &cryptopay.RecalculationParams{})
	require.NoError(t, err)
	_, err = c.Invoices.CommitRecalculation(ctx, inv.ID, rc.ID)
	require.NoError(t, err)
	got, err = c.Invoices.Get(ctx, inv.ID)
	require.NoError(t, err)
	assert.Equal(t, cryptopay.InvoiceStatusCompleted, got.Status)
	_, err = c.Invoices.CreateRefund(ctx, inv.ID, &cryptopay.RefundParams{Address: "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"})
	require.NoError(t, err)
	refunds, err := c.Invoices.ListRefunds(ctx, inv.ID)
	require.NoError(t, err)
	assert.Len(t, refunds.Items, 1)
	n := 0
	for inv, err := range c.Invoices.All(ctx, &cryptopay.InvoiceListParams{CustomerID: "cust-e2e"}) {
		require.NoError(t, err)
		assert.Equal(t, "cust-e2e", inv.CustomerID)
		n++
	}
	assert.Equal(t, 3, n, "three invoices over two pages of two")

	// A reused custom_id with other parameters is a duplicate reference.
	_, err = c.Invoices.Create(ctx, &cryptopay.InvoiceParams{PriceAmount: *d("11"), PriceCurrency: "EUR", PayCurrency: "BTC", CustomID: "e2e-1"})
	assert.ErrorIs(t, err, payments.ErrDuplicateReference)

	// Customers and channels; a channel payment.
	cu, err := c.Customers.Update(ctx, "cust-e2e", &cryptopay.CustomerParams{Addresses: []cryptopay.CustomerAddress{{Address: "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", Currency: "BTC"}}})
	require.NoError(t, err)
	assert.Len(t, cu.Addresses, 1)
	ch, err := c.Channels.Create(ctx, &cryptopay.ChannelParams{Name: "e2e", PayCurrency: "BTC", ReceiverCurrency: "EUR", CustomerID: "cust-e2e"})
	require.NoError(t, err)
	payID, err := sb.PayChannel(ch.ID, *d("0.01"))
	require.NoError(t, err)
	require.NoError(t, sb.ConfirmChannelPayment(payID))
	pay, err := c.Channels.GetPayment(ctx, ch.ID, payID)
	require.NoError(t, err)
	assert.Equal(t, payments.StatusPaid, pay.Normalized())
	ch, err = c.Channels.Update(ctx, ch.ID, &cryptopay.ChannelUpdateParams{Status: cryptopay.ChannelStatusDisabled})
	require.NoError(t, err)
	assert.Equal(t, cryptopay.ChannelStatusDisabled, ch.Status)
	byRef, err := c.Channels.FindByReference(ctx, ch.CustomID)
	require.NoError(t, err)
	assert.Equal(t, ch.ID, byRef.ID)

	// Coin withdrawals: one call, two steps, expiry.
	w, err := c.CoinWithdrawals.Send(ctx, &cryptopay.CoinWithdrawalParams{Address: "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
		ChargedCurrency: "EUR", ReceivedCurrency: "BTC", ChargedAmountToSend: d("10"), CustomID: "w-e2e-1"})
	require.NoError(t, err)
	assert.NotEqual(t, cryptopay.CoinWithdrawalStatusNew, w.Status)
	q, err := c.CoinWithdrawals.Quote(ctx, &cryptopay.CoinWithdrawalParams{Address: "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
		ChargedCurrency: "BTC", ReceivedCurrency: "BTC", ReceivedAmount: d("0.001")})
	require.NoError(t, err)
	assert.Equal(t, cryptopay.CoinWithdrawalStatusNew, q.Withdrawal.Status)
	_, err = c.CoinWithdrawals.CommitQuote(ctx, q)
	require.NoError(t, err)
	late, err := c.CoinWithdrawals.Quote(ctx, &cryptopay.CoinWithdrawalParams{Address: "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
		ChargedCurrency: "BTC", ReceivedCurrency: "BTC", ReceivedAmount: d("0.001")})
	require.NoError(t, err)
	sb.Advance(31 * time.Second)
	_, err = c.CoinWithdrawals.Commit(ctx, late.Withdrawal.ID)
	assert.ErrorIs(t, err, cryptopay.ErrCommitExpired, "the sandbox's answer to a late commit")
	byCustom, err := c.CoinWithdrawals.FindByReference(ctx, "w-e2e-1")
	require.NoError(t, err)
	assert.Equal(t, w.ID, byCustom.ID)
	require.NoError(t, sb.CompletePayout(w.ID))
	n = 0
	for _, err := range c.CoinWithdrawals.All(ctx, nil) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 3, n)

	// Exchange transfers.
	xf, err := c.ExchangeTransfers.Create(ctx, &cryptopay.ExchangeTransferParams{ChargedCurrency: "EUR", ChargedAmount: d("50"), ReceivedCurrency: "BTC"})
	require.NoError(t, err)
	xf, err = c.ExchangeTransfers.Commit(ctx, xf.ID)
	require.NoError(t, err)
	_, err = c.ExchangeTransfers.Get(ctx, xf.ID)
	require.NoError(t, err)

	// Subscriptions.
	sub, err := c.Subscriptions.Create(ctx, &cryptopay.SubscriptionParams{Name: "Gold", Amount: *d("9.99"), Currency: "EUR", Period: cryptopay.PeriodMonth,
		PeriodQuantity: 1, StartsAt: sb.Now().Add(time.Hour), PayerEmail: "payer@example.com"})
	require.NoError(t, err)
	_, err = sb.PaySubscription(sub.ID, "BTC")
	require.NoError(t, err)
	sub, err = c.Subscriptions.Cancel(ctx, sub.ID)
	require.NoError(t, err)
	assert.Equal(t, cryptopay.SubscriptionStatusCancelled, sub.Status)
	_, err = c.Subscriptions.FindByReference(ctx, sub.CustomID)
	require.NoError(t, err)

	// Transactions with filters, and an account's transactions.
	n = 0
	for tx, err := range c.Transactions.All(ctx, &cryptopay.TransactionListParams{ReferenceType: cryptopay.RefCoinWithdrawal}) {
		require.NoError(t, err)
		assert.Equal(t, cryptopay.RefCoinWithdrawal, tx.ReferenceType)
		n++
	}
	assert.Positive(t, n)
	for _, err := range c.Accounts.AllTransactions(ctx, accounts[0].ID, nil) {
		require.NoError(t, err)
	}

	// Every callback verified and parsed.
	mu.Lock()
	defer mu.Unlock()
	kinds := map[cryptopay.EventKind]bool{}
	for _, ev := range events {
		kinds[ev.Kind] = true
	}
	for _, k := range []cryptopay.EventKind{cryptopay.KindInvoice, cryptopay.KindCoinWithdrawal, cryptopay.KindChannelPayment, cryptopay.KindSubscription} {
		assert.True(t, kinds[k], "no %s callback", k)
	}
	for _, dl := range sb.Deliveries() {
		assert.Equal(t, http.StatusOK, dl.StatusCode, "delivery %s %s answered %d", dl.Type, dl.Status, dl.StatusCode)
	}
}

// TestSandboxRefusesABadSignature: the sandbox's own verifier refuses a
// client with the wrong secret, in the provider's 401 shape.
func TestSandboxRefusesABadSignature(t *testing.T) {
	t.Parallel()
	sb := cryptopaytest.NewServer(cryptopaytest.Options{})
	defer sb.Close()
	c, err := cryptopay.New(cryptopay.Config{APIKey: sb.APIKey, APISecret: "wrong"}, option.WithBaseURL(sb.URL))
	require.NoError(t, err)
	_, err = c.Accounts.List(t.Context())
	var apiErr *payments.APIError
	require.True(t, errors.As(err, &apiErr))
	assert.Equal(t, 401, apiErr.StatusCode)
	assert.Equal(t, cryptopay.CodeUnauthenticated, apiErr.Code)
	assert.ErrorIs(t, err, payments.ErrUnauthorized)
}

// TestSandboxFaults: a rate limit and a 503 are retried; a 500 after the
// work on a create is settled through the custom_id.
func TestSandboxFaults(t *testing.T) {
	t.Parallel()
	c, sb := newSandbox(t, cryptopaytest.Options{}, providertest.NoSleep())
	ctx := t.Context()
	sb.InjectFault(cryptopaytest.Fault{Path: "/api/accounts", Kind: cryptopaytest.FaultRateLimit})
	sb.InjectFault(cryptopaytest.Fault{Path: "/api/coins", Kind: cryptopaytest.FaultUnavailable})
	_, err := c.Accounts.List(ctx)
	require.NoError(t, err)
	_, err = c.Coins.List(ctx)
	require.NoError(t, err)

	sb.InjectFault(cryptopaytest.Fault{Path: "/api/invoices", Kind: cryptopaytest.FaultErrorAfterWork})
	inv, err := c.Invoices.Create(ctx, &cryptopay.InvoiceParams{PriceAmount: *d("10"), PriceCurrency: "EUR", PayCurrency: "BTC", CustomID: "fault-1"})
	require.NoError(t, err, "the retry meets the duplicate custom_id and the lookup returns the invoice")
	assert.Equal(t, "fault-1", inv.CustomID)

	sb.InjectFault(cryptopaytest.Fault{Path: "/api/coin_withdrawals", Kind: cryptopaytest.FaultMalformedBody})
	w, err := c.CoinWithdrawals.Send(ctx, &cryptopay.CoinWithdrawalParams{Address: "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
		ChargedCurrency: "BTC", ReceivedCurrency: "BTC", ReceivedAmount: d("0.001"), CustomID: "fault-2"})
	require.NoError(t, err, "a half body after the work is settled through the custom_id")
	assert.Equal(t, "fault-2", w.CustomID)
}

// TestOneClientManyGoroutines: 64 goroutines share one client, with mixed calls; none
// fails (the signature has no nonce, so concurrent calls cannot refuse
// each other).
func TestOneClientManyGoroutines(t *testing.T) {
	t.Parallel()
	c, _ := newSandbox(t, cryptopaytest.Options{})
	ctx := t.Context()
	providertest.Concurrently(t, 64, 8, func(g, i int) error {
		var err error
		switch (g + i) % 4 {
		case 0:
			_, err = c.Rates.Get(ctx, "BTC", "EUR")
		case 1:
			_, err = c.Accounts.List(ctx)
		case 2:
			_, err = c.Invoices.Create(ctx, &cryptopay.InvoiceParams{PriceAmount: *d("5"), PriceCurrency: "EUR", PayCurrency: "BTC"})
		default:
			_, err = c.Transactions.List(ctx, &cryptopay.TransactionListParams{Currency: "BTC"})
		}
		return err
	})
}

// TestSandboxRateLimit: past the per-minute limit the sandbox answers 429
// with Retry-After; a read waits it out (on the sandbox clock here) and
// succeeds.
func TestSandboxRateLimit(t *testing.T) {
	t.Parallel()
	var sb *cryptopaytest.Server
	var waits []time.Duration
	c, sb := newSandbox(t, cryptopaytest.Options{RateLimitPerMinute: 3},
		option.WithRetryPolicy(option.RetryPolicy{MaxAttempts: 3, MaxRetryAfter: 2 * time.Minute}),
		option.WithSleep(func(ctx context.Context, d time.Duration) error {
			waits = append(waits, d)
			sb.Advance(d)
			return ctx.Err()
		}))
	ctx := t.Context()
	for i := 0; i < 5; i++ {
		_, err := c.Rates.Get(ctx, "BTC", "EUR")
		require.NoError(t, err, "call %d", i)
	}
	require.NotEmpty(t, waits, "the limit was reached and waited out")
	assert.GreaterOrEqual(t, waits[0], time.Second)
}

// TestSandboxRefundReference: a refund carries its custom_id and network;
// the repeat of a refund that was made (an unknown outcome retried by the
// merchant) is "taken" and settled to the same refund, one refund made.
func TestSandboxRefundReference(t *testing.T) {
	t.Parallel()
	c, sb := newSandbox(t, cryptopaytest.Options{})
	ctx := t.Context()
	inv, err := c.Invoices.Create(ctx, &cryptopay.InvoiceParams{PriceAmount: *d("10"), PriceCurrency: "EUR", PayCurrency: "BTC"})
	require.NoError(t, err)
	_, err = sb.PayInvoice(inv.ID, inv.PayAmount)
	require.NoError(t, err)
	require.NoError(t, sb.ConfirmInvoice(inv.ID))

	p := &cryptopay.RefundParams{Address: "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", CustomID: "refund-1", TravelRuleCompliant: true,
		Beneficiary: &cryptopay.Beneficiary{Type: cryptopay.BeneficiaryNaturalPerson, Name: "Ann",
			Address: cryptopay.BeneficiaryAddress{Country: "DE", City: "Berlin", Line1: "Str 1", PostCode: "10115"}}}
	r, err := c.Invoices.CreateRefund(ctx, inv.ID, p)
	require.NoError(t, err)
	assert.Equal(t, "refund-1", r.CustomID)
	assert.NotEmpty(t, r.Network)
	again, err := c.Invoices.CreateRefund(ctx, inv.ID, p)
	require.NoError(t, err, "the repeat settles to the refund that was made")
	assert.Equal(t, r.ID, again.ID)
	refunds, err := c.Invoices.ListRefunds(ctx, inv.ID)
	require.NoError(t, err)
	assert.Len(t, refunds.Items, 1, "one refund, not two")
	other := *p
	other.Address = "tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7"
	_, err = c.Invoices.CreateRefund(ctx, inv.ID, &other)
	assert.ErrorIs(t, err, payments.ErrDuplicateReference, "the same custom_id to another address is somebody else's")
}
