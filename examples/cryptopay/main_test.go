package main

import (
	"bytes"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/cryptopay/cryptopaytest"
	"github.com/coinsdk/coinsdk/examples/internal/tour/tourtest"
	"github.com/shopspring/decimal"
)

// tourVars are every variable the tour reads (see tourtest.Setenv).
var tourVars = []string{
	"CRYPTOPAY_BASE_URL", "CRYPTOPAY_API_KEY", "CRYPTOPAY_API_SECRET", "CRYPTOPAY_CALLBACK_SECRET",
	"CRYPTOPAY_ALLOW_PAYOUT", "CRYPTOPAY_PAYOUT_ADDRESS", "CRYPTOPAY_PAYOUT_CURRENCY", "CRYPTOPAY_PAYOUT_AMOUNT",
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
	// Not parallel: it swaps os.Stdout.
	tourtest.Setenv(t, tourVars, nil)
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
	// Not parallel: it swaps os.Stdout.
	tourtest.PayoutModes(t, tourLive)
}

func tourLive(t *testing.T, payouts bool) {
	sb := cryptopaytest.NewServer(cryptopaytest.Options{})
	defer sb.Close()
	tourtest.Setenv(t, tourVars, map[string]string{"CRYPTOPAY_BASE_URL": sb.URL, "CRYPTOPAY_API_KEY": sb.APIKey,
		"CRYPTOPAY_API_SECRET": sb.APISecret, "CRYPTOPAY_CALLBACK_SECRET": sb.CallbackSecret,
		"CRYPTOPAY_ALLOW_PAYOUT": tourtest.Flag(payouts)})
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
	tourtest.Setenv(t, tourVars, map[string]string{"CRYPTOPAY_BASE_URL": "http://127.0.0.1:1",
		"CRYPTOPAY_API_KEY": "k", "CRYPTOPAY_API_SECRET": "s"})
	if err := run(t.Context()); err == nil || !strings.Contains(err.Error(), "CRYPTOPAY_CALLBACK_SECRET") {
		t.Fatalf("err = %v", err)
	}
}
