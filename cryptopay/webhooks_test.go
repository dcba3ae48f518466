package cryptopay

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCallbackVector is the notes' vector (the official Java client's test).
func TestCallbackVector(t *testing.T) {
	t.Parallel()
	const secret = "gkgkGG6834KJC7JJks7Df3-8JJFeiv72H53DFggg3"
	body := []byte(`{"amount":"4","price":"2.0","item":"jeans"}`)
	const want = "93ab032f2eeefbbd3205b25ce7062b0fef8b96c1c83f6dfd8bd85acd4983f4f7"
	assert.Equal(t, want, signCallback(secret, body))
	// The verifier accepts it (the body is no callback, so it then fails to
	// parse, never to verify), in either case of hex.
	v := NewWebhookVerifier(secret)
	for _, sig := range []string{want, strings.ToUpper(want)} {
		_, err := v.ParseBody(body, http.Header{HeaderSignature: {sig}})
		assert.ErrorIs(t, err, payments.ErrMalformed)
		assert.NotErrorIs(t, err, payments.ErrInvalidSignature)
	}
}

func callbackBody(t testing.TB, typ, event, obj string) []byte {
	t.Helper()
	return []byte(`{"type":"` + typ + `","event":"` + event + `","data":` + obj + `}`)
}

func signed(t testing.TB, secret string, body []byte) *http.Request {
	t.Helper()
	b, h, err := SignTestWebhook(secret, body)
	require.NoError(t, err)
	r := httptest.NewRequest(http.MethodPost, "/webhooks/cryptopay", bytes.NewReader(b))
	r.Header = h
	return r
}

// TestParseEveryTypeAndEvent parses each documented type with each of its
// event names into the typed object.
func TestParseEveryTypeAndEvent(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t)
	objs := map[EventKind]string{
		KindInvoice:        fixture(t, "invoice.json"),
		KindCoinWithdrawal: fixture(t, "coin_withdrawal.json"),
		KindChannelPayment: fixture(t, "channel_payment.json"),
		KindSubscription:   fixture(t, "subscription.json"),
	}
	for kind, names := range EventNames() {
		for _, name := range names {
			ev, err := c.Webhooks.Parse(signed(t, testCallback, callbackBody(t, string(kind), string(name), objs[kind])))
			require.NoError(t, err, "%s.%s", kind, name)
			assert.Equal(t, kind, ev.Kind)
			assert.Equal(t, name, ev.Type)
			assert.True(t, ev.BodyAuthenticated)
			assert.Equal(t, SignatureCovers, ev.SignatureCovers)
			assert.Equal(t, testNow, ev.ReceivedAt, "ReceivedAt is the client clock's")
			assert.NotEmpty(t, ev.ObjectID())
			assert.NotEmpty(t, ev.DedupeKey())
			switch kind {
			case KindInvoice:
				assert.Equal(t, "100", ev.Invoice.PriceAmount.String())
			case KindCoinWithdrawal:
				assert.Equal(t, "0.00103102", ev.CoinWithdrawal.ReceivedAmount.String())
			case KindChannelPayment:
				assert.Equal(t, ContextIllicitResource, ev.ChannelPayment.StatusContext)
			case KindSubscription:
				assert.Equal(t, "9.99", ev.Subscription.Amount.String())
			}
		}
	}
	// An unknown type parses, Kind other, Raw kept.
	body := callbackBody(t, "BankDeposit", "created", `{"id":"bd-1"}`)
	ev, err := c.Webhooks.Parse(signed(t, testCallback, body))
	require.NoError(t, err)
	assert.Equal(t, KindOther, ev.Kind)
	assert.Equal(t, string(body), string(ev.Raw))
	assert.NotEmpty(t, ev.DedupeKey())
}

// TestDedupeKeys: the same notification has the same key; another partial
// payment, a confirmation or a status change a different one.
func TestDedupeKeys(t *testing.T) {
	t.Parallel()
	v := NewWebhookVerifier(testCallback)
	key := func(typ, event, obj string) string {
		ev, err := v.ParseBody(callbackBody(t, typ, event, obj), http.Header{HeaderSignature: {signCallback(testCallback, callbackBody(t, typ, event, obj))}})
		require.NoError(t, err)
		return ev.DedupeKey()
	}
	inv := func(status, ctx, paid string, txids ...string) string {
		txs := ""
		for i, id := range txids {
			if i > 0 {
				txs += ","
			}
			txs += `{"txid":"` + id + `"}`
		}
		return `{"id":"inv-1","status":"` + status + `","status_context":"` + ctx + `","paid_amount":"` + paid + `","transactions":[` + txs + `]}`
	}
	first := key("Invoice", "transaction_created", inv("new", "", "0.5", "t1"))
	assert.Equal(t, first, key("Invoice", "transaction_created", inv("new", "", "0.5", "t1")), "a redelivery")
	assert.NotEqual(t, first, key("Invoice", "transaction_created", inv("new", "", "1.0", "t1", "t2")), "a second partial payment")
	assert.NotEqual(t, first, key("Invoice", "transaction_confirmed", inv("new", "", "0.5", "t1")), "a confirmation")
	assert.NotEqual(t, key("Invoice", "status_changed", inv("unresolved", "underpaid", "0.5", "t1")),
		key("Invoice", "status_changed", inv("completed", "", "1.0", "t1", "t2")), "a status change")
	assert.NotEqual(t, key("Invoice", "status_changed", inv("completed", "", "1.0", "t1")),
		key("Invoice", "status_changed", inv("completed", "overpaid", "1.0", "t1")), "a context change")
	recalc := func(pay string) string {
		return `{"id":"inv-1","status":"unresolved","status_context":"underpaid","paid_amount":"0.5","pay_amount":"` + pay + `","transactions":[]}`
	}
	assert.NotEqual(t, key("Invoice", "recalculated", recalc("0.9")), key("Invoice", "recalculated", recalc("0.8")), "two recalculations")
	w := func(status, txid string) string {
		return `{"id":"w-1","status":"` + status + `","txid":"` + txid + `"}`
	}
	assert.NotEqual(t, key("CoinWithdrawal", "status_changed", w("failed", "")), key("CoinWithdrawal", "status_changed", w("completed", "tx")))
	assert.NotEqual(t, key("CoinWithdrawal", "status_changed", w("sent", "")), key("CoinWithdrawal", "status_changed", w("sent", "tx")))
	// Formatting does not matter: the key is built from the fields.
	assert.Equal(t, key("CoinWithdrawal", "created", w("new", "")), key("CoinWithdrawal", "created", `{ "id": "w-1", "txid": "", "status": "new" }`))
	sub := func(start string) string {
		return `{"id":"s-1","status":"active","current_period_starts_at":"` + start + `T00:00:00Z"}`
	}
	assert.NotEqual(t, key("Subscription", "paid", sub("2024-01-01")), key("Subscription", "paid", sub("2024-02-01")), "two periods paid")
}

// TestParseRefusals: unsigned, wrongly signed, tampered, oversized, empty,
// malformed bodies are refused with the right sentinel, and the signature
// is never echoed.
func TestParseRefusals(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, option.WithWebhookBodyLimit(4096))
	body := callbackBody(t, "Invoice", "status_changed", fixture(t, "invoice.json"))
	sig := signCallback(testCallback, body)

	_, err := c.Webhooks.ParseBody(body, http.Header{})
	assert.ErrorIs(t, err, payments.ErrInvalidSignature, "no signature")
	_, err = c.Webhooks.ParseBody(body, http.Header{HeaderSignature: {signCallback(testSecret, body)}})
	assert.ErrorIs(t, err, payments.ErrInvalidSignature, "signed with the API secret, not the callback secret")
	_, err = c.Webhooks.ParseBody(body, http.Header{HeaderSignature: {"zz" + sig[2:]}})
	assert.ErrorIs(t, err, payments.ErrInvalidSignature, "not hex")
	assert.NotContains(t, err.Error(), sig[2:])
	tampered := bytes.Replace(body, []byte(`"100.0"`), []byte(`"900.0"`), 1)
	require.NotEqual(t, body, tampered)
	_, err = c.Webhooks.ParseBody(tampered, http.Header{HeaderSignature: {sig}})
	assert.ErrorIs(t, err, payments.ErrInvalidSignature, "tampered")
	_, err = c.Webhooks.ParseBody(nil, http.Header{HeaderSignature: {sig}})
	assert.ErrorIs(t, err, payments.ErrMalformed, "empty")
	big := bytes.Repeat([]byte(" "), 5000)
	_, err = c.Webhooks.ParseBody(big, http.Header{HeaderSignature: {sig}})
	assert.ErrorIs(t, err, payments.ErrPayloadTooLarge)

	// Chunked (no Content-Length) over the cap.
	r := httptest.NewRequest(http.MethodPost, "/", io.MultiReader(bytes.NewReader(big)))
	r.ContentLength = -1
	r.Header.Set(HeaderSignature, sig)
	_, err = c.Webhooks.Parse(r)
	assert.ErrorIs(t, err, payments.ErrPayloadTooLarge)

	for _, junk := range []string{`[]`, `null`, `{"type":"Invoice"}`, `{"type":"Invoice","event":"created","data":"x"}`,
		`{"type":"Invoice","event":"created","data":{"id":"i","paid_amount":"1e999999999"}}`,
		`{"type":"Invoice","event":"created","data":{"id":"i","paid_amount":"` + strings.Repeat("9", 500) + `"}}`,
		`{"type":"Invoice","event":"created","data":{}}`, `{"type":1,"event":"created","data":{}}`} {
		_, err := c.Webhooks.ParseBody([]byte(junk), http.Header{HeaderSignature: {signCallback(testCallback, []byte(junk))}})
		assert.ErrorIs(t, err, payments.ErrMalformed, junk)
	}

	// A skipped member that is not JSON makes the body malformed.
	junk := []byte(`{"type":"X","event":"y","junk":[1,}`)
	_, err = c.Webhooks.ParseBody(junk, http.Header{HeaderSignature: {signCallback(testCallback, junk)}})
	assert.ErrorIs(t, err, payments.ErrMalformed)
	// The keys that decide what the event is match exactly, once: another
	// case or a repeat is refused (encoding/json would read "tYpe" as type,
	// another decoder would not), and so is a key that is not valid JSON.
	for _, variant := range []string{
		`{"Type":"Invoice","EVENT":"created","data":{"id":"i1"},"type":"CoinWithdrawal","Data":{"id":"w1","status":"new"}}`,
		`{"tYpe":"0","event":"0","` + "\x1c" + `":null}`,
		`{"type":"Invoice","event":"created","data":{"id":"i1"},"type":"CoinWithdrawal"}`,
		`{"type":"Invoice","event":"created","data":{"id":"i1"},"event":"refunded"}`,
		`{"type":"Invoice","event":"created","data":{"id":"i1"},"data":{"id":"i2"}}`,
		`{"type":"Invoice","event":"created","data":{"id":"i1"},"DATA":{"id":"i2"}}`,
		"{\"type\":\"Invoice\",\"event\":\"created\",\"data\":{\"id\":\"i1\"},\"k\x01\":1}",
		`{"type":"Invoice","event":"created","data":{"id":"i1"},"k\q":1}`,
	} {
		b := []byte(variant)
		_, err := c.Webhooks.ParseBody(b, http.Header{HeaderSignature: {signCallback(testCallback, b)}})
		assert.ErrorIs(t, err, payments.ErrMalformed, "%q", variant)
	}
	// An escaped key is JSON: "\u0074ype" is "type".
	escaped := []byte(`{"\u0074ype":"CoinWithdrawal","event":"created","data":{"id":"w1","status":"new"},"n\u00e9":1}`)
	ev0, err := c.Webhooks.ParseBody(escaped, http.Header{HeaderSignature: {signCallback(testCallback, escaped)}})
	require.NoError(t, err)
	assert.Equal(t, KindCoinWithdrawal, ev0.Kind)
	assert.Equal(t, "w1", ev0.ObjectID())

	// A custom_id that looks like a number is a string, not a hostile number.
	ok := callbackBody(t, "CoinWithdrawal", "created", `{"id":"w","custom_id":"12e45678","status":"new"}`)
	ev, err := c.Webhooks.ParseBody(ok, http.Header{HeaderSignature: {signCallback(testCallback, ok)}})
	require.NoError(t, err)
	assert.Equal(t, "12e45678", ev.CoinWithdrawal.CustomID)

	// No secret configured: nothing verifies.
	_, err = NewWebhookVerifier().ParseBody(body, http.Header{HeaderSignature: {sig}})
	assert.ErrorIs(t, err, payments.ErrInvalidSignature)
}

// TestRotation: a callback signed with a previous secret verifies while it
// is listed.
func TestRotation(t *testing.T) {
	t.Parallel()
	c, err := New(Config{APIKey: testKey, APISecret: testSecret, WebhookSecret: "new-secret", PreviousWebhookSecrets: []string{"old-secret"}})
	require.NoError(t, err)
	body := callbackBody(t, "CoinWithdrawal", "created", `{"id":"w","status":"new"}`)
	for _, s := range []string{"new-secret", "old-secret"} {
		_, err := c.Webhooks.ParseBody(body, http.Header{HeaderSignature: {signCallback(s, body)}})
		assert.NoError(t, err, s)
	}
	_, err = c.Webhooks.ParseBody(body, http.Header{HeaderSignature: {signCallback("older-secret", body)}})
	assert.ErrorIs(t, err, payments.ErrInvalidSignature)
}

// TestSignTestWebhook refuses what Cryptopay would never send.
func TestSignTestWebhook(t *testing.T) {
	t.Parallel()
	_, _, err := SignTestWebhook("", []byte(`{}`))
	assert.ErrorIs(t, err, payments.ErrValidation)
	_, _, err = SignTestWebhook("s", []byte(`nope`))
	assert.ErrorIs(t, err, payments.ErrMalformed)
	b, h, err := SignTestWebhook("s", []byte(`{"a":1}`))
	require.NoError(t, err)
	assert.Equal(t, `{"a":1}`, string(b))
	assert.Equal(t, signCallback("s", b), h.Get(HeaderSignature))
}

// TestRefreshFetchesTheObject: Refresh reads the object the callback names
// and keeps the notification's key.
func TestRefreshFetchesTheObject(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/api/channels/ch-1/payments/pay-1", respond(t, 200,
		data(`{"id":"pay-1","channel_id":"ch-1","status":"completed","paid_amount":"0.01","paid_currency":"BTC"}`), nil))
	body := callbackBody(t, "ChannelPayment", "on_hold", `{"id":"pay-1","channel_id":"ch-1","status":"on_hold","status_context":"channel_disabled"}`)
	ev, err := c.Webhooks.Parse(signed(t, testCallback, body))
	require.NoError(t, err)
	fresh, err := c.Webhooks.Refresh(ctxT(t), ev)
	require.NoError(t, err)
	assert.Equal(t, ChannelPaymentStatusCompleted, fresh.ChannelPayment.Status)
	assert.Equal(t, ev.DedupeKey(), fresh.DedupeKey())
	assert.True(t, fresh.BodyAuthenticated)

	a := mustAdapter(t, c, AdapterOptions{})
	pev, err := a.ParseWebhook(signed(t, testCallback, body))
	require.NoError(t, err)
	assert.Equal(t, payments.EventPayment, pev.Kind)
	assert.Equal(t, payments.StatusOnHold, pev.Status)
	assert.Equal(t, "on_hold:channel_disabled", pev.ProviderStatus)
	pfresh, err := a.Refresh(ctxT(t), pev)
	require.NoError(t, err)
	assert.Equal(t, payments.StatusPaid, pfresh.Status)
	assert.Equal(t, pev.DedupeKey, pfresh.DedupeKey)
}
