package cryptochill

import (
	"net/http"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
)

// TestPayoutRedirectRefused: a 307 or 302 from the API to another host
// leaves the signed payout where it was: the other host receives nothing
// (no X-CC-KEY, no signature, no payload), with the default client and with
// the caller's own, which is not modified.
func TestPayoutRedirectRefused(t *testing.T) {
	t.Parallel()
	providertest.RedirectRefused(t, providertest.Redirect{
		Seen: func(r *http.Request, _ []byte) string {
			return r.Method + " " + r.URL.Path + " " + r.Header.Get("X-CC-KEY") + " " + r.Header.Get("X-CC-PAYLOAD")
		},
		Answer: `{"result":{"id":"stolen"}}`,
		Secret: testKey,
		Call: func(t testing.TB, apiURL string, hc *http.Client) error {
			opts := []option.Option{option.WithBaseURL(apiURL), providertest.NoSleep()}
			if hc != nil {
				opts = append(opts, option.WithHTTPClient(hc))
			}
			c, err := New(Config{APIKey: testKey, APISecret: testSecret}, opts...)
			require.NoError(t, err)
			_, err = c.Payouts.Create(t.Context(), &PayoutParams{ProfileID: "p", Kind: "BTC", ReferenceID: "ref-redirect",
				Recipients: []Recipient{{Amount: decimal.RequireFromString("0.001"), Currency: "BTC", Address: "2N38koyyonVDAZJRV4GwnuFPxcGTymzn9HQ"}}})
			return err
		},
	})
}
