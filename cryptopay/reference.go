package cryptopay

import (
	"context"
	"errors"
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
// *payments.ReferenceMismatchError (it matches payments.ErrDuplicateReference);
// an object not found keeps the original error (an unknown outcome stays
// unknown: the request may still arrive; retry with the same custom_id).
func resolve[T any](ctx context.Context, err error, object, customID string,
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
	if field := differs(found); field != "" {
		id := ""
		if o, ok := any(found).(identified); ok {
			id = o.cursor()
		}
		return nil, &payments.ReferenceMismatchError{Object: object, Reference: customID, ID: id, Field: field}
	}
	return found, nil
}

// echoMismatch reports a 2xx create answer that does not carry what was
// sent: the work may have been done, but this is not its answer.
func echoMismatch(op, customID, why string) error {
	return &payments.UnknownOutcomeError{Provider: ProviderName, Operation: op, Reference: customID,
		Err: &payments.APIError{Provider: ProviderName, StatusCode: http.StatusOK, Message: "answer does not echo the request: " + why, Kind: payments.ErrMalformed}}
}

// create sends a create that carries a custom_id (k.ref) and checks the
// answer echoes what was asked; an answer that does not, an unknown outcome
// or a duplicate custom_id is settled by resolve.
func create[T any](ctx context.Context, c *Client, k call, kind string, customIDOf func(*T) string,
	find func(context.Context, string) (*T, error), differs func(*T) string) (*T, error) {
	v, err := object[T](ctx, c, k)
	if err == nil {
		if got := customIDOf(v); got != k.ref {
			err = echoMismatch(k.op, k.ref, "custom_id "+truncate(got, 64))
		} else if field := differs(v); field != "" {
			err = echoMismatch(k.op, k.ref, field+" differs")
		} else {
			return v, nil
		}
	}
	return resolve(ctx, err, kind, k.ref, find, differs)
}
