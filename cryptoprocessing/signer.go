package cryptoprocessing

import (
	"crypto/sha512"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/credential"
)

// Header names of a signed request or callback.
const (
	// HeaderKey carries the merchant's public API key.
	HeaderKey = "X-Processing-Key"
	// HeaderSignature carries the lowercase hex HMAC-SHA512 of the body.
	HeaderSignature = "X-Processing-Signature"
)

// emptyBody is what a call without parameters sends and signs: the API
// wants a JSON object, never an empty body, null or [].
var emptyBody = []byte("{}")

// Signer signs CryptoProcessing requests: X-Processing-Signature is the
// lowercase hex HMAC-SHA512 of the exact body bytes under the API secret.
// Printing a Signer never shows the secret.
type Signer struct {
	// cred holds the key and secret unprintable, with keyed HMAC states
	// reused across signatures (every attempt of every call is signed).
	cred credential.Credential
}

// NewSigner returns a Signer for an API key and secret.
func NewSigner(apiKey, apiSecret string) *Signer {
	return &Signer{cred: credential.NewHMAC(sha512.New, apiKey, apiSecret)}
}

// hex is the hex HMAC of msg under the API secret.
func (s *Signer) hex(msg []byte) string { return s.cred.Hex(sha512.New, msg) }

// Format masks the secret for every verb.
func (s Signer) Format(f fmt.State, _ rune) {
	s.cred.Describe(f, "cryptoprocessing.Signer")
}

// Sign returns the X-Processing-Signature value for body. body must be the
// bytes sent: the server hashes what it receives, so a re-encoding of the
// same object (other key order, other spacing) does not verify.
func (s *Signer) Sign(body []byte) string {
	return s.hex(body)
}

// SignRequest sets X-Processing-Key and X-Processing-Signature on r for body,
// which must be r's body.
func (s *Signer) SignRequest(r *http.Request, body []byte) {
	r.Header.Set(HeaderKey, s.cred.Key())
	r.Header.Set(HeaderSignature, s.Sign(body))
}

// encode is the pipeline's Encode: the call's parameters become the JSON
// object sent, once, and every attempt signs those same bytes, so a retry
// can never carry a different body than the one signed. A call without
// parameters sends {} (the API wants an object); a GET without parameters
// (ping, the one unauthenticated call) sends nothing and is not signed.
func (s *Signer) encode(k *apicall.Call) ([]byte, func(*http.Request) error, error) {
	if k.Body == nil && k.Method == http.MethodGet {
		return nil, nil, nil
	}
	body := emptyBody
	if k.Body != nil {
		b, err := json.Marshal(k.Body)
		if err != nil {
			return nil, nil, fmt.Errorf("encoding request: %w", err)
		}
		if len(b) < 2 || b[0] != '{' {
			return nil, nil, fmt.Errorf("request body must be a JSON object")
		}
		body = b
	}
	return body, func(r *http.Request) error {
		s.SignRequest(r, body)
		return nil
	}, nil
}
