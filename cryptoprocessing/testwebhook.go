package cryptoprocessing

import (
	"bytes"
	"crypto/sha512"
	"net/http"

	"github.com/coinsdk/coinsdk/internal/hmacsig"
	"github.com/coinsdk/coinsdk/payments"
)

// SignTestWebhook returns what CryptoProcessing would send for body, a
// callback's JSON: the same bytes, and the headers carrying their signature
// under secret (X-Processing-Signature, the HMAC-SHA512 of the raw body) and
// the Content-Type. Add X-Processing-Key yourself if your handler checks it.
// Use it to test a callback handler; ParseBody accepts the result.
func SignTestWebhook(secret string, body []byte) ([]byte, http.Header, error) {
	if secret == "" {
		return nil, nil, &payments.ValidationError{Field: "secret", Reason: "is required"}
	}
	if len(body) == 0 {
		return nil, nil, &payments.ValidationError{Field: "body", Reason: "is required"}
	}
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set(HeaderSignature, signBody(secret, body))
	return bytes.Clone(body), h, nil
}

// signBody is the signature CryptoProcessing puts on a callback's body
// under secret: lowercase hex HMAC-SHA512 (what SignTestWebhook sets).
func signBody(secret string, body []byte) string {
	return hmacsig.Hex(sha512.New, []byte(secret), body)
}
