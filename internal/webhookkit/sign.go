package webhookkit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash"
	"net/http"

	"github.com/coinsdk/coinsdk/internal/hmacsig"
	"github.com/coinsdk/coinsdk/payments"
)

// SignBody is SignTestWebhook for a provider that signs the whole raw body
// in a header: it returns a copy of body, which must be a JSON object (else
// an error matching payments.ErrMalformed), and the headers of the
// delivery: a JSON Content-Type and, under a non-empty secret, header with
// the lowercase hex HMAC (over h) of the exact bytes, as VerifyHeader
// checks it.
func SignBody(provider string, h func() hash.Hash, header, secret string, body []byte) ([]byte, http.Header, error) {
	if t := bytes.TrimSpace(body); len(t) == 0 || t[0] != '{' || !json.Valid(t) {
		return nil, nil, fmt.Errorf("%s: test webhook: %w: body must be a JSON object", provider, payments.ErrMalformed)
	}
	out := http.Header{"Content-Type": {"application/json"}}
	if secret != "" {
		out.Set(header, hmacsig.Hex(h, []byte(secret), body))
	}
	return bytes.Clone(body), out, nil
}
