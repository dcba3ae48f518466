package gateway

import (
	"strings"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// Statuses of payments, withdrawals, dedicated addresses, transfers and
// transactions, as the API writes them (status_type or status).
const (
	// StatusOpen: open, in process (a dedicated address: dedicated).
	StatusOpen = "OPEN"
	// StatusComplete: completed successfully (a dedicated address: released).
	StatusComplete = "COMPLETE"
	// StatusCancel: cancelled (a payment's waiting time ran out).
	StatusCancel = "CANCEL"
	// StatusClosing: in the process of closing.
	StatusClosing = "CLOSING"
)

// NormalizePayment maps a payment's status and amounts to a
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
func NormalizePayment(p *Payment) payments.Status {
	if p == nil {
		return payments.StatusUnknown
	}
	return normalizePayment(p.Status, p.PaymentType, p.IPAmount, p.PaymentAmount)
}

func normalizePayment(status, paymentType string, paid, due decimal.Decimal) payments.Status {
	open := strings.EqualFold(paymentType, PaymentTypeOpen)
	switch strings.ToUpper(strings.TrimSpace(status)) {
	case StatusOpen, StatusClosing:
		switch {
		case !paid.IsPositive():
			return payments.StatusPending
		case open, due.IsPositive() && paid.GreaterThanOrEqual(due):
			return payments.StatusConfirming
		default:
			return payments.StatusUnderpaid
		}
	case StatusComplete:
		if !open && due.IsPositive() && paid.GreaterThan(due) {
			return payments.StatusOverpaid
		}
		return payments.StatusPaid
	case StatusCancel:
		if paid.IsPositive() {
			return payments.StatusCancelled
		}
		return payments.StatusExpired
	}
	return payments.StatusUnknown
}

// NormalizeWithdrawal maps a withdrawal status:
//
//	OPEN, CLOSING → processing
//	COMPLETE      → completed
//	CANCEL        → cancelled
//	anything else → unknown
func NormalizeWithdrawal(status string) payments.Status {
	switch strings.ToUpper(strings.TrimSpace(status)) {
	case StatusOpen, StatusClosing:
		return payments.StatusProcessing
	case StatusComplete:
		return payments.StatusCompleted
	case StatusCancel:
		return payments.StatusCancelled
	}
	return payments.StatusUnknown
}

// NormalizeDedicated maps a dedicated address's status:
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
func NormalizeDedicated(status string) payments.Status {
	switch strings.ToUpper(strings.TrimSpace(status)) {
	case StatusOpen, StatusClosing:
		return payments.StatusPending
	case StatusComplete:
		return payments.StatusCompleted
	case StatusCancel:
		return payments.StatusCancelled
	}
	return payments.StatusUnknown
}
