package cryptoprocessing

import (
	"bytes"
	"net/http"
)

// NewTestCallback builds the request CryptoProcessing would send to a
// merchant's callback URL with body: a POST with Content-Type,
// X-Processing-Key (apiKey) and X-Processing-Signature (body signed with
// secret). Merchants use it to test their handlers, by serving it with
// httptest.NewRecorder or sending it with an http.Client.
func NewTestCallback(callbackURL, apiKey, secret string, body []byte) (*http.Request, error) {
	r, err := http.NewRequest(http.MethodPost, callbackURL, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set(HeaderKey, apiKey)
	r.Header.Set(HeaderSignature, SignBody(secret, body))
	return r, nil
}
