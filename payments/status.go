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
	// StatusOnHold: the provider holds the object (a compliance or risk
	// check, a payout waiting for a release) after it was accepted. A hold
	// comes and goes: it may follow any progress status, and processing (or
	// anything after it) may follow a hold. Not terminal, not a success.
	StatusOnHold Status = "on_hold"
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
// next, given that it currently has current. Webhooks arrive late, out of
// order and more than once: store Advance(stored, event) rather than the
// event's status, and act (credit, ship, mark sent) only when the stored
// status changes.
//
// The order, and why (every pair is tested in status_test.go):
//   - An empty or unknown next never changes anything; an empty or unknown
//     current takes any next.
//   - Progress only moves forward: awaiting_approval → pending → processing →
//     underpaid → confirming. A late "pending" after "confirming" is stale.
//   - on_hold comes and goes: it may follow any progress status (a hold
//     after processing is shown, not dropped), and a hold is released into
//     processing, underpaid, confirming or any terminal status. A hold never
//     goes back to awaiting_approval or pending: those would be stale.
//   - Any terminal status may follow any progress status.
//   - expired, failed and cancelled may be followed by paid or overpaid: a
//     late payment the provider accepted after the window closed is real
//     money. Never the other way: paid → expired is a stale notification.
//     failed → completed is not allowed (a failed payout does not complete).
//   - paid may become overpaid (more arrived); overpaid never falls back to paid.
//   - refunded may follow any status in which money could have arrived (every
//     status but refunded itself): it is the last word. Nothing follows refunded:
//     a "paid" after a refund is a stale notification, and crediting on it
//     would credit twice.
//   - completed (a payout delivered) and the other success statuses never
//     fall back to failed, expired, cancelled or a progress status.
func Advance(current, next Status) Status {
	if mayFollow(current, next) {
		return next
	}
	return current
}

// progress orders the non-terminal statuses.
var progress = map[Status]int{
	StatusAwaitingApproval: 1,
	StatusPending:          2,
	StatusProcessing:       3,
	StatusUnderpaid:        4,
	StatusConfirming:       5,
}

// known reports whether s is one of the normalized statuses other than unknown.
func known(s Status) bool {
	if _, ok := progress[s]; ok || s == StatusOnHold {
		return true
	}
	return s.IsTerminal()
}

// Statuses returns every normalized status but StatusUnknown, in the order
// Advance moves through them (progress first, then terminal): a fresh slice
// each call, for tests and for building tables.
func Statuses() []Status {
	return []Status{StatusAwaitingApproval, StatusPending, StatusProcessing, StatusOnHold, StatusUnderpaid,
		StatusConfirming, StatusPaid, StatusOverpaid, StatusCompleted, StatusExpired, StatusFailed,
		StatusCancelled, StatusRefunded}
}

// mayFollow reports whether next replaces current (see Advance).
func mayFollow(current, next Status) bool {
	switch {
	case !known(next):
		return false // empty, unknown or a status coinsdk does not know
	case !known(current):
		return true
	case next == current:
		return false
	case next == StatusRefunded:
		return true // the last word, after anything
	}
	switch current {
	case StatusRefunded:
		return false
	case StatusPaid:
		return next == StatusOverpaid
	case StatusOverpaid, StatusCompleted:
		return false
	case StatusExpired, StatusFailed, StatusCancelled:
		return next == StatusPaid || next == StatusOverpaid // a late payment accepted
	}
	// current is a progress status (on_hold included).
	switch {
	case next.IsTerminal():
		return true
	case next == StatusOnHold:
		return true // a hold may come at any point of progress
	case current == StatusOnHold:
		return progress[next] >= progress[StatusProcessing] // released
	}
	return progress[next] > progress[current]
}
