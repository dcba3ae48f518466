package providertest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/payments"
)

// Redirect describes a signed call for RedirectRefused.
type Redirect struct {
	// Seen reports what the other host would learn from a request that
	// reached it (method, path, credential headers, body).
	Seen func(r *http.Request, body []byte) string
	// Answer is the body the other host answers with.
	Answer string
	// Call makes the signed call against a client built on apiURL, with
	// hc as its HTTP client when hc is not nil, and returns its error.
	Call func(t testing.TB, apiURL string, hc *http.Client) error
	// Secret must not appear in the call's error.
	Secret string
}

// RedirectRefused checks that a 307 or 302 from the API to another host
// leaves a signed call where it was: the other host receives nothing, the
// call fails with a *payments.APIError carrying the redirect's status and
// naming the other host without its query, with the default client and
// with the caller's own, which is not modified.
func RedirectRefused(t testing.TB, rd Redirect) {
	t.Helper()
	var mu sync.Mutex
	var stolen []string
	thief := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		stolen = append(stolen, rd.Seen(r, body))
		mu.Unlock()
		_, _ = io.WriteString(w, rd.Answer)
	}))
	defer thief.Close()
	for _, status := range []int{http.StatusTemporaryRedirect, http.StatusFound} {
		api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, thief.URL+r.URL.Path+"?token=x", status)
		}))
		own := &http.Client{}
		for _, hc := range []*http.Client{nil, own} {
			err := rd.Call(t, api.URL, hc)
			var apiErr *payments.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, status, apiErr.StatusCode)
			assert.Contains(t, err.Error(), strings.TrimPrefix(thief.URL, "http://"))
			assert.NotContains(t, err.Error(), "token")
			if rd.Secret != "" {
				assert.NotContains(t, err.Error(), rd.Secret)
			}
		}
		assert.Nil(t, own.CheckRedirect, "the caller's client is not modified")
		api.Close()
	}
	mu.Lock()
	defer mu.Unlock()
	assert.Empty(t, stolen, "the other host received nothing")
}
