package apicall

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/coinsdk/coinsdk/payments"
)

// LookupTimeout bounds the lookup by reference that settles an unknown
// outcome when the caller's context ends (or has ended) first: the lookup
// is what tells the caller what happened, so it still runs, briefly.
const LookupTimeout = 10 * time.Second

// Settlement says how a create that carries a reference is checked against
// what was asked and, when its outcome is not known, settled.
type Settlement[T any] struct {
	// Object names what is created, in errors: "payout", "invoice".
	Object string
	// Find looks the object up by reference. It returns an error matching
	// payments.ErrNotFound when there is none (yet). Nil: the provider
	// cannot look up by reference, and nothing is settled.
	Find func(ctx context.Context, reference string) (*T, error)
	// Differs names the first field of an object (an answer, or one found by
	// reference) that differs from what was asked, "" when none does. An
	// object carrying another reference differs in "reference".
	Differs func(got *T) string
	// ID is the provider's id of an object.
	ID func(got *T) string
}

// Create sends k, a create that carries k.Reference, and settles it (see
// Settle).
func Create[T any](ctx context.Context, p *Pipeline, k *Call, s Settlement[T]) (*T, error) {
	v, err := Object[T](ctx, p, k)
	return Settle(ctx, p, k, s, v, err)
}

// Settle finishes a create whose answer is v or err. An answer that is what
// was asked is returned. An answer that is not (it names another reference,
// or another amount or address) is an unknown outcome: the work may have
// been done, but this is not its answer. An unknown outcome, or a
// "reference taken" answer, is settled by looking the object up by its
// reference (s.Find): the object is returned when it is what was asked, a
// *payments.ReferenceMismatchError (payments.ErrDuplicateReference) when
// it carries our reference but differs from what was asked. An object
// found under another reference is not ours nor a witness against us: it
// settles nothing. The lookup runs free of the caller's cancellation
// (lookupContext).
//
// A lookup that fails (a 5xx, a timeout, a truncated body, or not found
// yet) settles nothing, and then the answer is an unknown outcome and
// nothing else, also when the create's own answer was "reference taken":
// that answer may be to our own earlier attempt (an internal retry, or the
// merchant's repeat after an unknown outcome), so "belongs to something
// else" would be a guess that invites paying again under a new reference.
// The *payments.UnknownOutcomeError carries the reference and, when an
// answer named one for this reference, the provider's id.
func Settle[T any](ctx context.Context, p *Pipeline, k *Call, s Settlement[T], v *T, err error) (*T, error) {
	id := ""
	if err == nil {
		field := s.Differs(v)
		if field == "" {
			return v, nil
		}
		if field != "reference" {
			id = s.ID(v) // the answer is about our reference: name its id
		}
		err = EchoMismatch(p.Provider, k, id, field+" differs")
	}
	uncertain := errors.Is(err, payments.ErrUnknownOutcome)
	if s.Find == nil || ctx == nil || (!uncertain && !errors.Is(err, payments.ErrDuplicateReference)) {
		return nil, err
	}
	ctx, cancel := lookupContext(ctx)
	defer cancel()
	found, ferr := s.Find(ctx, k.Reference)
	if ferr == nil && found == nil {
		ferr = errors.New("the lookup answered nothing")
	}
	if ferr != nil {
		return nil, Unsettled(p.Provider, k, id, err, ferr)
	}
	if field := s.Differs(found); field != "" {
		if field == "reference" {
			// The lookup answered with an object under another reference:
			// it found nothing of ours, so it settles nothing (a reference
			// that is someone else's is one found carrying it, and differing).
			return nil, Unsettled(p.Provider, k, id, err, errors.New("the lookup answered with an object carrying another reference"))
		}
		return nil, &payments.ReferenceMismatchError{Object: s.Object, Reference: k.Reference, ID: s.ID(found), Field: field}
	}
	return found, nil
}

// lookupContext is the context of a settling lookup. While the caller's
// context is alive it is the caller's: a caller who gives up (a cancel, a
// deadline) gets the unknown outcome at once, which is a correct answer
// (payouts.Resolve settles it later), rather than waiting on a lookup it no
// longer wants. A context that has already ended (the create used up the
// caller's deadline) would settle nothing, so the lookup then runs on the
// caller's values without its cancellation, for at most LookupTimeout: it is
// what tells the caller what happened.
func lookupContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if ctx.Err() == nil {
		return ctx, func() {}
	}
	return context.WithTimeout(context.WithoutCancel(ctx), LookupTimeout)
}

// Unsettled is the error of a create whose settling lookup failed with
// ferr: an unknown outcome carrying the reference and, when known, the
// provider's id. The create's own error stays the cause (as text only when
// it is a "reference taken", see payments.UnknownOutcomeError.Unwrap); the
// lookup's failure is named in the text.
func Unsettled(provider string, k *Call, id string, err, ferr error) error {
	var uo *payments.UnknownOutcomeError
	if errors.As(err, &uo) {
		out := *uo
		if out.Reference == "" {
			out.Reference = k.Reference
		}
		if out.ID == "" {
			out.ID = id
		}
		out.Err = fmt.Errorf("%w; the lookup by reference failed: %s", uo.Err, ferr.Error())
		return &out
	}
	return &payments.UnknownOutcomeError{Provider: provider, Operation: k.Op, Reference: k.Reference, ID: id,
		Err: fmt.Errorf("%w; the lookup by reference that would tell whether it is ours failed: %s", err, ferr.Error())}
}

// EchoMismatch reports a 2xx create answer that does not carry what was
// sent: the work may have been done, but this is not its answer.
func EchoMismatch(provider string, k *Call, id, why string) error {
	return &payments.UnknownOutcomeError{Provider: provider, Operation: k.Op, Reference: k.Reference, ID: id,
		Err: &payments.APIError{Provider: provider, StatusCode: http.StatusOK, Message: "answer does not echo the request: " + why, Kind: payments.ErrMalformed}}
}
