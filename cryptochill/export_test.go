package cryptochill

import (
	"context"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/internal/httpcore"
)

// withoutSleep rebuilds the client's HTTP core with a no-op sleep so that
// retry tests take no wall time.
func withoutSleep(t *testing.T, c *Client) *httpcore.Client {
	t.Helper()
	hc, err := httpcore.New(httpcore.Config{
		Provider: ProviderName, BaseURL: c.opts.baseURL, HTTPClient: c.opts.httpClient,
		Retry: httpcore.RetryPolicy{MaxAttempts: c.opts.maxAttempts}, DecodeError: decodeError, Now: c.opts.now,
		Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() },
	})
	if err != nil {
		t.Fatal(err)
	}
	return hc
}
