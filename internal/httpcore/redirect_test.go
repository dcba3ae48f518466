package httpcore

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
)

// recorder is a second host that records whatever reaches it.
type recorder struct {
	*httptest.Server
	mu   sync.Mutex
	seen []string
}

func newRecorder(t *testing.T) *recorder {
	t.Helper()
	rec := &recorder{}
	rec.Server = testServer(t, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.seen = append(rec.seen, r.Method+" "+r.URL.String()+" key="+r.Header.Get("X-Key")+" body="+string(body))
		rec.mu.Unlock()
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, `{}`)
	})
	return rec
}

func (r *recorder) requests() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.seen...)
}

// redirector answers every request with status and a Location on target,
// carrying userinfo and a query that must not show in errors.
func redirector(t *testing.T, status int, target string) *httptest.Server {
	t.Helper()
	loc := strings.Replace(target, "http://", "http://user:SECRETPW@", 1) + "/steal?token=SECRETQ"
	return testServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", loc)
		w.WriteHeader(status)
		_, _ = io.WriteString(w, `<a href="`+loc+`">moved</a>`)
	})
}

// TestRedirectRefusedNothingResent: a 307 or 302 to another host is
// answered with an *APIError naming the status and the target host, and
// the other host receives nothing: not the signed headers, not the body.
// The same holds when the caller passes its own *http.Client, which is left
// exactly as it was.
func TestRedirectRefusedNothingResent(t *testing.T) {
	rec := newRecorder(t)
	callerRedirects := 0
	callerPolicy := func(*http.Request, []*http.Request) error { callerRedirects++; return nil }
	for _, status := range []int{http.StatusTemporaryRedirect, http.StatusFound, http.StatusPermanentRedirect, http.StatusMovedPermanently} {
		origin := redirector(t, status, rec.URL)
		own := &http.Client{}
		ownWithPolicy := &http.Client{CheckRedirect: callerPolicy}
		for name, hc := range map[string]*http.Client{"default": nil, "caller's": own, "caller's with policy": ownWithPolicy} {
			c, err := New(Config{Provider: "test", Settings: option.Settings{BaseURL: origin.URL, HTTPClient: hc}})
			require.NoError(t, err)
			for _, method := range []string{"GET", "POST"} {
				_, err := c.Do(context.Background(), &Request{Method: method, Path: "/v1/payouts/", Body: []byte(`{"amount":"1"}`),
					Reference: "ref-1", Sign: func(r *http.Request) error { r.Header.Set("X-Key", "SECRETKEY"); return nil }})
				var apiErr *payments.APIError
				require.ErrorAs(t, err, &apiErr, "%d %s %s", status, name, method)
				assert.Equal(t, status, apiErr.StatusCode)
				assert.NotErrorIs(t, err, payments.ErrUnknownOutcome, "a redirect did nothing")
				assert.ErrorIs(t, err, payments.ErrRedirectRefused)
				host := strings.TrimPrefix(rec.URL, "http://")
				assert.Contains(t, err.Error(), host)
				assert.NotContains(t, err.Error(), "SECRET")
				assert.NotContains(t, err.Error(), "steal")
				assert.NotContains(t, string(apiErr.Raw), "SECRET")
			}
		}
		assert.Nil(t, own.CheckRedirect, "the caller's client is not modified")
		require.NotNil(t, ownWithPolicy.CheckRedirect)
		_ = ownWithPolicy.CheckRedirect(nil, nil)
		assert.Equal(t, 1, callerRedirects, "the caller's policy is still its own, and was never consulted")
		callerRedirects = 0
	}
	assert.Empty(t, rec.requests(), "the other host received nothing")
}

// TestDefaultClientSizedForConcurrency: the default client pools enough
// connections per host for a busy backend, takes the proxy from the
// environment, has timeouts on dial, TLS and idle connections, and
// DefaultTimeout per attempt.
func TestDefaultClientSizedForConcurrency(t *testing.T) {
	c, err := New(Config{Provider: "test", Settings: option.Settings{BaseURL: "https://api.example.test"}})
	require.NoError(t, err)
	hc := c.cfg.HTTPClient
	assert.Equal(t, DefaultTimeout, hc.Timeout)
	tr, ok := hc.Transport.(*http.Transport)
	require.True(t, ok, "the default client has its own transport, not http.DefaultTransport's 2 idle conns per host")
	assert.GreaterOrEqual(t, tr.MaxIdleConnsPerHost, 100)
	assert.GreaterOrEqual(t, tr.MaxIdleConns, tr.MaxIdleConnsPerHost)
	assert.NotNil(t, tr.Proxy)
	assert.NotNil(t, tr.DialContext)
	assert.Positive(t, tr.TLSHandshakeTimeout)
	assert.Positive(t, tr.IdleConnTimeout)
	c2, err := New(Config{Provider: "test", Settings: option.Settings{BaseURL: "https://api.example.test"}})
	require.NoError(t, err)
	assert.Same(t, tr, c2.cfg.HTTPClient.Transport, "clients share one pool")
}
