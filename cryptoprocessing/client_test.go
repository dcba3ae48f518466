package cryptoprocessing

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"testing"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/jarcoal/httpmock"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
		if assert.ErrorAs(t, err, &ve, tc.field) {
			assert.Equal(t, tc.field, ve.Field)
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
		require.NoError(t, err)
		assert.Equal(t, tc.want, c.BaseURL(), "BaseURL")
	}
}

func TestPing(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/ping", func(r *http.Request) (*http.Response, error) {
		// Ping is not authenticated: nothing to sign, nothing to leak.
		assert.Empty(t, r.Header.Get(HeaderKey), "ping sent credentials")
		assert.Empty(t, r.Header.Get(HeaderSignature), "ping sent credentials")
		return httpmock.NewStringResponse(200, "OK"), nil
	})
	require.NoError(t, c.Ping(t.Context()))

	c2, mt2 := newTestClient(t)
	mt2.RegisterResponder("GET", testBase+"/ping", httpmock.NewStringResponder(200, "<html>maintenance</html>"))
	require.ErrorIs(t, c2.Ping(t.Context()), payments.ErrMalformed, "unexpected ping answer")
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
	tx, err := c.Transactions.Get(t.Context(), "2686563")
	require.NoError(t, err)
	assert.Equal(t, "2686563", tx.ID)
	require.Len(t, bodies, 3, "attempts")
	for _, b := range bodies {
		assert.Equal(t, `{"id":2686563}`, b, "attempt body")
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
		assert.Equal(t, "shop/1.0", r.Header.Get("User-Agent"), "User-Agent")
		sig = r.Header.Get(HeaderSignature)
		return respond(t, 201, fixture(t, "address_btc.json"), nil)(r)
	})
	_, err := c.Addresses.Take(t.Context(), &AddressParams{Currency: "BTC", ForeignID: "customer-42"})
	require.NoError(t, err)
	out := buf.String()
	assert.Contains(t, out, "addresses/take", "log")
	for _, s := range []string{testSecret, sig, "customer-42"} {
		assert.NotContains(t, out, s, "log shows %q", s)
	}
}

// Misuse is an error, never a panic: nil contexts, nil params, empty ids.
func TestMisuseIsAnErrorNotAPanic(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	a := newAdapter(t, c, AdapterOptions{})
	var nilCtx context.Context
	ctx := t.Context()
	calls := map[string]func() error{
		"nil ctx":          func() error { _, err := c.Accounts.List(nilCtx); return err },
		"nil address":      func() error { _, err := c.Addresses.Take(ctx, nil); return err },
		"nil withdrawal":   func() error { _, err := c.Withdrawals.Crypto(ctx, nil); return err },
		"nil exchange":     func() error { _, err := c.Exchange.Calculate(ctx, nil); return err },
		"nil fixed":        func() error { _, err := c.Exchange.Fixed(ctx, nil); return err },
		"nil invoice":      func() error { _, err := c.Invoices.Create(ctx, nil); return err },
		"empty cancel":     func() error { _, err := c.Invoices.Cancel(ctx, ""); return err },
		"nil query":        func() error { _, err := c.Transactions.Info(ctx, nil); return err },
		"empty id":         func() error { _, err := c.Transactions.Get(ctx, ""); return err },
		"adapter nil":      func() error { _, err := a.CreatePayout(ctx, nil); return err },
		"adapter deposit":  func() error { _, err := a.CreateDepositAddress(ctx, nil); return err },
		"adapter refresh":  func() error { _, err := a.Refresh(ctx, nil); return err },
		"adapter parse":    func() error { _, err := a.ParseWebhook(nil); return err },
		"webhooks refresh": func() error { _, err := c.Webhooks.Refresh(ctx, nil); return err },
	}
	providertest.MisuseIsAnError(t, calls)
	assert.Zero(t, mt.GetTotalCallCount(), "requests sent")
}

// TestWithdrawalRedirectRefused: a 307 or 302 from the API to another host
// leaves the signed withdrawal where it was: the other host receives nothing
// (no X-Processing-Key, no signature, no body), with the default client and
// with the caller's own, which is not modified.
func TestWithdrawalRedirectRefused(t *testing.T) {
	t.Parallel()
	providertest.RedirectRefused(t, providertest.Redirect{
		Seen: func(r *http.Request, body []byte) string {
			return r.Method + " " + r.URL.Path + " " + r.Header.Get("X-Processing-Key") + " " + string(body)
		},
		Answer: `{"data":{"id":1}}`,
		Secret: testKey,
		Call: func(t testing.TB, apiURL string, hc *http.Client) error {
			opts := []option.Option{option.WithBaseURL(apiURL + "/api/v2"), providertest.NoSleep()}
			if hc != nil {
				opts = append(opts, option.WithHTTPClient(hc))
			}
			c, err := New(Config{APIKey: testKey, APISecret: testSecret}, opts...)
			require.NoError(t, err)
			_, err = c.Withdrawals.Crypto(t.Context(), &WithdrawalParams{ForeignID: "ref-redirect",
				Amount: decimal.RequireFromString("0.01"), Currency: "BTC", Address: "2N38koyyonVDAZJRV4GwnuFPxcGTymzn9HQ"})
			return err
		},
	})
}
