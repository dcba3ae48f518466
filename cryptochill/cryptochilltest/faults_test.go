package cryptochilltest_test

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countPayouts returns how many payouts exist.
func countPayouts(t *testing.T, c *client) string {
	t.Helper()
	return str(c.must(t, http.StatusOK, http.MethodGet, "/v1/payouts/", nil), "pagination", "count")
}

func TestFaultErrorAfterWork(t *testing.T) {
	t.Parallel()
	srv, c, _ := sandbox(t, cryptochilltest.Options{})
	srv.InjectFault(cryptochilltest.Fault{Method: http.MethodPost, Path: "/v1/payouts/", Kind: cryptochilltest.FaultErrorAfterWork})
	m := c.must(t, http.StatusInternalServerError, http.MethodPost, "/v1/payouts/", payoutParams(srv.ProfileID, "0.001", "BTC", "ref-1"))
	require.EqualValues(t, "InternalServerError", str(m, "reason"), m)
	// The work was done: the payout exists, and a blind retry hits the duplicate check.
	require.EqualValues(t, "1", countPayouts(t, c))
	m = c.must(t, http.StatusBadRequest, http.MethodPost, "/v1/payouts/", payoutParams(srv.ProfileID, "0.001", "BTC", "ref-1"))
	require.EqualValues(t, "Payout with this reference_id already exists.", str(m, "message"), m)
}

func TestFaultRateLimitAndUnavailable(t *testing.T) {
	t.Parallel()
	srv, c, _ := sandbox(t, cryptochilltest.Options{})
	srv.InjectFault(cryptochilltest.Fault{Kind: cryptochilltest.FaultRateLimit, Times: 2, RetryAfter: 1500 * time.Millisecond})
	for i := 0; i < 2; i++ {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v1/profiles/", nil)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		m, _ := decode(body)
		expectError(t, resp.StatusCode, m, http.StatusTooManyRequests, "RateLimitExceeded")
		require.EqualValues(t, "2", resp.Header.Get("Retry-After"))
	}
	c.must(t, http.StatusOK, http.MethodGet, "/v1/profiles/", nil)

	srv.InjectFault(cryptochilltest.Fault{Method: http.MethodPost, Kind: cryptochilltest.FaultUnavailable})
	m := c.must(t, http.StatusServiceUnavailable, http.MethodPost, "/v1/payouts/", payoutParams(srv.ProfileID, "0.001", "BTC", "ref-2"))
	require.EqualValues(t, "ServiceUnavailable", str(m, "reason"), m)
	require.EqualValues(t, "0", countPayouts(t, c))
	// Faults that match nothing stay armed; requests are counted, faulted or not.
	srv.InjectFault(cryptochilltest.Fault{Path: "/v1/never/", Kind: cryptochilltest.FaultUnavailable})
	c.must(t, http.StatusOK, http.MethodGet, "/v1/profiles/", nil)
	require.Len(t, srv.Requests(), 6)
}

func TestFaultMalformedBody(t *testing.T) {
	t.Parallel()
	srv, c, _ := sandbox(t, cryptochilltest.Options{})
	srv.InjectFault(cryptochilltest.Fault{Method: http.MethodPost, Path: "/v1/invoices/", Kind: cryptochilltest.FaultMalformedBody})
	payload := map[string]any{"profile_id": srv.ProfileID, "currency": "USD", "amount": "5"}
	status, m, err := c.call(http.MethodPost, "/v1/invoices/", payload)
	require.EqualValues(t, http.StatusOK, status, "malformed body: %d %v %v", status, m, err)
	require.Error(t, err, "malformed body: %d %v %v", status, m, err)
	require.Nil(t, m, "malformed body: %d %v %v", status, m, err)
	l := c.must(t, http.StatusOK, http.MethodGet, "/v1/invoices/", nil)
	require.EqualValues(t, "1", str(l, "pagination", "count"), "work not done: %v", l["pagination"])
}

func TestFaultTimeout(t *testing.T) {
	t.Parallel()
	srv, c, _ := sandbox(t, cryptochilltest.Options{})
	srv.InjectFault(cryptochilltest.Fault{Path: "/v1/payouts/", Kind: cryptochilltest.FaultTimeout})
	c.hc = &http.Client{Timeout: 200 * time.Millisecond}
	_, _, err := c.call(http.MethodPost, "/v1/payouts/", payoutParams(srv.ProfileID, "0.001", "BTC", "ref-3"))
	require.Error(t, err, "timed-out request succeeded")
	c.hc = &http.Client{Timeout: 5 * time.Second}
	require.EqualValues(t, "0", countPayouts(t, c))
}

// A fault the scenario never reaches stays listed with its counts, so it cannot silently
// break a later scenario; the request log says which requests were faulted and hides the key.
func TestFaultLeftArmedIsVisible(t *testing.T) {
	t.Parallel()
	srv, c, _ := sandbox(t, cryptochilltest.Options{})
	srv.InjectFault(cryptochilltest.Fault{Method: http.MethodGet, Path: "/v1/profiles/", Kind: cryptochilltest.FaultUnavailable})
	srv.InjectFault(cryptochilltest.Fault{Method: http.MethodPost, Path: "/v1/payouts/", Kind: cryptochilltest.FaultErrorAfterWork, Times: 2})
	c.must(t, http.StatusServiceUnavailable, http.MethodGet, "/v1/profiles/", nil)
	c.must(t, http.StatusOK, http.MethodGet, "/v1/profiles/", nil)

	// How hits and remaining uses are counted is the shared kit's
	// (sandboxkit's TestFaultsCountedAndListed); here, that the report
	// names CryptoChill's path.
	err := srv.VerifyFaults()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "FaultErrorAfterWork POST /v1/payouts/ (hits 0, remaining 2)")

	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, cryptochilltest.FaultUnavailable, reqs[0].Fault)
	assert.Equal(t, http.StatusServiceUnavailable, reqs[0].Status)
	assert.Equal(t, cryptochilltest.FaultKind(0), reqs[1].Fault)
	assert.Equal(t, "[redacted]", reqs[1].Header.Get("X-CC-KEY"))
	assert.Equal(t, "[redacted]", reqs[1].Header.Get("X-CC-SIGNATURE"))

	srv.ClearFaults()
	assert.Empty(t, srv.Faults())
	assert.NoError(t, srv.VerifyFaults())
	c.must(t, http.StatusOK, http.MethodPost, "/v1/payouts/", payoutParams(srv.ProfileID, "0.001", "BTC", "ref-armed"))
}

// Options.CallbackURL sets the seeded profile's callback_url, as on every
// sandbox.
func TestOptionsCallbackURL(t *testing.T) {
	t.Parallel()
	srv := cryptochilltest.NewServer(cryptochilltest.Options{CallbackURL: "http://127.0.0.1:1/hook"})
	t.Cleanup(srv.Close)
	require.Equal(t, "http://127.0.0.1:1/hook", srv.CallbackURL())
}
