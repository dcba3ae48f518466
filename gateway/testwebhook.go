package gateway

import (
	"crypto/sha256"
	"net/http"

	"github.com/coinsdk/coinsdk/internal/webhookkit"
)

// SignTestWebhook returns what the service would send for body under the
// store's webhook secret, for merchants' tests: the body unchanged (the
// signature covers it whole) and the headers, Content-Type and
// X-Webhook-HMAC-SHA256 (the lowercase hex HMAC-SHA256 of the exact bytes).
// With an empty secret the header is left out, as the service does for a
// store without a webhook secret. body must be a JSON object.
func SignTestWebhook(secret string, body []byte) (signed []byte, header http.Header, err error) {
	return webhookkit.SignBody(ProviderName, sha256.New, HeaderSignature, secret, body)
}
