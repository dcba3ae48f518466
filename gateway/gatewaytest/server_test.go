package gatewaytest_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/coinsdk/coinsdk/gateway/gatewaytest"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// call sends a raw request, as any HTTP client would, without the SDK.
func call(t *testing.T, sb *gatewaytest.Server, method, path, body string, auth bool) (int, map[string]any, []byte) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = bytes.NewReader([]byte(body))
	}
	req, err := http.NewRequest(method, sb.URL+path, r)
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	if auth {
		req.SetBasicAuth(sb.APIKey, sb.APISecret)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	return resp.StatusCode, m, raw
}

func TestAuthAndErrorShapes(t *testing.T) {
	t.Parallel()
	sb := gatewaytest.NewServer(gatewaytest.Options{APIKey: "k", APISecret: "s", WebhookSecret: "w"})
	defer sb.Close()
	status, m, _ := call(t, sb, http.MethodGet, "/assets", "", false)
	assert.Equal(t, 401, status)
	assert.Equal(t, "ERR_UNAUTHORIZED", m["code"])

	req, _ := http.NewRequest(http.MethodGet, sb.URL+"/assets", nil)
	req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte("k:s")))
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 422, resp.StatusCode, "Content-Type application/json is required")

	status, m, _ = call(t, sb, http.MethodGet, "/payment/nope", "", true)
	assert.Equal(t, 422, status)
	assert.Equal(t, "ERR_NO_PAYMENT", m["code"])
	assert.Equal(t, "Payment <nope> not found.", m["message"])

	status, m, _ = call(t, sb, http.MethodPost, "/payment", `{"amount":"10","asset_id":"USD","payment_asset_id":"BTC"}`, true)
	assert.Equal(t, 422, status, "an amount as a string is refused like a numeric field")
	assert.Contains(t, m["message"], "amount: expected a JSON number, got string")
	status, _, _ = call(t, sb, http.MethodPost, "/withdraw", `{"amount":"0.1","asset_id":"BTC","address":"bc1q"}`, true)
	assert.Equal(t, 422, status)
	status, _, _ = call(t, sb, http.MethodGet, "/payments?to=2026-01-01", "", true)
	assert.Equal(t, 422, status, "from is required")
	for _, r := range sb.Requests() {
		assert.NotContains(t, r.Header.Get("Authorization"), base64.StdEncoding.EncodeToString([]byte("k:s")))
	}
}

func TestWebhooksSignedIndependently(t *testing.T) {
	t.Parallel()
	got := make(chan *http.Request, 8)
	bodies := make(chan []byte, 8)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got <- r
		bodies <- b
	}))
	defer hook.Close()
	sb := gatewaytest.NewServer(gatewaytest.Options{WebhookSecret: "whsec", CallbackURL: hook.URL})
	defer sb.Close()
	status, m, _ := call(t, sb, http.MethodPost, "/payment", `{"amount":0.001,"asset_id":"BTC","payment_asset_id":"BTC"}`, true)
	require.Equal(t, 200, status)
	assert.Equal(t, "0.001", m["amount"], "amounts answer as strings")
	r, body := <-got, <-bodies
	mac := hmac.New(sha256.New, []byte("whsec"))
	mac.Write(body)
	assert.Equal(t, hex.EncodeToString(mac.Sum(nil)), r.Header.Get("X-Webhook-HMAC-SHA256"))
	var ev map[string]any
	require.NoError(t, json.Unmarshal(body, &ev))
	assert.Equal(t, "payment.open", ev["event"])

	_, err := sb.PayInvoice(m["payment_id"].(string), decimal.RequireFromString("0.001"))
	require.NoError(t, err)
	assert.Len(t, sb.Deliveries(), 3, "payment.open on arrival, payment.complete once confirmed")
	again, err := sb.Redeliver(sb.Deliveries()[2].ID)
	require.NoError(t, err)
	assert.Equal(t, 2, again.Attempt)
	assert.Equal(t, sb.Deliveries()[2].Body, again.Body)
}

func TestUnsignedAndFaults(t *testing.T) {
	t.Parallel()
	sb := gatewaytest.NewServer(gatewaytest.Options{Unsigned: true})
	defer sb.Close()
	assert.Empty(t, sb.WebhookSecret)
	_, _, _ = call(t, sb, http.MethodPost, "/dedicate", `{"asset_id":"BTC"}`, true)
	d := sb.Deliveries()
	require.Len(t, d, 1)
	assert.Empty(t, d[0].Header.Get("X-Webhook-HMAC-SHA256"))
	assert.ErrorIs(t, d[0].Err, gatewaytest.ErrNoCallbackURL)

	sb.InjectFault(gatewaytest.Fault{Path: "transfer", Kind: gatewaytest.FaultErrorAfterWork})
	assert.Error(t, sb.VerifyFaults(), "armed and not reached yet")
	status, _, _ := call(t, sb, http.MethodPost, "/transfer", `{"to_store_id":"s2","amount":1,"asset_id":"TRX"}`, true)
	assert.Equal(t, 500, status)
	assert.Equal(t, "99999", sb.Balance("TRX").String(), "the work was done")
	assert.NoError(t, sb.VerifyFaults())
	sb.ClearFaults()
	assert.Empty(t, sb.Faults())
}
