package payouts

import (
	"context"
	"time"

	"github.com/coinsdk/coinsdk/payments"
)

// State is where a journaled payout stands.
type State string

// The states. An entry is created open; the Sender moves it on.
const (
	// StateOpen: the intent is written down and a request may be in flight
	// (while Owner's lease runs) or may have left with no answer recorded
	// (after the lease ended: an unknown outcome or a crash). Resolve
	// finishes it.
	StateOpen State = "open"
	// StateDone: the provider made the payout; PayoutID and Payout hold it.
	// A later Send with the same reference returns it without a request.
	StateDone State = "done"
	// StateFailed: the provider refused definitely, so nothing was made. A
	// later Send with the same reference and parameters tries again.
	StateFailed State = "failed"
	// StateAttention: the outcome is unknown and the provider can neither
	// deduplicate nor look the payout up (the gateway): nothing is ever sent
	// again for it until a person settles it with the provider
	// (Sender.Settle or Sender.SettleNotMade).
	StateAttention State = "attention"
)

// Step is what a successful Claim lets the Sender do.
type Step int

// The steps.
const (
	// StepSend: no request for this intent can have made anything yet (a new
	// intent, or one whose last try was definitely refused): send it.
	StepSend Step = iota + 1
	// StepResume: an earlier request may have left (an unknown outcome, or a
	// claimant that died): settle it per the provider's capabilities, never
	// by a blind resend.
	StepResume
	// StepDone: the payout was made; the Entry holds it. Nothing to send.
	StepDone
)

// Entry is one payout in the journal: the intent (reference, provider,
// parameters), the claim (owner and lease) and the outcome.
type Entry struct {
	// Reference is the merchant's dedupe reference: the journal's key.
	Reference string
	// Provider is the adapter's Name().
	Provider string
	// Amount is the amount in canonical decimal text (decimal.String).
	Amount string
	// Currency, Asset, Address and Tag are PayoutParams' fields as asked.
	Currency, Asset, Address, Tag string
	// State is where the payout stands.
	State State
	// Owner is the Sender holding the claim (empty when none does).
	Owner string
	// LeaseUntil is when Owner's claim ends. A claim is live while LeaseUntil
	// is after now; after it, another Sender's Resolve may take over.
	LeaseUntil time.Time
	// Attempts counts the claims that may have sent a create.
	Attempts int
	// PayoutID is the provider's id of the payout, once known (also from an
	// unknown outcome that carried one).
	PayoutID string
	// Payout is the made payout as JSON (payments.Payout), when State is done.
	Payout []byte
	// LastError is the text of the last error, for the person who reads the
	// journal.
	LastError string
	// CreatedAt and UpdatedAt are when the entry was written first and last.
	CreatedAt, UpdatedAt time.Time
}

// Update is a conditional write of an entry's outcome: it applies only when
// the stored entry is in From (and, when Owner is set, still claimed by
// Owner), so a Sender whose claim was taken over never overwrites the new
// claimant's work.
type Update struct {
	// Reference names the entry.
	Reference string
	// From is the state the entry must be in; empty means any state but
	// done (a made payout is the truth whoever learned it).
	From State
	// Owner, when set, must be the entry's owner.
	Owner string
	// State is the state written.
	State State
	// NewOwner is the owner written ("" releases the claim).
	NewOwner string
	// LeaseUntil is the lease written (an open entry released for Resolve
	// gets the update's time: pending at once).
	LeaseUntil time.Time
	// PayoutID is the provider's id written; "" keeps the stored one.
	PayoutID string
	// Payout is the made payout's JSON written; nil keeps the stored one.
	Payout []byte
	// LastError is the error text written ("" clears it).
	LastError string
	// At is when the update is made (UpdatedAt).
	At time.Time
}

// Journal is where a Sender writes each payout down: the intent before the
// request, the outcome after. Implementations: MemoryJournal here (one
// process), and the SQL journal in package sqlstore (PostgreSQL, MariaDB and
// MySQL, SQLite), which is what makes "pay once" hold across replicas and
// crashes. Every implementation runs payouts/journaltest.
type Journal interface {
	// Claim writes want (a new entry: intent, Owner, LeaseUntil) if the
	// reference is new, and returns it with StepSend. For an existing
	// reference it decides, atomically (one transaction holding the row's
	// lock), with Decide: the entry and its Step, or an error (a
	// *payments.ReferenceMismatchError, an *InProgressError, a
	// *NeedsPersonError) and no change.
	Claim(ctx context.Context, want Entry, now time.Time) (Entry, Step, error)
	// Record applies u when its conditions hold, and reports whether it did.
	Record(ctx context.Context, u Update) (bool, error)
	// Get returns the entry for reference; an error matching
	// payments.ErrNotFound when there is none.
	Get(ctx context.Context, reference string) (Entry, error)
	// Pending lists up to limit entries of provider that Resolve must look
	// at, in reference order after the reference after (a page cursor; ""
	// for the first page): open ones whose lease ended at or before now, and
	// those waiting for a person (attention).
	Pending(ctx context.Context, provider string, now time.Time, after string, limit int) ([]Entry, error)
}

// Decide is the one rule every Journal applies, inside its transaction, when
// a Claim finds an entry already there. want carries the intent and the new
// claim (Owner, LeaseUntil). It returns the entry to store and the Step, or
// an error and no change:
//
//   - another provider or other parameters: a *payments.ReferenceMismatchError
//     (matches payments.ErrDuplicateReference): a reference is one payout;
//   - done: StepDone, unchanged;
//   - attention: a *NeedsPersonError;
//   - open with a live lease: an *InProgressError (another Sender, or another
//     goroutine, is sending it now);
//   - open with an ended lease: taken over, StepResume;
//   - failed: claimed again, StepSend.
func Decide(have, want Entry, now time.Time) (Entry, Step, error) {
	if field := differs(have, want); field != "" {
		return have, 0, &payments.ReferenceMismatchError{Object: "payout", Reference: want.Reference, ID: have.PayoutID, Field: field}
	}
	switch have.State {
	case StateDone:
		return have, StepDone, nil
	case StateAttention:
		return have, 0, needsPerson(have)
	case StateOpen:
		if have.LeaseUntil.After(now) {
			return have, 0, &InProgressError{Reference: have.Reference, Provider: have.Provider, Owner: have.Owner, Until: have.LeaseUntil}
		}
		next := have
		next.Owner, next.LeaseUntil, next.UpdatedAt = want.Owner, want.LeaseUntil, now
		return next, StepResume, nil
	case StateFailed:
		next := have
		next.State, next.Owner, next.LeaseUntil, next.UpdatedAt = StateOpen, want.Owner, want.LeaseUntil, now
		next.Attempts++
		return next, StepSend, nil
	}
	return have, 0, &NeedsPersonError{Provider: have.Provider, Reference: have.Reference, ID: have.PayoutID,
		Reason: "the journal holds an unknown state " + string(have.State)}
}

// Applies reports whether u applies to have: the rule Record follows (the
// SQL journal states the same rule in its UPDATE's WHERE clause).
func Applies(have Entry, u Update) bool {
	if u.From == "" {
		return have.State != StateDone
	}
	return have.State == u.From && (u.Owner == "" || have.Owner == u.Owner)
}

// Apply returns have with u written into it.
func Apply(have Entry, u Update) Entry {
	have.State, have.Owner, have.LeaseUntil = u.State, u.NewOwner, u.LeaseUntil
	if u.PayoutID != "" {
		have.PayoutID = u.PayoutID
	}
	if u.Payout != nil {
		have.Payout = u.Payout
	}
	have.LastError, have.UpdatedAt = u.LastError, u.At
	return have
}

// differs names the first intent field in which want differs from have, or "".
func differs(have, want Entry) string {
	switch {
	case have.Provider != want.Provider:
		return "provider"
	case have.Amount != want.Amount:
		return "amount"
	case have.Currency != want.Currency:
		return "amount.currency"
	case have.Asset != want.Asset:
		return "asset"
	case have.Address != want.Address:
		return "address"
	case have.Tag != want.Tag:
		return "tag"
	}
	return ""
}
