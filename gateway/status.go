package gateway

import (
	"strings"

	"github.com/coinsdk/coinsdk/payments"
)

// The API writes one status vocabulary (status_type, or status) for every
// object: OPEN, COMPLETE, CANCEL and CLOSING. Each status-bearing model has
// its own named type for it, so a payment's status cannot be compared with
// a withdrawal's by accident, and its own Normalized.

// PaymentStatus is a payment's status.
type PaymentStatus string

// Payment statuses.
const (
	// PaymentStatusOpen: waiting for funds, or some arrived.
	PaymentStatusOpen PaymentStatus = "OPEN"
	// PaymentStatusComplete: completed successfully.
	PaymentStatusComplete PaymentStatus = "COMPLETE"
	// PaymentStatusCancel: cancelled (its waiting time ran out).
	PaymentStatusCancel PaymentStatus = "CANCEL"
	// PaymentStatusClosing: in the process of closing.
	PaymentStatusClosing PaymentStatus = "CLOSING"
)

// WithdrawalStatus is a withdrawal's status.
type WithdrawalStatus string

// Withdrawal statuses.
const (
	// WithdrawalStatusOpen: in process.
	WithdrawalStatusOpen WithdrawalStatus = "OPEN"
	// WithdrawalStatusComplete: sent.
	WithdrawalStatusComplete WithdrawalStatus = "COMPLETE"
	// WithdrawalStatusCancel: cancelled; the funds stay in the store.
	WithdrawalStatusCancel WithdrawalStatus = "CANCEL"
	// WithdrawalStatusClosing: in the process of closing.
	WithdrawalStatusClosing WithdrawalStatus = "CLOSING"
)

// DedicatedAddressStatus is a dedicated address's status.
type DedicatedAddressStatus string

// Dedicated address statuses.
const (
	// DedicatedAddressStatusOpen: dedicated, receiving.
	DedicatedAddressStatusOpen DedicatedAddressStatus = "OPEN"
	// DedicatedAddressStatusComplete: released.
	DedicatedAddressStatusComplete DedicatedAddressStatus = "COMPLETE"
	// DedicatedAddressStatusCancel: cancelled (not documented for a
	// dedication; read like a withdrawal's).
	DedicatedAddressStatusCancel DedicatedAddressStatus = "CANCEL"
	// DedicatedAddressStatusClosing: a release under way.
	DedicatedAddressStatusClosing DedicatedAddressStatus = "CLOSING"
)

// TransferStatus is a transfer's status.
type TransferStatus string

// Transfer statuses.
const (
	// TransferStatusOpen: in process.
	TransferStatusOpen TransferStatus = "OPEN"
	// TransferStatusComplete: done.
	TransferStatusComplete TransferStatus = "COMPLETE"
	// TransferStatusCancel: cancelled (not documented for a transfer).
	TransferStatusCancel TransferStatus = "CANCEL"
)

// TransactionStatus is a blockchain transaction's status.
type TransactionStatus string

// Transaction statuses.
const (
	// TransactionStatusOpen: arrived, not yet confirmed.
	TransactionStatusOpen TransactionStatus = "OPEN"
	// TransactionStatusComplete: confirmed and credited.
	TransactionStatusComplete TransactionStatus = "COMPLETE"
	// TransactionStatusCancel: refused by the service (not documented for a
	// transaction).
	TransactionStatusCancel TransactionStatus = "CANCEL"
)

// canonical is a status as the vocabulary spells it: surrounding spaces
// and case are the wire's, not the status's.
func canonical(status string) string { return strings.ToUpper(strings.TrimSpace(status)) }

// Normalized maps the payment's status and amounts to a
// payments.Status. The API's status alone cannot tell a partial payment
// from none, so the amount paid so far (ip_amount) against the amount due
// (payment_amount) decides within a status:
//
//	OPEN or CLOSING, nothing paid                          → pending
//	OPEN or CLOSING, fixed amount, part paid               → underpaid (a top-up may complete it)
//	OPEN or CLOSING, fixed amount, all paid (unconfirmed)  → confirming
//	OPEN or CLOSING, open amount, anything paid            → confirming
//	COMPLETE, fixed amount, more than due                  → overpaid
//	COMPLETE                                               → paid
//	CANCEL, nothing paid                                   → expired
//	CANCEL, anything paid (part, all or more)              → cancelled (Received shows the funds)
//	anything else                                          → unknown
//
// Why: CLOSING is documented only as "in the process of closing": the
// service has not yet said whether the payment completes or is cancelled,
// so it says no more than OPEN does and the amounts decide the same way
// (CLOSING with nothing paid is not "confirming": nothing is on chain).
//
// CANCEL means the service ended the payment without completing it (its
// waiting time ran out, or it cancelled the operation). With funds in it,
// it is neither underpaid (that is what OPEN with a part says, so
// payments.Advance would never show the cancel) nor expired ("nothing or
// too little received", false when all was paid): it is cancelled, a
// terminal status that is not a success, and the invoice's Received keeps
// what arrived so the merchant settles those funds with the payer or the
// service. The documentation does not say how a CANCEL can hold the full
// amount (money that came after the waiting time, or that the service
// refused); crediting it as paid would credit an order the service says it
// did not complete, so it is cancelled too, with Received showing the funds.
func (p *Payment) Normalized() payments.Status {
	if p == nil {
		return payments.StatusUnknown
	}
	paid, due := p.IPAmount, p.PaymentAmount
	open := strings.EqualFold(p.PaymentType, PaymentTypeOpen)
	switch PaymentStatus(canonical(string(p.Status))) {
	case PaymentStatusOpen, PaymentStatusClosing:
		switch {
		case !paid.IsPositive():
			return payments.StatusPending
		case open, due.IsPositive() && paid.GreaterThanOrEqual(due):
			return payments.StatusConfirming
		default:
			return payments.StatusUnderpaid
		}
	case PaymentStatusComplete:
		if !open && due.IsPositive() && paid.GreaterThan(due) {
			return payments.StatusOverpaid
		}
		return payments.StatusPaid
	case PaymentStatusCancel:
		if paid.IsPositive() {
			return payments.StatusCancelled
		}
		return payments.StatusExpired
	}
	return payments.StatusUnknown
}

// Normalized maps the withdrawal's status:
//
//	OPEN, CLOSING → processing
//	COMPLETE      → completed
//	CANCEL        → cancelled
//	anything else → unknown
func (w *Withdrawal) Normalized() payments.Status {
	return normalized(w, withdrawalStatuses, func(w *Withdrawal) WithdrawalStatus { return w.Status })
}

// Normalized maps the dedicated address's status:
//
//	OPEN, CLOSING → pending (dedicated, receiving)
//	COMPLETE      → completed (released)
//	CANCEL        → cancelled
//	anything else → unknown
//
// The documentation lists OPEN and COMPLETE for a dedication; CLOSING is
// the status every other object passes through on its way to COMPLETE (a
// release under way). Until the release completes, the address is still
// dedicated and payments into it still arrive: pending, not unknown.
func (d *DedicatedAddress) Normalized() payments.Status {
	return normalized(d, dedicatedStatuses, func(d *DedicatedAddress) DedicatedAddressStatus { return d.Status })
}

// Normalized maps the transfer's status (OPEN processing, COMPLETE
// completed, CANCEL cancelled, anything else unknown), as a withdrawal's.
func (t *Transfer) Normalized() payments.Status {
	return normalized(t, transferStatuses, func(t *Transfer) TransferStatus { return t.Status })
}

// Normalized maps a transaction paying a payment: OPEN (arrived,
// unconfirmed) confirming, COMPLETE (confirmed) paid, CANCEL cancelled,
// anything else unknown. It says what became of these funds, not of the
// payment (Payment.Normalized does, from the amounts).
func (t *Transaction) Normalized() payments.Status {
	return normalized(t, transactionStatuses, func(t *Transaction) TransactionStatus { return t.Status })
}

// normalized maps x's status through its model's table; a nil x is
// unknown.
func normalized[M any, S ~string](x *M, table map[S]payments.Status, status func(*M) S) payments.Status {
	if x == nil {
		return payments.StatusUnknown
	}
	return lookup(table, status(x))
}

// lookup maps a status through its model's table; case and surrounding
// spaces are the wire's, not the status's.
func lookup[S ~string](table map[S]payments.Status, s S) payments.Status {
	if st, ok := table[S(canonical(string(s)))]; ok {
		return st
	}
	return payments.StatusUnknown
}

// The status tables of the models whose status alone decides.
var (
	withdrawalStatuses = map[WithdrawalStatus]payments.Status{
		WithdrawalStatusOpen: payments.StatusProcessing, WithdrawalStatusClosing: payments.StatusProcessing,
		WithdrawalStatusComplete: payments.StatusCompleted, WithdrawalStatusCancel: payments.StatusCancelled,
	}
	dedicatedStatuses = map[DedicatedAddressStatus]payments.Status{
		DedicatedAddressStatusOpen: payments.StatusPending, DedicatedAddressStatusClosing: payments.StatusPending,
		DedicatedAddressStatusComplete: payments.StatusCompleted, DedicatedAddressStatusCancel: payments.StatusCancelled,
	}
	transferStatuses = map[TransferStatus]payments.Status{
		TransferStatusOpen: payments.StatusProcessing, TransferStatusComplete: payments.StatusCompleted,
		TransferStatusCancel: payments.StatusCancelled,
	}
	transactionStatuses = map[TransactionStatus]payments.Status{
		TransactionStatusOpen: payments.StatusConfirming, TransactionStatusComplete: payments.StatusPaid,
		TransactionStatusCancel: payments.StatusCancelled,
	}
)
