package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/cryptopay"
	"github.com/coinsdk/coinsdk/option"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// arrival is one callback a test receiver got.
type arrival struct {
	at   time.Time
	body string
	sig  string
}

// receiver answers the statuses in order (then 200) and records arrivals.
type receiver struct {
	mu       sync.Mutex
	statuses []int
	got      []arrival
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	rc.got = append(rc.got, arrival{at: time.Now(), body: string(b), sig: r.Header.Get("X-Cryptopay-Signature")})
	status := http.StatusOK
	if n := len(rc.got); n <= len(rc.statuses) {
		status = rc.statuses[n-1]
	}
	rc.mu.Unlock()
	w.WriteHeader(status)
}

func (rc *receiver) arrivals() []arrival {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]arrival(nil), rc.got...)
}

// serveOn serves h on a listener until the test ends.
func serveOn(t *testing.T, ln net.Listener, h http.Handler) {
	t.Helper()
	srv := &http.Server{Handler: h}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
}

// createInvoice makes one Cryptopay invoice through the SDK against the
// server: exactly one callback (Invoice created) follows.
func createInvoice(t *testing.T, srv *server) *cryptopay.Invoice {
	t.Helper()
	c, err := cryptopay.New(cryptopay.Config{APIKey: srv.env["CRYPTOPAY_API_KEY"], APISecret: srv.env["CRYPTOPAY_API_SECRET"],
		WebhookSecret: srv.env["CRYPTOPAY_CALLBACK_SECRET"]}, option.WithBaseURL(srv.env["CRYPTOPAY_BASE_URL"]))
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	inv, err := c.Invoices.Create(ctx, &cryptopay.InvoiceParams{PriceAmount: decimal.RequireFromString("10"), PriceCurrency: "EUR", PayCurrency: "BTC"})
	require.NoError(t, err)
	return inv
}

// A receiver that answers 500 twice and then 200 gets the same delivery
// three times, spaced by the schedule -retry-schedule set.
func TestWebhookRetriedOnSchedule(t *testing.T) {
	t.Parallel()
	srv := startServer(t, nil, "-retry-schedule", "300ms,600ms,5s")
	rc := &receiver{statuses: []int{http.StatusInternalServerError, http.StatusInternalServerError}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	serveOn(t, ln, rc)
	status, _, raw := srv.call(http.MethodPut, "/_sandbox/cryptopay/callback-url", map[string]string{"url": "http://" + ln.Addr().String() + "/cb"})
	require.Equal(t, http.StatusOK, status, string(raw))

	inv := createInvoice(t, srv)
	require.Eventually(t, func() bool { return len(rc.arrivals()) >= 3 }, 10*time.Second, 20*time.Millisecond)
	time.Sleep(700 * time.Millisecond) // room for a fourth, which must not come
	got := rc.arrivals()
	require.Len(t, got, 3, "accepted on the third attempt: no more retries")
	for _, a := range got[1:] {
		assert.Equal(t, got[0].body, a.body, "a retry is byte-identical")
		assert.Equal(t, got[0].sig, a.sig)
	}
	assert.Contains(t, got[0].body, inv.ID)
	assert.GreaterOrEqual(t, got[1].at.Sub(got[0].at), 300*time.Millisecond, "first retry after the schedule's first delay")
	assert.GreaterOrEqual(t, got[2].at.Sub(got[1].at), 600*time.Millisecond, "second retry after the second delay")

	ds := srv.list("/_sandbox/cryptopay/deliveries")
	require.Len(t, ds, 3)
	for i, d := range ds {
		assert.Equal(t, ds[0]["id"], d["id"])
		assert.EqualValues(t, i+1, d["attempt"])
		assert.Equal(t, i == 2, d["delivered"])
	}
	ns := srv.list("/_sandbox/cryptopay/notifications")
	require.Len(t, ns, 1)
	assert.Equal(t, true, ns[0]["delivered"])
	assert.EqualValues(t, 3, ns[0]["attempts"])
	assert.Nil(t, ns[0]["next_retry"], "nothing pending once accepted")
}

// A receiver that is down when the callback is due and comes back gets it
// from a retry, as a merchant's restarted process would.
func TestWebhookReachesReceiverThatComesBack(t *testing.T) {
	t.Parallel()
	srv := startServer(t, nil, "-retry-schedule", "200ms,400ms,800ms,1600ms")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close()) // down: connections are refused
	status, _, raw := srv.call(http.MethodPut, "/_sandbox/cryptopay/callback-url", map[string]string{"url": "http://" + addr + "/cb"})
	require.Equal(t, http.StatusOK, status, string(raw))
	inv := createInvoice(t, srv)

	time.Sleep(300 * time.Millisecond) // the first attempt and a retry fail
	ds := srv.list("/_sandbox/cryptopay/deliveries")
	require.NotEmpty(t, ds)
	assert.Equal(t, false, ds[0]["delivered"])
	assert.NotEmpty(t, ds[0]["error"], "the refused connection is shown")

	ln, err = net.Listen("tcp", addr) // back up
	require.NoError(t, err)
	rc := &receiver{}
	serveOn(t, ln, rc)
	require.Eventually(t, func() bool { return len(rc.arrivals()) == 1 }, 5*time.Second, 20*time.Millisecond)
	assert.Contains(t, rc.arrivals()[0].body, inv.ID)
}
