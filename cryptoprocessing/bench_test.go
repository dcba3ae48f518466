package cryptoprocessing

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/coinsdk/coinsdk/option"
)

// Timings go to benchmark reports only; nothing here asserts on speed.

func BenchmarkSign(b *testing.B) {
	s := NewSigner(testKey, testSecret)
	body := []byte(`{"foreign_id":"2f1c6a0e-5d3b-4f8e-9a51-3c0f7f1d2b9a","amount":"0.01","currency":"BTC","address":"bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"}`)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		_ = s.Sign(body)
	}
}

// BenchmarkParseCallback is what a callback handler pays per delivery:
// constant-time verification, then lenient decoding.
func BenchmarkParseCallback(b *testing.B) {
	c, _ := newTestClient(b)
	body := []byte(fixture(b, "callback_withdrawal_exchange_confirmed.json"))
	sig := SignBody(testSecret, body)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Webhooks.ParseBody(body, sigHeader(sig)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRoundTrip is one signed call against a local server: encode,
// sign, send, read, decode.
func BenchmarkRoundTrip(b *testing.B) {
	answer := []byte(fixture(b, "address_btc.json"))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(answer)
	}))
	defer srv.Close()
	c, err := New(Config{APIKey: testKey, APISecret: testSecret}, option.WithBaseURL(srv.URL+"/api/v2"), option.WithHTTPClient(srv.Client()))
	if err != nil {
		b.Fatal(err)
	}
	p := &AddressParams{Currency: "BTC", ForeignID: "customer-42"}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Addresses.Take(ctx, p); err != nil {
			b.Fatal(err)
		}
	}
}
