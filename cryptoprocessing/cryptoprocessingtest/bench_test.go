package cryptoprocessingtest_test

import (
	"bytes"
	"io"
	"net/http"
	"testing"
)

// BenchmarkAuthenticatedRoundTrip measures one signed accounts/list call:
// client signing, server verification, handling and the HTTP round trip.
func BenchmarkAuthenticatedRoundTrip(b *testing.B) {
	e := newEnv(b)
	body := []byte(`{}`)
	url := e.srv.URL + "/accounts/list"
	b.ReportAllocs()
	for b.Loop() {
		req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Processing-Key", e.srv.APIKey)
		req.Header.Set("X-Processing-Signature", testSign(e.srv.APISecret, body))
		resp, err := e.hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
}
