package cryptochill

import "github.com/coinsdk/coinsdk/payments"

// Statuses: CryptoChill's status vocabulary, one named type per object, and
// its mapping into payments.Status, one table per object, so a status string
// that means different things on different objects ("confirmed") maps right
// for each. An unknown status is payments.StatusUnknown, never an error.

// InvoiceStatus is an invoice's status.
type InvoiceStatus string

// Invoice statuses as the API documents them ("paid" is seen in the Get
// Invoice example). New, pending, complete and expired are also the list
// filter values (InvoiceListParams.Status).
const (
	// InvoiceStatusNew: created, nothing received.
	InvoiceStatusNew InvoiceStatus = "new"
	// InvoiceStatusPending: the full amount seen, 0 confirmations.
	InvoiceStatusPending InvoiceStatus = "pending"
	// InvoiceStatusConfirmed: the profile's (or invoice's) min_confirmations
	// reached, the merchant's own threshold for treating it as paid.
	InvoiceStatusConfirmed InvoiceStatus = "confirmed"
	// InvoiceStatusComplete: 6+ confirmations.
	InvoiceStatusComplete InvoiceStatus = "complete"
	// InvoiceStatusPaid: paid (as the Get Invoice example shows it).
	InvoiceStatusPaid InvoiceStatus = "paid"
	// InvoiceStatusIncomplete: less than requested arrived.
	InvoiceStatusIncomplete InvoiceStatus = "incomplete"
	// InvoiceStatusExpired: the invoice's time ran out.
	InvoiceStatusExpired InvoiceStatus = "expired"
)

// invoiceStatuses: "confirmed" is paid because min_confirmations is the
// merchant's own threshold; an underpaid invoice is never a success.
var invoiceStatuses = map[InvoiceStatus]payments.Status{
	InvoiceStatusNew:        payments.StatusPending,
	InvoiceStatusPending:    payments.StatusConfirming,
	InvoiceStatusConfirmed:  payments.StatusPaid,
	InvoiceStatusComplete:   payments.StatusPaid,
	InvoiceStatusPaid:       payments.StatusPaid,
	InvoiceStatusIncomplete: payments.StatusUnderpaid,
	InvoiceStatusExpired:    payments.StatusExpired,
}

// invoiceFilters are the statuses InvoiceListParams.Status may filter by.
func invoiceFilters() []InvoiceStatus {
	return []InvoiceStatus{InvoiceStatusNew, InvoiceStatusPending, InvoiceStatusComplete, InvoiceStatusExpired}
}

// Normalized is the invoice's status in payments' vocabulary: paid turns
// overpaid when more than the invoiced amount arrived.
func (inv *Invoice) Normalized() payments.Status {
	s := normalize(invoiceStatuses, inv.Status)
	if received := inv.received(); s == payments.StatusPaid && inv.Amount.Invoiced != nil && received != nil &&
		received.Amount.GreaterThan(inv.Amount.Invoiced.Amount) {
		return payments.StatusOverpaid
	}
	return s
}

// TransactionStatus is an incoming transaction's status.
type TransactionStatus string

// Transaction statuses as the API documents them.
const (
	// TransactionStatusPending: broadcast, 0 confirmations.
	TransactionStatusPending TransactionStatus = "pending"
	// TransactionStatusConfirmed: included in a block (1 confirmation).
	TransactionStatusConfirmed TransactionStatus = "confirmed"
	// TransactionStatusComplete: 6+ confirmations.
	TransactionStatusComplete TransactionStatus = "complete"
	// TransactionStatusUnconfirmed: not confirmed for over 24 hours; may still confirm.
	TransactionStatusUnconfirmed TransactionStatus = "unconfirmed"
	// TransactionStatusFailed: failed on the network (too low a fee, …).
	TransactionStatusFailed TransactionStatus = "failed"
)

var transactionStatuses = map[TransactionStatus]payments.Status{
	TransactionStatusPending:     payments.StatusConfirming,
	TransactionStatusConfirmed:   payments.StatusPaid,
	TransactionStatusComplete:    payments.StatusPaid,
	TransactionStatusUnconfirmed: payments.StatusConfirming,
	TransactionStatusFailed:      payments.StatusFailed,
}

// Normalized is the transaction's status in payments' vocabulary. It is
// the payment's own: "complete" on a half-paid invoice too.
func (t *Transaction) Normalized() payments.Status { return normalize(transactionStatuses, t.Status) }

// PayoutStatus is a payout's status.
type PayoutStatus string

// Payout statuses as the API documents them ("failed" appears in callbacks).
const (
	// PayoutStatusDraft: over the key's "Max Payout"; waits for Approve or Reject.
	PayoutStatusDraft PayoutStatus = "draft"
	// PayoutStatusNew: created, awaiting processing.
	PayoutStatusNew PayoutStatus = "new"
	// PayoutStatusPending: broadcast, 0 confirmations.
	PayoutStatusPending PayoutStatus = "pending"
	// PayoutStatusConfirmed: included in a block (1 confirmation).
	PayoutStatusConfirmed PayoutStatus = "confirmed"
	// PayoutStatusComplete: 6+ confirmations.
	PayoutStatusComplete PayoutStatus = "complete"
	// PayoutStatusRejected: a draft rejected through the API.
	PayoutStatusRejected PayoutStatus = "rejected"
	// PayoutStatusUnconfirmed: not confirmed for over 24 hours.
	PayoutStatusUnconfirmed PayoutStatus = "unconfirmed"
	// PayoutStatusAwaitingFunds: waits for a reserve-wallet conversion to fund it.
	PayoutStatusAwaitingFunds PayoutStatus = "awaiting_funds"
	// PayoutStatusFailed: the payout failed.
	PayoutStatusFailed PayoutStatus = "failed"
)

// payoutStatuses: a payout is completed only at 6+ confirmations
// ("complete"); one confirmation can still be reorganised away.
var payoutStatuses = map[PayoutStatus]payments.Status{
	PayoutStatusDraft:         payments.StatusAwaitingApproval,
	PayoutStatusNew:           payments.StatusPending,
	PayoutStatusAwaitingFunds: payments.StatusPending,
	PayoutStatusPending:       payments.StatusProcessing,
	PayoutStatusUnconfirmed:   payments.StatusProcessing,
	PayoutStatusConfirmed:     payments.StatusConfirming,
	PayoutStatusComplete:      payments.StatusCompleted,
	PayoutStatusRejected:      payments.StatusCancelled,
	PayoutStatusFailed:        payments.StatusFailed,
}

// Normalized is the payout's status in payments' vocabulary.
func (p *Payout) Normalized() payments.Status { return normalize(payoutStatuses, p.Status) }

// ConversionStatus is a conversion's status. The API documents only
// "draft" (in an example); conversions have no payments counterpart, so
// there is no Normalized.
type ConversionStatus string

// ConversionStatusDraft: created, not executed.
const ConversionStatusDraft ConversionStatus = "draft"

// EventType is a callback's callback_status: the provider's event name.
type EventType string

// Callback statuses as the API documents them ("payment_complete" from the
// official plugin, an invoice callback).
const (
	EventInvoicePending               EventType = "invoice_pending"                 // the invoice's full amount seen, 0 confirmations
	EventInvoiceConfirmed             EventType = "invoice_confirmed"               // min_confirmations reached
	EventInvoiceComplete              EventType = "invoice_complete"                // 6+ confirmations
	EventInvoiceIncomplete            EventType = "invoice_incomplete"              // less than requested arrived
	EventPaymentComplete              EventType = "payment_complete"                // an invoice paid (official plugin)
	EventTransactionPending           EventType = "transaction_pending"             // a payment seen, 0 confirmations
	EventTransactionConfirmed         EventType = "transaction_confirmed"           // a payment in a block
	EventTransactionComplete          EventType = "transaction_complete"            // a payment at 6+ confirmations
	EventTransactionZeroConfConfirmed EventType = "transaction_zero_conf_confirmed" // a payment passed the zero-confirmation check
	EventPayoutPending                EventType = "payout_pending"                  // a payout broadcast
	EventPayoutConfirmed              EventType = "payout_confirmed"                // a payout in a block
	EventPayoutComplete               EventType = "payout_complete"                 // a payout at 6+ confirmations
	EventPayoutFailed                 EventType = "payout_failed"                   // a payout failed
)

// eventStatuses: the status a callback_status announces. It is not signed
// (see Event), so it only says what to look up, never what to credit.
var eventStatuses = map[EventType]payments.Status{
	EventInvoicePending:               payments.StatusConfirming,
	EventInvoiceConfirmed:             payments.StatusPaid,
	EventInvoiceComplete:              payments.StatusPaid,
	EventInvoiceIncomplete:            payments.StatusUnderpaid,
	EventPaymentComplete:              payments.StatusPaid,
	EventTransactionPending:           payments.StatusConfirming,
	EventTransactionConfirmed:         payments.StatusPaid,
	EventTransactionComplete:          payments.StatusPaid,
	EventTransactionZeroConfConfirmed: payments.StatusPaid,
	EventPayoutPending:                payments.StatusProcessing,
	EventPayoutConfirmed:              payments.StatusConfirming,
	EventPayoutComplete:               payments.StatusCompleted,
	EventPayoutFailed:                 payments.StatusFailed,
}

// status is the event's status in payments' vocabulary: the unsigned
// callback_status's until Refresh, then the refreshed object's own
// (through its Normalized).
func (e *Event) status() payments.Status {
	if e.BodyAuthenticated {
		switch {
		case e.Kind == KindInvoice && e.Invoice != nil:
			return e.Invoice.Normalized()
		case e.Kind == KindTransaction && e.Transaction != nil:
			return e.Transaction.Normalized()
		case e.Kind == KindPayout && e.Payout != nil:
			return e.Payout.Normalized()
		}
	}
	return normalize(eventStatuses, e.Type)
}

// normalize looks s up in table; an unknown status is StatusUnknown.
func normalize[S ~string](table map[S]payments.Status, s S) payments.Status {
	if st, ok := table[s]; ok {
		return st
	}
	return payments.StatusUnknown
}
