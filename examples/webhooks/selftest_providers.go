package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"github.com/coinsdk/coinsdk/internal/hmacsig"
	"net/http"
	"strings"

	"github.com/coinsdk/coinsdk/channels"
	"github.com/coinsdk/coinsdk/channels/channelstest"
	"github.com/coinsdk/coinsdk/cryptochill"
	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/coinsdk/coinsdk/cryptopay"
	"github.com/coinsdk/coinsdk/cryptopay/cryptopaytest"
	"github.com/coinsdk/coinsdk/cryptoprocessing"
	"github.com/coinsdk/coinsdk/gateway"
	"github.com/coinsdk/coinsdk/gateway/gatewaytest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// selfSuites builds one suite per provider; runSelfTest refuses to run when
// a route in the routes table has none.
var selfSuites = []func() (*selfSuite, error){
	cryptochillSuite, cryptoprocessingSuite, channelsSuite, cryptopaySuite, gatewaySuite,
}

// oversized is a body one byte over the 1 MiB cap.
func oversized() []byte { return bytes.Repeat([]byte(" "), 1<<20+1) }

// mustSign panics when a provider's SignTestWebhook refuses a body the
// selftest wrote: a bug in the selftest itself.
func mustSign(b []byte, h http.Header, err error) ([]byte, http.Header) {
	if err != nil {
		panic(err)
	}
	return b, h
}

// headerSigner is sign (a provider's SignTestWebhook) keeping only the
// header; it panics as mustSign does.
func headerSigner(sign func(secret string, body []byte) ([]byte, http.Header, error)) func(secret string, body []byte) http.Header {
	return func(secret string, body []byte) http.Header {
		_, h := mustSign(sign(secret, body))
		return h
	}
}

// only is a getenv in which just the variable name is set, to value.
func only(name, value string) func(string) string {
	return func(k string) string {
		if k == name {
			return value
		}
		return ""
	}
}

// without returns a copy of h without the named header.
func without(h http.Header, name string) http.Header {
	h = h.Clone()
	h.Del(name)
	return h
}

// header is a JSON delivery's header carrying one signature header.
func header(name, value string) http.Header {
	return http.Header{"Content-Type": {"application/json"}, http.CanonicalHeaderKey(name): {value}}
}

const answerIgnored = "ignored: unknown event type"

// bodySigned is a provider whose signature header is an HMAC-SHA256 of the
// whole raw body under secret (Cryptopay, the Crypto Payment Gateway).
type bodySigned struct {
	header, secret string
	// sign is the provider's SignTestWebhook.
	sign func(secret string, body []byte) ([]byte, http.Header, error)
}

// cases are what such a route must refuse or accept, sent to path: good,
// the last webhook its sandbox delivered, with h its header; tampered, good
// with its status changed; unknown, an event type the SDK does not know.
func (p bodySigned) cases(path string, good []byte, h http.Header, tampered, unknown []byte) []selfCase {
	sign := headerSigner(p.sign)
	huge, malformed := oversized(), []byte(`{"type":`)
	return []selfCase{
		{"redelivered", path, good, h, http.StatusOK, "duplicate"},
		{"forged signature", path, good, sign("not-the-secret", good), http.StatusUnauthorized, ""},
		{"tampered status", path, tampered, h, http.StatusUnauthorized, ""},
		{"missing signature", path, good, without(h, p.header), http.StatusUnauthorized, ""},
		// SignTestWebhook takes JSON objects only: these two are signed by hand.
		{"body over 1 MiB", path, huge, header(p.header, hmacsig.Hex(sha256.New, []byte(p.secret), huge)), http.StatusRequestEntityTooLarge, ""},
		{"malformed body", path, malformed, header(p.header, hmacsig.Hex(sha256.New, []byte(p.secret), malformed)), http.StatusBadRequest, ""},
		{"unknown event type", path, unknown, sign(p.secret, unknown), http.StatusOK, answerIgnored},
	}
}

// --- CryptoChill: signs only callback_id; refreshed from cryptochilltest. ---

const chillVerifyOnlyPath = "/selftest/cryptochill-verify-only"

func cryptochillSuite() (*selfSuite, error) {
	sb := cryptochilltest.NewServer(cryptochilltest.Options{})
	tokenOnly := cryptochillVerifier(only("CRYPTOCHILL_CALLBACK_TOKEN", sb.CallbackToken))
	run := func(ctx context.Context, r *selfRun) error {
		const path = "/webhooks/cryptochill"
		c, err := cryptochill.New(cryptochill.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, ProfileID: sb.ProfileID}, option.WithBaseURL(sb.URL))
		if err != nil {
			return err
		}
		inv, err := c.Invoices.Create(ctx, &cryptochill.InvoiceParams{ProfileID: sb.ProfileID, Amount: decimal.RequireFromString("10"),
			Currency: "USD", Kind: "BTC", Passthrough: "order-1"})
		if err != nil {
			return fmt.Errorf("sandbox invoice: %w", err)
		}
		sign := func(secret, body string) ([]byte, http.Header) {
			return mustSign(cryptochill.SignTestWebhook(secret, []byte(body)))
		}
		// The body claims "complete"; the handler believes only the API's invoice.
		good, h := sign(sb.CallbackToken, `{"callback_status":"invoice_complete","invoice":{"id":"`+inv.ID+`","status":"complete"}}`)
		forged, fh := sign("not-the-token", `{"callback_status":"invoice_complete","invoice":{"id":"`+inv.ID+`"}}`)
		unknown, uh := sign(sb.CallbackToken, `{"callback_status":"conversion_complete"}`)
		if err := r.send(
			selfCase{"verified, refreshed from the API", path, good, h, http.StatusOK, "processed"},
			selfCase{"redelivered", path, good, h, http.StatusOK, "duplicate"},
			selfCase{"forged signature", path, forged, fh, http.StatusUnauthorized, ""},
			selfCase{"body over 1 MiB", path, oversized(), h, http.StatusRequestEntityTooLarge, ""},
			selfCase{"malformed body", path, []byte(`{"callback_id":`), h, http.StatusBadRequest, ""},
			selfCase{"unknown event type", path, unknown, uh, http.StatusOK, answerIgnored},
			selfCase{"no API credentials: cannot refresh", chillVerifyOnlyPath, good, h, http.StatusServiceUnavailable, ""},
			selfCase{"no API credentials: forged", chillVerifyOnlyPath, forged, fh, http.StatusUnauthorized, ""},
		); err != nil {
			return err
		}
		// The sandbox pays the invoice and delivers its callbacks to the
		// server, which refreshes each from the sandbox's API before
		// recording it.
		sb.SetCallbackURL(r.url + path)
		tx, err := sb.PayInvoice(inv.ID, inv.Amount.Invoiced.Amount)
		if err == nil {
			err = sb.Confirm(tx)
		}
		if err != nil {
			return fmt.Errorf("sandbox payment: %w", err)
		}
		r.sandboxDelivered(path, sb)
		return r.recorded(ctx, path, "sandbox payment, delivered", "cryptochill:"+string(payments.EventInvoice)+":"+inv.ID, payments.StatusPaid)
	}
	return &selfSuite{route: "cryptochill",
		env: map[string]string{"CRYPTOCHILL_CALLBACK_TOKEN": sb.CallbackToken, "CRYPTOCHILL_API_KEY": sb.APIKey,
			"CRYPTOCHILL_API_SECRET": sb.APISecret, "CRYPTOCHILL_BASE_URL": sb.URL},
		extra: map[string]payments.WebhookVerifier{chillVerifyOnlyPath: tokenOnly.v},
		run:   run, close: sb.Close}, nil
}

// --- CryptoProcessing: fully signed; no sandbox needed. ---

func cryptoprocessingSuite() (*selfSuite, error) {
	const key, secret = "selftest-key", "selftest-secret"
	run := func(_ context.Context, r *selfRun) error {
		const path = "/webhooks/cryptoprocessing"
		deposit := func(amount string, legs int) []byte {
			var ls []string
			for i := 1; i <= legs; i++ {
				ls = append(ls, fmt.Sprintf(`{"id":%d,"currency":"BTC","transaction_type":"blockchain","type":"deposit","address":"bc1qexample","amount":"0.005","txid":"ab%d","confirmations":1}`, i, i))
			}
			return []byte(`{"id":1,"type":"deposit","crypto_address":{"id":1,"currency":"BTC","address":"bc1qexample","tag":null,"foreign_id":"customer-1"},` +
				`"currency_sent":{"currency":"BTC","amount":"` + amount + `"},"currency_received":{"currency":"BTC","amount":"` + amount + `"},` +
				`"transactions":[` + strings.Join(ls, ",") + `],"fees":[],"error":"","status":"not_confirmed"}`)
		}
		signed := func(b []byte, s string) http.Header {
			_, h := mustSign(cryptoprocessing.SignTestWebhook(s, b))
			h.Set(cryptoprocessing.HeaderKey, key)
			return h
		}
		first, second := deposit("0.005", 1), deposit("0.01", 2)
		tampered := bytes.Replace(first, []byte(`"amount":"0.005"},"currency_received"`), []byte(`"amount":"9.005"},"currency_received"`), 1)
		huge := oversized()
		unknown := []byte(`{"id":7,"type":"refund","status":"confirmed"}`)
		return r.send(
			selfCase{"verified callback", path, first, signed(first, secret), http.StatusOK, "processed"},
			selfCase{"redelivered callback", path, first, signed(first, secret), http.StatusOK, "duplicate"},
			selfCase{"second partial payment", path, second, signed(second, secret), http.StatusOK, "processed"},
			selfCase{"forged signature", path, first, signed(first, "not-the-secret"), http.StatusUnauthorized, ""},
			selfCase{"tampered amount", path, tampered, signed(first, secret), http.StatusUnauthorized, ""},
			selfCase{"body over 1 MiB", path, huge, signed(huge, secret), http.StatusRequestEntityTooLarge, ""},
			selfCase{"malformed body", path, []byte(`{"id":`), signed([]byte(`{"id":`), secret), http.StatusBadRequest, ""},
			selfCase{"unknown event type", path, unknown, signed(unknown, secret), http.StatusOK, answerIgnored},
		)
	}
	return &selfSuite{route: "cryptoprocessing",
		env: map[string]string{"CRYPTOPROCESSING_API_KEY": key, "CRYPTOPROCESSING_API_SECRET": secret},
		run: run}, nil
}

// --- XGateway channels: the hash covers id, customerId, amount and
// currency only; every callback is refreshed from channelstest. ---

const channelsVerifyOnlyPath = "/selftest/channels-verify-only"

func channelsSuite() (*selfSuite, error) {
	sb := channelstest.NewServer(channelstest.Options{})
	secretOnly := channelsVerifier(only("CHANNELS_SECRET_KEY", sb.SecretKey))
	run := func(ctx context.Context, r *selfRun) error {
		const path = "/webhooks/channels"
		c, err := channels.New(channels.Config{APIKey: sb.APIKey}, option.WithBaseURL(sb.URL))
		if err != nil {
			return err
		}
		ch, err := c.Channels.Create(ctx, &channels.ChannelParams{Currency: channels.TUSDT, CustomerID: "customer-1"})
		if err != nil {
			return fmt.Errorf("sandbox channel: %w", err)
		}
		// A deposit arrives and is confirmed: the sandbox delivers its
		// callback, which the server refreshes from the sandbox's API.
		sb.SetCallbackURL(r.url + path)
		txID, err := sb.PayDepositIn(ch.Address, "tUSDT", decimal.RequireFromString("10.50"))
		if err == nil {
			err = sb.Confirm(txID)
		}
		if err != nil {
			return fmt.Errorf("sandbox deposit: %w", err)
		}
		r.sandboxDelivered(path, sb)
		if err := r.recorded(ctx, path, "sandbox deposit, delivered", "channels:"+string(payments.EventPayment)+":"+txID, payments.StatusPaid); err != nil {
			return err
		}
		last, err := r.redeliverLast(path, sb)
		if err != nil {
			return err
		}
		good, h := last.Body, last.Header
		amount := func(to string) []byte {
			return bytes.Replace(good, []byte(`"amount":"10.50"`), []byte(`"amount":"`+to+`"`), 1)
		}
		// The hash does not cover the status: a swapped one verifies, but
		// the handler believes the API's confirmed deposit.
		swapped := bytes.Replace(good, []byte(`"status":"confirmed"`), []byte(`"status":"failed"`), 1)
		forged, fh := mustSign(channels.SignTestWebhook("not-the-secret", []byte(`{"callbackType":"transaction","id":"`+txID+
			`","type":"deposit","status":"confirmed","amount":"10.50","currency":"tUSDT","customerId":"customer-1"}`)))
		unknown, uh := mustSign(channels.SignTestWebhook(sb.SecretKey, []byte(`{"callbackType":"settlement_report","id":"`+txID+
			`","amount":"10.50","currency":"tUSDT"}`)))
		return r.send(
			selfCase{"redelivered", path, good, h, http.StatusOK, "duplicate"},
			selfCase{"changed amount", path, amount("1050"), h, http.StatusUnauthorized, ""},
			selfCase{"amount 10.5 for 10.50", path, amount("10.5"), h, http.StatusUnauthorized, ""},
			selfCase{"changed id", path, bytes.Replace(good, []byte(txID), []byte("00000000-0000-4000-a000-000000000000"), 1), h, http.StatusUnauthorized, ""},
			selfCase{"forged hash", path, forged, fh, http.StatusUnauthorized, ""},
			selfCase{"swapped status: refreshed, unchanged", path, swapped, h, http.StatusOK, "duplicate"},
			selfCase{"body over 1 MiB", path, oversized(), h, http.StatusRequestEntityTooLarge, ""},
			selfCase{"malformed body", path, []byte(`{"id":`), h, http.StatusBadRequest, ""},
			selfCase{"unknown event type", path, unknown, uh, http.StatusOK, answerIgnored},
			selfCase{"no API key: cannot refresh", channelsVerifyOnlyPath, good, h, http.StatusServiceUnavailable, ""},
			selfCase{"no API key: forged", channelsVerifyOnlyPath, forged, fh, http.StatusUnauthorized, ""},
		)
	}
	return &selfSuite{route: "channels",
		env: map[string]string{"CHANNELS_SECRET_KEY": sb.SecretKey, "CHANNELS_API_KEY": sb.APIKey,
			"CHANNELS_BASE_URL": sb.URL, "CHANNELS_DEMO": "1"},
		extra: map[string]payments.WebhookVerifier{channelsVerifyOnlyPath: secretOnly.v},
		run:   run, close: sb.Close}, nil
}

// --- Cryptopay: X-Cryptopay-Signature covers the whole body; the sandbox
// (cryptopaytest) pays an invoice and delivers its callbacks. ---

func cryptopaySuite() (*selfSuite, error) {
	sb := cryptopaytest.NewServer(cryptopaytest.Options{})
	run := func(ctx context.Context, r *selfRun) error {
		const path = "/webhooks/cryptopay"
		c, err := cryptopay.New(cryptopay.Config{APIKey: sb.APIKey, APISecret: sb.APISecret}, option.WithBaseURL(sb.URL))
		if err != nil {
			return err
		}
		sb.SetCallbackURL(r.url + path)
		inv, err := c.Invoices.Create(ctx, &cryptopay.InvoiceParams{PriceAmount: decimal.RequireFromString("25.00"),
			PriceCurrency: "EUR", PayCurrency: "BTC", CustomID: "order-2"})
		if err != nil {
			return fmt.Errorf("sandbox invoice: %w", err)
		}
		if err := sb.PayInvoiceInFull(inv.ID); err != nil {
			return fmt.Errorf("sandbox payment: %w", err)
		}
		r.sandboxDelivered(path, sb)
		if err := r.recorded(ctx, path, "sandbox payment, delivered", "cryptopay:"+string(payments.EventInvoice)+":"+inv.ID, payments.StatusPaid); err != nil {
			return err
		}
		last, err := r.redeliverLast(path, sb)
		if err != nil {
			return err
		}
		tampered := bytes.Replace(last.Body, []byte(`"status":"completed"`), []byte(`"status":"cancelled"`), 1)
		unknown := []byte(`{"type":"Payout","event":"created","data":{"id":"p-1","status":"new"}}`)
		signed := bodySigned{cryptopay.HeaderSignature, sb.CallbackSecret, cryptopay.SignTestWebhook}
		return r.send(signed.cases(path, last.Body, last.Header, tampered, unknown)...)
	}
	return &selfSuite{route: "cryptopay",
		env: map[string]string{"CRYPTOPAY_CALLBACK_SECRET": sb.CallbackSecret, "CRYPTOPAY_API_KEY": sb.APIKey,
			"CRYPTOPAY_API_SECRET": sb.APISecret, "CRYPTOPAY_BASE_URL": sb.URL},
		run: run, close: sb.Close}, nil
}

// --- Crypto Payment Gateway: X-Webhook-HMAC-SHA256 covers the whole body;
// gatewaytest pays a payment and delivers payment.open and
// payment.complete. A second, unsigned sandbox (a store without a webhook
// secret) delivers to a route with GATEWAY_ACCEPT_UNSIGNED=1, which
// refreshes each webhook from the API. ---

const gatewayUnsignedPath = "/selftest/gateway-accept-unsigned"

func gatewaySuite() (*selfSuite, error) {
	sb := gatewaytest.NewServer(gatewaytest.Options{})
	us := gatewaytest.NewServer(gatewaytest.Options{Unsigned: true})
	unsignedEnv := map[string]string{"GATEWAY_ACCEPT_UNSIGNED": "1", "GATEWAY_API_KEY": us.APIKey,
		"GATEWAY_API_SECRET": us.APISecret, "GATEWAY_BASE_URL": us.URL}
	accepting := gatewayVerifier(func(k string) string { return unsignedEnv[k] })
	closeAll := func() { sb.Close(); us.Close() }
	if accepting.missing != "" {
		closeAll()
		return nil, fmt.Errorf("gateway with GATEWAY_ACCEPT_UNSIGNED=1 not configured: %s", accepting.missing)
	}
	pay := func(ctx context.Context, r *selfRun, srv *gatewaytest.Server, path, ref string) (string, error) {
		c, err := gateway.New(gateway.Config{APIKey: srv.APIKey, APISecret: srv.APISecret}, option.WithBaseURL(srv.URL))
		if err != nil {
			return "", err
		}
		srv.SetCallbackURL(r.url + path)
		p, err := c.Payments.Create(ctx, &gateway.PaymentParams{Amount: decimal.RequireFromString("10"), AssetID: "USD",
			PaymentAssetID: "BTC", Reference: ref})
		if err != nil {
			return "", fmt.Errorf("sandbox payment: %w", err)
		}
		if _, err := srv.PayInvoice(p.PaymentID, p.PaymentAmount); err != nil {
			return "", fmt.Errorf("sandbox pays: %w", err)
		}
		r.sandboxDelivered(path, srv)
		return p.PaymentID, r.recorded(ctx, path, "sandbox payment, delivered", "gateway:"+string(payments.EventInvoice)+":"+p.PaymentID, payments.StatusPaid)
	}
	run := func(ctx context.Context, r *selfRun) error {
		const path = "/webhooks/gateway"
		if _, err := pay(ctx, r, sb, path, "order-3"); err != nil {
			return err
		}
		last, err := r.redeliverLast(path, sb)
		if err != nil {
			return err
		}
		tampered := bytes.Replace(last.Body, []byte(`"status":"COMPLETE"`), []byte(`"status":"CANCEL"`), 1)
		unknown := []byte(`{"type":"notification","event":"store.updated"}`)
		signed := bodySigned{gateway.HeaderSignature, sb.WebhookSecret, gateway.SignTestWebhook}
		if err := r.send(signed.cases(path, last.Body, last.Header, tampered, unknown)...); err != nil {
			return err
		}

		// A store without a webhook secret: its unsigned webhooks are
		// refreshed and processed where GATEWAY_ACCEPT_UNSIGNED=1, and
		// refused (401) by the signed route.
		if _, err := pay(ctx, r, us, gatewayUnsignedPath, "order-4"); err != nil {
			return err
		}
		uds := us.Deliveries()
		if len(uds) == 0 {
			return errors.New("the unsigned sandbox delivered no webhook")
		}
		ulast := uds[len(uds)-1]
		return r.send(
			selfCase{"unsigned, accepted: redelivered", gatewayUnsignedPath, ulast.Body, ulast.Header, http.StatusOK, "duplicate"},
			selfCase{"unsigned, not accepted", path, ulast.Body, ulast.Header, http.StatusUnauthorized, ""},
		)
	}
	return &selfSuite{route: "gateway",
		env: map[string]string{"GATEWAY_WEBHOOK_SECRET": sb.WebhookSecret, "GATEWAY_API_KEY": sb.APIKey,
			"GATEWAY_API_SECRET": sb.APISecret, "GATEWAY_BASE_URL": sb.URL},
		extra: map[string]payments.WebhookVerifier{gatewayUnsignedPath: accepting.v},
		run:   run, close: closeAll}, nil
}
