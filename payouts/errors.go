package payouts

import (
	"errors"
	"strconv"
	"time"

	"github.com/coinsdk/coinsdk/payments"
)

var (
	// ErrInProgress: another Sender (another replica, or another goroutine)
	// holds the claim on this reference and may be sending it right now.
	// Nothing was sent by this call. Call Send again later with the same
	// reference and parameters: it returns the payout once made.
	ErrInProgress = errors.New("coinsdk: payout in progress elsewhere")
	// ErrNeedsPerson: the payout's outcome is unknown and the provider can
	// neither deduplicate a repeat nor look the payout up (the gateway's
	// withdrawals). The SDK will never send it again; a person settles it
	// with the provider (dashboard, support) and records the answer with
	// Sender.Settle or Sender.SettleNotMade. A *NeedsPersonError also matches
	// payments.ErrUnknownOutcome: the payout may exist.
	ErrNeedsPerson = errors.New("coinsdk: payout needs a person")
)

// InProgressError reports a claim held by another Sender. It matches
// ErrInProgress (and neither payments.ErrUnknownOutcome nor
// payments.ErrDuplicateReference: the reference is ours and nothing was sent
// by this call).
type InProgressError struct {
	// Reference and Provider name the payout.
	Reference, Provider string
	// Owner is the claimant (see WithOwner).
	Owner string
	// Until is when its lease ends; after it, Resolve may take over.
	Until time.Time
}

// Error names the reference, the owner and the lease's end.
func (e *InProgressError) Error() string {
	return "coinsdk: payout " + strconv.Quote(e.Reference) + " is being sent by " + strconv.Quote(e.Owner) +
		" (lease until " + e.Until.UTC().Format(time.RFC3339) + "); nothing was sent by this call, ask again later"
}

// Is makes errors.Is(err, ErrInProgress) true.
func (e *InProgressError) Is(target error) bool { return target == ErrInProgress }

// NeedsPersonError reports a payout the SDK will never send again and cannot
// settle by itself: its outcome is unknown and the provider has neither a
// dedupe reference nor a lookup (payments.CapDedupePayout,
// payments.CapFindPayout). It matches ErrNeedsPerson and
// payments.ErrUnknownOutcome (the payout may exist), never
// payments.ErrDuplicateReference.
type NeedsPersonError struct {
	// Provider and Reference name the payout (the gateway carries the
	// reference in the withdrawal's custom field: search the withdrawal
	// history for it).
	Provider, Reference string
	// ID is the provider's id for the payout when one was seen, else "".
	ID string
	// Reason says why the SDK cannot settle it.
	Reason string
	// Err is the cause when this call saw one (the unknown-outcome error).
	Err error
}

// Error says what a person must do.
func (e *NeedsPersonError) Error() string {
	msg := e.Provider + ": payout " + strconv.Quote(e.Reference) + " needs a person: " + e.Reason
	if e.ID != "" {
		msg += " (provider id " + strconv.Quote(e.ID) + ")"
	}
	msg += "; it is never sent again: settle it with the provider, then record it with Sender.Settle or Sender.SettleNotMade"
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Is makes errors.Is match ErrNeedsPerson and payments.ErrUnknownOutcome.
func (e *NeedsPersonError) Is(target error) bool {
	return target == ErrNeedsPerson || target == payments.ErrUnknownOutcome
}

// Unwrap returns the cause, when there is one that is not a duplicate
// reference (an error never means both "may exist" and "someone else's").
func (e *NeedsPersonError) Unwrap() error {
	if e.Err != nil && errors.Is(e.Err, payments.ErrDuplicateReference) {
		return nil
	}
	return e.Err
}

// needsPerson is the error for an entry in StateAttention.
func needsPerson(e Entry) *NeedsPersonError {
	reason := "its outcome is unknown and " + e.Provider + " can neither deduplicate a repeat nor look the payout up"
	if e.LastError != "" {
		reason += " (last error: " + e.LastError + ")"
	}
	return &NeedsPersonError{Provider: e.Provider, Reference: e.Reference, ID: e.PayoutID, Reason: reason}
}
