package cryptoprocessing

import (
	"testing"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/stretchr/testify/assert"
)

func TestNormalized(t *testing.T) {
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
		{TypeWithdrawal, "pending", "", payments.StatusOnHold},
		{TypeWithdrawalExchange, "pending", "", payments.StatusOnHold},
		{TypeWithdrawalExchange, "processing", "", payments.StatusProcessing},
		{TypeWithdrawalExchange, "cancelled", "", payments.StatusCancelled},
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
		assert.Equal(t, tc.want, normalized(tc.typ, tc.status, tc.errText), "normalized(%q, %q, %q)", tc.typ, tc.status, tc.errText)
	}
}

// The success statuses are terminal and the in-between ones are not, so
// payments.Advance never lets a late not_confirmed undo a confirmed.
func TestNormalizedStatusesAdvance(t *testing.T) {
	t.Parallel()
	paid := normalized(TypeDeposit, "confirmed", "")
	late := normalized(TypeDeposit, "not_confirmed", "")
	assert.Equal(t, paid, payments.Advance(paid, late), "paid %q then %q", paid, late)
	assert.True(t, paid.IsTerminal(), "%q is terminal", paid)
	assert.False(t, late.IsTerminal(), "%q is not terminal", late)
}

// TestStatusTableIsExactlyTheDocumented: every (type, status) pair the
// notes list, and only those (plus the answers' processing and the
// exchange refusals the sandbox gives), with the normalized status and
// what it means for crediting and paying: success, terminal or neither.
// Any change to the table (a status added, dropped or moved) fails here.
func TestStatusTableIsExactlyTheDocumented(t *testing.T) {
	t.Parallel()
	type want = providertest.StatusMeaning
	progress, done := providertest.InProgress, providertest.Final
	documented := map[string]map[string]want{
		"deposit": {
			"not_confirmed": progress(payments.StatusConfirming),
			"confirmed":     done(payments.StatusPaid, true),
			"cancelled":     done(payments.StatusCancelled, false),
		},
		"withdrawal": {
			"pending":    progress(payments.StatusOnHold),
			"processing": progress(payments.StatusProcessing),
			"confirmed":  done(payments.StatusCompleted, true),
			"declined":   done(payments.StatusFailed, false),
			"cancelled":  done(payments.StatusCancelled, false),
		},
		"invoice": {
			"created":    progress(payments.StatusPending),
			"pending":    progress(payments.StatusUnderpaid),
			"processing": progress(payments.StatusConfirming),
			"confirmed":  done(payments.StatusPaid, true),
			"failed":     done(payments.StatusFailed, false),
			"cancelled":  done(payments.StatusCancelled, false),
		},
		"exchange": {
			"processing": progress(payments.StatusProcessing),
			"confirmed":  done(payments.StatusCompleted, true),
			"declined":   done(payments.StatusFailed, false),
			"cancelled":  done(payments.StatusCancelled, false),
		},
	}
	got := map[string]map[string]want{}
	for family, table := range statusTable {
		got[family] = providertest.Meanings(table)
	}
	assert.Equal(t, documented, got)
	types := map[string][]string{"deposit": {TypeDeposit, TypeDepositExchange}, "withdrawal": {TypeWithdrawal, TypeWithdrawalExchange},
		"invoice": {TypeInvoice}, "exchange": {TypeExchange}}
	for family, statuses := range documented {
		for _, typ := range types[family] {
			for status, w := range statuses {
				assert.Equal(t, w.Status, normalized(typ, status, ""), "normalized(%q, %q)", typ, status)
			}
		}
	}
	// Every normalized status a table gives is one payments knows.
	for family, table := range statusTable {
		for status, s := range table {
			assert.Contains(t, payments.Statuses(), s, "%s %s", family, status)
		}
	}
}

// TestWithdrawalHoldIsShown: withdrawal/crypto answers processing; a hold
// for approval (pending) that follows is shown by payments.Advance, and its
// release to confirmed too.
func TestWithdrawalHoldIsShown(t *testing.T) {
	t.Parallel()
	s := normalized(TypeWithdrawal, "processing", "")
	s = payments.Advance(s, normalized(TypeWithdrawal, "pending", ""))
	assert.Equal(t, payments.StatusOnHold, s, "a hold after processing")
	s = payments.Advance(s, normalized(TypeWithdrawal, "confirmed", ""))
	assert.Equal(t, payments.StatusCompleted, s, "released and sent")
}

// normalized is the status a transaction of type typ in status with error
// text errText normalizes to (Transaction.Normalized).
func normalized(typ, status, errText string) payments.Status {
	return (&Transaction{Type: typ, Status: TransactionStatus(status), Error: errText}).Normalized()
}

// Every status-bearing model normalizes its own status, by its own family;
// one settled by reference reads its transaction (a failed invoice's error
// text refines it).
func TestModelsNormalized(t *testing.T) {
	t.Parallel()
	assert.Equal(t, payments.StatusProcessing, (&Withdrawal{Status: WithdrawalStatusProcessing}).Normalized())
	assert.Equal(t, payments.StatusOnHold, (&Withdrawal{Status: WithdrawalStatusPending}).Normalized())
	assert.Equal(t, payments.StatusPending, (&Invoice{Status: InvoiceStatusCreated}).Normalized())
	assert.Equal(t, payments.StatusCompleted, (&Exchange{Status: ExchangeStatusConfirmed}).Normalized())
	assert.Equal(t, payments.StatusUnknown, (&Exchange{Status: "refunded"}).Normalized())
	expired := &Transaction{Type: TypeInvoice, Status: TransactionStatusFailed, Error: "timer expired"}
	assert.Equal(t, payments.StatusExpired, (&Invoice{Status: InvoiceStatusFailed, Transaction: expired}).Normalized())
	assert.Equal(t, payments.StatusFailed, (&Invoice{Status: InvoiceStatusFailed}).Normalized())
}
