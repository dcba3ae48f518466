package httpcore

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/payments"
)

func TestHugeRetryAfterIsClampedNotNegative(t *testing.T) {
	for _, v := range []string{"10000000000", "99999999999999999999999", "9223372036"} {
		srv, n := rateLimited(t, v)
		c, waits := newClient(t, srv.URL)
		_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "/x"})
		require.Error(t, err, v)
		assert.Equal(t, int32(1), n.Load(), "Retry-After %s: no immediate retries", v)
		assert.Empty(t, *waits, v)
		var apiErr *payments.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.ErrorIs(t, err, payments.ErrRateLimited)
		assert.Equal(t, 24*time.Hour, apiErr.RetryAfter, v)
	}
}

func TestRetryAfterParsing(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"0": 0, "7": 7 * time.Second, " 3 ": 3 * time.Second, "86400": 24 * time.Hour, "86401": 24 * time.Hour,
		"10000000000": 24 * time.Hour, now.Add(90 * time.Second).Format(http.TimeFormat): 90 * time.Second,
		now.Add(-time.Hour).Format(http.TimeFormat): 0, now.Add(1000 * time.Hour).Format(http.TimeFormat): 24 * time.Hour,
	} {
		got, ok := retryAfter(http.Header{"Retry-After": {v}}, now)
		assert.True(t, ok, v)
		assert.Equal(t, want, got, v)
	}
	for _, v := range []string{"", "-1", "soon", "1.5"} {
		_, ok := retryAfter(http.Header{"Retry-After": {v}}, now)
		assert.False(t, ok, v)
	}
}

// TestNoWaitPastTheDeadline: a wait the context's deadline cannot cover
// returns the error at once instead of sleeping into the deadline.
func TestNoWaitPastTheDeadline(t *testing.T) {
	srv, n := rateLimited(t, "5")
	c, waits := newClient(t, srv.URL)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err := c.Do(ctx, &Request{Method: "GET", Path: "/x"})
	require.ErrorIs(t, err, payments.ErrRateLimited)
	assert.Equal(t, int32(1), n.Load())
	assert.Empty(t, *waits, "no sleep that would outlast the context")
	assert.NoError(t, ctx.Err(), "returned before the deadline")
}
