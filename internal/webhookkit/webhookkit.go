// Package webhookkit holds the verifier mechanics every provider's
// WebhooksService shares: reading the raw body under the cap before
// parsing, refusing an empty one, turning the current and previous secrets
// into HMAC keys, and checking a body signature carried in a header in
// constant time, with the same refusal errors on every provider. What a
// provider's webhooks.go keeps is its own: the header, the hash, the
// envelope and the event it decodes.
package webhookkit

import (
	"bytes"
	"fmt"
	"hash"
	"net/http"
	"strconv"
	"strings"

	"github.com/coinsdk/coinsdk/internal/hmacsig"
	"github.com/coinsdk/coinsdk/internal/redact"
	"github.com/coinsdk/coinsdk/payments"
)

// Parse reads r's body through the size cap (ReadBody: limit, or
// DefaultLimit when limit <= 0) and hands the exact bytes, with
// r's headers, to parseBody: every provider's WebhooksService.Parse.
func Parse[E any](r *http.Request, provider string, limit int64, parseBody func([]byte, http.Header) (E, error)) (E, error) {
	body, err := ReadBody(r, provider, limit)
	if err != nil {
		var zero E
		return zero, err
	}
	return parseBody(body, r.Header)
}

// CheckBody refuses a body already in memory that is over the cap
// (payments.ErrPayloadTooLarge, as CheckSize) or holds nothing but
// white space (payments.ErrMalformed), before any signature is checked.
func CheckBody(body []byte, provider string, limit int64) error {
	if err := CheckSize(body, provider, limit); err != nil {
		return err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return fmt.Errorf("%s webhook: %w: empty body", provider, payments.ErrMalformed)
	}
	return nil
}

// Format prints a WebhooksService as name{<secretsField>: "<n> masked",
// apiClient: <bool>}: how many secrets it holds, never one of them, and
// whether it can refresh events from the API.
func Format(f fmt.State, name, secretsField string, secrets int, apiClient bool) {
	redact.Format(f, name, secretsField, strconv.Itoa(secrets)+" masked", "apiClient", strconv.FormatBool(apiClient))
}

// AppendKeys appends the secrets, current first, to buf as HMAC keys: buf
// may be a caller's stack array for the usual one or two secrets.
func AppendKeys(buf [][]byte, secrets []redact.Secret) [][]byte {
	for _, k := range secrets {
		buf = append(buf, k.Bytes())
	}
	return buf
}

// VerifyHeader checks sig, the value of the header named header, as the
// hex HMAC (over h) of the exact body under any of secrets, in constant
// time. Every refusal matches payments.ErrInvalidSignature and names the
// header, never the signature: no secret configured, no signature, or a
// signature that matches none of the secrets.
func VerifyHeader(provider string, h func() hash.Hash, secrets []redact.Secret, body []byte, header, sig string) error {
	if len(secrets) == 0 {
		return fmt.Errorf("%s webhook: %w: no webhook secret configured to verify %s", provider, payments.ErrInvalidSignature, header)
	}
	if strings.TrimSpace(sig) == "" {
		return fmt.Errorf("%s webhook: %w: no %s header", provider, payments.ErrInvalidSignature, header)
	}
	var buf [4][]byte
	if !hmacsig.VerifyAny(h, AppendKeys(buf[:0], secrets), body, sig) {
		return fmt.Errorf("%s webhook: %w: %s does not match the body", provider, payments.ErrInvalidSignature, header)
	}
	return nil
}
