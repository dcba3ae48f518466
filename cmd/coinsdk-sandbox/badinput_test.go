package main

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/cryptopay"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Bad input to the control API gets a clear JSON 4xx and changes nothing.
func TestControlAPIBadInput(t *testing.T) {
	t.Parallel()
	srv := startServer(t, nil)
	inv := createInvoice(t, srv)
	before := srv.list("/_sandbox/cryptopay/objects")

	cases := []struct {
		name, method, path string
		body               any
		status             int
		says               string
	}{
		{"unknown provider", "GET", "/_sandbox/stripe/invoices", nil, 404, `unknown provider "stripe"`},
		{"unknown provider action", "POST", "/_sandbox/stripe/invoices/x/pay", `{"amount":"1"}`, 404, "unknown provider"},
		{"unknown invoice", "POST", "/_sandbox/cryptopay/invoices/no-such/pay", `{"amount":"1"}`, 404, "not found"},
		{"unknown object", "GET", "/_sandbox/cryptopay/invoices/no-such", nil, 404, `no invoice with id "no-such"`},
		{"amount missing", "POST", "/_sandbox/cryptopay/invoices/" + inv.ID + "/pay", `{}`, 400, `"amount" is required`},
		{"amount not a decimal", "POST", "/_sandbox/cryptopay/invoices/" + inv.ID + "/pay", `{"amount":"abc"}`, 400, "not a plain positive decimal"},
		{"amount negative", "POST", "/_sandbox/cryptopay/invoices/" + inv.ID + "/pay", `{"amount":"-1"}`, 400, "not a plain positive decimal"},
		{"amount exponent", "POST", "/_sandbox/cryptopay/invoices/" + inv.ID + "/pay", `{"amount":"1e999999999"}`, 400, "not a plain positive decimal"},
		{"amount zero", "POST", "/_sandbox/cryptopay/invoices/" + inv.ID + "/pay", `{"amount":"0"}`, 400, "must be positive"},
		{"amount a JSON number", "POST", "/_sandbox/cryptopay/invoices/" + inv.ID + "/pay", `{"amount":0.1}`, 400, "not the JSON object expected"},
		{"malformed JSON", "POST", "/_sandbox/cryptopay/invoices/" + inv.ID + "/pay", `{"amount":`, 400, "not the JSON object expected"},
		{"unknown field", "POST", "/_sandbox/cryptopay/invoices/" + inv.ID + "/pay", `{"amount":"1","x":1}`, 400, "unknown field"},
		{"trailing data", "POST", "/_sandbox/cryptopay/invoices/" + inv.ID + "/pay", `{"amount":"1"}{}`, 400, "after the JSON object"},
		{"body too large", "POST", "/_sandbox/cryptopay/invoices/" + inv.ID + "/pay", `{"reason":"` + strings.Repeat("a", 70<<10) + `"}`, 400, "body over"},
		{"deposit without address", "POST", "/_sandbox/cryptopay/deposits", `{"amount":"1"}`, 400, `"address" is required`},
		{"deposit to unknown address", "POST", "/_sandbox/cryptopay/deposits", `{"address":"nowhere","amount":"1"}`, 404, "not found"},
		{"confirm unknown tx", "POST", "/_sandbox/cryptopay/payments/nope/confirm", nil, 404, "not found"},
		{"complete unknown payout", "POST", "/_sandbox/gateway/payouts/nope/complete", nil, 404, "not found"},
		{"hold unsupported", "POST", "/_sandbox/gateway/payouts/nope/hold", nil, 501, "not supported"},
		{"bad duration", "POST", "/_sandbox/cryptopay/clock/advance", `{"duration":"tomorrow"}`, 400, "positive Go duration"},
		{"negative duration", "POST", "/_sandbox/cryptopay/clock/advance", `{"duration":"-1h"}`, 400, "positive Go duration"},
		{"bad callback URL", "PUT", "/_sandbox/cryptopay/callback-url", `{"url":"ftp://x"}`, 400, "absolute http or https URL"},
		{"bad fault kind", "POST", "/_sandbox/cryptopay/faults", `{"kind":"explode"}`, 400, `"kind" "explode"`},
		{"redeliver unknown", "POST", "/_sandbox/cryptopay/deliveries/n999/redeliver", nil, 404, "not found"},
		{"wrong method", "PATCH", "/_sandbox/cryptopay/faults", nil, 405, "not allowed"},
		{"unknown route", "GET", "/_sandbox/cryptopay/nothing/here", nil, 404, "no control API route"},
		{"unknown top path", "GET", "/nowhere", nil, 404, "providers are under"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, m, raw := srv.call(c.method, c.path, c.body)
			assert.Equal(t, c.status, status, string(raw))
			require.NotNil(t, m, "a JSON error: %s", raw)
			assert.Contains(t, m["error"], c.says)
		})
	}
	assert.Equal(t, before, srv.list("/_sandbox/cryptopay/objects"), "bad input changed nothing")
	assert.Empty(t, srv.list("/_sandbox/cryptopay/faults"), "no fault armed by a refused request")
	status, _, _ := srv.call("GET", "/healthz", nil)
	assert.Equal(t, http.StatusOK, status)
	assert.NotContains(t, srv.stderr.String(), "panic")
}

// Bad input to the provider APIs is answered by each sandbox the way the
// provider answers it, through the server, without a panic.
func TestProviderAPIBadInput(t *testing.T) {
	t.Parallel()
	srv := startServer(t, nil)
	cases := []struct {
		name, method, path, body string
		header                   map[string]string
		status                   int
	}{
		{"cryptopay unsigned", "GET", "/cryptopay/api/invoices", "", nil, http.StatusUnauthorized},
		{"cryptopay garbage auth", "POST", "/cryptopay/api/invoices", "{", map[string]string{"Authorization": "HMAC x:y", "Date": "yesterday"}, http.StatusUnauthorized},
		{"cryptochill unsigned", "POST", "/cryptochill/v1/invoices/", "\x00\xff", nil, http.StatusUnauthorized},
		{"cryptoprocessing unsigned", "POST", "/cryptoprocessing/api/v2/invoices/create", "not json", nil, http.StatusForbidden},
		{"gateway no basic auth", "POST", "/gateway/int/payment", "{", nil, http.StatusUnauthorized},
		{"channels no key", "POST", "/channels/api/v1/withdrawals", "[]", nil, http.StatusUnauthorized},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, err := http.NewRequest(c.method, srv.url+c.path, strings.NewReader(c.body))
			require.NoError(t, err)
			for k, v := range c.header {
				req.Header.Set(k, v)
			}
			resp, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, c.status, resp.StatusCode)
		})
	}
	for _, p := range []string{"cryptochill", "cryptoprocessing", "gateway", "cryptopay", "channels"} {
		assert.NotEmpty(t, srv.list("/_sandbox/"+p+"/requests"), "%s: refused requests are visible too", p)
	}
	assert.NotContains(t, srv.stderr.String(), "panic")
}

// A server killed with SIGKILL and started again (same credentials, from
// the environment, on the same port) answers cleanly: the client's calls
// while it is down fail with an error, an object made before the kill is
// not found (the state lives in memory), new work goes through.
func TestKilledAndRestarted(t *testing.T) {
	t.Parallel()
	creds := []string{"CRYPTOPAY_API_KEY=restart-key", "CRYPTOPAY_API_SECRET=restart-secret", "CRYPTOPAY_CALLBACK_SECRET=restart-callback"}
	first := startServer(t, creds)
	inv := createInvoice(t, first)
	c, err := cryptopay.New(cryptopay.Config{APIKey: "restart-key", APISecret: "restart-secret", WebhookSecret: "restart-callback"},
		option.WithBaseURL(first.env["CRYPTOPAY_BASE_URL"]))
	require.NoError(t, err)

	first.kill()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err = c.Invoices.Get(ctx, inv.ID)
	require.Error(t, err, "the server is down")
	assert.NotContains(t, err.Error(), "restart-secret")

	addr := strings.TrimPrefix(first.url, "http://")
	var second *server
	require.Eventually(t, func() bool { // the port is free again once the kernel lets go of it
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			return false
		}
		ln.Close()
		return true
	}, 5*time.Second, 50*time.Millisecond)
	second = startServer(t, creds, "-addr", addr)
	assert.Equal(t, first.env["CRYPTOPAY_BASE_URL"], second.env["CRYPTOPAY_BASE_URL"])
	assert.Equal(t, "restart-key", second.env["CRYPTOPAY_API_KEY"], "credentials from the environment survive a restart")

	_, err = c.Invoices.Get(ctx, inv.ID)
	require.Error(t, err)
	assert.ErrorIs(t, err, payments.ErrNotFound, "an invoice from before the restart is not found: %v", err)
	again, err := c.Invoices.Create(ctx, &cryptopay.InvoiceParams{PriceAmount: decimal.RequireFromString("1"), PriceCurrency: "EUR", PayCurrency: "BTC"})
	require.NoError(t, err, "the same client works against the restarted server")
	assert.NotEqual(t, inv.ID, again.ID)
	assert.NotContains(t, second.stderr.String(), "panic")
	assert.NotContains(t, second.stderr.String(), "restart-secret", "no secret in the logs")
}
