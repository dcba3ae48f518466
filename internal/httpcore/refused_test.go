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

// TestRefusedAttemptResentFreshlySigned: an attempt the provider refused
// before doing anything is resent, freshly signed, even for a create
// without a reference and with retries disabled, and is never an unknown
// outcome.
func TestRefusedAttemptResentFreshlySigned(t *testing.T) {
	srv, seen := refusingServer(t, 3)
	c, waits := refusingClient(t, srv.URL, 1)
	var sigs []string
	sign := signer()
	_, err := c.Do(context.Background(), &Request{Method: "POST", Path: "/payouts/", Body: []byte(`{"a":1}`),
		Sign: func(r *http.Request) error { err := sign(r); sigs = append(sigs, r.Header.Get("X-Sig")); return err }})
	require.NoError(t, err)
	assert.Equal(t, int32(4), seen.Load())
	assert.Equal(t, []string{"1", "2", "3", "4"}, sigs, "each resend is signed afresh")
	require.Len(t, *waits, 3)
	for _, w := range *waits {
		assert.LessOrEqual(t, w, 40*time.Millisecond, "short backoff for a refusal")
	}
}

func TestRefusedAttemptsBounded(t *testing.T) {
	srv, seen := refusingServer(t, 1000)
	c, waits := refusingClient(t, srv.URL, 3)
	_, err := c.Do(context.Background(), &Request{Method: "POST", Path: "/payouts/", Body: []byte(`{}`), Reference: "r-1"})
	var apiErr *payments.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "stale", apiErr.Code)
	assert.ErrorIs(t, err, payments.ErrUnauthorized)
	assert.NotErrorIs(t, err, payments.ErrUnknownOutcome)
	assert.Equal(t, int32(1+MaxRefusedRetries), seen.Load())
	assert.Len(t, *waits, MaxRefusedRetries)
	for _, w := range *waits {
		assert.LessOrEqual(t, w, time.Second)
	}
}

func TestWithoutRefusedHook401IsFinal(t *testing.T) {
	srv, seen := refusingServer(t, 1)
	c, _ := newClient(t, srv.URL)
	_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "/x"})
	require.ErrorIs(t, err, payments.ErrUnauthorized)
	assert.Equal(t, int32(1), seen.Load())
}
