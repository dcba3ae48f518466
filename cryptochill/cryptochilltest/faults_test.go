package cryptochilltest_test

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
)

// countPayouts returns how many payouts exist.
func countPayouts(t *testing.T, c *client) string {
	t.Helper()
	return str(c.must(t, http.StatusOK, http.MethodGet, "/v1/payouts/", nil), "pagination", "count")
}

func TestFaultErrorAfterWork(t *testing.T) {
	srv, c, _ := sandbox(t, cryptochilltest.Options{})
	srv.InjectFault(cryptochilltest.Fault{Method: http.MethodPost, Path: "/v1/payouts/", Kind: cryptochilltest.FaultErrorAfterWork})
	m := c.must(t, http.StatusInternalServerError, http.MethodPost, "/v1/payouts/", payoutParams(srv.ProfileID, "0.001", "BTC", "ref-1"))
	if str(m, "reason") != "InternalServerError" {
		t.Fatal(m)
	}
	// The work was done: the payout exists, and a blind retry hits the duplicate check.
	if n := countPayouts(t, c); n != "1" {
		t.Fatalf("payouts after 500: %s", n)
	}
	m = c.must(t, http.StatusBadRequest, http.MethodPost, "/v1/payouts/", payoutParams(srv.ProfileID, "0.001", "BTC", "ref-1"))
	if str(m, "message") != "Payout with this reference_id already exists." {
		t.Fatal(m)
	}
}

func TestFaultRateLimitAndUnavailable(t *testing.T) {
	srv, c, _ := sandbox(t, cryptochilltest.Options{})
	srv.InjectFault(cryptochilltest.Fault{Kind: cryptochilltest.FaultRateLimit, Times: 2, RetryAfter: 1500 * time.Millisecond})
	for i := 0; i < 2; i++ {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/v1/profiles/", nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		m, _ := decode(body)
		expectError(t, resp.StatusCode, m, http.StatusTooManyRequests, "RateLimitExceeded")
		if ra := resp.Header.Get("Retry-After"); ra != "2" {
			t.Fatalf("Retry-After %q", ra)
		}
	}
	c.must(t, http.StatusOK, http.MethodGet, "/v1/profiles/", nil)

	srv.InjectFault(cryptochilltest.Fault{Method: http.MethodPost, Kind: cryptochilltest.FaultUnavailable})
	m := c.must(t, http.StatusServiceUnavailable, http.MethodPost, "/v1/payouts/", payoutParams(srv.ProfileID, "0.001", "BTC", "ref-2"))
	if str(m, "reason") != "ServiceUnavailable" {
		t.Fatal(m)
	}
	if n := countPayouts(t, c); n != "0" {
		t.Fatalf("503 did work: %s payouts", n)
	}
	// Faults that match nothing stay armed; requests are counted, faulted or not.
	srv.InjectFault(cryptochilltest.Fault{Path: "/v1/never/", Kind: cryptochilltest.FaultUnavailable})
	c.must(t, http.StatusOK, http.MethodGet, "/v1/profiles/", nil)
	if got := len(srv.Requests()); got != 6 {
		t.Fatalf("Requests() = %d, want 6", got)
	}
}

func TestFaultMalformedBody(t *testing.T) {
	srv, c, _ := sandbox(t, cryptochilltest.Options{})
	srv.InjectFault(cryptochilltest.Fault{Method: http.MethodPost, Path: "/v1/invoices/", Kind: cryptochilltest.FaultMalformedBody})
	payload := map[string]any{"profile_id": srv.ProfileID, "currency": "USD", "amount": "5"}
	status, m, err := c.call(http.MethodPost, "/v1/invoices/", payload)
	if status != http.StatusOK || err == nil || m != nil {
		t.Fatalf("malformed body: %d %v %v", status, m, err)
	}
	l := c.must(t, http.StatusOK, http.MethodGet, "/v1/invoices/", nil)
	if str(l, "pagination", "count") != "1" {
		t.Fatalf("work not done: %v", l["pagination"])
	}
}

func TestFaultTimeout(t *testing.T) {
	srv, c, _ := sandbox(t, cryptochilltest.Options{})
	srv.InjectFault(cryptochilltest.Fault{Path: "/v1/payouts/", Kind: cryptochilltest.FaultTimeout})
	c.hc = &http.Client{Timeout: 200 * time.Millisecond}
	start := time.Now()
	_, _, err := c.call(http.MethodPost, "/v1/payouts/", payoutParams(srv.ProfileID, "0.001", "BTC", "ref-3"))
	if err == nil {
		t.Fatal("timed-out request succeeded")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("took %s", d)
	}
	c.hc = &http.Client{Timeout: 5 * time.Second}
	if n := countPayouts(t, c); n != "0" {
		t.Fatalf("timeout did work: %s", n)
	}

	// Close does not wait 30 seconds for a held request.
	srv2 := cryptochilltest.NewServer(cryptochilltest.Options{})
	srv2.InjectFault(cryptochilltest.Fault{Kind: cryptochilltest.FaultTimeout})
	done := make(chan error, 1)
	go func() {
		resp, err := http.Get(srv2.URL + "/v1/profiles/")
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	for len(srv2.Requests()) == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	start = time.Now()
	srv2.Close()
	if err := <-done; err == nil {
		t.Fatal("held request got an answer")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("Close took %s", d)
	}
}
