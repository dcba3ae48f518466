package cryptopaytest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// newCallbackServer serves the receiver; the signature check is an
// independent computation of the notes' rule (hex HMAC-SHA256 of the raw
// body under the callback secret).
func newCallbackServer(t *testing.T, rec *receiver) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mac := hmac.New(sha256.New, []byte(rec.secret))
		mac.Write(body)
		want := hex.EncodeToString(mac.Sum(nil))
		var cb callback
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		_ = dec.Decode(&cb)
		cb.raw = body
		cb.sigOK = hmac.Equal([]byte(r.Header.Get("X-Cryptopay-Signature")), []byte(want))
		rec.mu.Lock()
		rec.got = append(rec.got, cb)
		rec.mu.Unlock()
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}
