package payments

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAPIErrorSentinels(t *testing.T) {
	for status, want := range map[int]error{401: ErrUnauthorized, 403: ErrUnauthorized, 404: ErrNotFound,
		409: ErrDuplicateReference, 429: ErrRateLimited, 400: ErrInvalidRequest, 422: ErrInvalidRequest, 503: ErrProviderUnavailable} {
		err := fmt.Errorf("wrapped: %w", &APIError{Provider: "p", StatusCode: status, Kind: KindForStatus(status)})
		assert.ErrorIs(t, err, want, "status %d", status)
		var apiErr *APIError
		if assert.ErrorAs(t, err, &apiErr, "status %d", status) {
			assert.Equal(t, status, apiErr.StatusCode)
		}
	}
}

func TestAPIErrorText(t *testing.T) {
	e := &APIError{Provider: "cryptoprocessing", StatusCode: 400, Details: map[string]string{"b": "bad", "a": "worse"}}
	assert.Equal(t, "cryptoprocessing: HTTP 400 (a: worse; b: bad)", e.Error())
	e = &APIError{Provider: "x", StatusCode: 429, Raw: []byte(strings.Repeat("slow down ", 100))}
	assert.LessOrEqual(t, len(e.Error()), 260, "raw text not truncated")
	e = &APIError{Provider: "x", StatusCode: 500, Raw: []byte(strings.Repeat("é", 300))}
	assert.True(t, utf8.ValidString(e.Error()), "truncated text is valid UTF-8")
}

func TestUnknownOutcome(t *testing.T) {
	cause := &NetworkError{Provider: "p", Operation: "POST /x", Err: context.DeadlineExceeded}
	err := fmt.Errorf("create: %w", &UnknownOutcomeError{Provider: "p", Operation: "create payout", Reference: "ref-1", Err: cause})
	require.ErrorIs(t, err, ErrUnknownOutcome)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	var uo *UnknownOutcomeError
	require.ErrorAs(t, err, &uo)
	assert.Equal(t, "ref-1", uo.Reference)
	assert.Contains(t, err.Error(), `"ref-1"`, "the message names the reference")
}

func TestValidationError(t *testing.T) {
	err := error(&ValidationError{Field: "amount", Reason: "must be greater than zero"})
	assert.ErrorIs(t, err, ErrValidation)
	assert.Equal(t, "coinsdk: invalid amount: must be greater than zero", err.Error())
	assert.False(t, errors.Is(err, ErrNotFound))
}

func TestAPIErrorTextNamesTheRequestID(t *testing.T) {
	e := &APIError{Provider: "cryptopay", StatusCode: 422, Code: "invalid", Message: "bad", RequestID: "req-42"}
	assert.Equal(t, "cryptopay: HTTP 422 invalid: bad [request id req-42]", e.Error())
	e.RequestID = ""
	assert.Equal(t, "cryptopay: HTTP 422 invalid: bad", e.Error())
}

// An unknown outcome whose cause is a "reference taken" answer (a retry of
// our own call) means one thing: it may exist. It never also reads as
// "belongs to someone else".
func TestUnknownOutcomeNeverDuplicate(t *testing.T) {
	taken := &APIError{Provider: "p", StatusCode: 409, Code: "reference_taken", Kind: ErrDuplicateReference}
	for _, cause := range []error{taken, fmt.Errorf("lookup failed after %w", taken),
		&ReferenceMismatchError{Object: "payout", Reference: "r", Field: "amount"}} {
		err := error(&UnknownOutcomeError{Provider: "p", Operation: "create payout", Reference: "r", ID: "p-1", Err: cause})
		assert.ErrorIs(t, err, ErrUnknownOutcome)
		assert.NotErrorIs(t, err, ErrDuplicateReference)
		assert.True(t, OneMeaning(err))
		assert.Contains(t, err.Error(), "reference", "the cause stays in the text")
		assert.Contains(t, err.Error(), `"p-1"`, "the provider id is named")
		wrapped := fmt.Errorf("payout: %w", err)
		assert.NotErrorIs(t, wrapped, ErrDuplicateReference)
	}
	// Other causes stay reachable.
	err := &UnknownOutcomeError{Provider: "p", Err: fmt.Errorf("x: %w", context.DeadlineExceeded)}
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	var api *APIError
	assert.ErrorAs(t, &UnknownOutcomeError{Err: &APIError{StatusCode: 502, Kind: ErrProviderUnavailable}}, &api)
	assert.False(t, OneMeaning(errors.Join(ErrUnknownOutcome, ErrDuplicateReference)))
}
