package cryptopaytest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/cryptopay"
	"github.com/coinsdk/coinsdk/cryptopay/cryptopaytest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests drive the sandbox through package cryptopay's client: the
// client's signer and the sandbox's verifier are written separately from the
// notes, so every request here checks one against the other.

// events collects the callbacks the client's webhook service accepted.
type events struct {
	mu  sync.Mutex
	got []*cryptopay.Event
	bad []error
}

func (e *events) handler(c *cryptopay.Client) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ev, err := c.Webhooks.Parse(r)
		e.mu.Lock()
		defer e.mu.Unlock()
		if err != nil {
			e.bad = append(e.bad, err)
			http.Error(w, "bad", http.StatusBadRequest)
			return
		}
		e.got = append(e.got, ev)
	})
}

func (e *events) list() ([]*cryptopay.Event, []error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]*cryptopay.Event(nil), e.got...), append([]error(nil), e.bad...)
}

// setup starts a sandbox on the real clock, a client for it, and a callback
// receiver verifying with the client's webhook service.
func setup(t *testing.T, opts cryptopaytest.Options) (*cryptopaytest.Server, *cryptopay.Client, *events) {
	t.Helper()
	sb := cryptopaytest.NewServer(opts)
	t.Cleanup(sb.Close)
	c, err := cryptopay.New(cryptopay.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, WebhookSecret: sb.CallbackSecret},
		option.WithBaseURL(sb.URL), option.WithSleep(func(context.Context, time.Duration) error { return nil }))
	require.NoError(t, err)
	ev := &events{}
	recv := httptest.NewServer(ev.handler(c))
	t.Cleanup(recv.Close)
	sb.SetCallbackURL(recv.URL)
	return sb, c, ev
}

func TestClientEndToEnd(t *testing.T) {
	t.Parallel()
	sb, c, ev := setup(t, cryptopaytest.Options{PageSize: 3})
	ctx := t.Context()

	// Rates under both spellings.
	rates, err := c.Rates.List(ctx)
	require.NoError(t, err)
	r, ok := rates.Get("BTC", "EUR")
	require.True(t, ok)
	one, err := c.Rates.Get(ctx, "BTC", "EUR")
	require.NoError(t, err)
	assert.Equal(t, one.BuyRate.String(), r.BuyRate.String())

	accts, err := c.Accounts.List(ctx)
	require.NoError(t, err)
	assert.NotEmpty(t, accts)

	// An invoice, paid in full, with verified callbacks.
	inv, err := c.Invoices.Create(ctx, &cryptopay.InvoiceParams{PriceAmount: decimal.RequireFromString("25.00"), PriceCurrency: "EUR",
		PayCurrency: "BTC", CustomID: "order-e2e", Metadata: map[string]string{"cart": "7"}})
	require.NoError(t, err)
	assert.Equal(t, cryptopay.InvoiceStatusNew, inv.Status)
	require.NoError(t, sb.PayInvoiceInFull(inv.ID))
	got, err := c.Invoices.Get(ctx, inv.ID)
	require.NoError(t, err)
	assert.Equal(t, cryptopay.InvoiceStatusCompleted, got.Status)
	assert.Equal(t, got.PayAmount.String(), got.PaidAmount.String())
	found, err := c.Invoices.FindByReference(ctx, "order-e2e")
	require.NoError(t, err)
	assert.Equal(t, inv.ID, found.ID)
	evs, bad := ev.list()
	require.Empty(t, bad)
	var names []cryptopay.EventType
	for _, e := range evs {
		assert.True(t, e.BodyAuthenticated)
		names = append(names, e.Type)
	}
	assert.Equal(t, []cryptopay.EventType{"created", "transaction_created", "transaction_confirmed", "status_changed"}, names)
	assert.Equal(t, cryptopay.InvoiceStatusCompleted, evs[3].Invoice.Status)

	// A reused custom_id is a duplicate reference.
	_, err = c.Invoices.Create(ctx, &cryptopay.InvoiceParams{PriceAmount: decimal.RequireFromString("99"), PriceCurrency: "EUR", PayCurrency: "BTC", CustomID: "order-e2e"})
	assert.ErrorIs(t, err, payments.ErrDuplicateReference)

	// A customer and a channel with a payment.
	_, err = c.Customers.Create(ctx, &cryptopay.CustomerParams{ID: "cust-e2e", Currency: "EUR"})
	require.NoError(t, err)
	ch, err := c.Channels.Create(ctx, &cryptopay.ChannelParams{Name: "Top-ups", PayCurrency: "BTC", ReceiverCurrency: "EUR", CustomerID: "cust-e2e"})
	require.NoError(t, err)
	pid, err := sb.PayChannel(ch.ID, decimal.RequireFromString("0.001"))
	require.NoError(t, err)
	require.NoError(t, sb.ConfirmChannelPayment(pid))
	p, err := c.Channels.GetPayment(ctx, ch.ID, pid)
	require.NoError(t, err)
	assert.Equal(t, cryptopay.ChannelPaymentStatusCompleted, p.Status)

	// A withdrawal created and committed with its custom_id, then completed.
	w, err := c.CoinWithdrawals.CreateAndCommit(ctx, &cryptopay.CoinWithdrawalParams{Address: "2N122JKRz52gokTmaVYNiMA43qvdSqnhLGV",
		ChargedCurrency: "EUR", ReceivedCurrency: "BTC", ChargedAmountToSend: ptr(decimal.RequireFromString("10")), CustomID: "payout-e2e"}, nil)
	require.NoError(t, err)
	assert.Equal(t, cryptopay.CoinWithdrawalStatusPending, w.Status)
	require.NoError(t, sb.FailPayout(w.ID, "node down"))
	require.NoError(t, sb.CompletePayout(w.ID))
	byRef, err := c.CoinWithdrawals.FindByReference(ctx, "payout-e2e")
	require.NoError(t, err)
	assert.Equal(t, cryptopay.CoinWithdrawalStatusCompleted, byRef.Status)

	// A list walked page by page (page size 3) with a query string.
	for range 4 {
		_, err := c.Invoices.Create(ctx, &cryptopay.InvoiceParams{PriceAmount: decimal.RequireFromString("5"), PriceCurrency: "EUR", PayCurrency: "LTC", CustomerID: "cust-e2e"})
		require.NoError(t, err)
	}
	n := 0
	for inv, err := range c.Invoices.All(ctx, &cryptopay.InvoiceListParams{CustomerID: "cust-e2e"}) {
		require.NoError(t, err)
		assert.Equal(t, "cust-e2e", inv.CustomerID)
		n++
	}
	assert.Equal(t, 4, n)
	m := 0
	for tx, err := range c.Transactions.All(ctx, &cryptopay.TransactionListParams{ReferenceType: "ManualBalanceTransaction", Currency: "EUR"}) {
		require.NoError(t, err)
		assert.Equal(t, cryptopay.TransactionStatus(""), tx.Status, "null status")
		m++
	}
	assert.Equal(t, 1, m)
}

func TestClientTwoStepWithdrawalExpiresOnSandboxClock(t *testing.T) {
	t.Parallel()
	sb, c, _ := setup(t, cryptopaytest.Options{})
	ctx := t.Context()
	w, err := c.CoinWithdrawals.Create(ctx, &cryptopay.CoinWithdrawalParams{Address: "2N122JKRz52gokTmaVYNiMA43qvdSqnhLGV",
		ChargedCurrency: "EUR", ReceivedCurrency: "BTC", ChargedAmountToSend: ptr(decimal.RequireFromString("10"))})
	require.NoError(t, err)
	assert.Equal(t, cryptopay.CoinWithdrawalStatusNew, w.Status)
	sb.Advance(cryptopaytest.CommitWindow)
	_, err = c.CoinWithdrawals.Commit(ctx, w.ID)
	assert.ErrorIs(t, err, cryptopay.ErrCommitExpired)
	got, err := c.CoinWithdrawals.Get(ctx, w.ID)
	require.NoError(t, err)
	assert.Equal(t, cryptopay.CoinWithdrawalStatusCancelled, got.Status)
}

func TestClientErrorsAndFaults(t *testing.T) {
	t.Parallel()
	sb, c, _ := setup(t, cryptopaytest.Options{})
	ctx := t.Context()

	_, err := c.Invoices.Get(ctx, "missing")
	assert.ErrorIs(t, err, payments.ErrNotFound)
	var apiErr *payments.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.NotEmpty(t, apiErr.RequestID)

	_, err = c.CoinWithdrawals.Send(ctx, &cryptopay.CoinWithdrawalParams{Address: "2N122JKRz52gokTmaVYNiMA43qvdSqnhLGV",
		ChargedCurrency: "EUR", ReceivedCurrency: "BTC", ChargedAmountToSend: ptr(decimal.RequireFromString("4"))})
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusUnprocessableEntity, apiErr.StatusCode)
	assert.Contains(t, apiErr.Details, "charged_amount_to_send")

	sb.SetForbidden("ip_not_allowed")
	_, err = c.Accounts.List(ctx)
	assert.ErrorIs(t, err, cryptopay.ErrIPNotAllowed)
	sb.SetForbidden("")

	wrong, err := cryptopay.New(cryptopay.Config{APIKey: sb.APIKey, APISecret: "not-the-secret"}, option.WithBaseURL(sb.URL))
	require.NoError(t, err)
	_, err = wrong.Accounts.List(ctx)
	assert.ErrorIs(t, err, payments.ErrUnauthorized)

	// 503 maintenance on a read is retried.
	sb.InjectFault(cryptopaytest.Fault{Path: "/api/coins", Kind: cryptopaytest.FaultUnavailable})
	coins, err := c.Coins.List(ctx)
	require.NoError(t, err)
	assert.NotEmpty(t, coins)

	// A create answered 500 after the work is resolved through its custom_id.
	sb.InjectFault(cryptopaytest.Fault{Method: "POST", Path: "/api/coin_withdrawals", Kind: cryptopaytest.FaultErrorAfterWork})
	w, err := c.CoinWithdrawals.Send(ctx, &cryptopay.CoinWithdrawalParams{Address: "2N122JKRz52gokTmaVYNiMA43qvdSqnhLGV",
		ChargedCurrency: "EUR", ReceivedCurrency: "BTC", ChargedAmountToSend: ptr(decimal.RequireFromString("10")), CustomID: "after-work"})
	if err == nil {
		assert.Equal(t, "after-work", w.CustomID)
	} else {
		assert.ErrorIs(t, err, payments.ErrUnknownOutcome)
	}
	found, err := c.CoinWithdrawals.FindByReference(ctx, "after-work")
	require.NoError(t, err)
	assert.Equal(t, cryptopay.CoinWithdrawalStatusPending, found.Status)
	require.NoError(t, sb.VerifyFaults())
	page, err := c.CoinWithdrawals.List(ctx, nil)
	require.NoError(t, err)
	assert.Len(t, page.Items, 1, "paid once")
}

func TestClientRateLimit(t *testing.T) {
	t.Parallel()
	sb, c, _ := setup(t, cryptopaytest.Options{RateLimitPerMinute: 3})
	ctx := t.Context()
	for range 3 {
		_, err := c.Coins.List(ctx)
		require.NoError(t, err)
	}
	_, err := c.Coins.List(ctx)
	assert.ErrorIs(t, err, payments.ErrRateLimited)
	sb.Advance(time.Minute)
	_, err = c.Coins.List(ctx)
	assert.NoError(t, err)
}

// TestClientConcurrency runs 64 goroutines through one client against one
// sandbox: zero failures, and the race detector sees the sandbox's locking.
func TestClientConcurrency(t *testing.T) {
	t.Parallel()
	sb, c, _ := setup(t, cryptopaytest.Options{})
	ctx := t.Context()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			inv, err := c.Invoices.Create(ctx, &cryptopay.InvoiceParams{PriceAmount: decimal.RequireFromString("10"), PriceCurrency: "EUR", PayCurrency: "BTC"})
			if err == nil && i%2 == 0 {
				err = sb.PayInvoiceInFull(inv.ID)
			}
			if err == nil {
				_, err = c.Invoices.Get(ctx, inv.ID)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
	page, err := c.Invoices.List(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, 64, page.Meta.Total)
	assert.True(t, page.Meta.HasMore)
}

func ptr[T any](v T) *T { return &v }
