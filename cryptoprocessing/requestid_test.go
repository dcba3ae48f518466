package cryptoprocessing

import (
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/payments"
)

func TestAPIErrorCarriesRequestID(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	answers := []func() *http.Response{
		func() *http.Response {
			resp := httpmock.NewStringResponse(403, `{"error":"bad key","code":"bad_header_key"}`)
			resp.Header.Set("X-Request-Id", "req-42")
			return resp
		},
		func() *http.Response {
			return httpmock.NewStringResponse(400, `{"errors":{"amount":"too small"},"request_id":"body-7"}`)
		},
	}
	n := 0
	mt.RegisterNoResponder(func(*http.Request) (*http.Response, error) { n++; return answers[n-1](), nil })
	var apiErr *payments.APIError
	_, err := c.Accounts.List(t.Context())
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "req-42", apiErr.RequestID)
	_, err = c.Withdrawals.Crypto(t.Context(), &WithdrawalParams{ForeignID: "f-1", Amount: decimal.RequireFromString("0.01"),
		Currency: "BTC", Address: dest})
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "body-7", apiErr.RequestID)
}
