package channels

import (
	"testing"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/stretchr/testify/assert"
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
