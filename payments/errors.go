package payments

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Sentinel errors. Every error coinsdk returns that means one of these matches
// it with errors.Is, whatever its concrete type.
var (
	// ErrNotFound: the provider has no such object (HTTP 404 or the provider's equivalent).
	ErrNotFound = errors.New("coinsdk: not found")
	// ErrUnauthorized: the credentials, signature or permissions were refused (401, 403).
	ErrUnauthorized = errors.New("coinsdk: unauthorized")
	// ErrRateLimited: the provider asked to slow down (429); see APIError.RetryAfter.
	ErrRateLimited = errors.New("coinsdk: rate limited")
	// ErrInvalidRequest: the provider rejected the request's content (400, 422).
	ErrInvalidRequest = errors.New("coinsdk: invalid request")
	// ErrDuplicateReference: the merchant reference (reference_id, foreign_id,
	// custom_id, orderId) was already used for another object.
	ErrDuplicateReference = errors.New("coinsdk: duplicate reference")
	// ErrProviderUnavailable: the provider failed (5xx) on a call that changed nothing.
	ErrProviderUnavailable = errors.New("coinsdk: provider unavailable")
	// ErrInvalidSignature: a webhook (or a response) failed signature verification.
	ErrInvalidSignature = errors.New("coinsdk: invalid signature")
	// ErrPayloadTooLarge: a webhook body exceeded the size cap.
	ErrPayloadTooLarge = errors.New("coinsdk: payload too large")
	// ErrMalformed: a body could not be decoded (webhook or API response).
	ErrMalformed = errors.New("coinsdk: malformed payload")
	// ErrUnsupported: the provider does not offer this capability.
	ErrUnsupported = errors.New("coinsdk: unsupported by this provider")
	// ErrUnknownOutcome: a call that moves money or creates an object may or may
	// not have taken effect (timeout, reset, 5xx). Do not blindly repeat it: look
	// the object up by its reference (see UnknownOutcomeError.Reference), or
	// retry with the same reference so the provider deduplicates.
	ErrUnknownOutcome = errors.New("coinsdk: outcome unknown")
	// ErrValidation: a parameter failed local validation; see *ValidationError.
	ErrValidation = errors.New("coinsdk: invalid parameter")
	// ErrRedirectRefused: the provider's host answered with a redirect, which
	// coinsdk never follows (a signed request goes only to the configured
	// base URL). A misconfigured base URL, or a host that should not be
	// trusted with the credentials.
	ErrRedirectRefused = errors.New("coinsdk: redirect refused")
)

// APIError is a failed call as the provider answered it.
//
// It never carries request headers, signatures or secrets: only what the
// provider sent back, read through a size cap.
type APIError struct {
	// Provider names the provider ("cryptochill", "cryptoprocessing", …).
	Provider string
	// StatusCode is the HTTP status.
	StatusCode int
	// Code is the provider's machine-readable error code or reason, if any.
	Code string
	// Message is the provider's human-readable message, if any.
	Message string
	// RequestID is the provider's request id, if it sent one.
	RequestID string
	// Details holds per-field messages from validation errors.
	Details map[string]string
	// RetryAfter is the wait the provider asked for on 429/503, if any.
	RetryAfter time.Duration
	// Raw is the response body as received (capped); a non-JSON body is kept as text.
	Raw []byte
	// Kind is the sentinel this error matches with errors.Is (ErrNotFound, …);
	// providers set it from the status and their own error codes.
	Kind error
}

// Error describes the failure without any secret.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString(e.Provider)
	b.WriteString(": HTTP ")
	b.WriteString(strconv.Itoa(e.StatusCode))
	if e.Code != "" {
		b.WriteString(" ")
		b.WriteString(e.Code)
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	} else if e.Code == "" && len(e.Raw) > 0 {
		b.WriteString(": ")
		b.WriteString(truncate(string(e.Raw), 200))
	}
	if len(e.Details) > 0 {
		b.WriteString(" (")
		b.WriteString(formatDetails(e.Details))
		b.WriteString(")")
	}
	if e.RequestID != "" {
		// The provider's support asks for it first; it is the provider's
		// own id for the call, never a secret.
		b.WriteString(" [request id ")
		b.WriteString(truncate(e.RequestID, 100))
		b.WriteString("]")
	}
	return b.String()
}

// Unwrap lets errors.Is match the sentinel in Kind.
func (e *APIError) Unwrap() error { return e.Kind }

// KindForStatus is the default sentinel for an HTTP status, used when a
// provider's own error code says nothing more precise.
func KindForStatus(status int) error {
	switch {
	case status == 401 || status == 403:
		return ErrUnauthorized
	case status == 404:
		return ErrNotFound
	case status == 409:
		return ErrDuplicateReference
	case status == 429:
		return ErrRateLimited
	case status >= 500:
		return ErrProviderUnavailable
	case status >= 400:
		return ErrInvalidRequest
	}
	return nil
}

// ValidationError is a parameter that failed local validation before any
// request was sent.
type ValidationError struct {
	// Field is the parameter's name as the provider spells it ("recipients[0].amount").
	Field string
	// Reason says what is wrong, without echoing secrets.
	Reason string
}

// Error describes the field and reason.
func (e *ValidationError) Error() string {
	return "coinsdk: invalid " + e.Field + ": " + e.Reason
}

// Is makes errors.Is(err, ErrValidation) true.
func (e *ValidationError) Is(target error) bool { return target == ErrValidation }

// UnknownOutcomeError reports a call that may or may not have taken effect.
// It matches ErrUnknownOutcome with errors.Is, and unwraps to the cause.
type UnknownOutcomeError struct {
	// Provider names the provider.
	Provider string
	// Operation names the call ("create payout").
	Operation string
	// Reference is the merchant reference the call carried: look the object up
	// by it, or repeat the call with it so the provider deduplicates.
	Reference string
	// ID is the provider's id for the object when the call saw one (an
	// answer that could not be trusted still named it), else "".
	ID string
	// Err is the last cause (a timeout, a reset, a 5xx *APIError).
	Err error
}

// Error says what is unknown and how to resolve it.
func (e *UnknownOutcomeError) Error() string {
	msg := e.Provider + ": " + e.Operation + ": outcome unknown"
	if e.Reference != "" {
		msg += " (look it up by reference " + strconv.Quote(e.Reference) + ")"
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Is makes errors.Is(err, ErrUnknownOutcome) true.
func (e *UnknownOutcomeError) Is(target error) bool { return target == ErrUnknownOutcome }

// Unwrap returns the cause.
func (e *UnknownOutcomeError) Unwrap() error { return e.Err }

// truncate caps s at n bytes, cutting on a UTF-8 rune boundary so that an
// error text never ends in half a character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func formatDetails(d map[string]string) string {
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s: %s", k, truncate(d[k], 200)))
	}
	return strings.Join(parts, "; ")
}

// NetworkError is a call that got no HTTP answer: a refused connection, a
// reset, a timeout. It unwraps to the cause, so errors.Is(err,
// context.DeadlineExceeded) works. Its text names the method and path only,
// never the host's credentials or query.
type NetworkError struct {
	// Provider names the provider.
	Provider string
	// Operation names the call ("GET /v1/invoices/").
	Operation string
	// Err is the cause.
	Err error
}

// Error describes the failure.
func (e *NetworkError) Error() string {
	return e.Provider + ": " + e.Operation + ": " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *NetworkError) Unwrap() error { return e.Err }
