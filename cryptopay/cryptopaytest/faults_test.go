package cryptopaytest

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFaults(t *testing.T) {
	t.Parallel()
	a, s, rec := newAPI(t)

	// 500 after the work: the invoice exists and its callback went out.
	s.InjectFault(Fault{Method: "POST", Path: "/api/invoices", Kind: FaultErrorAfterWork})
	r := a.do("POST", "/api/invoices", invoiceBody(map[string]any{"custom_id": "f-1"}))
	assert.Equal(t, http.StatusInternalServerError, r.status)
	assert.Equal(t, "internal_server_error", r.errCode())
	assert.Equal(t, "f-1", str(a.ok(200, "GET", "/api/invoices/custom_id/f-1", nil), "custom_id"))
	assert.Equal(t, []string{"Invoice/created"}, rec.events())

	// Malformed body after the work.
	s.InjectFault(Fault{Path: "/api/coin_withdrawals", Method: "POST", Kind: FaultMalformedBody})
	r = a.do("POST", "/api/coin_withdrawals", withdrawalBody(map[string]any{"custom_id": "w-f"}))
	assert.Equal(t, http.StatusOK, r.status)
	assert.Nil(t, r.body, "half a JSON body does not decode")
	assert.Equal(t, "w-f", str(a.ok(200, "GET", "/api/coin_withdrawals/custom_id/w-f", nil), "custom_id"))

	// Rate limit and maintenance, without the work; a route pattern matches too.
	s.InjectFault(Fault{Path: "/api/coin_withdrawals/{id}/commit", Kind: FaultRateLimit, RetryAfter: 3 * time.Second})
	id := str(a.ok(200, "GET", "/api/coin_withdrawals/custom_id/w-f", nil), "id")
	r = a.do("POST", "/api/coin_withdrawals/"+id+"/commit", nil)
	assert.Equal(t, http.StatusTooManyRequests, r.status)
	assert.Equal(t, "3", r.header.Get("Retry-After"))
	assert.Equal(t, "too_many_requests", r.errCode())
	assert.Equal(t, "new", str(a.ok(200, "GET", "/api/coin_withdrawals/"+id, nil), "status"))
	s.InjectFault(Fault{Kind: FaultUnavailable, Times: 2})
	for range 2 {
		r = a.do("GET", "/api/rates", nil)
		assert.Equal(t, http.StatusServiceUnavailable, r.status)
		assert.Equal(t, "maintenance", r.errCode())
	}
	assert.Equal(t, http.StatusOK, a.do("GET", "/api/rates", nil).status)

	// One left armed is reported (how faults are counted is the shared
	// kit's, tested by sandboxkit's TestFaultsCountedAndListed).
	s.InjectFault(Fault{Path: "/api/never", Kind: FaultTimeout})
	assert.ErrorContains(t, s.VerifyFaults(), "FaultTimeout * /api/never")
	s.ClearFaults()
	assert.NoError(t, s.VerifyFaults())
	assert.Empty(t, s.Faults())

	// Every request is logged, the Authorization value hidden.
	reqs := s.Requests()
	require.NotEmpty(t, reqs)
	assert.Equal(t, FaultErrorAfterWork, reqs[0].Fault)
	assert.Equal(t, "[redacted]", reqs[0].Header.Get("Authorization"))
}

func TestTimeoutFault(t *testing.T) {
	t.Parallel()
	s, _ := newSandbox(t, Options{})
	s.InjectFault(Fault{Path: "/api/invoices", Method: "POST", Kind: FaultTimeout})
	body := []byte(`{"price_amount":"1","price_currency":"EUR","pay_currency":"BTC","custom_id":"t-1"}`)
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, "POST", s.URL+"/api/invoices", bytesReader(body))
	require.NoError(t, err)
	req.Header = sign(s, "POST", "/api/invoices", body, s.Now().Format(http.TimeFormat))
	_, err = http.DefaultClient.Do(req)
	require.Error(t, err)
	// Nothing was created.
	assert.Equal(t, http.StatusNotFound, api{t, s}.do("GET", "/api/invoices/custom_id/t-1", nil).status)
	assert.Equal(t, 1, s.Faults()[0].Hits)
}

func TestRateLimitOption(t *testing.T) {
	t.Parallel()
	s, _ := newSandbox(t, Options{RateLimitPerMinute: ProviderRateLimit})
	a := api{t, s}
	for i := range ProviderRateLimit {
		require.Equal(t, http.StatusOK, a.do("GET", "/api/coins", nil).status, "call %d", i)
	}
	r := a.do("GET", "/api/coins", nil)
	require.Equal(t, http.StatusTooManyRequests, r.status)
	assert.Equal(t, "too_many_requests", r.errCode())
	assert.Equal(t, "60", r.header.Get("Retry-After"))
	s.Advance(time.Minute)
	assert.Equal(t, http.StatusOK, a.do("GET", "/api/coins", nil).status)

	// Without the option there is no limit.
	s2, _ := newSandbox(t, Options{})
	for range ProviderRateLimit + 5 {
		require.Equal(t, http.StatusOK, api{t, s2}.do("GET", "/api/coins", nil).status)
	}
}
