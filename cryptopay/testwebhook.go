package cryptopay

import (
	"crypto/sha256"
	"net/http"

	"github.com/coinsdk/coinsdk/internal/hmacsig"
	"github.com/coinsdk/coinsdk/internal/webhookkit"
	"github.com/coinsdk/coinsdk/payments"
)

// signCallback returns the X-Cryptopay-Signature value Cryptopay puts on
// body under a callback secret: the lowercase hex HMAC-SHA256 of the bytes
// (what SignTestWebhook sets, for tests that sign a body by hand).
func signCallback(secret string, body []byte) string {
	return hmacsig.Hex(sha256.New, []byte(secret), body)
}

// SignTestWebhook returns what Cryptopay would send for body: the same
// bytes (Cryptopay signs in a header, not in the body) and the headers
// (Content-Type and X-Cryptopay-Signature). Merchants use it to test their
// handlers. body must be a JSON object.
func SignTestWebhook(secret string, body []byte) (signed []byte, header http.Header, err error) {
	if secret == "" {
		return nil, nil, &payments.ValidationError{Field: "secret", Reason: "is required"}
	}
	return webhookkit.SignBody(ProviderName, sha256.New, HeaderSignature, secret, body)
}
