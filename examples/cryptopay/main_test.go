package main

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/cryptopay/cryptopaytest"
	"github.com/shopspring/decimal"
)

// tourVars are every variable the tour reads; each test sets them all so
// that the developer's own environment cannot change what is tested.
var tourVars = []string{
	"CRYPTOPAY_BASE_URL", "CRYPTOPAY_API_KEY", "CRYPTOPAY_API_SECRET", "CRYPTOPAY_CALLBACK_SECRET",
	"CRYPTOPAY_ALLOW_PAYOUT", "CRYPTOPAY_PAYOUT_ADDRESS", "CRYPTOPAY_PAYOUT_CURRENCY", "CRYPTOPAY_PAYOUT_AMOUNT",
}

func clearEnv(t *testing.T) {
	for _, k := range tourVars {
		t.Setenv(k, "")
	}
}

// capture runs f with stdout captured.
func capture(t *testing.T, f func() error) (string, error) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() {
		var b bytes.Buffer
		_, _ = io.Copy(&b, r)
		done <- b.String()
	}()
	ferr := f()
	os.Stdout = old
	w.Close()
	return <-done, ferr
}

// TestTourSandbox runs the tour as `go run` does with no environment.
func TestTourSandbox(t *testing.T) {
	// Not parallel: it sets environment variables (clearEnv) and swaps os.Stdout.
	clearEnv(t)
	out, err := capture(t, func() error { return run(t.Context()) })
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, want := range []string{"offline sandbox", "callback Invoice.transaction_confirmed verified", "callback ChannelPayment", "found again by custom_id", "tour complete"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestTourLive runs the tour in live mode against a server it does not
// control (here a sandbox standing in for one, with no callback URL), as a
// user with the environment variables set would; the output never shows a
// secret.
func TestTourLive(t *testing.T) {
	// Not parallel: it sets environment variables (clearEnv) and swaps os.Stdout.
	t.Run("payouts allowed", func(t *testing.T) { tourLive(t, true) })
	t.Run("read only", func(t *testing.T) { tourLive(t, false) })
}

func tourLive(t *testing.T, payouts bool) {
	sb := cryptopaytest.NewServer(cryptopaytest.Options{})
	defer sb.Close()
	clearEnv(t)
	t.Setenv("CRYPTOPAY_BASE_URL", sb.URL)
	t.Setenv("CRYPTOPAY_API_KEY", sb.APIKey)
	t.Setenv("CRYPTOPAY_API_SECRET", sb.APISecret)
	t.Setenv("CRYPTOPAY_CALLBACK_SECRET", sb.CallbackSecret)
	if payouts {
		t.Setenv("CRYPTOPAY_ALLOW_PAYOUT", "1")
	}
	before := sb.Balance("BTC")
	out, err := capture(t, func() error { return run(t.Context()) })
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, secret := range []string{sb.APISecret, sb.CallbackSecret} {
		if strings.Contains(out, secret) {
			t.Errorf("the output shows a secret:\n%s", out)
		}
	}
	if !strings.Contains(out, "test callback Invoice.status_changed verified") {
		t.Errorf("no verified test callback:\n%s", out)
	}
	spent := before.Sub(sb.Balance("BTC"))
	if payouts && !spent.GreaterThanOrEqual(decimal.RequireFromString("0.0001")) {
		t.Errorf("the payout did not reach the server: BTC balance moved by %s", spent)
	}
	if !payouts && !spent.IsZero() {
		t.Errorf("a read-only tour moved the balance by %s", spent)
	}
}

// TestTourLiveNeedsEveryVariable: a half-configured live mode fails.
func TestTourLiveNeedsEveryVariable(t *testing.T) {
	// Not parallel: it sets environment variables (clearEnv).
	clearEnv(t)
	t.Setenv("CRYPTOPAY_BASE_URL", "http://127.0.0.1:1")
	t.Setenv("CRYPTOPAY_API_KEY", "k")
	t.Setenv("CRYPTOPAY_API_SECRET", "s")
	if err := run(t.Context()); err == nil || !strings.Contains(err.Error(), "CRYPTOPAY_CALLBACK_SECRET") {
		t.Fatalf("err = %v", err)
	}
}
