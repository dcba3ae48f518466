package cryptoprocessing

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/jarcoal/httpmock"
)

func TestNewValidatesConfig(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		field string
		cfg   Config
		opts  []option.Option
	}{
		{"APIKey", Config{APISecret: "s"}, nil},
		{"APISecret", Config{APIKey: "k"}, nil},
		{"BaseURL", Config{APIKey: "k", APISecret: "s"}, []option.Option{option.WithBaseURL("not a url")}},
		{"BaseURL", Config{APIKey: "k", APISecret: "s"}, []option.Option{option.WithBaseURL("ftp://example.test/api/v2")}},
	} {
		_, err := New(tc.cfg, tc.opts...)
		var ve *payments.ValidationError
		if !errors.As(err, &ve) || ve.Field != tc.field {
			t.Errorf("%s: err = %v", tc.field, err)
		}
	}
}

func TestBaseURLs(t *testing.T) {
	t.Parallel()
	cfg := Config{APIKey: "k", APISecret: "s"}
	for _, tc := range []struct {
		opts []option.Option
		want string
	}{
		{nil, ProductionBaseURL},
		{[]option.Option{option.WithBaseURL(SandboxBaseURL)}, SandboxBaseURL},
		{[]option.Option{option.WithBaseURL("https://pay.white-label.example/api/v2/")}, "https://pay.white-label.example/api/v2"},
		{[]option.Option{option.WithBaseURL("http://127.0.0.1:8080/api/v2")}, "http://127.0.0.1:8080/api/v2"},
	} {
		c, err := New(cfg, tc.opts...)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.BaseURL(); got != tc.want {
			t.Errorf("BaseURL = %q, want %q", got, tc.want)
		}
	}
}

func TestPing(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/ping", func(r *http.Request) (*http.Response, error) {
		// Ping is not authenticated: nothing to sign, nothing to leak.
		if r.Header.Get(HeaderKey) != "" || r.Header.Get(HeaderSignature) != "" {
			t.Errorf("ping sent credentials: %v", r.Header)
		}
		return httpmock.NewStringResponse(200, "OK"), nil
	})
	if err := c.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}

	c2, mt2 := newTestClient(t)
	mt2.RegisterResponder("GET", testBase+"/ping", httpmock.NewStringResponder(200, "<html>maintenance</html>"))
	if err := c2.Ping(context.Background()); !errors.Is(err, payments.ErrMalformed) {
		t.Fatalf("unexpected ping answer: err = %v", err)
	}
}

// GETs are retried on 503 and 429; the same signed body goes every time.
func TestRetriesResendSameSignedBody(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var bodies []string
	n := 0
	mt.RegisterResponder("GET", testBase+"/transactions/info", func(r *http.Request) (*http.Response, error) {
		body := signedBody(t, r)
		bodies = append(bodies, string(body))
		n++
		switch n {
		case 1:
			return httpmock.NewStringResponse(503, "<html>busy</html>"), nil
		case 2:
			return httpmock.NewStringResponse(429, "Too Many Attempts."), nil
		}
		return httpmock.NewStringResponse(200, fixture(t, "callback_deposit_confirmed.json")), nil
	})
	tx, err := c.Transactions.ByID(context.Background(), "2686563")
	if err != nil {
		t.Fatal(err)
	}
	if tx.ID != "2686563" || len(bodies) != 3 {
		t.Fatalf("tx %s after %d attempts", tx.ID, len(bodies))
	}
	for _, b := range bodies {
		if b != `{"id":2686563}` {
			t.Errorf("attempt body = %s", b)
		}
	}
}

// The logger gets one line per attempt, never a header or a body.
func TestLoggerAndUserAgent(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, mt := newTestClient(t, option.WithLogger(logger), option.WithUserAgent("shop/1.0"))
	var sig string
	mt.RegisterResponder("POST", testBase+"/addresses/take", func(r *http.Request) (*http.Response, error) {
		if ua := r.Header.Get("User-Agent"); ua != "shop/1.0" {
			t.Errorf("User-Agent = %q", ua)
		}
		sig = r.Header.Get(HeaderSignature)
		return respond(t, 201, fixture(t, "address_btc.json"), nil)(r)
	})
	if _, err := c.Addresses.Take(context.Background(), &AddressParams{Currency: "BTC", ForeignID: "customer-42"}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "addresses/take") {
		t.Errorf("log = %s", out)
	}
	for _, s := range []string{testSecret, sig, "customer-42"} {
		if strings.Contains(out, s) {
			t.Errorf("log shows %q: %s", s, out)
		}
	}
}
