package webhooks_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/channels"
	"github.com/coinsdk/coinsdk/channels/channelstest"
	"github.com/coinsdk/coinsdk/cryptochill"
	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/coinsdk/coinsdk/cryptopay"
	"github.com/coinsdk/coinsdk/cryptopay/cryptopaytest"
	"github.com/coinsdk/coinsdk/cryptoprocessing"
	"github.com/coinsdk/coinsdk/cryptoprocessing/cryptoprocessingtest"
	"github.com/coinsdk/coinsdk/gateway"
	"github.com/coinsdk/coinsdk/gateway/gatewaytest"
	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/webhooks"
)

// provider is one finished provider's adapter (with an API client on its
// sandbox, for Refresh) and a genuine callback the sandbox delivered.
type provider struct {
	name    string
	adapter payments.Adapter
	genuine sandboxkit.Delivery
}

func lastDelivery(t *testing.T, ds []sandboxkit.Delivery) sandboxkit.Delivery {
	t.Helper()
	require.NotEmpty(t, ds, "the sandbox delivered a callback")
	return ds[len(ds)-1]
}

func finishedProviders(t *testing.T) []provider {
	t.Helper()
	ctx := context.Background()
	var out []provider

	cc := cryptochilltest.NewServer(cryptochilltest.Options{})
	t.Cleanup(cc.Close)
	ccClient, err := cryptochill.New(cryptochill.Config{APIKey: cc.APIKey, APISecret: cc.APISecret, ProfileID: cc.ProfileID,
		WebhookSecret: cc.CallbackToken}, option.WithBaseURL(cc.URL))
	require.NoError(t, err)
	ccA, err := cryptochill.NewAdapter(ccClient, cryptochill.AdapterOptions{})
	require.NoError(t, err)
	inv, err := ccA.CreateInvoice(ctx, &payments.InvoiceParams{Amount: payments.MustMoney("100", "USD")})
	require.NoError(t, err)
	tx, err := cc.PayInvoice(inv.ID, inv.Due.Amount)
	require.NoError(t, err)
	require.NoError(t, cc.Confirm(tx))
	out = append(out, provider{"cryptochill", ccA, lastDelivery(t, cc.Deliveries())})

	cp := cryptoprocessingtest.NewServer(cryptoprocessingtest.Options{})
	t.Cleanup(cp.Close)
	cpClient, err := cryptoprocessing.New(cryptoprocessing.Config{APIKey: cp.APIKey, APISecret: cp.APISecret}, option.WithBaseURL(cp.URL))
	require.NoError(t, err)
	cpA, err := cryptoprocessing.NewAdapter(cpClient, cryptoprocessing.AdapterOptions{})
	require.NoError(t, err)
	dep, err := cpA.CreateDepositAddress(ctx, &payments.DepositParams{Asset: "BTC", Customer: "cust-1"})
	require.NoError(t, err)
	_, err = cp.PayDeposit(dep.Address, decimal.RequireFromString("0.01"))
	require.NoError(t, err)
	out = append(out, provider{"cryptoprocessing", cpA, lastDelivery(t, cp.Deliveries())})

	ch := channelstest.NewServer(channelstest.Options{})
	t.Cleanup(ch.Close)
	chClient, err := channels.New(channels.Config{APIKey: ch.APIKey, WebhookSecret: ch.SecretKey}, option.WithBaseURL(ch.URL))
	require.NoError(t, err)
	chA, err := channels.NewAdapter(chClient, channels.AdapterOptions{})
	require.NoError(t, err)
	chDep, err := chA.CreateDepositAddress(ctx, &payments.DepositParams{Asset: "tUSDT", Customer: "cust-1"})
	require.NoError(t, err)
	txID, err := ch.PayDepositIn(chDep.Address, "tUSDT", decimal.RequireFromString("10.50"))
	require.NoError(t, err)
	require.NoError(t, ch.Confirm(txID))
	out = append(out, provider{"channels", chA, lastDelivery(t, ch.Deliveries())})

	gw := gatewaytest.NewServer(gatewaytest.Options{})
	t.Cleanup(gw.Close)
	gwClient, err := gateway.New(gateway.Config{APIKey: gw.APIKey, APISecret: gw.APISecret, WebhookSecret: gw.WebhookSecret},
		option.WithBaseURL(gw.URL))
	require.NoError(t, err)
	gwA, err := gateway.NewAdapter(gwClient, gateway.AdapterOptions{PaymentAsset: "BTC"})
	require.NoError(t, err)
	gwInv, err := gwA.CreateInvoice(ctx, &payments.InvoiceParams{Amount: payments.MustMoney("100", "USD")})
	require.NoError(t, err)
	_, err = gw.PayInvoice(gwInv.ID, gwInv.Due.Amount)
	require.NoError(t, err)
	out = append(out, provider{"gateway", gwA, lastDelivery(t, gw.Deliveries())})

	cpay := cryptopaytest.NewServer(cryptopaytest.Options{})
	t.Cleanup(cpay.Close)
	cpayClient, err := cryptopay.New(cryptopay.Config{APIKey: cpay.APIKey, APISecret: cpay.APISecret, WebhookSecret: cpay.CallbackSecret},
		option.WithBaseURL(cpay.URL))
	require.NoError(t, err)
	cpayA, err := cryptopay.NewAdapter(cpayClient, cryptopay.AdapterOptions{})
	require.NoError(t, err)
	cpayInv, err := cpayA.CreateInvoice(ctx, &payments.InvoiceParams{Amount: payments.MustMoney("100", "EUR")})
	require.NoError(t, err)
	require.NoError(t, cpay.PayInvoiceInFull(cpayInv.ID))
	out = append(out, provider{"cryptopay", cpayA, lastDelivery(t, cpay.Deliveries())})
	return out
}

// extend returns a copy of the JSON object body with its closing brace
// replaced by tail (body itself is never written to).
func extend(body []byte, tail string) []byte {
	trimmed := bytes.TrimSuffix(bytes.TrimSpace(body), []byte("}"))
	return append(append([]byte(nil), trimmed...), tail...)
}

// countingHandler is a Handler over a, on a fresh memory store, that counts
// the updates it processes.
func countingHandler(a payments.Adapter) (*webhooks.Handler, *atomic.Int64) {
	var processed atomic.Int64
	return webhooks.NewHandler(a, webhooks.NewMemoryStore(), func(context.Context, webhooks.Update) error {
		processed.Add(1)
		return nil
	}), &processed
}

// post delivers body with header, announcing length (-1: unknown), and
// returns the answer's status code.
func post(h http.Handler, body io.Reader, header http.Header, length int64) int {
	r := httptest.NewRequest(http.MethodPost, "/hook", body)
	for k, v := range header {
		r.Header[k] = v
	}
	r.ContentLength = length
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Code
}

// Every finished provider through the Handler: hostile deliveries get the
// answer a provider understands (never a panic, never 200 for a body that
// was not verified), a genuine callback is processed once, and its replays
// (byte for byte, or after a newer state) are acknowledged without being
// processed again.
func TestHandlerOverEveryFinishedProvider(t *testing.T) {
	for _, p := range finishedProviders(t) {
		t.Run(p.name, func(t *testing.T) {
			h, processed := countingHandler(p.adapter)
			body, header := p.genuine.Body, p.genuine.Header
			over := extend(body, `,"pad":"`+strings.Repeat("x", 1<<20)+`"}`)
			huge := strings.Repeat("9", 1_000_000)

			for name, tc := range map[string]struct {
				body   []byte
				length int64
				want   []int
			}{
				"empty":                {nil, 0, []int{400}},
				"not JSON":             {[]byte("hello"), 5, []int{400, 401}},
				"array":                {[]byte("[1,2]"), 5, []int{400, 401}},
				"oversized, announced": {over, int64(len(over)), []int{413}},
				"oversized, unknown":   {over, -1, []int{413}},
				"hostile exponent":     {[]byte(`{"id":1e999999999,"callback_id":"1","amount":1e999999999,"hash":"x"}`), -1, []int{400, 401}},
				"1M digits":            {[]byte(`{"amount":"` + huge + `"}`), -1, []int{400, 401}},
				"appended amount":      {extend(body, `,"amount":"1000","Amount":"1000"}`), -1, []int{200, 401}},
			} {
				before := processed.Load()
				code := post(h, bytes.NewReader(tc.body), header, tc.length)
				assert.Contains(t, tc.want, code, name)
				if code != http.StatusOK {
					assert.Equal(t, before, processed.Load(), "%s: refused, yet processed", name)
				}
			}
			// A partly signed provider may take the swapped body's
			// verified part and process what Refresh returned: the genuine
			// state, under the genuine state's key.
			assert.LessOrEqual(t, processed.Load(), int64(1))

			// Chunked over a real connection.
			srv := httptest.NewServer(h)
			defer srv.Close()
			pr, pw := io.Pipe()
			go func() { _, _ = pw.Write(over); _ = pw.Close() }()
			req, err := http.NewRequest(http.MethodPost, srv.URL, pr)
			require.NoError(t, err)
			for k, v := range header {
				req.Header[k] = v
			}
			resp, err := srv.Client().Do(req)
			require.NoError(t, err)
			_ = resp.Body.Close()
			assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode, "chunked oversized")

			// The genuine callback, then its replays.
			require.Equal(t, http.StatusOK, post(h, bytes.NewReader(body), header, int64(len(body))), "genuine")
			require.Equal(t, int64(1), processed.Load(), "the genuine state is processed exactly once")
			for range 3 {
				assert.Equal(t, http.StatusOK, post(h, bytes.NewReader(body), header, int64(len(body))), "replay")
			}
			assert.Equal(t, int64(1), processed.Load(), "a replay is never processed again")
		})
	}
}

// withoutSignature returns the genuine delivery with its signature taken
// away: the signature headers dropped and, for a provider that signs in the
// body (channels' "hash", cryptochill's "signature"), that field removed.
func withoutSignature(t *testing.T, body []byte, header http.Header) ([]byte, http.Header) {
	t.Helper()
	h := http.Header{}
	for k, v := range header {
		lk := strings.ToLower(k)
		if strings.Contains(lk, "signature") || strings.Contains(lk, "hmac") || strings.Contains(lk, "sign") {
			continue
		}
		h[k] = v
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) == nil {
		stripped := false
		for _, f := range []string{"hash", "signature"} { // channels, cryptochill
			if _, ok := m[f]; ok {
				delete(m, f)
				stripped = true
			}
		}
		if stripped {
			out, err := json.Marshal(m)
			require.NoError(t, err)
			return out, h
		}
	}
	return body, h
}

// One rule for every provider: a delivery whose signature is missing
// answers 401 (and is not processed), like one whose signature is wrong.
func TestMissingSignatureIs401(t *testing.T) {
	for _, p := range finishedProviders(t) {
		t.Run(p.name, func(t *testing.T) {
			h, processed := countingHandler(p.adapter)
			body, header := withoutSignature(t, p.genuine.Body, p.genuine.Header)
			assert.Equal(t, http.StatusUnauthorized, post(h, bytes.NewReader(body), header, int64(len(body))))
			assert.Zero(t, processed.Load())
		})
	}
}
