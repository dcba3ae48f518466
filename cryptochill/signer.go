package cryptochill

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/credential"
	"github.com/coinsdk/coinsdk/payments"
)

// Header names of a signed request.
const (
	HeaderKey       = "X-CC-KEY"
	HeaderPayload   = "X-CC-PAYLOAD"
	HeaderSignature = "X-CC-SIGNATURE"
)

// Signer signs CryptoChill requests: X-CC-PAYLOAD is the base64 of the JSON
// payload, X-CC-SIGNATURE the hex HMAC-SHA256 of that base64 text under the
// API secret. Printing a Signer never shows the secret.
type Signer struct {
	// cred holds the key and secret unprintable, with keyed HMAC states
	// reused across signatures (every attempt of every call is signed).
	cred credential.Credential
}

// NewSigner returns a Signer for an API key and secret.
func NewSigner(apiKey, apiSecret string) *Signer {
	return &Signer{cred: credential.NewHMAC(sha256.New, apiKey, apiSecret)}
}

// hex is the hex HMAC of msg under the API secret.
func (s *Signer) hex(msg []byte) string { return s.cred.Hex(sha256.New, msg) }

// Format masks the secret for every verb.
func (s Signer) Format(f fmt.State, _ rune) {
	s.cred.Describe(f, "cryptochill.Signer")
}

// encoder is the pipeline's Encode: CryptoChill carries a call's parameters
// in the signed payload header, never in a body. The parameters and the path
// are encoded once per call; each attempt appends a fresh nonce and signs
// again (a resent call with the same nonce would be refused).
func encoder(s *Signer, next func() int64) func(k *apicall.Call) ([]byte, func(*http.Request) error, error) {
	return func(k *apicall.Call) ([]byte, func(*http.Request) error, error) {
		// k.Path is escaped (ids go in through url.PathEscape) and is sent as
		// is; the signed "request" is the path the server decodes from it.
		reqPath, err := url.PathUnescape(k.Path)
		if err != nil {
			return nil, nil, &payments.ValidationError{Field: "path", Reason: "is not a valid escaped URL path"}
		}
		base, err := payloadBase(k.Body, reqPath) // encoded once; fails before any request
		if err != nil {
			return nil, nil, err
		}
		return nil, func(r *http.Request) error {
			s.SignRequest(r, withNonce(base, next()))
			return nil
		}, nil
	}
}

// Payload builds the JSON payload for a request: the parameters' fields in
// order, then "request" (the bare path) and "nonce" (as a string, as the
// Python reference sends it). params may be nil or anything that encodes to
// a JSON object. The bytes are spaced like Python's json.dumps, so the
// documentation's reference code and this client produce the same header for
// the same call; the server verifies the signature over the base64 text, so
// the spacing is cosmetic.
func Payload(params any, path string, nonce int64) ([]byte, error) {
	base, err := payloadBase(params, path)
	if err != nil {
		return nil, err
	}
	return withNonce(base, nonce), nil
}

// payloadBase is the payload up to the nonce's digits, spaced: the
// parameters and "request" are encoded once per call, and each attempt
// appends only its nonce (withNonce).
func payloadBase(params any, path string) ([]byte, error) {
	obj := []byte("{}")
	if params != nil {
		b, err := json.Marshal(params)
		if err != nil {
			return nil, fmt.Errorf("cryptochill: encoding payload: %w", err)
		}
		if len(b) < 2 || b[0] != '{' {
			return nil, fmt.Errorf("cryptochill: payload must be a JSON object")
		}
		obj = b
	}
	reqJSON, _ := json.Marshal(path)
	out := make([]byte, 0, len(obj)+len(reqJSON)+24)
	out = append(out, obj[:len(obj)-1]...)
	if len(obj) > 2 {
		out = append(out, ',')
	}
	out = append(out, `"request":`...)
	out = append(out, reqJSON...)
	out = append(out, `,"nonce":"`...)
	// Spacing the prefix gives the same bytes as spacing the whole payload:
	// what follows (digits, a quote, a brace) holds no separator.
	return pythonSpacing(out), nil
}

// withNonce completes a payloadBase with the nonce.
func withNonce(base []byte, nonce int64) []byte {
	out := make([]byte, 0, len(base)+22)
	out = append(out, base...)
	out = strconv.AppendInt(out, nonce, 10)
	return append(out, '"', '}')
}

// Sign returns the X-CC-PAYLOAD and X-CC-SIGNATURE values for payload.
func (s *Signer) Sign(payload []byte) (encoded, signature string) {
	enc := make([]byte, base64.StdEncoding.EncodedLen(len(payload)))
	base64.StdEncoding.Encode(enc, payload)
	return string(enc), s.hex(enc)
}

// SignRequest sets the three authentication headers on r.
func (s *Signer) SignRequest(r *http.Request, payload []byte) {
	encoded, sig := s.Sign(payload)
	r.Header.Set(HeaderKey, s.cred.Key())
	r.Header.Set(HeaderPayload, encoded)
	r.Header.Set(HeaderSignature, sig)
}

// pythonSpacing rewrites compact JSON with ", " and ": " separators outside
// strings, as Python's json.dumps writes them.
func pythonSpacing(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/8)
	inString, escaped := false, false
	for _, c := range b {
		out = append(out, c)
		switch {
		case inString && escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case !inString && (c == ',' || c == ':'):
			out = append(out, ' ')
		}
	}
	return out
}
