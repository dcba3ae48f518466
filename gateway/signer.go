package gateway

import (
	"encoding/base64"
	"fmt"
	"net/http"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/redact"
)

// HeaderSignature carries a webhook's signature: the lowercase hex
// HMAC-SHA256 of the raw body under the store's webhook secret.
const HeaderSignature = "X-Webhook-HMAC-SHA256"

// Signer authenticates requests with HTTP Basic auth (username = API key,
// password = API secret), as the API wants on every request. Printing a
// Signer never shows the secret.
type Signer struct {
	keyHint       string        // the API key, masked
	authorization redact.Secret // "Basic base64(key:secret)", computed once
}

// NewSigner returns a Signer for an API key and secret.
func NewSigner(apiKey, apiSecret string) *Signer {
	return &Signer{keyHint: redact.Key(apiKey), authorization: redact.NewSecret(BasicAuthorization(apiKey, apiSecret))}
}

// Format masks the secret for every verb.
func (s Signer) Format(f fmt.State, _ rune) {
	redact.Format(f, "gateway.Signer", "key", s.keyHint, "secret", redact.Mask(s.authorization.Reveal()))
}

// SignRequest sets the Authorization header of r.
func (s *Signer) SignRequest(r *http.Request) {
	r.Header.Set("Authorization", s.authorization.Reveal())
}

// encode is the pipeline's Encode: the body as JSON, once, and the
// per-attempt signer, which sets Basic auth and the Content-Type the API
// wants on every request, GETs included.
func (s *Signer) encode(k *apicall.Call) ([]byte, func(*http.Request) error, error) {
	body, err := apicall.JSONBody(k.Body)
	return body, s.sign, err
}

// sign signs one attempt.
func (s *Signer) sign(r *http.Request) error {
	r.Header.Set("Content-Type", "application/json")
	s.SignRequest(r)
	return nil
}

// BasicAuthorization returns the Authorization header value for an API key
// and secret: "Basic " + base64(key ":" secret), RFC 7617.
func BasicAuthorization(apiKey, apiSecret string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(apiKey+":"+apiSecret))
}
