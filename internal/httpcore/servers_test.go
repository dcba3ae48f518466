package httpcore

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
)

// The test servers and clients the httpcore tests share: a provider stand-in
// that lives as long as the test, counts the attempts it is sent, and
// answers them from a script, and clients that record the waits between
// attempts instead of sleeping.

// testServer serves h for the lifetime of the test.
func testServer(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// countingServer is a testServer that counts the attempts it receives;
// h is given each attempt's number, from 1.
func countingServer(t *testing.T, h func(attempt int32, w http.ResponseWriter, r *http.Request)) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := testServer(t, func(w http.ResponseWriter, r *http.Request) { h(n.Add(1), w, r) })
	return srv, &n
}

// server answers each attempt with the next of answers (status, body);
// status 0 hijacks and closes the connection (a reset after the request).
func server(t *testing.T, answers ...[2]any) (*httptest.Server, *atomic.Int32, *[]string) {
	t.Helper()
	var sigs []string
	srv, n := countingServer(t, func(attempt int32, w http.ResponseWriter, r *http.Request) {
		sigs = append(sigs, r.Header.Get("X-Sig"))
		i := min(int(attempt), len(answers)) - 1
		status, body := answers[i][0].(int), answers[i][1].(string)
		if status == 0 {
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
			return
		}
		if status == 429 {
			w.Header().Set("Retry-After", "1")
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	})
	return srv, n, &sigs
}

// refusingServer refuses the first n attempts with 401 "stale", then answers 200.
func refusingServer(t *testing.T, n int32) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	return countingServer(t, func(attempt int32, w http.ResponseWriter, _ *http.Request) {
		if attempt <= n {
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte("stale"))
			return
		}
		_, _ = w.Write([]byte(`{}`))
	})
}

// rateLimited answers every request 429 with the given Retry-After.
func rateLimited(t *testing.T, retryAfter string) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	return countingServer(t, func(_ int32, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", retryAfter)
		w.WriteHeader(http.StatusTooManyRequests)
	})
}

// recordingClient is a Client of base with cfg's hooks, whose Sleep records
// each wait instead of sleeping.
func recordingClient(t *testing.T, base string, maxAttempts int, cfg Config) (*Client, *[]time.Duration) {
	t.Helper()
	var waits []time.Duration
	cfg.Provider = "test"
	cfg.Settings = option.Settings{BaseURL: base, Retry: RetryPolicy{MaxAttempts: maxAttempts},
		Sleep: func(ctx context.Context, d time.Duration) error { waits = append(waits, d); return ctx.Err() }}
	c, err := New(cfg)
	require.NoError(t, err)
	return c, &waits
}

// newClient is a Client of base that makes up to 3 attempts.
func newClient(t *testing.T, base string) (*Client, *[]time.Duration) {
	t.Helper()
	return recordingClient(t, base, 3, Config{})
}

// refusingClient is a Client of base whose provider refuses an attempt
// with 401 "stale" (refusingServer's answer).
func refusingClient(t *testing.T, base string, maxAttempts int) (*Client, *[]time.Duration) {
	t.Helper()
	return recordingClient(t, base, maxAttempts, Config{
		DecodeError: func(_ int, _ http.Header, body []byte) *payments.APIError {
			return &payments.APIError{Code: string(body)}
		},
		Refused: func(e *payments.APIError) bool { return e.StatusCode == 401 && e.Code == "stale" }})
}

// signer signs each attempt with its number in X-Sig.
func signer() func(*http.Request) error {
	var n atomic.Int32
	return func(r *http.Request) error {
		r.Header.Set("X-Sig", fmt.Sprint(n.Add(1)))
		return nil
	}
}
