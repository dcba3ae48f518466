package cryptopay

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/coinsdk/coinsdk/payments"
)

// lookupTimeout bounds the lookup by custom_id that resolves an unknown
// outcome when the caller's context has already ended.
const lookupTimeout = 10 * time.Second

// resolve settles a create that failed with an unknown outcome or a
// duplicate custom_id: it looks the object up by its custom_id and returns
// it when it is what was asked (differs returns "" then), so that a create
// retried with the same custom_id never makes a second object and never
// returns somebody else's. A different object is a
// *payments.ReferenceMismatchError (it matches payments.ErrDuplicateReference).
//
// A lookup that fails (a 5xx, a timeout, a truncated body, or "not found"
// yet) settles nothing, and then the answer is an unknown outcome and
// nothing else, also when the create's own answer was "custom_id taken":
// that answer may be to our own earlier attempt (an internal retry, or the
// merchant's repeat after an unknown outcome), so "belongs to something
// else" would be a guess that invites paying again under a new reference.
// The *payments.UnknownOutcomeError carries the custom_id and id, the
// provider's id when an answer named one (a create answer that did not
// echo the request).
func resolve[T any](ctx context.Context, err error, k call, object, id string,
	find func(context.Context, string) (*T, error), differs func(*T) string) (*T, error) {
	uncertain := errors.Is(err, payments.ErrUnknownOutcome)
	if !uncertain && !errors.Is(err, payments.ErrDuplicateReference) {
		return nil, err
	}
	if ctx == nil {
		return nil, err
	}
	if ctx.Err() != nil {
		// The caller's deadline ended the create; the lookup still runs,
		// briefly, because it is what tells the caller what happened.
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), lookupTimeout)
		defer cancel()
	}
	found, ferr := find(ctx, k.ref)
	if ferr != nil {
		return nil, unsettled(err, ferr, k, id)
	}
	if field := differs(found); field != "" {
		fid := ""
		if o, ok := any(found).(identified); ok {
			fid = o.cursor()
		}
		return nil, &payments.ReferenceMismatchError{Object: object, Reference: k.ref, ID: fid, Field: field}
	}
	return found, nil
}

// unsettled is the error of a create whose settling lookup failed: an
// unknown outcome carrying the custom_id and, when known, the provider's
// id. The create's own error stays the cause (as text only when it is a
// "custom_id taken", see payments.UnknownOutcomeError.Unwrap); the lookup's
// failure is named in the text.
func unsettled(err, ferr error, k call, id string) error {
	var uo *payments.UnknownOutcomeError
	if errors.As(err, &uo) {
		out := *uo
		if out.Reference == "" {
			out.Reference = k.ref
		}
		if out.ID == "" {
			out.ID = id
		}
		out.Err = fmt.Errorf("%w; the lookup by custom_id failed: %s", uo.Err, ferr.Error())
		return &out
	}
	return &payments.UnknownOutcomeError{Provider: ProviderName, Operation: k.op, Reference: k.ref, ID: id,
		Err: fmt.Errorf("%w; the lookup by custom_id that would tell whether it is ours failed: %s", err, ferr.Error())}
}

// echoMismatch reports a 2xx create answer that does not carry what was
// sent: the work may have been done, but this is not its answer.
func echoMismatch(op, customID, id, why string) error {
	return &payments.UnknownOutcomeError{Provider: ProviderName, Operation: op, Reference: customID, ID: id,
		Err: &payments.APIError{Provider: ProviderName, StatusCode: http.StatusOK, Message: "answer does not echo the request: " + why, Kind: payments.ErrMalformed}}
}

// create sends a create that carries a custom_id (k.ref) and checks the
// answer echoes what was asked; an answer that does not, an unknown outcome
// or a duplicate custom_id is settled by resolve.
func create[T any](ctx context.Context, c *Client, k call, kind string, customIDOf func(*T) string,
	find func(context.Context, string) (*T, error), differs func(*T) string) (*T, error) {
	v, err := object[T](ctx, c, k)
	id := ""
	if err == nil {
		if o, ok := any(v).(identified); ok {
			id = o.cursor()
		}
		if got := customIDOf(v); got != k.ref {
			id = "" // the answer named another object: not ours to name
			err = echoMismatch(k.op, k.ref, id, "custom_id "+truncate(got, 64))
		} else if field := differs(v); field != "" {
			err = echoMismatch(k.op, k.ref, id, field+" differs")
		} else {
			return v, nil
		}
	}
	return resolve(ctx, err, k, kind, id, find, differs)
}
