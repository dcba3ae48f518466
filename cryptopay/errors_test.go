package cryptopay

import (
	"errors"
	"net/http"
	"testing"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodeError(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		status  int
		body    string
		kind    error
		code    string
		reqID   string
		details map[string]string
	}{
		{"401", 401, `{"error":{"code":"unauthenticated","message":"Unauthenticated"},"meta":{"request_id":"r401"}}`, payments.ErrUnauthorized, "unauthenticated", "r401", nil},
		{"403", 403, `{"error":{"code":"unauthorized","message":"Forbidden"},"meta":{"request_id":"r403"}}`, payments.ErrUnauthorized, "unauthorized", "r403", nil},
		{"403 ip", 403, `{"error":{"code":"ip_not_allowed","message":"IP not allowed"},"meta":{"request_id":"r"}}`, ErrIPNotAllowed, "ip_not_allowed", "r", nil},
		{"422 ip", 422, `{"error":{"code":"invalid","message":"invalid","details":[{"code":"ip_not_allowed","target":"base","message":"ip"}]},"meta":{"request_id":"r"}}`, ErrIPNotAllowed, "invalid", "r", map[string]string{"base": "ip"}},
		{"404", 404, `{"error":{"code":"not_found","message":"Not found"},"meta":{"request_id":"r404"}}`, payments.ErrNotFound, "not_found", "r404", nil},
		{"409", 409, `{"error":{"code":"conflict","message":"custom_id taken"},"meta":{"request_id":"r409"}}`, payments.ErrDuplicateReference, "conflict", "r409", nil},
		{"409 no body", 409, ``, payments.ErrDuplicateReference, "", "", nil},
		{"422 duplicate_custom_id", 422, `{"error":{"code":"invalid","message":"invalid","details":[{"code":"duplicate_custom_id","target":"custom_id","message":"has already been taken"}]},"meta":{"request_id":"r"}}`,
			payments.ErrDuplicateReference, "invalid", "r", map[string]string{"custom_id": "has already been taken"}},
		{"422 balance", 422, fixture(t, "error_422_balance.json"), payments.ErrInvalidRequest, "invalid", "0919053f1c2675f62824bc3aabed3697",
			map[string]string{"charged_amount": "must be less than or equal to 167.75222297", "received_amount": "must be less than or equal to 12500.0"}},
		{"422 high risk", 422, fixture(t, "error_422_high_risk.json"), ErrHighRiskAddress, "high_risk_address", "e1327567dc4189901aa2463e85b96b93", nil},
		{"429", 429, `{"error":{"code":"too_many_requests","message":"slow down"},"meta":{"request_id":"r"}}`, payments.ErrRateLimited, "too_many_requests", "r", nil},
		{"503", 503, `<html>maintenance</html>`, ErrMaintenance, "", "", nil},
		{"503 json", 503, `{"error":{"code":"maintenance","message":"down"},"meta":{"request_id":"r5"}}`, ErrMaintenance, "maintenance", "r5", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t, optMaxAttempts(1))
			mt.RegisterResponder("GET", testBase+"/api/invoices/x", respond(t, tc.status, tc.body, nil))
			_, err := c.Invoices.Get(ctxT(t), "x")
			var apiErr *payments.APIError
			require.True(t, errors.As(err, &apiErr), "%v", err)
			assert.ErrorIs(t, err, tc.kind)
			assert.Equal(t, tc.status, apiErr.StatusCode)
			assert.Equal(t, tc.code, apiErr.Code)
			assert.Equal(t, tc.reqID, apiErr.RequestID)
			assert.Equal(t, ProviderName, apiErr.Provider)
			if tc.details != nil {
				assert.Equal(t, tc.details, apiErr.Details)
			}
		})
	}
}

func TestSentinelsMatchPaymentsKinds(t *testing.T) {
	t.Parallel()
	assert.ErrorIs(t, ErrIPNotAllowed, payments.ErrUnauthorized)
	assert.ErrorIs(t, ErrMaintenance, payments.ErrProviderUnavailable)
	assert.ErrorIs(t, ErrHighRiskAddress, payments.ErrInvalidRequest)
}

func TestErrorDetailsKeepsEverything(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/api/coin_withdrawals", respond(t, 422, fixture(t, "error_422_balance.json"), nil))
	_, err := c.CoinWithdrawals.Send(ctxT(t), &CoinWithdrawalParams{Address: "2N9w", ChargedCurrency: "EUR", ReceivedCurrency: "BTC", ChargedAmount: dec("500")})
	require.Error(t, err)
	d := ErrorDetails(err)
	require.Len(t, d, 2)
	assert.Equal(t, CodeMustBeLessThanOrEqual, d[0].Code)
	assert.Equal(t, "charged_amount", d[0].Target)
	assert.JSONEq(t, `{"value":"167.75222297"}`, string(d[0].Args))
	assert.Nil(t, ErrorDetails(errors.New("other")))
}

// TestRateLimitRetried: a 429 on a read is retried (Retry-After honoured by
// the core) and then succeeds.
func TestRateLimitRetried(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	n := 0
	mt.RegisterResponder("GET", testBase+"/api/coins", func(r *http.Request) (*http.Response, error) {
		checkSigned(t, r)
		n++
		if n == 1 {
			resp := httpmockString(429, `{"error":{"code":"too_many_requests","message":"200 per minute"},"meta":{"request_id":"r"}}`)
			resp.Header.Set("Retry-After", "1")
			return resp, nil
		}
		return httpmockString(200, `{"data":[],"meta":{"total":0,"has_more":false}}`), nil
	})
	_, err := c.Coins.List(ctxT(t))
	require.NoError(t, err)
	assert.Equal(t, 2, n)
}

// TestMaintenanceRetriedForReads: 503 on a read is retried.
func TestMaintenanceRetriedForReads(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t, optMaxAttempts(2))
	n := 0
	mt.RegisterResponder("GET", testBase+"/api/accounts", func(r *http.Request) (*http.Response, error) {
		n++
		return httpmockString(503, `maintenance`), nil
	})
	_, err := c.Accounts.List(ctxT(t))
	assert.ErrorIs(t, err, ErrMaintenance)
	assert.Equal(t, 2, n)
}
