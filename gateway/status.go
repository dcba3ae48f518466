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
//	OPEN,     nothing paid                          → pending
//	OPEN,     fixed amount, part paid               → underpaid (a top-up may complete it)
//	OPEN,     fixed amount, all paid (unconfirmed)  → confirming
//	OPEN,     open amount, anything paid            → confirming
//	CLOSING                                         → confirming
//	COMPLETE, fixed amount, more than due           → overpaid
//	COMPLETE                                        → paid
//	CANCEL,   nothing paid                          → expired
//	CANCEL,   part paid                             → underpaid (funds arrived: handle them)
//	anything else                                   → unknown
func NormalizePayment(p *Payment) payments.Status {
	if p == nil {
		return payments.StatusUnknown
	}
	return normalizePayment(p.Status, p.PaymentType, p.IPAmount, p.PaymentAmount)
}

func normalizePayment(status, paymentType string, paid, due decimal.Decimal) payments.Status {
	open := strings.EqualFold(paymentType, PaymentTypeOpen)
	switch strings.ToUpper(strings.TrimSpace(status)) {
	case StatusOpen:
		switch {
		case !paid.IsPositive():
			return payments.StatusPending
		case open, due.IsPositive() && paid.GreaterThanOrEqual(due):
			return payments.StatusConfirming
		default:
			return payments.StatusUnderpaid
		}
	case StatusClosing:
		return payments.StatusConfirming
	case StatusComplete:
		if !open && due.IsPositive() && paid.GreaterThan(due) {
			return payments.StatusOverpaid
		}
		return payments.StatusPaid
	case StatusCancel:
		if paid.IsPositive() {
			return payments.StatusUnderpaid
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
//	OPEN          → pending (dedicated, receiving)
//	COMPLETE      → completed (released)
//	CANCEL        → cancelled
//	anything else → unknown
func NormalizeDedicated(status string) payments.Status {
	switch strings.ToUpper(strings.TrimSpace(status)) {
	case StatusOpen:
		return payments.StatusPending
	case StatusComplete:
		return payments.StatusCompleted
	case StatusCancel:
		return payments.StatusCancelled
	}
	return payments.StatusUnknown
}
