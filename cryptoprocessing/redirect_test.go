package cryptoprocessing

import (
	"net/http"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
)

// TestWithdrawalRedirectRefused: a 307 or 302 from the API to another host
// leaves the signed withdrawal where it was: the other host receives nothing
// (no X-Processing-Key, no signature, no body), with the default client and
// with the caller's own, which is not modified.
func TestWithdrawalRedirectRefused(t *testing.T) {
	t.Parallel()
	providertest.RedirectRefused(t, providertest.Redirect{
		Seen: func(r *http.Request, body []byte) string {
			return r.Method + " " + r.URL.Path + " " + r.Header.Get("X-Processing-Key") + " " + string(body)
		},
		Answer: `{"data":{"id":1}}`,
		Secret: testKey,
		Call: func(t testing.TB, apiURL string, hc *http.Client) error {
			opts := []option.Option{option.WithBaseURL(apiURL + "/api/v2"), providertest.NoSleep()}
			if hc != nil {
				opts = append(opts, option.WithHTTPClient(hc))
			}
			c, err := New(Config{APIKey: testKey, APISecret: testSecret}, opts...)
			require.NoError(t, err)
			_, err = c.Withdrawals.Crypto(t.Context(), &WithdrawalParams{ForeignID: "ref-redirect",
				Amount: decimal.RequireFromString("0.01"), Currency: "BTC", Address: "2N38koyyonVDAZJRV4GwnuFPxcGTymzn9HQ"})
			return err
		},
	})
}
