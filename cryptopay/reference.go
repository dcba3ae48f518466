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
// returns somebody else's. A different object is payments.ErrDuplicateReference;
// an object not found keeps the original error (an unknown outcome stays
// unknown: the request may still arrive, retry with the same custom_id).
func resolve[T any](ctx context.Context, err error, op, customID string,
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
	found, ferr := find(ctx, customID)
	if ferr != nil {
		return nil, err
	}
	if why := differs(found); why != "" {
		return nil, &ReferenceMismatchError{Operation: op, CustomID: customID, Reason: why, Err: err}
	}
	return found, nil
}

// ReferenceMismatchError is a create whose custom_id already names an
// object that is not what was asked (another amount, currency or
// address). It matches payments.ErrDuplicateReference.
type ReferenceMismatchError struct {
	// Operation names the call ("create coin withdrawal").
	Operation string
	// CustomID is the reused custom_id.
	CustomID string
	// Reason says which field differs.
	Reason string
	// Err is the answer that led to the lookup.
	Err error
}

// Error describes the mismatch.
func (e *ReferenceMismatchError) Error() string {
	return fmt.Sprintf("cryptopay: %s: custom_id %q already names another object (%s)", e.Operation, truncate(e.CustomID, 64), e.Reason)
}

// Is makes errors.Is(err, payments.ErrDuplicateReference) true.
func (e *ReferenceMismatchError) Is(target error) bool { return target == payments.ErrDuplicateReference }

// Unwrap returns the answer that led to the lookup.
func (e *ReferenceMismatchError) Unwrap() error { return e.Err }

// echoMismatch reports a 2xx create answer that does not carry what was
// sent: the work may have been done, but this is not its answer.
func echoMismatch(op, customID, why string) error {
	return &payments.UnknownOutcomeError{Provider: ProviderName, Operation: op, Reference: customID,
		Err: &payments.APIError{Provider: ProviderName, StatusCode: http.StatusOK, Message: "answer does not echo the request: " + why, Kind: payments.ErrMalformed}}
}

// create sends a create that carries a custom_id (k.ref) and checks the
// answer echoes what was asked; an answer that does not, an unknown outcome
// or a duplicate custom_id is settled by resolve.
func create[T any](ctx context.Context, c *Client, k call, customIDOf func(*T) string,
	find func(context.Context, string) (*T, error), differs func(*T) string) (*T, error) {
	v, err := object[T](ctx, c, k)
	if err == nil {
		if got := customIDOf(v); got != k.ref {
			err = echoMismatch(k.op, k.ref, "custom_id "+truncate(got, 64))
		} else if why := differs(v); why != "" {
			err = echoMismatch(k.op, k.ref, why)
		} else {
			return v, nil
		}
	}
	return resolve(ctx, err, k.op, k.ref, find, differs)
}
