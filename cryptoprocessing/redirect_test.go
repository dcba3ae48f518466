package cryptoprocessing

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
)

// TestWithdrawalRedirectRefused: a 307 or 302 from the API to another host
// leaves the signed withdrawal where it was: the other host receives nothing
// (no X-Processing-Key, no signature, no body), with the default client and
// with the caller's own, which is not modified.
func TestWithdrawalRedirectRefused(t *testing.T) {
	var mu sync.Mutex
	var stolen []string
	thief := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		stolen = append(stolen, r.Method+" "+r.URL.Path+" "+r.Header.Get("X-Processing-Key")+" "+string(body))
		mu.Unlock()
		_, _ = io.WriteString(w, `{"data":{"id":1}}`)
	}))
	defer thief.Close()
	for _, status := range []int{http.StatusTemporaryRedirect, http.StatusFound} {
		api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, thief.URL+r.URL.Path+"?token=x", status)
		}))
		own := &http.Client{}
		for _, hc := range []*http.Client{nil, own} {
			opts := []option.Option{option.WithBaseURL(api.URL + "/api/v2"), withNoSleep()}
			if hc != nil {
				opts = append(opts, option.WithHTTPClient(hc))
			}
			c, err := New(Config{APIKey: testKey, APISecret: testSecret}, opts...)
			require.NoError(t, err)
			_, err = c.Withdrawals.Crypto(context.Background(), &WithdrawalParams{ForeignID: "ref-redirect",
				Amount: decimal.RequireFromString("0.01"), Currency: "BTC", Address: "2N38koyyonVDAZJRV4GwnuFPxcGTymzn9HQ"})
			var apiErr *payments.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, status, apiErr.StatusCode)
			assert.Contains(t, err.Error(), strings.TrimPrefix(thief.URL, "http://"))
			assert.NotContains(t, err.Error(), "token")
			assert.NotContains(t, err.Error(), testKey)
		}
		assert.Nil(t, own.CheckRedirect, "the caller's client is not modified")
		api.Close()
	}
	mu.Lock()
	defer mu.Unlock()
	assert.Empty(t, stolen, "the other host received nothing")
}
