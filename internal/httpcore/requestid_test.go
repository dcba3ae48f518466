package httpcore

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
)

func TestRequestIDFromHeaders(t *testing.T) {
	for header, want := range map[string]string{"X-Request-Id": "req-123", "Request-Id": "abc", "Cf-Ray": "8a1b2c3d4e5f-AMS"} {
		srv := testServer(t, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set(header, want)
			w.WriteHeader(http.StatusBadRequest)
		})
		c, _ := newClient(t, srv.URL)
		_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "/x"})
		var apiErr *payments.APIError
		require.ErrorAs(t, err, &apiErr)
		assert.Equal(t, want, apiErr.RequestID, header)
	}
}

func TestRequestIDFromProviderKeptAndCleaned(t *testing.T) {
	srv := testServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("X-Request-Id", "from-header")
		w.WriteHeader(http.StatusBadRequest)
	})
	c, err := New(Config{Provider: "test", Settings: option.Settings{BaseURL: srv.URL},
		DecodeError: func(int, http.Header, []byte) *payments.APIError { return &payments.APIError{RequestID: "from-body"} }})
	require.NoError(t, err)
	_, err = c.Do(context.Background(), &Request{Method: "GET", Path: "/x"})
	var apiErr *payments.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "from-body", apiErr.RequestID)

	assert.Empty(t, CleanRequestID("bad\nid"))
	assert.Len(t, CleanRequestID(strings.Repeat("x", 500)), 128)
}

// TestErrorTextCutOnRuneBoundary: a long non-JSON error body made of
// multi-byte characters is cut on a character boundary in err.Error().
func TestErrorTextCutOnRuneBoundary(t *testing.T) {
	srv := testServer(t, func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(strings.Repeat("€", 300)))
	})
	c, _ := newClient(t, srv.URL)
	_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "/x"})
	require.Error(t, err)
	assert.True(t, utf8.ValidString(err.Error()), "%q", err.Error())
	assert.Contains(t, err.Error(), "€…")
}
