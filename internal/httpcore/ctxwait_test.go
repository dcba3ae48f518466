package httpcore

import (
	"context"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
)

// cancellingSleep is a Sleep hook that ends the caller's context and then
// waits for the context it was given to end. Given the caller's context (or
// one derived from it) it returns at once; given any other (the code
// dropped the context) it waits the full 3 seconds, which the test sees.
func cancellingSleep(cancel context.CancelFunc, slept *atomic.Int32) func(context.Context, time.Duration) error {
	return func(ctx context.Context, _ time.Duration) error {
		slept.Add(1)
		cancel()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(3 * time.Second):
			return nil
		}
	}
}

// TestEveryWaitEndsWithTheContext: each path of Do that waits before
// another attempt (backoff after a 5xx, after a reset connection, a
// Retry-After, the resend of a refused attempt) waits on the caller's
// context: once it ends, Do returns at once and sends nothing more. A
// version that sleeps on another context fails here on the elapsed time.
func TestEveryWaitEndsWithTheContext(t *testing.T) {
	for name, tc := range map[string]struct {
		answers [][2]any
		req     Request
		refused bool
	}{
		"backoff after 503":            {answers: [][2]any{{503, "down"}}, req: Request{Method: "GET", Path: "/x"}},
		"backoff after a reset":        {answers: [][2]any{{0, ""}}, req: Request{Method: "GET", Path: "/x"}},
		"retry-after on 429":           {answers: [][2]any{{429, "slow"}}, req: Request{Method: "GET", Path: "/x"}},
		"backoff of a create with ref": {answers: [][2]any{{500, "oops"}}, req: Request{Method: "POST", Path: "/x", Body: []byte(`{}`), Reference: "r"}},
		"resend of a refused attempt":  {answers: [][2]any{{400, "stale nonce"}}, req: Request{Method: "POST", Path: "/x", Body: []byte(`{}`)}, refused: true},
	} {
		t.Run(name, func(t *testing.T) {
			srv, n, _ := server(t, tc.answers...)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var slept atomic.Int32
			cfg := Config{Provider: "test", Settings: option.Settings{BaseURL: srv.URL,
				Retry: RetryPolicy{MaxAttempts: 5, MaxRetryAfter: time.Hour}, Sleep: cancellingSleep(cancel, &slept)}}
			if tc.refused {
				cfg.Refused = func(*payments.APIError) bool { return true }
			}
			c, err := New(cfg)
			require.NoError(t, err)
			start := time.Now()
			req := tc.req
			_, err = c.Do(ctx, &req)
			require.Error(t, err)
			assert.Less(t, time.Since(start), 2*time.Second, "the wait did not end with the caller's context")
			assert.Equal(t, int32(1), slept.Load(), "one wait, then the context had ended")
			assert.Equal(t, int32(1), n.Load(), "nothing is sent after the context ended")
		})
	}
}

// TestRealSleepEndsWithTheContext: with the default Sleep, a one-hour
// backoff ends as soon as the caller's context is cancelled.
func TestRealSleepEndsWithTheContext(t *testing.T) {
	answered := make(chan struct{}, 1)
	srv := testServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
		select {
		case answered <- struct{}{}:
		default:
		}
	})
	c, err := New(Config{Provider: "test", Settings: option.Settings{BaseURL: srv.URL,
		Retry: RetryPolicy{MaxAttempts: 5, BaseDelay: time.Hour, MaxDelay: time.Hour}}})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		_, err := c.Do(ctx, &Request{Method: "GET", Path: "/x"})
		done <- err
	}()
	<-answered
	time.Sleep(20 * time.Millisecond) // into the backoff
	cancel()
	select {
	case err := <-done:
		require.Error(t, err)
		assert.ErrorIs(t, err, payments.ErrProviderUnavailable, "the last answer is what the caller gets")
	case <-time.After(5 * time.Second):
		t.Fatal("a one-hour backoff did not end when the context was cancelled")
	}
	// sleepCtx itself: an ended context ends the wait and says why.
	ended, stop := context.WithCancel(context.Background())
	stop()
	start := time.Now()
	assert.ErrorIs(t, sleepCtx(ended, time.Hour), context.Canceled)
	assert.Less(t, time.Since(start), time.Second)
	assert.ErrorIs(t, sleepCtx(ended, 0), context.Canceled, "a zero wait still reports the ended context")
}

// TestGateWaitEndsWithTheContext: an attempt held back by an exclusive one
// stops waiting when its context ends, and holds nothing.
func TestGateWaitEndsWithTheContext(t *testing.T) {
	g := newOrderGate()
	require.NoError(t, g.enter(context.Background(), true)) // an exclusive attempt holds the gate
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- g.enter(ctx, false) }()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		assert.ErrorIs(t, err, context.Canceled)
	case <-time.After(5 * time.Second):
		t.Fatal("the wait behind an exclusive attempt did not end with the context")
	}
	g.leave(true)
	require.NoError(t, g.enter(context.Background(), false), "the cancelled waiter held nothing")
	g.leave(false)
}
