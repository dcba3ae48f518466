package channels

import (
	"bytes"
	"context"
	"fmt"
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

// Every pair of type and status, one row each.
func TestNormalizeStatus(t *testing.T) {
	for _, c := range []struct {
		typ, status string
		want        payments.Status
	}{
		{TypeDeposit, StatusProcessing, payments.StatusConfirming},
		{TypeDeposit, StatusConfirmed, payments.StatusPaid},
		{TypeDeposit, StatusFailed, payments.StatusFailed},
		{TypeDeposit, "pending", payments.StatusUnknown},
		{TypeDeposit, "", payments.StatusUnknown},
		{TypeWithdrawal, StatusProcessing, payments.StatusProcessing},
		{TypeWithdrawal, StatusConfirmed, payments.StatusCompleted},
		{TypeWithdrawal, StatusFailed, payments.StatusFailed},
		{TypeWithdrawal, "Confirmed", payments.StatusUnknown},
		{"refund", StatusConfirmed, payments.StatusUnknown},
		{"", StatusConfirmed, payments.StatusUnknown},
	} {
		assert.Equal(t, c.want, NormalizeStatus(c.typ, c.status), "%s/%s", c.typ, c.status)
	}
}

// On a demo account a withdrawal's failed comes before its confirmed; the
// adapter keeps it a progress status so payments.Advance lets the
// confirmation through.
func TestDemoWithdrawalStatus(t *testing.T) {
	c, _ := newTestClient(t)
	failed := &Transaction{Type: TypeWithdrawal, Status: StatusFailed}
	confirmed := &Transaction{Type: TypeWithdrawal, Status: StatusConfirmed}
	demo := NewAdapter(c, AdapterOptions{DemoFailedWithdrawalsAreProcessing: true})
	live := NewAdapter(c, AdapterOptions{})
	assert.Equal(t, payments.StatusProcessing, demo.status(failed))
	assert.Equal(t, payments.StatusFailed, live.status(failed))
	assert.Equal(t, payments.StatusCompleted, payments.Advance(demo.status(failed), demo.status(confirmed)))
	assert.Equal(t, payments.StatusFailed, demo.status(&Transaction{Type: TypeDeposit, Status: StatusFailed}))
}

func TestWebhookAdapter(t *testing.T) {
	a := NewWebhookAdapter("s3cr3t")
	assert.Equal(t, payments.Capabilities(0), a.Capabilities())
	var c *Client
	assert.False(t, a.As(&c))
	body := readTestdata(t, "callback_deposit.json")
	ev, err := a.ParseWebhook(httptest.NewRequest(http.MethodPost, "/cb", bytes.NewReader(body)))
	require.NoError(t, err)
	assert.False(t, ev.BodyAuthenticated)
	assert.Empty(t, ev.DedupeKey)
	assert.Equal(t, payments.EventPayment, ev.Kind)
	assert.Equal(t, payments.StatusUnknown, ev.Status, "the status is not signed")
	assert.Equal(t, "confirmed", ev.ProviderStatus)
	_, err = a.Refresh(context.Background(), ev)
	assert.ErrorIs(t, err, payments.ErrUnsupported)
	_, err = a.CreatePayout(context.Background(), &payments.PayoutParams{})
	assert.ErrorIs(t, err, payments.ErrUnsupported)
	_, err = a.GetPayout(context.Background(), "x")
	assert.ErrorIs(t, err, payments.ErrUnsupported)
	_, err = a.CreateDepositAddress(context.Background(), &payments.DepositParams{})
	assert.ErrorIs(t, err, payments.ErrUnsupported)
	_, err = a.CreateInvoice(context.Background(), nil)
	assert.ErrorIs(t, err, payments.ErrUnsupported)
	_, err = a.ParseWebhook(httptest.NewRequest(http.MethodPost, "/cb", strings.NewReader(strings.Replace(string(body), "10.50", "10.51", 2))))
	assert.ErrorIs(t, err, payments.ErrInvalidSignature)
}

// On a live account (the sandbox's default, like the provider's live keys)
// a failed withdrawal is failed, through GetPayout and through a refreshed
// callback, with the adapter's default options; the demo setting would
// show it as processing, which is why its name says so.
func TestLiveFailedWithdrawalIsFailed(t *testing.T) {
	ctx := context.Background()
	sb := channelstest.NewServer(channelstest.Options{})
	defer sb.Close()
	rec := paymentstest.NewWebhookRecorder()
	defer rec.Close()
	sb.SetCallbackURL(rec.URL)
	c, err := New(Config{APIKey: sb.APIKey, SecretKey: sb.SecretKey}, option.WithBaseURL(sb.URL), noSleep())
	require.NoError(t, err)
	a := NewAdapter(c, AdapterOptions{})
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
	demo := NewAdapter(c, AdapterOptions{DemoFailedWithdrawalsAreProcessing: true})
	shown, err := demo.GetPayout(ctx, p.ID)
	require.NoError(t, err)
	assert.Equal(t, payments.StatusProcessing, shown.Status, "the demo setting hides a real failure: never on a live key")
}

// NewAdapter(nil, …) builds an adapter whose every method answers
// payments.ErrUnsupported: no panic.
func TestNewAdapterNilClient(t *testing.T) {
	ctx := context.Background()
	var a *Adapter
	require.NotPanics(t, func() { a = NewAdapter(nil, AdapterOptions{}) })
	assert.Equal(t, payments.Capabilities(0), a.Capabilities())
	assert.Equal(t, ProviderName, a.Name())
	var c *Client
	assert.False(t, a.As(&c))
	assert.NotEmpty(t, fmt.Sprintf("%v %+v %#v", a, a, a))
	body := readTestdata(t, "callback_deposit.json")
	calls := map[string]func() error{
		"CreateInvoice": func() error { _, err := a.CreateInvoice(ctx, &payments.InvoiceParams{}); return err },
		"GetInvoice":    func() error { _, err := a.GetInvoice(ctx, "x"); return err },
		"FindInvoice":   func() error { _, err := a.FindInvoice(ctx, "x"); return err },
		"CreatePayout": func() error {
			_, err := a.CreatePayout(ctx, &payments.PayoutParams{Amount: payments.MustMoney("1", "tUSDT"), Address: "T"})
			return err
		},
		"GetPayout":  func() error { _, err := a.GetPayout(ctx, "x"); return err },
		"FindPayout": func() error { _, err := a.FindPayout(ctx, "x"); return err },
		"CreateDepositAddress": func() error {
			_, err := a.CreateDepositAddress(ctx, &payments.DepositParams{Asset: "tUSDT", Customer: "c"})
			return err
		},
		"ParseWebhook": func() error {
			_, err := a.ParseWebhook(httptest.NewRequest(http.MethodPost, "/cb", bytes.NewReader(body)))
			return err
		},
		"Refresh": func() error {
			_, err := a.Refresh(ctx, &payments.Event{Provider: ProviderName, ID: "tx-1001", Raw: body})
			return err
		},
	}
	for name, call := range calls {
		var err error
		require.NotPanics(t, func() { err = call() }, name)
		assert.ErrorIs(t, err, payments.ErrUnsupported, name)
	}
}
