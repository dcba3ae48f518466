package cryptoprocessingtest_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/cryptoprocessing/cryptoprocessingtest"
)

const withdrawBody = `{"foreign_id":"w-1","amount":"0.1","currency":"BTC","address":"bc1qpayee"}`

func TestFaultErrorAfterWork(t *testing.T) {
	e := newEnv(t)
	e.srv.InjectFault(cryptoprocessingtest.Fault{Path: "withdrawal/crypto", Kind: cryptoprocessingtest.FaultErrorAfterWork})
	r := e.post("withdrawal/crypto", withdrawBody)
	wantCode(t, r, http.StatusInternalServerError, "server_error")
	// The work happened: the client must find it rather than pay twice.
	if !e.srv.Balance("BTC").Equal(dec("0.9")) {
		t.Fatalf("balance %s", e.srv.Balance("BTC"))
	}
	info := e.send(http.MethodGet, "transactions/info", `{"foreign_id":"w-1"}`, nil)
	mustStatus(t, info, http.StatusOK)
	wantError(t, e.post("withdrawal/crypto", withdrawBody), "foreign_id", "The foreign id has already been taken.")

	// Callbacks of the work go out too.
	rec := newReceiver(t, e.srv)
	e.srv.InjectFault(cryptoprocessingtest.Fault{Path: "exchange/now", Kind: cryptoprocessingtest.FaultErrorAfterWork})
	mustStatus(t, e.post("exchange/now", `{"sender_currency":"BTC","receiver_currency":"EUR","sender_amount":"0.01","foreign_id":"x"}`), http.StatusInternalServerError)
	if str(rec.last(), "type") != "exchange" {
		t.Fatalf("callback %v", rec.last())
	}
}

func TestFaultTimeout(t *testing.T) {
	e := newEnv(t)
	e.srv.InjectFault(cryptoprocessingtest.Fault{Path: "withdrawal/crypto", Kind: cryptoprocessingtest.FaultTimeout})
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/withdrawal/crypto", strings.NewReader(withdrawBody))
	req.Header.Set("X-Processing-Key", e.srv.APIKey)
	req.Header.Set("X-Processing-Signature", testSign(e.srv.APISecret, []byte(withdrawBody)))
	start := time.Now()
	_, err := (&http.Client{Timeout: 200 * time.Millisecond}).Do(req)
	if err == nil {
		t.Fatal("expected the client to time out")
	}
	if time.Since(start) > 5*time.Second {
		t.Fatal("timeout took too long")
	}
	if !e.srv.Balance("BTC").Equal(dec("1")) {
		t.Fatal("a timed-out request did the work")
	}
	mustStatus(t, e.post("withdrawal/crypto", withdrawBody), http.StatusCreated)
}

func TestFaultTimeoutReleasedByClose(t *testing.T) {
	srv := cryptoprocessingtest.NewServer(cryptoprocessingtest.Options{})
	srv.InjectFault(cryptoprocessingtest.Fault{Kind: cryptoprocessingtest.FaultTimeout})
	done := make(chan error, 1)
	go func() {
		resp, err := http.Get(srv.URL + "/ping")
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	for len(srv.Requests()) == 0 {
		time.Sleep(time.Millisecond)
	}
	closed := make(chan struct{})
	go func() { srv.Close(); close(closed) }()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("held request got an answer")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not release the held request")
	}
	<-closed
}

func TestFaultRateLimit(t *testing.T) {
	e := newEnv(t)
	e.srv.InjectFault(cryptoprocessingtest.Fault{Path: "/withdrawal/crypto/", Kind: cryptoprocessingtest.FaultRateLimit, RetryAfter: 1500 * time.Millisecond})
	r := e.post("withdrawal/crypto", withdrawBody)
	mustStatus(t, r, http.StatusTooManyRequests)
	if json.Valid(r.raw) || len(r.raw) == 0 || r.header.Get("Retry-After") != "2" {
		t.Fatalf("429 body %q Retry-After %q", r.raw, r.header.Get("Retry-After"))
	}
	if !e.srv.Balance("BTC").Equal(dec("1")) {
		t.Fatal("rate-limited request did the work")
	}
	mustStatus(t, e.post("withdrawal/crypto", withdrawBody), http.StatusCreated)

	e.srv.InjectFault(cryptoprocessingtest.Fault{Kind: cryptoprocessingtest.FaultRateLimit})
	if r := e.post("accounts/list", `{}`); r.header.Get("Retry-After") != "1" {
		t.Fatalf("default Retry-After %q", r.header.Get("Retry-After"))
	}
}

func TestFaultMalformedBody(t *testing.T) {
	e := newEnv(t)
	e.srv.InjectFault(cryptoprocessingtest.Fault{Path: "withdrawal/crypto", Kind: cryptoprocessingtest.FaultMalformedBody})
	r := e.post("withdrawal/crypto", withdrawBody)
	mustStatus(t, r, http.StatusOK)
	if json.Valid(r.raw) || !strings.HasPrefix(string(r.raw), `{"data":`) {
		t.Fatalf("body should be truncated JSON: %q", r.raw)
	}
	if !e.srv.Balance("BTC").Equal(dec("0.9")) {
		t.Fatal("work not done")
	}
}

func TestFaultUnavailable(t *testing.T) {
	e := newEnv(t)
	e.srv.InjectFault(cryptoprocessingtest.Fault{Path: "withdrawal/crypto", Kind: cryptoprocessingtest.FaultUnavailable, RetryAfter: 3 * time.Second})
	r := e.post("withdrawal/crypto", withdrawBody)
	mustStatus(t, r, http.StatusServiceUnavailable)
	if json.Valid(r.raw) || r.header.Get("Retry-After") != "3" {
		t.Fatalf("503 body %q Retry-After %q", r.raw, r.header.Get("Retry-After"))
	}
	if !e.srv.Balance("BTC").Equal(dec("1")) {
		t.Fatal("unavailable request did the work")
	}
}

func TestFaultTimesAndAnyPath(t *testing.T) {
	e := newEnv(t)
	e.srv.InjectFault(cryptoprocessingtest.Fault{Kind: cryptoprocessingtest.FaultUnavailable, Times: 2})
	e.srv.InjectFault(cryptoprocessingtest.Fault{Path: "invoices/inv-1/cancel", Kind: cryptoprocessingtest.FaultErrorAfterWork})
	mustStatus(t, e.send(http.MethodGet, "ping", "", map[string]string{}), http.StatusServiceUnavailable)
	mustStatus(t, e.post("accounts/list", `{}`), http.StatusServiceUnavailable)
	mustStatus(t, e.post("accounts/list", `{}`), http.StatusOK)

	e.createInvoice(`,"foreign_id":"inv-1"`)
	mustStatus(t, e.post("invoices/inv-1/cancel/", `{}`), http.StatusInternalServerError)
	info := e.send(http.MethodGet, "transactions/info", `{"foreign_id":"inv-1"}`, nil)
	if str(info.body, "status") != "cancelled" {
		t.Fatalf("cancel work not done: %s", info.raw)
	}
	if len(e.srv.Requests()) != 6 {
		t.Fatalf("Requests() = %d", len(e.srv.Requests()))
	}
	for k := cryptoprocessingtest.FaultErrorAfterWork; k <= cryptoprocessingtest.FaultUnavailable+1; k++ {
		if k.String() == "" {
			t.Fatal("empty FaultKind name")
		}
	}
}
