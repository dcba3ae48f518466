package payments

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestAPIErrorSentinels(t *testing.T) {
	for status, want := range map[int]error{401: ErrUnauthorized, 403: ErrUnauthorized, 404: ErrNotFound,
		409: ErrDuplicateReference, 429: ErrRateLimited, 400: ErrInvalidRequest, 422: ErrInvalidRequest, 503: ErrProviderUnavailable} {
		err := fmt.Errorf("wrapped: %w", &APIError{Provider: "p", StatusCode: status, Kind: KindForStatus(status)})
		if !errors.Is(err, want) {
			t.Errorf("%d does not match %v", status, want)
		}
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != status {
			t.Errorf("%d: errors.As failed", status)
		}
	}
}

func TestAPIErrorText(t *testing.T) {
	e := &APIError{Provider: "cryptoprocessing", StatusCode: 400, Details: map[string]string{"b": "bad", "a": "worse"}}
	if got := e.Error(); got != "cryptoprocessing: HTTP 400 (a: worse; b: bad)" {
		t.Errorf("got %q", got)
	}
	e = &APIError{Provider: "x", StatusCode: 429, Raw: []byte(strings.Repeat("slow down ", 100))}
	if len(e.Error()) > 260 {
		t.Errorf("raw text not truncated: %d", len(e.Error()))
	}
}

func TestUnknownOutcome(t *testing.T) {
	cause := &NetworkError{Provider: "p", Operation: "POST /x", Err: context.DeadlineExceeded}
	err := fmt.Errorf("create: %w", &UnknownOutcomeError{Provider: "p", Operation: "create payout", Reference: "ref-1", Err: cause})
	if !errors.Is(err, ErrUnknownOutcome) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatal("sentinels do not match")
	}
	var uo *UnknownOutcomeError
	if !errors.As(err, &uo) || uo.Reference != "ref-1" {
		t.Fatal("reference lost")
	}
	if !strings.Contains(err.Error(), `"ref-1"`) {
		t.Errorf("message does not name the reference: %s", err)
	}
}

func TestValidationError(t *testing.T) {
	err := error(&ValidationError{Field: "amount", Reason: "must be greater than zero"})
	if !errors.Is(err, ErrValidation) || err.Error() != "coinsdk: invalid amount: must be greater than zero" {
		t.Errorf("%v", err)
	}
}
