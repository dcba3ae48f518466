package cryptoprocessingtest_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/cryptoprocessing/cryptoprocessingtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const withdrawBody = `{"foreign_id":"w-1","amount":"0.1","currency":"BTC","address":"bc1qpayee"}`

func TestFaultErrorAfterWork(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.srv.InjectFault(cryptoprocessingtest.Fault{Path: "withdrawal/crypto", Kind: cryptoprocessingtest.FaultErrorAfterWork})
	r := e.post("withdrawal/crypto", withdrawBody)
	wantCode(t, r, http.StatusInternalServerError, "server_error")
	// The work happened: the client must find it rather than pay twice.
	require.True(t, e.srv.Balance("BTC").Equal(dec("0.9")), "balance %s", e.srv.Balance("BTC"))
	info := e.send(http.MethodGet, "transactions/info", `{"foreign_id":"w-1"}`, nil)
	mustStatus(t, info, http.StatusOK)
	wantError(t, e.post("withdrawal/crypto", withdrawBody), "foreign_id", "The foreign id has already been taken.")

	// Callbacks of the work go out too.
	rec := newReceiver(t, e.srv)
	e.srv.InjectFault(cryptoprocessingtest.Fault{Path: "exchange/now", Kind: cryptoprocessingtest.FaultErrorAfterWork})
	mustStatus(t, e.post("exchange/now", `{"sender_currency":"BTC","receiver_currency":"EUR","sender_amount":"0.01","foreign_id":"x"}`), http.StatusInternalServerError)
	require.EqualValues(t, "exchange", str(rec.last(), "type"), "callback %v", rec.last())
}

func TestFaultTimeout(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.srv.InjectFault(cryptoprocessingtest.Fault{Path: "withdrawal/crypto", Kind: cryptoprocessingtest.FaultTimeout})
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/withdrawal/crypto", strings.NewReader(withdrawBody))
	req.Header.Set("X-Processing-Key", e.srv.APIKey)
	req.Header.Set("X-Processing-Signature", testSign(e.srv.APISecret, []byte(withdrawBody)))
	_, err := (&http.Client{Timeout: 200 * time.Millisecond}).Do(req)
	require.Error(t, err, "expected the client to time out")
	require.True(t, e.srv.Balance("BTC").Equal(dec("1")), "a timed-out request did the work")
	mustStatus(t, e.post("withdrawal/crypto", withdrawBody), http.StatusCreated)
}

func TestFaultRateLimit(t *testing.T) {
	t.Parallel()
	e, r := faultedWithdrawal(t, cryptoprocessingtest.Fault{Path: "/withdrawal/crypto/", Kind: cryptoprocessingtest.FaultRateLimit, RetryAfter: 1500 * time.Millisecond}, http.StatusTooManyRequests)
	require.False(t, json.Valid(r.raw), "429 body %q Retry-After %q", r.raw, r.header.Get("Retry-After"))
	require.NotEmpty(t, r.raw, "429 body %q Retry-After %q", r.raw, r.header.Get("Retry-After"))
	require.EqualValues(t, "2", r.header.Get("Retry-After"), "429 body %q Retry-After %q", r.raw, r.header.Get("Retry-After"))
	require.True(t, e.srv.Balance("BTC").Equal(dec("1")), "rate-limited request did the work")
	mustStatus(t, e.post("withdrawal/crypto", withdrawBody), http.StatusCreated)

	e.srv.InjectFault(cryptoprocessingtest.Fault{Kind: cryptoprocessingtest.FaultRateLimit})
	require.EqualValues(t, "1", e.post("accounts/list", `{}`).header.Get("Retry-After"))
}

func TestFaultMalformedBody(t *testing.T) {
	t.Parallel()
	e, r := faultedWithdrawal(t, cryptoprocessingtest.Fault{Path: "withdrawal/crypto", Kind: cryptoprocessingtest.FaultMalformedBody}, http.StatusOK)
	require.False(t, json.Valid(r.raw), "body should be truncated JSON: %q", r.raw)
	require.True(t, strings.HasPrefix(string(r.raw), `{"data":`), "body should be truncated JSON: %q", r.raw)
	require.True(t, e.srv.Balance("BTC").Equal(dec("0.9")), "work not done")
}

func TestFaultUnavailable(t *testing.T) {
	t.Parallel()
	e, r := faultedWithdrawal(t, cryptoprocessingtest.Fault{Path: "withdrawal/crypto", Kind: cryptoprocessingtest.FaultUnavailable, RetryAfter: 3 * time.Second}, http.StatusServiceUnavailable)
	require.False(t, json.Valid(r.raw), "503 body %q Retry-After %q", r.raw, r.header.Get("Retry-After"))
	require.EqualValues(t, "3", r.header.Get("Retry-After"), "503 body %q Retry-After %q", r.raw, r.header.Get("Retry-After"))
	require.True(t, e.srv.Balance("BTC").Equal(dec("1")), "unavailable request did the work")
}

func TestFaultTimesAndAnyPath(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.srv.InjectFault(cryptoprocessingtest.Fault{Kind: cryptoprocessingtest.FaultUnavailable, Times: 2})
	e.srv.InjectFault(cryptoprocessingtest.Fault{Path: "invoices/inv-1/cancel", Kind: cryptoprocessingtest.FaultErrorAfterWork})
	mustStatus(t, e.send(http.MethodGet, "ping", "", map[string]string{}), http.StatusServiceUnavailable)
	mustStatus(t, e.post("accounts/list", `{}`), http.StatusServiceUnavailable)
	mustStatus(t, e.post("accounts/list", `{}`), http.StatusOK)

	e.createInvoice(`,"foreign_id":"inv-1"`)
	mustStatus(t, e.post("invoices/inv-1/cancel/", `{}`), http.StatusInternalServerError)
	info := e.send(http.MethodGet, "transactions/info", `{"foreign_id":"inv-1"}`, nil)
	require.EqualValues(t, "cancelled", str(info.body, "status"), "cancel work not done: %s", info.raw)
	require.Len(t, e.srv.Requests(), 6, "Requests() = %d", len(e.srv.Requests()))
	for k := cryptoprocessingtest.FaultErrorAfterWork; k <= cryptoprocessingtest.FaultUnavailable+1; k++ {
		require.NotEmpty(t, k.String(), "empty FaultKind name")
	}
}

// A fault the scenario never reaches stays listed with its counts, so it
// cannot silently break a later scenario; the request log says which requests
// were faulted and hides the key and signature.
func TestFaultLeftArmedIsVisible(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.srv.InjectFault(cryptoprocessingtest.Fault{Path: "accounts/list", Kind: cryptoprocessingtest.FaultRateLimit})
	e.srv.InjectFault(cryptoprocessingtest.Fault{Path: "withdrawal/crypto", Kind: cryptoprocessingtest.FaultErrorAfterWork})
	mustStatus(t, e.post("accounts/list", `{}`), http.StatusTooManyRequests)
	mustStatus(t, e.post("accounts/list", `{}`), http.StatusOK)

	fs := e.srv.Faults()
	require.Len(t, fs, 2)
	assert.Equal(t, 1, fs[0].Hits)
	assert.Equal(t, 0, fs[0].Remaining)
	assert.Equal(t, 0, fs[1].Hits)
	assert.Equal(t, 1, fs[1].Remaining)
	err := e.srv.VerifyFaults()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "FaultErrorAfterWork * withdrawal/crypto (hits 0, remaining 1)")

	reqs := e.srv.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, cryptoprocessingtest.FaultRateLimit, reqs[0].Fault)
	assert.Equal(t, http.StatusTooManyRequests, reqs[0].Status)
	assert.Equal(t, "/api/v2/accounts/list", reqs[1].Path)
	assert.Equal(t, "{}", string(reqs[1].Body))
	assert.Equal(t, "[redacted]", reqs[1].Header.Get("X-Processing-Key"))
	assert.Equal(t, "[redacted]", reqs[1].Header.Get("X-Processing-Signature"))

	e.srv.ClearFaults()
	assert.Empty(t, e.srv.Faults())
	mustStatus(t, e.post("withdrawal/crypto", withdrawBody), http.StatusCreated)
}

// faultedWithdrawal sends withdrawBody to a new sandbox holding fault and
// checks the answer's status.
func faultedWithdrawal(t *testing.T, fault cryptoprocessingtest.Fault, status int) (*env, response) {
	t.Helper()
	e := newEnv(t)
	e.srv.InjectFault(fault)
	r := e.post("withdrawal/crypto", withdrawBody)
	mustStatus(t, r, status)
	return e, r
}
