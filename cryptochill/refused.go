package cryptochill

import (
	"net/http"
	"strings"

	"github.com/coinsdk/coinsdk/payments"
)

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
