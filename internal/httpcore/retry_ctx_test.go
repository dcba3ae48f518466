package httpcore

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A cancel during the backoff wait after a 503 is reported as the caller's
// cancel, and the provider's answer stays reachable.
func TestWaitEndedByContextNamesBoth(t *testing.T) {
	srv := testServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	c := newWaitClient(t, srv.URL)
	ctx, cancel := context.WithCancel(t.Context())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	_, err := c.Do(ctx, &Request{Method: http.MethodGet, Path: "/x"})
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	var api *payments.APIError
	assert.ErrorAs(t, err, &api)
	assert.Contains(t, err.Error(), "retry not attempted")
}

func newWaitClient(t *testing.T, base string) *Client {
	t.Helper()
	c, err := New(Config{Provider: "test", Settings: option.Settings{BaseURL: base,
		Retry: RetryPolicy{MaxAttempts: 10, BaseDelay: time.Hour, MaxDelay: time.Hour}}})
	require.NoError(t, err)
	return c
}
