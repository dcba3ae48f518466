package cryptochill

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

// TestPayoutRedirectRefused: a 307 or 302 from the API to another host
// leaves the signed payout where it was: the other host receives nothing
// (no X-CC-KEY, no signature, no payload), with the default client and with
// the caller's own, which is not modified.
func TestPayoutRedirectRefused(t *testing.T) {
	var mu sync.Mutex
	var stolen []string
	thief := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		stolen = append(stolen, r.Method+" "+r.URL.Path+" "+r.Header.Get("X-CC-KEY")+" "+r.Header.Get("X-CC-PAYLOAD"))
		mu.Unlock()
		_, _ = io.WriteString(w, `{"result":{"id":"stolen"}}`)
	}))
	defer thief.Close()
	for _, status := range []int{http.StatusTemporaryRedirect, http.StatusFound} {
		api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, thief.URL+r.URL.Path+"?token=x", status)
		}))
		own := &http.Client{}
		for _, hc := range []*http.Client{nil, own} {
			opts := []option.Option{option.WithBaseURL(api.URL), withNoSleep()}
			if hc != nil {
				opts = append(opts, option.WithHTTPClient(hc))
			}
			c, err := New(Config{APIKey: testKey, APISecret: testSecret}, opts...)
			require.NoError(t, err)
			_, err = c.Payouts.Create(context.Background(), &PayoutParams{ProfileID: "p", Kind: "BTC", ReferenceID: "ref-redirect",
				Recipients: []Recipient{{Amount: decimal.RequireFromString("0.001"), Currency: "BTC", Address: "2N38koyyonVDAZJRV4GwnuFPxcGTymzn9HQ"}}})
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
