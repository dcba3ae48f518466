package channels

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/payments"
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
	demo := NewAdapter(c, AdapterOptions{DemoAccount: true})
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
