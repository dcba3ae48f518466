package cryptoprocessing

import (
	"testing"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/stretchr/testify/assert"
)

func TestNormalizeStatus(t *testing.T) {
	t.Parallel()
	cases := []struct {
		typ, status, errText string
		want                 payments.Status
	}{
		{TypeDeposit, "not_confirmed", "", payments.StatusConfirming},
		{TypeDeposit, "confirmed", "", payments.StatusPaid},
		{TypeDeposit, "cancelled", "Double spend", payments.StatusCancelled},
		{TypeDepositExchange, "not_confirmed", "", payments.StatusConfirming},
		{TypeDepositExchange, "confirmed", "", payments.StatusPaid},
		{TypeDepositExchange, "cancelled", "", payments.StatusCancelled},
		{TypeWithdrawal, "pending", "", payments.StatusAwaitingApproval},
		{TypeWithdrawal, "processing", "", payments.StatusProcessing},
		{TypeWithdrawal, "confirmed", "", payments.StatusCompleted},
		{TypeWithdrawal, "declined", "limit", payments.StatusFailed},
		{TypeWithdrawal, "cancelled", "", payments.StatusCancelled},
		{TypeWithdrawalExchange, "confirmed", "", payments.StatusCompleted},
		{TypeWithdrawalExchange, "declined", "", payments.StatusFailed},
		{TypeInvoice, "created", "", payments.StatusPending},
		{TypeInvoice, "pending", "", payments.StatusUnderpaid},
		{TypeInvoice, "processing", "", payments.StatusConfirming},
		{TypeInvoice, "confirmed", "", payments.StatusPaid},
		{TypeInvoice, "failed", "paid less than requested", payments.StatusFailed},
		{TypeInvoice, "failed", "processing too long", payments.StatusFailed},
		{TypeInvoice, "failed", "timer expired", payments.StatusExpired},
		{TypeInvoice, "failed", "Invoice EXPIRED", payments.StatusExpired},
		{TypeInvoice, "cancelled", "", payments.StatusCancelled},
		{TypeExchange, "processing", "", payments.StatusProcessing},
		{TypeExchange, "confirmed", "", payments.StatusCompleted},
		// Unknown statuses and types are unknown, never an error.
		{TypeDeposit, "verifying", "", payments.StatusUnknown},
		{TypeWithdrawal, "", "", payments.StatusUnknown},
		{TypeInvoice, "refunded", "", payments.StatusUnknown},
		{"payment_request", "paid", "", payments.StatusUnknown},
		{"", "confirmed", "", payments.StatusUnknown},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, NormalizeStatus(tc.typ, tc.status, tc.errText), "NormalizeStatus(%q, %q, %q)", tc.typ, tc.status, tc.errText)
	}
}

// The success statuses are terminal and the in-between ones are not, so
// payments.Advance never lets a late not_confirmed undo a confirmed.
func TestNormalizedStatusesAdvance(t *testing.T) {
	t.Parallel()
	paid := NormalizeStatus(TypeDeposit, "confirmed", "")
	late := NormalizeStatus(TypeDeposit, "not_confirmed", "")
	assert.Equal(t, paid, payments.Advance(paid, late), "paid %q then %q", paid, late)
	assert.True(t, paid.IsTerminal(), "%q is terminal", paid)
	assert.False(t, late.IsTerminal(), "%q is not terminal", late)
}
