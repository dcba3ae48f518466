package cryptoprocessingtest

import (
	"crypto/hmac"
	"crypto/sha512"
	"encoding/hex"
	"net/http"
)

// Header names the provider uses on requests and on callbacks.
const (
	headerKey       = "X-Processing-Key"
	headerSignature = "X-Processing-Signature"
)

// sign is the provider's signature: lowercase hex of HMAC-SHA512 keyed with
// the API secret over the exact body bytes. It is written here from the
// provider's documentation rather than shared with the client, so the two
// implementations check each other.
func sign(secret string, body []byte) string {
	mac := hmac.New(sha512.New, []byte(secret))
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

// authenticate checks the key, then the signature over the raw bytes
// received (never a re-encoding), answering 403 with the provider's codes.
// Comparisons are constant-time so the sandbox does not teach clients to
// rely on anything weaker.
func (s *Server) authenticate(h http.Header, body []byte) (reply, bool) {
	key := h.Get(headerKey)
	if key == "" {
		return codeReply(http.StatusForbidden, "The X-Processing-Key header is required", "required_header_key"), false
	}
	if !hmac.Equal([]byte(key), []byte(s.APIKey)) {
		return codeReply(http.StatusForbidden, "The X-Processing-Key header is invalid", "bad_header_key"), false
	}
	sig := h.Get(headerSignature)
	if sig == "" {
		return codeReply(http.StatusForbidden, "The X-Processing-Signature header is required", "required_header_signature"), false
	}
	if !hmac.Equal([]byte(sig), []byte(sign(s.APISecret, body))) {
		return codeReply(http.StatusForbidden, "The X-Processing-Signature header is invalid", "bad_header_signature"), false
	}
	return reply{}, true
}
