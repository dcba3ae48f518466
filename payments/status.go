package payments

// Status is a normalized state of an invoice, payment, payout or deposit.
//
// The set is open: providers map their own statuses onto these, and a status
// coinsdk does not know maps to StatusUnknown, never to an error. Every
// normalized object also keeps the provider's own status string.
type Status string

// Normalized statuses.
const (
	// StatusPending: created, nothing received or sent yet.
	StatusPending Status = "pending"
	// StatusAwaitingApproval: a payout held for manual approval (a draft).
	StatusAwaitingApproval Status = "awaiting_approval"
	// StatusProcessing: a payout accepted and being sent, or a payment seen
	// but not yet confirmable.
	StatusProcessing Status = "processing"
	// StatusConfirming: the full amount was seen on chain and awaits confirmations.
	StatusConfirming Status = "confirming"
	// StatusPaid: the requested amount was received and confirmed.
	StatusPaid Status = "paid"
	// StatusUnderpaid: less than requested was received; needs handling.
	StatusUnderpaid Status = "underpaid"
	// StatusOverpaid: more than requested was received and confirmed.
	StatusOverpaid Status = "overpaid"
	// StatusCompleted: a payout reached its destination and is confirmed.
	StatusCompleted Status = "completed"
	// StatusExpired: the payment window closed with nothing (or too little) received.
	StatusExpired Status = "expired"
	// StatusFailed: the provider or the network failed the object.
	StatusFailed Status = "failed"
	// StatusRefunded: received funds were sent back.
	StatusRefunded Status = "refunded"
	// StatusCancelled: cancelled or rejected before completion.
	StatusCancelled Status = "cancelled"
	// StatusUnknown: the provider reported a status coinsdk does not know.
	StatusUnknown Status = "unknown"
)

// IsTerminal reports whether s is a final state: paid, overpaid, completed,
// expired, failed, refunded or cancelled. Underpaid is not terminal: a
// top-up may still complete the payment.
func (s Status) IsTerminal() bool {
	switch s {
	case StatusPaid, StatusOverpaid, StatusCompleted, StatusExpired, StatusFailed, StatusRefunded, StatusCancelled:
		return true
	}
	return false
}

// IsSuccess reports whether s means the money arrived (paid, overpaid) or
// was delivered (completed).
func (s Status) IsSuccess() bool {
	return s == StatusPaid || s == StatusOverpaid || s == StatusCompleted
}

// Advance returns the status an object should have after an update reporting
// next, given that it currently has current. It never downgrades:
//   - an unknown or empty next keeps current;
//   - a terminal current is not replaced by a non-terminal next (a late
//     "pending" webhook after "paid" changes nothing);
//   - a terminal next replaces anything (paid → refunded, expired → paid for a
//     late payment the provider accepted).
//
// Webhooks arrive out of order and more than once: store Advance(stored, event)
// rather than the event's status.
func Advance(current, next Status) Status {
	switch {
	case next == "" || next == StatusUnknown:
		return current
	case current.IsTerminal() && !next.IsTerminal():
		return current
	}
	return next
}
