package cryptochill

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/coinsdk/coinsdk/internal/httpcore"
	"github.com/coinsdk/coinsdk/payments"
)

// apiErrorBody is CryptoChill's error shape:
// {"result": "error", "reason": "<Constant>", "message": "<text>"}.
type apiErrorBody struct {
	Result  string `json:"result"`
	Reason  string `json:"reason"`
	Message string `json:"message"`
	// RequestID is not documented; taken when present. Without it the core
	// fills APIError.RequestID from X-Request-Id or the CDN's ray id.
	RequestID string `json:"request_id"`
}

// decodeError turns a non-2xx response into a *payments.APIError. A body
// that is not the documented shape (a proxy's HTML page) is kept as text in
// Raw by the core.
func decodeError(status int, _ http.Header, body []byte) *payments.APIError {
	e := &payments.APIError{}
	var b apiErrorBody
	if json.Unmarshal(body, &b) == nil {
		e.Code = b.Reason
		e.Message = b.Message
		e.RequestID = httpcore.CleanRequestID(b.RequestID)
	}
	e.Kind = payments.KindForStatus(status)
	// A reused reference_id is refused as a plain invalid value; recognise it
	// by the message so callers can match ErrDuplicateReference.
	if status == http.StatusBadRequest && strings.Contains(strings.ToLower(b.Message), "reference_id") &&
		(strings.Contains(strings.ToLower(b.Message), "exist") || strings.Contains(strings.ToLower(b.Message), "unique")) {
		e.Kind = payments.ErrDuplicateReference
	}
	if strings.EqualFold(b.Reason, "ObjectNotFound") {
		e.Kind = payments.ErrNotFound
	}
	return e
}

// ReasonInvalidNonce is CryptoChill's error reason for a nonce at or below
// the last one it saw for the API key (HTTP 401).
const ReasonInvalidNonce = "InvalidNonce"

// nonceRefused reports CryptoChill's refusal of a stale nonce. Concurrent
// requests reach the API out of order: a request signed with nonce n may
// arrive after one signed with n+1 and is then refused before anything is
// done. The core resends such a call freshly signed (a new nonce), even a
// create, a bounded number of times with short jittered backoff.
func nonceRefused(e *payments.APIError) bool {
	return e.StatusCode == http.StatusUnauthorized && strings.EqualFold(e.Code, ReasonInvalidNonce)
}
