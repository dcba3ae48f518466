package channels

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every wait (the backoff between attempts, a Retry-After of 30 s) ends
// when the context does: a read and a withdrawal return soon after the
// cancel with an error (the withdrawal's an unknown outcome carrying its
// orderId). Dropping the context from the
// wait would hold each call for 30 s.
func TestWaitsEndWithTheContext(t *testing.T) {
	t.Parallel()
	var hits atomic.Int64
	srv := httptestServer(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Retry-After", "30")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"success":false,"errors":[{"code":"SERVICE_UNAVAILABLE","message":"busy"}]}`))
	})
	defer srv.Close()
	c, err := New(Config{APIKey: testKey, WebhookSecret: testSecret}, option.WithBaseURL(srv.URL), option.WithMaxAttempts(5))
	require.NoError(t, err)
	for name, call := range map[string]func(context.Context) error{
		"get transaction": func(ctx context.Context) error { _, err := c.Transactions.Get(ctx, "tx-1"); return err },
		"withdrawal": func(ctx context.Context) error {
			_, err := c.Withdrawals.Create(ctx, &WithdrawalParams{Amount: mustDec("1"), Currency: TUSDT, CustomerID: "c",
				Address: "TQ5NiR7pXrGGmLb6S3qDt8dZ8wQ1d9Ecfo", OrderID: "wait-1"})
			return err
		},
	} {
		ctx, cancel := context.WithCancel(t.Context())
		before := hits.Load()
		time.AfterFunc(200*time.Millisecond, cancel)
		start := time.Now()
		err := call(ctx)
		elapsed := time.Since(start)
		cancel()
		assert.Less(t, elapsed, 5*time.Second, "%s: the wait outlived the context", name)
		assert.GreaterOrEqual(t, elapsed, 150*time.Millisecond, "%s: it waited until the cancel", name)
		// internal/httpcore ends the wait with the last answer's error
		// (the 503), not ctx.Err(): what matters here is that it ends.
		require.Error(t, err, name)
		assert.Equal(t, int64(1), hits.Load()-before, "%s: one attempt, then the wait", name)
		if name == "withdrawal" {
			var uo *payments.UnknownOutcomeError
			if assert.True(t, errors.As(err, &uo), "%s: %v", name, err) {
				assert.Equal(t, "wait-1", uo.Reference)
			}
		}
	}
}
