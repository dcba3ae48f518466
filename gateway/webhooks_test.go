package gateway_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/gateway"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/payments/paymentstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hmacHex is the signature computed here, independently of the package.
func hmacHex(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

func webhookRequest(body []byte, sig string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/webhooks/gateway", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	if sig != "" {
		r.Header.Set(gateway.HeaderSignature, sig)
	}
	return r
}

func TestWebhookPaymentComplete(t *testing.T) {
	t.Parallel()
	v := gateway.NewWebhookVerifier("whsec_test")
	body := fixture(t, "webhook_payment_complete.json")
	ev, err := v.Parse(webhookRequest(body, hmacHex("whsec_test", body)))
	require.NoError(t, err)
	assert.Equal(t, gateway.EventPaymentComplete, ev.Type)
	assert.Equal(t, "notification", ev.Notification)
	assert.Equal(t, gateway.KindPayment, ev.Kind)
	assert.True(t, ev.BodyAuthenticated)
	assert.Equal(t, gateway.SignatureCovers, ev.SignatureCovers)
	assert.Equal(t, body, []byte(ev.Raw), "raw body kept")
	assert.Equal(t, "48bfcfc1-5658-48f9-81ca-d56ac92afd9d", ev.ObjectID())
	p := ev.Payment
	assert.Equal(t, "0.002137791379927765", p.IPAmount.String())
	assert.Equal(t, "0.0005344478449819411", p.Rate.String())
	assert.Equal(t, "66ce9aa4-378b-4de1-a9b6-501b1f194883", p.Reference())
	assert.Equal(t, " some value 1", p.Custom1)
	assert.Equal(t, payments.StatusPaid, p.Normalized())
	assert.Equal(t, "payment:48bfcfc1-5658-48f9-81ca-d56ac92afd9d:COMPLETE:0.002137791379927765:4", ev.DedupeKey())

	// Uppercase hex is the same MAC.
	_, err = v.Parse(webhookRequest(body, strings.ToUpper(hmacHex("whsec_test", body))))
	assert.NoError(t, err)
}

func TestWebhookRefusals(t *testing.T) {
	t.Parallel()
	v := gateway.NewWebhookVerifier("whsec_test")
	body := fixture(t, "webhook_payment_complete.json")
	good := hmacHex("whsec_test", body)
	tampered := bytes.Replace(body, []byte(`"amount": "4"`), []byte(`"amount": "5"`), 1)
	require.NotEqual(t, body, tampered)
	for name, r := range map[string]*http.Request{
		"missing header": webhookRequest(body, ""),
		"wrong secret":   webhookRequest(body, hmacHex("whsec_other", body)),
		"tampered body":  webhookRequest(tampered, good),
		"not hex":        webhookRequest(body, "zz"+good[2:]),
		"truncated":      webhookRequest(body, good[:62]),
		"sha512 length":  webhookRequest(body, good+good),
	} {
		_, err := v.Parse(r)
		assert.ErrorIs(t, err, payments.ErrInvalidSignature, name)
		if err != nil {
			assert.NotContains(t, err.Error(), good, "never echoes a signature")
			assert.NotContains(t, err.Error(), "whsec_test")
		}
	}
	// Two signature headers: refused.
	r := webhookRequest(body, good)
	r.Header.Add(gateway.HeaderSignature, good)
	_, err := v.Parse(r)
	assert.ErrorIs(t, err, payments.ErrInvalidSignature)
	// A verifier without a secret cannot verify anything.
	_, err = gateway.NewWebhookVerifier().Parse(webhookRequest(body, good))
	assert.ErrorIs(t, err, payments.ErrInvalidSignature)
	// Empty, oversized, chunked oversized.
	_, err = v.Parse(webhookRequest(nil, good))
	assert.ErrorIs(t, err, payments.ErrMalformed)
	huge := append([]byte(`{"x":"`), bytes.Repeat([]byte("a"), 1<<20)...)
	_, err = v.Parse(webhookRequest(huge, hmacHex("whsec_test", huge)))
	assert.ErrorIs(t, err, payments.ErrPayloadTooLarge)
	chunked := httptest.NewRequest(http.MethodPost, "/", io.MultiReader(bytes.NewReader(huge), strings.NewReader(`"}`)))
	chunked.ContentLength = -1
	chunked.Header.Set(gateway.HeaderSignature, good)
	_, err = v.Parse(chunked)
	assert.ErrorIs(t, err, payments.ErrPayloadTooLarge)
	_, err = v.ParseBody(huge, http.Header{})
	assert.ErrorIs(t, err, payments.ErrPayloadTooLarge)
	// Signed junk is malformed, not a panic.
	for _, junk := range []string{"[]", "null", "{}", `"x"`, `{"payment": 5}`, `{"payment":{"payment_id":"p","ip_amount":1e999999999}}`, `{"payment":{"payment_id":"p","rate":"1e-999999"}}`, `{"payment":{"payment_id":""}}`} {
		_, err := v.ParseBody([]byte(junk), http.Header{gateway.HeaderSignature: {hmacHex("whsec_test", []byte(junk))}})
		assert.ErrorIs(t, err, payments.ErrMalformed, junk)
	}
}

func TestWebhookRotation(t *testing.T) {
	t.Parallel()
	c, err := gateway.New(gateway.Config{APIKey: "k", APISecret: "s", WebhookSecret: "new", PreviousWebhookSecrets: []string{"old"}}, option.WithBaseURL(testBase))
	require.NoError(t, err)
	body := fixture(t, "webhook_payment_complete.json")
	for _, secret := range []string{"new", "old"} {
		_, err := c.Webhooks.Parse(webhookRequest(body, hmacHex(secret, body)))
		assert.NoError(t, err, secret)
	}
	_, err = c.Webhooks.Parse(webhookRequest(body, hmacHex("older", body)))
	assert.ErrorIs(t, err, payments.ErrInvalidSignature)
}

func TestWebhookUnknownAndBareObjects(t *testing.T) {
	t.Parallel()
	v := gateway.NewWebhookVerifier("k")
	parse := func(body []byte) *gateway.Event {
		ev, err := v.ParseBody(body, http.Header{gateway.HeaderSignature: {hmacHex("k", body)}})
		require.NoError(t, err, string(body))
		assert.Equal(t, body, []byte(ev.Raw))
		assert.NotEmpty(t, ev.DedupeKey())
		return ev
	}
	ded := parse(fixture(t, "dedicate.json"))
	assert.Equal(t, gateway.KindDedicated, ded.Kind)
	assert.Equal(t, gateway.EventDedicate, ded.Type)
	assert.Equal(t, "f2a681c0-34e6-4668-8cb4-f76bac6b81c3", ded.ObjectID())
	assert.Equal(t, "341ba962-6ebf-4f3a-ae9f-41c835a1dc26", ded.Dedicated.Reference())
	assert.Equal(t, " some value 1", ded.Dedicated.Custom1, `" custom1 " tolerated`)

	wd := parse(fixture(t, "withdraw.json"))
	assert.Equal(t, gateway.KindWithdrawal, wd.Kind)
	assert.Equal(t, "withdraw:6e50075a-333e-43ba-ab1c-74f4fbaa783f:COMPLETE", wd.DedupeKey())

	other := parse([]byte(`{"type":"notification","event":"payout.created","payout":{"id":"x"}}`))
	assert.Equal(t, gateway.KindOther, other.Kind)
	assert.Equal(t, gateway.EventType("payout.created"), other.Type)
	// Public clients matched payment.completed: an unknown name is other, not an error.
	typo := parse([]byte(`{"type":"notification","event":"payment.completed"}`))
	assert.Equal(t, gateway.KindOther, typo.Kind)
	bare := parse([]byte(`{"something":"new"}`))
	assert.Equal(t, gateway.EventUnknown, bare.Type)
}

func TestWebhookDedupeKeys(t *testing.T) {
	t.Parallel()
	v := gateway.NewWebhookVerifier("k")
	key := func(status, ip, paid string) string {
		body := []byte(`{"type":"notification","event":"payment.open","payment":{"payment_id":"p1","status":"` + status +
			`","ip_amount":"` + ip + `","paid_amount":"` + paid + `"}}`)
		ev, err := v.ParseBody(body, http.Header{gateway.HeaderSignature: {hmacHex("k", body)}})
		require.NoError(t, err)
		return ev.DedupeKey()
	}
	first := key("OPEN", "0.001", "26")
	assert.Equal(t, first, key("OPEN", "0.0010", "26.00"), "redelivery (and the same amounts written otherwise)")
	assert.NotEqual(t, first, key("OPEN", "0.002", "52"), "a second partial payment")
	assert.NotEqual(t, first, key("COMPLETE", "0.001", "26"), "a status change")
}

func TestWebhookUnsigned(t *testing.T) {
	t.Parallel()
	body := fixture(t, "webhook_payment_complete.json")
	// Refused by default.
	c, err := gateway.New(gateway.Config{APIKey: "k", APISecret: "s"}, option.WithBaseURL(testBase))
	require.NoError(t, err)
	_, err = c.Webhooks.Parse(webhookRequest(body, ""))
	require.ErrorIs(t, err, payments.ErrInvalidSignature)

	// Accepted only on explicit opt-in, not authenticated, no dedupe key until Refresh.
	rec := newSandboxBody(t)
	c, err = gateway.New(gateway.Config{APIKey: rec.key, APISecret: rec.secret, AcceptUnsignedWebhooks: true},
		option.WithBaseURL(rec.url))
	require.NoError(t, err)
	ev, err := c.Webhooks.Parse(webhookRequest(rec.body, ""))
	require.NoError(t, err)
	assert.False(t, ev.BodyAuthenticated)
	assert.Equal(t, gateway.UnsignedCovers, ev.SignatureCovers)
	assert.Empty(t, ev.DedupeKey(), "a key from unsigned fields would let a forged body use up the real one")
	fresh, err := c.Webhooks.Refresh(t.Context(), ev)
	require.NoError(t, err)
	assert.True(t, fresh.BodyAuthenticated)
	assert.NotEmpty(t, fresh.DedupeKey())
	// A header that is present is still verified, opt-in or not.
	_, err = c.Webhooks.Parse(webhookRequest(rec.body, "00"))
	assert.ErrorIs(t, err, payments.ErrInvalidSignature)
}

func TestSignTestWebhook(t *testing.T) {
	t.Parallel()
	body := fixture(t, "webhook_payment_complete.json")
	signed, h, err := gateway.SignTestWebhook("whsec_test", body)
	require.NoError(t, err)
	assert.Equal(t, body, signed)
	assert.Equal(t, hmacHex("whsec_test", body), h.Get(gateway.HeaderSignature))
	ev, err := gateway.NewWebhookVerifier("whsec_test").ParseBody(signed, h)
	require.NoError(t, err)
	assert.Equal(t, gateway.EventPaymentComplete, ev.Type)
	_, h, err = gateway.SignTestWebhook("", body)
	require.NoError(t, err)
	assert.Empty(t, h.Get(gateway.HeaderSignature), "no secret, no header, like the service")
	_, _, err = gateway.SignTestWebhook("s", []byte("nope"))
	assert.ErrorIs(t, err, payments.ErrMalformed)
}

func TestVerifierCannotRefresh(t *testing.T) {
	t.Parallel()
	v := gateway.NewWebhookVerifier("k")
	_, err := v.Refresh(t.Context(), &gateway.Event{Kind: gateway.KindPayment, Payment: &gateway.Payment{PaymentID: "p"}})
	assert.ErrorIs(t, err, payments.ErrUnsupported)
}

// Every component of the dedupe key separates two notifications: the
// object id, the status, the amount paid in crypto (ip_amount) and in the
// price's currency (paid_amount); and the kind of object.
func TestDedupeKeyComponents(t *testing.T) {
	t.Parallel()
	v := gateway.NewWebhookVerifier("whsec")
	key := func(body string) string {
		t.Helper()
		b, h, err := gateway.SignTestWebhook("whsec", []byte(body))
		require.NoError(t, err)
		ev, err := v.ParseBody(b, h)
		require.NoError(t, err)
		require.NotEmpty(t, ev.DedupeKey())
		return ev.DedupeKey()
	}
	pay := func(id, status, ip, paid string) string {
		return key(`{"type":"notification","event":"payment.open","payment":{"payment_id":"` + id + `","status":"` + status +
			`","ip_amount":"` + ip + `","paid_amount":"` + paid + `"}}`)
	}
	base := pay("p1", "OPEN", "0.1", "10")
	assert.Equal(t, base, pay("p1", "OPEN", "0.1", "10"), "the same notification twice")
	for name, other := range map[string]string{
		"payment_id":  pay("p2", "OPEN", "0.1", "10"),
		"status":      pay("p1", "CANCEL", "0.1", "10"),
		"ip_amount":   pay("p1", "OPEN", "0.2", "10"),
		"paid_amount": pay("p1", "OPEN", "0.1", "20"),
	} {
		assert.NotEqual(t, base, other, "a different %s is another notification", name)
	}
	wd := func(id, status string) string {
		return key(`{"withdraw_id":"` + id + `","status":"` + status + `","amount":"1","asset_id":"BTC"}`)
	}
	assert.NotEqual(t, wd("w1", "OPEN"), wd("w2", "OPEN"), "withdraw_id")
	assert.NotEqual(t, wd("w1", "OPEN"), wd("w1", "COMPLETE"), "withdrawal status")
	ded := func(id, status string) string {
		return key(`{"dedicate_id":"` + id + `","status":"` + status + `","address":"bc1q"}`)
	}
	assert.NotEqual(t, ded("d1", "OPEN"), ded("d2", "OPEN"), "dedicate_id")
	assert.NotEqual(t, ded("d1", "OPEN"), ded("d1", "COMPLETE"), "dedication status")
	assert.NotEqual(t, ded("x1", "OPEN"), wd("x1", "OPEN"), "the kind of object")
	assert.NotEqual(t, key(`{"type":"other","n":1}`), key(`{"type":"other","n":2}`), "an unknown body by its bytes")
}

// Refresh of an object the API does not know answers an error matching
// payments.ErrNotFound (the webhooks handler answers a 4xx, not 503 for ever).
func TestRefreshUnknownObjectIsNotFound(t *testing.T) {
	t.Parallel()
	c, _ := newSandbox(t, "")
	a := newAdapter(t, c, gateway.AdapterOptions{})
	for _, kind := range []payments.EventKind{payments.EventInvoice, payments.EventPayment, payments.EventPayout} {
		_, err := a.Refresh(t.Context(), &payments.Event{Kind: kind, ObjectID: "6e50075a-333e-43ba-ab1c-74f4fbaa783f"})
		assert.ErrorIs(t, err, payments.ErrNotFound, "%s", kind)
	}
}

// NewAdapter(nil, …): the shared nil-client behaviour (paymentstest.NilClient).
func TestNewAdapterNilClient(t *testing.T) {
	t.Parallel()
	paymentstest.NilClient(t, gateway.ProviderName, func() (*gateway.Adapter, error) { return gateway.NewAdapter(nil, gateway.AdapterOptions{}) })
}

// NewAdapter refuses options the service would refuse, before any request.
func TestNewAdapterRefusesBadOptions(t *testing.T) {
	t.Parallel()
	c, _ := newMock(t)
	for name, opts := range map[string]gateway.AdapterOptions{
		"PaymentType":  {PaymentType: "SOMETIMES"},
		"AddressAlloc": {AddressAlloc: "BORROWED"},
		"timeout":      {Timeout: -1},
	} {
		a, err := gateway.NewAdapter(c, opts)
		var ve *payments.ValidationError
		require.ErrorAs(t, err, &ve, name)
		assert.Equal(t, name, ve.Field)
		assert.Nil(t, a, name)
	}
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// TestBasicAuthorizationVector: RFC 7617, base64("test_key:test_secret"),
// the value computed with `printf 'test_key:test_secret' | base64`.
func TestBasicAuthorizationVector(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "Basic dGVzdF9rZXk6dGVzdF9zZWNyZXQ=", gateway.BasicAuthorization("test_key", "test_secret"))
	r, err := http.NewRequest(http.MethodGet, "https://x.test/int/assets", nil)
	require.NoError(t, err)
	gateway.NewSigner("test_key", "test_secret").SignRequest(r)
	user, pass, ok := r.BasicAuth() // net/http's own parser
	require.True(t, ok)
	assert.Equal(t, "test_key", user)
	assert.Equal(t, "test_secret", pass)
}

// TestWebhookSignatureVector: the documentation's payment.complete example
// signed under "whsec_doc_example", the hex computed with Python's
// hmac.new(secret, body, hashlib.sha256).hexdigest().
func TestWebhookSignatureVector(t *testing.T) {
	t.Parallel()
	body := fixture(t, "webhook_payment_complete.json")
	const want = "c1261ef6487045792af7cd7d2410723edb5234e3639a4f7bd8a778a3af3c774b"
	_, h, err := gateway.SignTestWebhook("whsec_doc_example", body)
	require.NoError(t, err)
	assert.Equal(t, want, h.Get(gateway.HeaderSignature))
	// And against crypto/hmac directly.
	m := hmac.New(sha256.New, []byte("whsec_doc_example"))
	m.Write(body)
	assert.Equal(t, hex.EncodeToString(m.Sum(nil)), h.Get(gateway.HeaderSignature))
}
