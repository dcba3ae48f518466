package httpcore

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/option"
)

// cannedTransport answers every request with 200 {} without touching the network.
type cannedTransport struct{}

func (cannedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: io.NopCloser(strings.NewReader("{}")), Request: r}, nil
}

func cannedClient(tb testing.TB, logger *slog.Logger) *Client {
	tb.Helper()
	c, err := New(Config{Provider: "test", Settings: option.Settings{BaseURL: "https://api.example.test",
		HTTPClient: &http.Client{Transport: cannedTransport{}}, Logger: logger}})
	require.NoError(tb, err)
	return c
}

// TestDisabledDebugLogBuildsNothing: with the default (discarding) logger, or
// any logger above debug, writing the per-attempt line allocates nothing.
func TestDisabledDebugLogBuildsNothing(t *testing.T) {
	req := &Request{Method: "GET", Path: "/v1/x/"}
	ctx := context.Background()
	for name, l := range map[string]*slog.Logger{
		"discard": slog.New(slog.DiscardHandler),
		"info":    slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo})),
	} {
		c := cannedClient(t, l)
		start := time.Now()
		allocs := testing.AllocsPerRun(100, func() { c.logAttempt(ctx, req, 2, 503, start, nil) })
		assert.Zero(t, allocs, name)
	}
}

func TestDebugLogLine(t *testing.T) {
	var buf bytes.Buffer
	c := cannedClient(t, slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	_, err := c.Do(context.Background(), &Request{Operation: "get thing", Method: "GET", Path: "/v1/x/",
		Sign: func(r *http.Request) error { r.Header.Set("X-Secret", "SECRET"); return nil }})
	require.NoError(t, err)
	line := buf.String()
	assert.Contains(t, line, `op="get thing"`)
	assert.Contains(t, line, "status=200")
	assert.Contains(t, line, "attempt=1")
	assert.NotContains(t, line, "SECRET")
}

// benchLoggers runs loop on a cannedClient once with the default
// (discarding) logger, as sub-benchmark quiet, and once logging at debug.
func benchLoggers(b *testing.B, quiet string, loop func(b *testing.B, c *Client, ctx context.Context, req *Request)) {
	for _, bc := range []struct {
		name   string
		logger *slog.Logger
	}{
		{quiet, slog.New(slog.DiscardHandler)},
		{"debug", slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelDebug}))},
	} {
		b.Run(bc.name, func(b *testing.B) {
			c := cannedClient(b, bc.logger)
			b.ReportAllocs()
			loop(b, c, context.Background(), &Request{Method: "GET", Path: "/v1/x/"})
		})
	}
}

// BenchmarkDo measures one call through a canned transport: "discard" (the
// default logger) must show the same allocs/op as "nil" would without any
// logging code; "debug" shows what building the line costs.
func BenchmarkDo(b *testing.B) {
	benchLoggers(b, "discard", func(b *testing.B, c *Client, ctx context.Context, req *Request) {
		for b.Loop() {
			if _, err := c.Do(ctx, req); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkAttemptLog isolates the per-attempt log line: 0 allocs/op when
// debug is disabled.
func BenchmarkAttemptLog(b *testing.B) {
	benchLoggers(b, "disabled", func(b *testing.B, c *Client, ctx context.Context, req *Request) {
		start := time.Now()
		for b.Loop() {
			c.logAttempt(ctx, req, 2, 503, start, nil)
		}
	})
}
