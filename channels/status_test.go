package channels

import (
	"bytes"
	"fmt"
	"github.com/coinsdk/coinsdk/internal/providertest"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/channels/channelstest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/payments/paymentstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every documented status (processing, confirmed, failed) in every context
// the notes name: deposits into a channel and into an invoice, withdrawals
// on a live account and with the demo setting; one row each, with what the
// normalized status promises (terminal, success). Unknown words and types
// are rows too.
func TestNormalized(t *testing.T) {
	t.Parallel()
	type row struct {
		typ               string
		status            TransactionStatus
		demo, invoice     bool
		want              payments.Status
		terminal, success bool
	}
	rows := []row{
		{TypeDeposit, TransactionStatusProcessing, false, false, payments.StatusConfirming, false, false},
		{TypeDeposit, TransactionStatusConfirmed, false, false, payments.StatusPaid, true, true},
		{TypeDeposit, TransactionStatusFailed, false, false, payments.StatusFailed, true, false},
		{TypeDeposit, TransactionStatusProcessing, false, true, payments.StatusConfirming, false, false},
		{TypeDeposit, TransactionStatusConfirmed, false, true, payments.StatusPaid, true, true},
		{TypeDeposit, TransactionStatusFailed, false, true, payments.StatusFailed, true, false},
		{TypeDeposit, TransactionStatusProcessing, true, false, payments.StatusConfirming, false, false},
		{TypeDeposit, TransactionStatusConfirmed, true, false, payments.StatusPaid, true, true},
		{TypeDeposit, TransactionStatusFailed, true, false, payments.StatusFailed, true, false}, // the demo setting is for withdrawals only
		{TypeDeposit, TransactionStatusProcessing, true, true, payments.StatusConfirming, false, false},
		{TypeDeposit, TransactionStatusConfirmed, true, true, payments.StatusPaid, true, true},
		{TypeDeposit, TransactionStatusFailed, true, true, payments.StatusFailed, true, false},
		{TypeWithdrawal, TransactionStatusProcessing, false, false, payments.StatusProcessing, false, false},
		{TypeWithdrawal, TransactionStatusConfirmed, false, false, payments.StatusCompleted, true, true},
		{TypeWithdrawal, TransactionStatusFailed, false, false, payments.StatusFailed, true, false},
		{TypeWithdrawal, TransactionStatusProcessing, true, false, payments.StatusProcessing, false, false},
		{TypeWithdrawal, TransactionStatusConfirmed, true, false, payments.StatusCompleted, true, true},
		{TypeWithdrawal, TransactionStatusFailed, true, false, payments.StatusProcessing, false, false},
		// A withdrawal's linked invoice does not change its status.
		{TypeWithdrawal, TransactionStatusProcessing, false, true, payments.StatusProcessing, false, false},
		{TypeWithdrawal, TransactionStatusConfirmed, false, true, payments.StatusCompleted, true, true},
		{TypeWithdrawal, TransactionStatusFailed, false, true, payments.StatusFailed, true, false},
		{TypeWithdrawal, TransactionStatusProcessing, true, true, payments.StatusProcessing, false, false},
		{TypeWithdrawal, TransactionStatusConfirmed, true, true, payments.StatusCompleted, true, true},
		{TypeWithdrawal, TransactionStatusFailed, true, true, payments.StatusProcessing, false, false},
		{TypeDeposit, "pending", false, false, payments.StatusUnknown, false, false},
		{TypeDeposit, "", false, false, payments.StatusUnknown, false, false},
		{TypeWithdrawal, "Confirmed", false, false, payments.StatusUnknown, false, false},
		{TypeWithdrawal, "Failed", true, false, payments.StatusUnknown, false, false},
		{"refund", TransactionStatusConfirmed, false, false, payments.StatusUnknown, false, false},
		{"", TransactionStatusConfirmed, false, false, payments.StatusUnknown, false, false},
	}
	c, _ := newTestClient(t)
	seen := map[string]bool{}
	for _, r := range rows {
		name := fmt.Sprintf("%s/%s demo=%v invoice=%v", r.typ, r.status, r.demo, r.invoice)
		a := newAdapter(t, c, AdapterOptions{DemoFailedWithdrawalsAreProcessing: r.demo})
		tx := &Transaction{Type: r.typ, Status: r.status}
		if r.invoice {
			tx.InvoiceID = "inv-1"
		}
		got := a.status(tx)
		assert.Equal(t, r.want, got, name)
		assert.Equal(t, r.terminal, got.IsTerminal(), "%s: IsTerminal", name)
		assert.Equal(t, r.success, got.IsSuccess(), "%s: IsSuccess", name)
		if !r.demo {
			assert.Equal(t, r.want, tx.Normalized(), "%s: Normalized", name)
		}
		seen[name] = true
	}
	// Every documented status has a row in every context.
	for _, typ := range []string{TypeDeposit, TypeWithdrawal} {
		for _, st := range []TransactionStatus{TransactionStatusProcessing, TransactionStatusConfirmed, TransactionStatusFailed} {
			for _, demo := range []bool{false, true} {
				for _, inv := range []bool{false, true} {
					name := fmt.Sprintf("%s/%s demo=%v invoice=%v", typ, st, demo, inv)
					assert.True(t, seen[name], "no row for %s", name)
				}
			}
		}
	}
	// The normalized statuses are all payments' own.
	for _, r := range rows {
		if r.want != payments.StatusUnknown {
			assert.Contains(t, payments.Statuses(), r.want)
		}
	}
}

// On a demo account a withdrawal's failed comes before its confirmed; the
// adapter keeps it a progress status so payments.Advance lets the
// confirmation through.
func TestDemoWithdrawalStatus(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t)
	failed := &Transaction{Type: TypeWithdrawal, Status: TransactionStatusFailed}
	confirmed := &Transaction{Type: TypeWithdrawal, Status: TransactionStatusConfirmed}
	demo := newAdapter(t, c, AdapterOptions{DemoFailedWithdrawalsAreProcessing: true})
	live := newAdapter(t, c, AdapterOptions{})
	assert.Equal(t, payments.StatusProcessing, demo.status(failed))
	assert.Equal(t, payments.StatusFailed, live.status(failed))
	assert.Equal(t, payments.StatusCompleted, payments.Advance(demo.status(failed), demo.status(confirmed)))
	assert.Equal(t, payments.StatusFailed, demo.status(&Transaction{Type: TypeDeposit, Status: TransactionStatusFailed}))
}

func TestWebhookAdapter(t *testing.T) {
	t.Parallel()
	a := NewWebhookAdapter("s3cr3t")
	assert.Equal(t, payments.Capabilities(0), a.Capabilities())
	var c *Client
	assert.False(t, a.As(&c))
	body := fixture(t, "callback_deposit.json")
	ev, err := a.ParseWebhook(httptest.NewRequest(http.MethodPost, "/cb", bytes.NewReader(body)))
	require.NoError(t, err)
	assert.False(t, ev.BodyAuthenticated)
	assert.Empty(t, ev.DedupeKey)
	assert.Equal(t, payments.EventPayment, ev.Kind)
	assert.Equal(t, payments.StatusUnknown, ev.Status, "the status is not signed")
	assert.Equal(t, "confirmed", ev.ProviderStatus)
	_, err = a.Refresh(t.Context(), ev)
	assert.ErrorIs(t, err, payments.ErrUnsupported)
	_, err = a.CreatePayout(t.Context(), &payments.PayoutParams{})
	assert.ErrorIs(t, err, payments.ErrUnsupported)
	_, err = a.GetPayout(t.Context(), "x")
	assert.ErrorIs(t, err, payments.ErrUnsupported)
	_, err = a.CreateDepositAddress(t.Context(), &payments.DepositParams{})
	assert.ErrorIs(t, err, payments.ErrUnsupported)
	_, err = a.CreateInvoice(t.Context(), nil)
	assert.ErrorIs(t, err, payments.ErrUnsupported)
	_, err = a.ParseWebhook(httptest.NewRequest(http.MethodPost, "/cb", strings.NewReader(strings.Replace(string(body), "10.50", "10.51", 2))))
	assert.ErrorIs(t, err, payments.ErrInvalidSignature)
}

// On a live account (the sandbox's default, like the provider's live keys)
// a failed withdrawal is failed, through GetPayout and through a refreshed
// callback, with the adapter's default options; the demo setting would
// show it as processing, which is why its name says so.
func TestLiveFailedWithdrawalIsFailed(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	sb := channelstest.NewServer(channelstest.Options{})
	defer sb.Close()
	rec := paymentstest.NewWebhookRecorder()
	defer rec.Close()
	sb.SetCallbackURL(rec.URL)
	c, err := New(Config{APIKey: sb.APIKey, WebhookSecret: sb.SecretKey}, option.WithBaseURL(sb.URL), providertest.NoSleep())
	require.NoError(t, err)
	a := newAdapter(t, c, AdapterOptions{})
	p, err := a.CreatePayout(ctx, &payments.PayoutParams{Amount: payments.MustMoney("3", "tUSDT"), Address: "TQ5NiR7pXrGGmLb6S3qDt8dZ8wQ1d9Ecfo"})
	require.NoError(t, err)
	assert.Equal(t, payments.StatusProcessing, p.Status, "a live withdrawal is processing until it settles")
	require.NoError(t, sb.FailPayout(p.ID, "rejected"))
	got, err := a.GetPayout(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, payments.StatusFailed, got.Status)
	reqs := rec.Requests(0)
	require.Len(t, reqs, 1, "one callback: the failure")
	ev, err := a.ParseWebhook(reqs[0])
	require.NoError(t, err)
	fresh, err := a.Refresh(ctx, ev)
	require.NoError(t, err)
	assert.Equal(t, payments.StatusFailed, fresh.Status)
	assert.Equal(t, p.Reference, fresh.Reference)
	demo := newAdapter(t, c, AdapterOptions{DemoFailedWithdrawalsAreProcessing: true})
	shown, err := demo.GetPayout(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, payments.StatusProcessing, shown.Status, "the demo setting hides a real failure: never on a live key")
}

// NewAdapter(nil, …): the shared nil-client behaviour (paymentstest.NilClient).
func TestNewAdapterNilClient(t *testing.T) {
	t.Parallel()
	paymentstest.NilClient(t, ProviderName, func() (*Adapter, error) { return NewAdapter(nil, AdapterOptions{}) })
}
