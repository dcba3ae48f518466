package cryptochilltest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
)

// keyRole is what an API key may do.
type keyRole int

const (
	roleMain     keyRole = iota + 1 // every permission; payouts above MaxPayout become drafts
	roleApprover                    // only "Approve": see payouts and approve or reject drafts
)

// authenticate checks the three X-CC headers the way the provider's documentation describes
// them and returns the decoded payload, which carries the parameters of POST and PUT requests.
//
// The order matters: the signature is checked on the base64 text exactly as received before
// anything is decoded, so an unsigned request never reaches the JSON decoder; a correctly
// signed but undecodable payload is a client bug and answers 400; the nonce is consumed only
// by a request that passed every other check, so a rejected request cannot burn one.
func (s *Server) authenticate(r *http.Request) (keyRole, map[string]any, *reply) {
	fail := func(status int, reason, msg string) (keyRole, map[string]any, *reply) {
		rep := errorReply(status, reason, msg)
		return 0, nil, &rep
	}
	key := r.Header.Get("X-CC-KEY")
	var role keyRole
	var secret string
	switch {
	case key == "":
		return fail(http.StatusUnauthorized, reasonInvalidAPIKey, "Missing X-CC-KEY header.")
	case key == s.APIKey:
		role, secret = roleMain, s.APISecret
	case key == s.ApproverKey:
		role, secret = roleApprover, s.ApproverSecret
	default:
		return fail(http.StatusUnauthorized, reasonInvalidAPIKey, "Invalid API key.")
	}
	b64 := r.Header.Get("X-CC-PAYLOAD")
	sig := r.Header.Get("X-CC-SIGNATURE")
	if b64 == "" || sig == "" {
		return fail(http.StatusUnauthorized, reasonInvalidSignature, "Missing X-CC-PAYLOAD or X-CC-SIGNATURE header.")
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(b64))
	want := hex.EncodeToString(mac.Sum(nil))
	// Compared as lowercase hex text: the provider's reference code produces hexdigest(), and
	// hmac.Equal keeps the comparison constant-time.
	if !hmac.Equal([]byte(want), []byte(sig)) {
		return fail(http.StatusUnauthorized, reasonInvalidSignature, "Invalid signature.")
	}
	raw, err := base64.StdEncoding.Strict().DecodeString(b64)
	if err != nil {
		return fail(http.StatusBadRequest, reasonInvalidPayload, "X-CC-PAYLOAD is not valid padded standard base64.")
	}
	payload, err := decodeObject(raw)
	if err != nil {
		return fail(http.StatusBadRequest, reasonInvalidPayload, "X-CC-PAYLOAD must be a JSON object: "+err.Error())
	}
	if req, _ := payload["request"].(string); req != r.URL.Path {
		return fail(http.StatusUnauthorized, reasonInvalidSignature, "Payload \"request\" does not match the requested path "+strconv.Quote(r.URL.Path)+".")
	}
	nonce, ok := parseNonce(payload["nonce"])
	if !ok {
		return fail(http.StatusUnauthorized, reasonInvalidNonce, "Payload \"nonce\" must be a non-negative integer (string or number).")
	}
	s.mu.Lock()
	last, seen := s.st.nonces[key]
	fresh := !seen || nonce > last
	if fresh {
		s.st.nonces[key] = nonce
	}
	s.mu.Unlock()
	if !fresh {
		return fail(http.StatusUnauthorized, reasonInvalidNonce, "Nonce must be greater than the last one used with this key ("+strconv.FormatUint(last, 10)+").")
	}
	return role, payload, nil
}

// decodeObject decodes exactly one JSON object, keeping numbers as json.Number so that no
// amount ever passes through binary floating point and a huge literal cannot overflow anything.
func decodeObject(raw []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, errors.New("invalid JSON")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("trailing data after the JSON value")
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("not an object")
	}
	return obj, nil
}

// parseNonce accepts the nonce as the Python reference sends it (a string of digits) or as
// the JavaScript one does (a number). Anything else, including 1e12 or -1, is refused.
func parseNonce(v any) (uint64, bool) {
	var text string
	switch x := v.(type) {
	case string:
		text = x
	case json.Number:
		text = x.String()
	default:
		return 0, false
	}
	if text == "" || len(text) > 20 {
		return 0, false
	}
	for _, c := range text {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(text, 10, 64)
	return n, err == nil
}
