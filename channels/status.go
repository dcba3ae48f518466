package channels

import "github.com/coinsdk/coinsdk/payments"

// Transaction statuses. Callbacks report final states only (confirmed,
// failed) unless processing callbacks are enabled for the account.
const (
	// StatusProcessing: seen and being processed (only with processing callbacks enabled).
	StatusProcessing = "processing"
	// StatusConfirmed: final, done.
	StatusConfirmed = "confirmed"
	// StatusFailed: final, failed. On demo accounts a withdrawal first fails
	// (no funds) and then confirms: a failed withdrawal may still be followed
	// by confirmed for the same transaction.
	StatusFailed = "failed"
)

// statusTable maps each transaction type's statuses to the normalized ones.
// It is the one place statuses are interpreted; a pair not listed is
// payments.StatusUnknown.
var statusTable = map[string]map[string]payments.Status{
	TypeDeposit: {
		StatusProcessing: payments.StatusConfirming,
		StatusConfirmed:  payments.StatusPaid,
		StatusFailed:     payments.StatusFailed,
	},
	TypeWithdrawal: {
		StatusProcessing: payments.StatusProcessing,
		StatusConfirmed:  payments.StatusCompleted,
		StatusFailed:     payments.StatusFailed,
	},
}

// NormalizeStatus maps a transaction's type and status to the normalized
// status; an unknown pair is payments.StatusUnknown, never an error.
func NormalizeStatus(txType, status string) payments.Status {
	if s, ok := statusTable[txType][status]; ok {
		return s
	}
	return payments.StatusUnknown
}
