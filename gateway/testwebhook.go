package gateway

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/coinsdk/coinsdk/internal/hmacsig"
	"github.com/coinsdk/coinsdk/payments"
)

// SignTestWebhook returns what the service would send for body under the
// store's webhook secret, for merchants' tests: the body unchanged (the
// signature covers it whole) and the headers, Content-Type and
// X-Webhook-HMAC-SHA256. With an empty secret the header is left out, as
// the service does for a store without a webhook secret. body must be a
// JSON object.
func SignTestWebhook(secret string, body []byte) (signed []byte, header http.Header, err error) {
	if t := bytes.TrimSpace(body); len(t) == 0 || t[0] != '{' || !json.Valid(t) {
		return nil, nil, fmt.Errorf("%s: test webhook: %w: body must be a JSON object", ProviderName, payments.ErrMalformed)
	}
	header = http.Header{"Content-Type": {"application/json"}}
	if secret != "" {
		header.Set(HeaderSignature, signWebhookBody(secret, body))
	}
	return bytes.Clone(body), header, nil
}

// signWebhookBody returns the X-Webhook-HMAC-SHA256 value the service puts
// on body under secret: the lowercase hex HMAC-SHA256 of the exact bytes.
func signWebhookBody(secret string, body []byte) string {
	return hmacsig.Hex(sha256.New, []byte(secret), body)
}
