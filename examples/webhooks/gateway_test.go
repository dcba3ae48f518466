package main

import (
	"crypto/sha256"

	"bytes"
	"context"
	"github.com/coinsdk/coinsdk/internal/hmacsig"
	"io"
	"net/http"
	"testing"

	"github.com/coinsdk/coinsdk/gateway"
	"github.com/coinsdk/coinsdk/gateway/gatewaytest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/webhooks"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGatewayRoute: POST /webhooks/gateway with the webhook secret alone
// answers like the other routes: processed, duplicate on a redelivery, 401
// for a missing, forged or tampered signature, 413 over 1 MiB (also chunked,
// without a Content-Length), 400 for a malformed body; a partial payment
// then its completion ends paid.
func TestGatewayRoute(t *testing.T) {
	const secret = "selftest-webhook-secret"
	srv, store := secretRoute(t, gatewayVerifier, "GATEWAY_WEBHOOK_SECRET", secret)

	payment := func(event, status, ip, paid string) []byte {
		return []byte(`{"type":"notification","event":"` + event + `","payment":{"payment_id":"48bfcfc1","payment_type":"FIXED_AMOUNT",` +
			`"status":"` + status + `","amount":"4","asset_id":"USD","payment_amount":"0.0021","payment_asset_id":"ETH",` +
			`"ip_amount":"` + ip + `","ip_asset_id":"ETH","paid_amount":"` + paid + `","rate":0.000525,` +
			`"custom":"{\"idempotence\":\"order-1\"}"," custom1 ":"x"}}`)
	}
	sign := headerSigner(gateway.SignTestWebhook)
	partial, done := payment("payment.open", "OPEN", "0.001", "1.9"), payment("payment.complete", "COMPLETE", "0.0021", "4")
	tampered := bytes.Replace(done, []byte(`"paid_amount":"4"`), []byte(`"paid_amount":"9"`), 1)
	huge := append([]byte(`{"x":"`), bytes.Repeat([]byte("a"), 1<<20)...)
	huge = append(huge, `"}`...)
	malformed := []byte(`{"type":`)
	sendCases(t, srv,
		selfCase{"partial payment", "", partial, sign(secret, partial), http.StatusOK, "processed"},
		selfCase{"redelivered", "", partial, sign(secret, partial), http.StatusOK, "duplicate"},
		selfCase{"completed", "", done, sign(secret, done), http.StatusOK, "processed"},
		selfCase{"missing signature", "", done, http.Header{"Content-Type": {"application/json"}}, http.StatusUnauthorized, ""},
		selfCase{"forged signature", "", done, sign("not-the-secret", done), http.StatusUnauthorized, ""},
		selfCase{"tampered amount", "", tampered, sign(secret, done), http.StatusUnauthorized, ""},
		selfCase{"body over 1 MiB", "", huge, sign(secret, huge), http.StatusRequestEntityTooLarge, ""},
		selfCase{"malformed body", "", malformed, http.Header{gateway.HeaderSignature: {hmacsig.Hex(sha256.New, []byte(secret), malformed)}}, http.StatusBadRequest, ""},
	)
	// The same body chunked, with no Content-Length to refuse it by.
	req, err := http.NewRequest(http.MethodPost, srv.URL, io.MultiReader(bytes.NewReader(huge)))
	require.NoError(t, err)
	req.Header, req.ContentLength = sign(secret, huge), -1
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode, "chunked body over 1 MiB")
	st, err := store.Status(context.Background(), "gateway:"+string(payments.EventInvoice)+":48bfcfc1")
	require.NoError(t, err)
	assert.Equal(t, payments.StatusPaid, st)
}

// With the API credentials and GATEWAY_ACCEPT_UNSIGNED=1, an unsigned
// webhook (a store without a webhook secret) is refreshed from the API
// before it is processed; without the opt-in it is refused.
func TestGatewayRouteUnsigned(t *testing.T) {
	sb := gatewaytest.NewServer(gatewaytest.Options{Unsigned: true})
	defer sb.Close()
	c, err := gateway.New(gateway.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, AcceptUnsignedWebhooks: true}, optionBase(sb.URL))
	require.NoError(t, err)
	p, err := c.Payments.Create(context.Background(), &gateway.PaymentParams{Amount: decimalOf("10"), AssetID: "USD", PaymentAssetID: "BTC"})
	require.NoError(t, err)
	_, err = sb.PayInvoice(p.PaymentID, p.PaymentAmount)
	require.NoError(t, err)
	d := sb.Deliveries()
	last := d[len(d)-1]
	require.Empty(t, last.Header.Get(gateway.HeaderSignature))

	env := map[string]string{"GATEWAY_API_KEY": sb.APIKey, "GATEWAY_API_SECRET": sb.APISecret, "GATEWAY_BASE_URL": sb.URL}
	post := func(env map[string]string) int {
		v := gatewayVerifier(func(k string) string { return env[k] })
		if v.missing != "" {
			return http.StatusServiceUnavailable
		}
		srv := routeServer(t, v.v, webhooks.NewMemoryStore())
		resp, err := http.Post(srv.URL, "application/json", bytes.NewReader(last.Body))
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	assert.Equal(t, http.StatusServiceUnavailable, post(env), "no webhook secret and no opt-in: not configured")
	env["GATEWAY_WEBHOOK_SECRET"] = "some-secret"
	assert.Equal(t, http.StatusUnauthorized, post(env), "a secret but an unsigned webhook: refused")
	env["GATEWAY_ACCEPT_UNSIGNED"] = "1"
	delete(env, "GATEWAY_WEBHOOK_SECRET")
	assert.Equal(t, http.StatusOK, post(env), "opted in: refreshed, then processed")
}

func optionBase(u string) option.Option { return option.WithBaseURL(u) }

func decimalOf(s string) decimal.Decimal { return decimal.RequireFromString(s) }
