package cryptochilltest_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/stretchr/testify/require"
)

// FuzzSignedPayload sends correctly signed but arbitrary payloads to every writing endpoint:
// whatever the bytes, the sandbox must answer without panicking, never with a 5xx, and with
// the error shape on failure.
func FuzzSignedPayload(f *testing.F) {
	srv := cryptochilltest.NewServer(cryptochilltest.Options{})
	f.Cleanup(srv.Close)
	for _, seed := range []string{
		`{"profile_id": "` + srv.ProfileID + `", "amount": "10", "currency": "USD"}`,
		`{"profile_id": "` + srv.ProfileID + `", "amount": 1e999999999, "currency": "USD"}`,
		`{"profile_id": "` + srv.ProfileID + `", "recipients": [{"amount": "0.01", "currency": "BTC", "address": "x"}]}`,
		`{"approve": true}`, `{"id": ["a", 1]}`, `[1]`, `{`, `{"wallet": {}, "interval": "5"}`,
	} {
		for path := range 7 {
			f.Add(uint8(path), []byte(seed))
		}
	}
	paths := []string{"/v1/invoices/", "/v1/payouts/", "/v1/transactions/confirmations/", "/v1/conversions/",
		"/v1/automatic-payouts/", "/v1/automatic-conversions/", "/v1/payouts/confirmations/"}
	var nonce atomic.Uint64
	f.Fuzz(func(t *testing.T, which uint8, payload []byte) {
		path := paths[int(which)%len(paths)]
		raw := payload
		dec := json.NewDecoder(bytes.NewReader(payload))
		dec.UseNumber()
		var obj map[string]any
		if dec.Decode(&obj) == nil && obj != nil {
			obj["request"] = path
			obj["nonce"] = strconv.FormatUint(nonce.Add(1), 10)
			raw, _ = json.Marshal(obj)
		}
		b64, sig := signPayload(srv.APISecret, raw)
		req := httptest.NewRequest(http.MethodPost, path, nil)
		req.Header.Set("X-CC-KEY", srv.APIKey)
		req.Header.Set("X-CC-PAYLOAD", b64)
		req.Header.Set("X-CC-SIGNATURE", sig)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		require.Less(t, rec.Code, 500, "%s %q: %d %s", path, payload, rec.Code, rec.Body)
		if rec.Code >= 400 {
			m, err := decode(rec.Body.Bytes())
			require.NoError(t, err, "%s %q: error body %s", path, payload, rec.Body)
			require.EqualValues(t, "error", str(m, "result"), "%s %q: error body %s", path, payload, rec.Body)
			require.NotEqualValues(t, "<nil>", str(m, "reason"), "%s %q: error body %s", path, payload, rec.Body)
		}
	})
}
