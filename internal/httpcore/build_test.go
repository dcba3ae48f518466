package httpcore

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/payments"
)

// TestSigningErrorNotRetriedNorNetwork: a request that cannot be signed is
// neither retried nor reported as a network error; nothing is sent.
func TestSigningErrorNotRetriedNorNetwork(t *testing.T) {
	srv, n, _ := server(t, [2]any{200, `{}`})
	c, waits := newClient(t, srv.URL)
	boom := errors.New("key unusable")
	for _, method := range []string{"GET", "POST"} {
		signs := 0
		_, err := c.Do(context.Background(), &Request{Method: method, Path: "/x", Reference: "ref-1", Body: []byte(`{}`),
			Sign: func(*http.Request) error { signs++; return boom }})
		require.Error(t, err)
		var netErr *payments.NetworkError
		assert.False(t, errors.As(err, &netErr), "%s: not a NetworkError: %v", method, err)
		assert.NotErrorIs(t, err, payments.ErrUnknownOutcome)
		var se *SigningError
		require.ErrorAs(t, err, &se)
		assert.ErrorIs(t, err, boom)
		assert.Equal(t, 1, signs, method+": signed once, not retried")
	}
	assert.Equal(t, int32(0), n.Load(), "nothing sent")
	assert.Empty(t, *waits)

	// A validation error from the signing hook is returned unchanged.
	ve := &payments.ValidationError{Field: "amount", Reason: "bad"}
	_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "/x",
		Sign: func(*http.Request) error { return ve }})
	var got *payments.ValidationError
	require.ErrorAs(t, err, &got)
	assert.Same(t, ve, got)
	assert.Equal(t, int32(0), n.Load())
}

func TestRequestThatCannotBeBuiltIsValidation(t *testing.T) {
	srv, n, _ := server(t, [2]any{200, `{}`})
	c, waits := newClient(t, srv.URL)
	_, err := c.Do(context.Background(), &Request{Method: "BAD METHOD", Path: "/x"})
	require.ErrorIs(t, err, payments.ErrValidation)
	var netErr *payments.NetworkError
	assert.False(t, errors.As(err, &netErr))
	assert.Equal(t, int32(0), n.Load())
	assert.Empty(t, *waits)
}
