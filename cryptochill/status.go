package cryptochill

import "github.com/coinsdk/coinsdk/payments"

// The tables below normalize CryptoChill's statuses into payments.Status.
// One table per object, so a status string that means different things on
// different objects ("confirmed") maps right for each.

// invoiceStatuses: "confirmed" means the profile's (or invoice's)
// min_confirmations is reached, which is the merchant's own threshold for
// treating the invoice as paid; "complete" is 6+ confirmations.
var invoiceStatuses = map[string]payments.Status{
	"new":        payments.StatusPending,
	"pending":    payments.StatusConfirming,
	"confirmed":  payments.StatusPaid,
	"complete":   payments.StatusPaid,
	"paid":       payments.StatusPaid,
	"incomplete": payments.StatusUnderpaid,
	"expired":    payments.StatusExpired,
}

// transactionStatuses: an incoming transaction.
var transactionStatuses = map[string]payments.Status{
	TransactionPending:     payments.StatusConfirming,
	TransactionConfirmed:   payments.StatusPaid,
	TransactionComplete:    payments.StatusPaid,
	TransactionUnconfirmed: payments.StatusConfirming,
	TransactionFailed:      payments.StatusFailed,
}

// payoutStatuses: a payout is completed only at 6+ confirmations ("complete");
// one confirmation can still be reorganised away.
var payoutStatuses = map[string]payments.Status{
	PayoutDraft:         payments.StatusAwaitingApproval,
	PayoutNew:           payments.StatusPending,
	PayoutAwaitingFunds: payments.StatusPending,
	PayoutPending:       payments.StatusProcessing,
	PayoutUnconfirmed:   payments.StatusProcessing,
	PayoutConfirmed:     payments.StatusConfirming,
	PayoutComplete:      payments.StatusCompleted,
	PayoutRejected:      payments.StatusCancelled,
	PayoutFailed:        payments.StatusFailed,
}

// callbackStatuses: the status a callback_status announces. It is not
// signed (see Event), so it only says what to look up, never what to credit.
var callbackStatuses = map[string]payments.Status{
	"invoice_pending":                 payments.StatusConfirming,
	"invoice_confirmed":               payments.StatusPaid,
	"invoice_complete":                payments.StatusPaid,
	"invoice_incomplete":              payments.StatusUnderpaid,
	"payment_complete":                payments.StatusPaid,
	"transaction_pending":             payments.StatusConfirming,
	"transaction_confirmed":           payments.StatusPaid,
	"transaction_complete":            payments.StatusPaid,
	"transaction_zero_conf_confirmed": payments.StatusPaid,
	"payout_pending":                  payments.StatusProcessing,
	"payout_confirmed":                payments.StatusConfirming,
	"payout_complete":                 payments.StatusCompleted,
	"payout_failed":                   payments.StatusFailed,
}

// normalize looks s up in table; an unknown status is StatusUnknown, never an error.
func normalize(table map[string]payments.Status, s string) payments.Status {
	if st, ok := table[s]; ok {
		return st
	}
	return payments.StatusUnknown
}
