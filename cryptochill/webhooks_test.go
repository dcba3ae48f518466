package cryptochill

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The vector of the notes, computed with the documentation's reference code.
const (
	vectorToken      = "your_callback_token"
	vectorCallbackID = "a1b2c3"
	vectorSignature  = "4bd80dd58c5538dca6de749b3ea0f48bae53260cfbb353ba8208ac20062db87a"
)

func TestSignCallbackVector(t *testing.T) {
	t.Parallel()
	require.Equal(t, vectorSignature, signCallback(vectorToken, vectorCallbackID), "signCallback")
}

func TestParseDocumentedCallback(t *testing.T) {
	t.Parallel()
	body := fixture(t, "callback_invoice.json")
	r := httptest.NewRequest("POST", "/callbacks/cryptochill", strings.NewReader(body))
	ev, err := NewWebhookVerifier(vectorToken).Parse(r)
	require.NoError(t, err)
	require.Equal(t, KindInvoice, ev.Kind)
	require.Equal(t, EventInvoiceComplete, ev.Type)
	require.Equal(t, vectorCallbackID, ev.ID)
	require.Empty(t, ev.DedupeKey(), "DedupeKey of an unrefreshed event")
	if assert.NotNil(t, ev.Invoice, "invoice") {
		assert.Equal(t, "42dbee1d-8659-44c3-aab2-6e414c5825a5", ev.ObjectID())
		assert.Equal(t, InvoiceStatusComplete, ev.Invoice.Status)
		if assert.NotNil(t, ev.Invoice.Amount.Paid, "invoice amount paid") {
			assert.Equal(t, "0.00292111", ev.Invoice.Amount.Paid.Amount.String(), "invoice amount paid")
		}
		assert.Len(t, ev.Invoice.Transactions, 1)
		assert.NotEmpty(t, ev.Invoice.Raw)
	}
	assert.False(t, ev.BodyAuthenticated, "BodyAuthenticated")
	assert.Equal(t, SignatureCovers, ev.SignatureCovers)
	assert.Equal(t, body, string(ev.Raw), "Raw")
	assert.Nil(t, ev.Transaction, "other objects set")
	assert.Nil(t, ev.Payout, "other objects set")
}

// withField returns the fixture callback with one top-level field replaced.
func withField(t *testing.T, body, key string, value any) []byte {
	t.Helper()
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(body), &m))
	b, _ := json.Marshal(value)
	m[key] = b
	out, _ := json.Marshal(m)
	return out
}

func TestParseRejectsBadSignatures(t *testing.T) {
	t.Parallel()
	v := NewWebhookVerifier(vectorToken)
	body := fixture(t, "callback_invoice.json")
	wrong := signCallback("another_token", vectorCallbackID)
	cases := map[string][]byte{
		"other token":         withField(t, body, "signature", wrong),
		"tampered id":         withField(t, body, "callback_id", "a1b2c4"),
		"not hex":             withField(t, body, "signature", "zz"+vectorSignature[2:]),
		"truncated":           withField(t, body, "signature", vectorSignature[:32]),
		"signature of status": withField(t, body, "signature", signCallback(vectorToken, "invoice_complete")),
	}
	for name, b := range cases {
		_, err := v.ParseBody(b, nil)
		if !assert.ErrorIs(t, err, payments.ErrInvalidSignature, name) {
			continue
		}
		for _, s := range []string{wrong, vectorSignature, vectorToken} {
			assert.NotContains(t, err.Error(), s, "%s: error echoes a signature or token", name)
		}
	}
	// Upper-case hex is the same MAC.
	_, err := v.ParseBody(withField(t, body, "signature", strings.ToUpper(vectorSignature)), nil)
	assert.NoError(t, err, "upper-case signature")
	_, err = NewWebhookVerifier().ParseBody([]byte(body), nil)
	assert.ErrorIs(t, err, payments.ErrInvalidSignature, "no token configured")
}

func TestParseAcceptsRotatedToken(t *testing.T) {
	t.Parallel()
	c, err := New(Config{APIKey: testKey, APISecret: testSecret, WebhookSecret: testToken, PreviousWebhookSecrets: []string{vectorToken}})
	require.NoError(t, err)
	body := []byte(fixture(t, "callback_invoice.json"))
	_, err = c.Webhooks.ParseBody(body, nil)
	assert.NoError(t, err, "previous token refused")
	fresh, err := newTestCallback(testToken, "invoice_pending", json.RawMessage(`{"id":"i"}`))
	require.NoError(t, err)
	_, err = c.Webhooks.ParseBody(fresh, nil)
	assert.NoError(t, err, "current token refused")
	_, err = NewWebhookVerifier("new_token", "", vectorToken).ParseBody(body, nil)
	assert.NoError(t, err, "verifier with previous token")
	_, err = NewWebhookVerifier("new_token").ParseBody(body, nil)
	assert.ErrorIs(t, err, payments.ErrInvalidSignature, "retired token accepted")
}

func TestParseOversized(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, option.WithWebhookBodyLimit(1024))
	big := withField(t, fixture(t, "callback_invoice.json"), "padding", strings.Repeat("x", 2048))
	r := httptest.NewRequest("POST", "/cb", bytes.NewReader(big))
	_, err := c.Webhooks.Parse(r)
	assert.ErrorIs(t, err, payments.ErrPayloadTooLarge, "Parse")
	r = httptest.NewRequest("POST", "/cb", bytes.NewReader(big))
	r.ContentLength = -1 // a chunked body: the cap must hold while reading
	_, err = c.Webhooks.Parse(r)
	assert.ErrorIs(t, err, payments.ErrPayloadTooLarge, "Parse chunked")
	_, err = c.Webhooks.ParseBody(big, nil)
	assert.ErrorIs(t, err, payments.ErrPayloadTooLarge, "ParseBody")
	huge := make([]byte, 1<<20+1)
	_, err = NewWebhookVerifier(vectorToken).ParseBody(huge, nil)
	assert.ErrorIs(t, err, payments.ErrPayloadTooLarge, "default cap")
}

func TestParseMalformed(t *testing.T) {
	t.Parallel()
	v := NewWebhookVerifier(vectorToken)
	doc := fixture(t, "callback_invoice.json")
	signed := func(status string, object string) string {
		return `{"callback_id":"a1b2c3","callback_status":"` + status + `","signature":"` + vectorSignature + `"` + object + `}`
	}
	cases := map[string]string{
		"empty":              "",
		"garbage":            "\x00\xffnot json",
		"array":              `[1,2,3]`,
		"string":             `"callback"`,
		"null":               `null`,
		"number":             `1e999999999`,
		"truncated":          doc[:len(doc)/2],
		"id not a string":    `{"callback_id":12,"callback_status":"invoice_complete","signature":"` + vectorSignature + `"}`,
		"missing id":         `{"callback_status":"invoice_complete","signature":"` + vectorSignature + `"}`,
		"missing status":     `{"callback_id":"a1b2c3","signature":"` + vectorSignature + `"}`,
		"hostile string":     signed("invoice_complete", `,"invoice":{"id":"i","amount":{"paid":{"amount":"1e999999999","currency":"BTC"}}}`),
		"hostile number":     signed("transaction_complete", `,"transaction":{"id":"t","currency_rates":{"BTC":{"USD":1e999999999}}}`),
		"hostile long":       signed("payout_complete", `,"payout":{"id":"p","amount":{"total":"`+strings.Repeat("9", 500)+`e1"}}`),
		"object wrong type":  signed("payout_complete", `,"payout":"p"`),
		"amount wrong type":  signed("invoice_complete", `,"invoice":{"id":"i","amount":{"paid":{"amount":{"x":1}}}}`),
		"no object":          signed("invoice_complete", ``),
		"null object":        signed("transaction_pending", `,"transaction":null`),
		"bad time":           signed("payout_pending", `,"payout":{"id":"p","created_at":"yesterday"}`),
		"signature not text": `{"callback_id":"a1b2c3","callback_status":"invoice_complete","signature":["x"]}`,
	}
	for name, body := range cases {
		ev, err := v.ParseBody([]byte(body), nil)
		assert.ErrorIs(t, err, payments.ErrMalformed, name)
		assert.Nil(t, ev, name)
	}
	// A missing signature is a bad one, as on every provider (401).
	for name, body := range map[string]string{
		"missing signature": `{"callback_id":"a1b2c3","callback_status":"invoice_complete"}`,
		"empty signature":   `{"callback_id":"a1b2c3","callback_status":"invoice_complete","signature":""}`,
		"null signature":    `{"callback_id":"a1b2c3","callback_status":"invoice_complete","signature":null}`,
	} {
		ev, err := v.ParseBody([]byte(body), nil)
		assert.ErrorIs(t, err, payments.ErrInvalidSignature, name)
		assert.NotErrorIs(t, err, payments.ErrMalformed, name)
		assert.Nil(t, ev, name)
	}
	r := httptest.NewRequest("POST", "/cb", nil)
	r.Body = nil
	_, err := v.Parse(r)
	assert.ErrorIs(t, err, payments.ErrMalformed, "no body")
	// A missing signature is unauthenticated (401 on every provider), not malformed.
	for name, body := range map[string]string{
		"missing signature": `{"callback_id":"a1b2c3","callback_status":"invoice_complete"}`,
		"empty signature":   `{"callback_id":"a1b2c3","callback_status":"invoice_complete","signature":""}`,
	} {
		ev, err := v.ParseBody([]byte(body), nil)
		assert.ErrorIs(t, err, payments.ErrInvalidSignature, name)
		assert.NotErrorIs(t, err, payments.ErrMalformed, name)
		assert.Nil(t, ev, name)
	}
}

func TestParseEveryStatusFamily(t *testing.T) {
	t.Parallel()
	v := NewWebhookVerifier(testToken)
	invoice := json.RawMessage(fixtureResult(t, "invoice.json"))
	transaction := json.RawMessage(fixtureResult(t, "transaction.json"))
	payout := json.RawMessage(fixtureResult(t, "payout.json"))
	cases := []struct {
		status string
		kind   EventKind
		object json.RawMessage
		id     string
	}{
		{"invoice_pending", KindInvoice, invoice, "42dbee1d-8659-44c3-aab2-6e414c5825a5"},
		{"invoice_confirmed", KindInvoice, invoice, "42dbee1d-8659-44c3-aab2-6e414c5825a5"},
		{"invoice_complete", KindInvoice, invoice, "42dbee1d-8659-44c3-aab2-6e414c5825a5"},
		{"invoice_incomplete", KindInvoice, invoice, "42dbee1d-8659-44c3-aab2-6e414c5825a5"},
		{"payment_complete", KindInvoice, invoice, "42dbee1d-8659-44c3-aab2-6e414c5825a5"},
		{"transaction_pending", KindTransaction, transaction, "9094fefe-3ac2-49b3-99ec-9b719331316c"},
		{"transaction_confirmed", KindTransaction, transaction, "9094fefe-3ac2-49b3-99ec-9b719331316c"},
		{"transaction_complete", KindTransaction, transaction, "9094fefe-3ac2-49b3-99ec-9b719331316c"},
		{"transaction_zero_conf_confirmed", KindTransaction, transaction, "9094fefe-3ac2-49b3-99ec-9b719331316c"},
		{"payout_pending", KindPayout, payout, "2f065e32-8b11-4081-b302-57f9f9dbd2e4"},
		{"payout_confirmed", KindPayout, payout, "2f065e32-8b11-4081-b302-57f9f9dbd2e4"},
		{"payout_complete", KindPayout, payout, "2f065e32-8b11-4081-b302-57f9f9dbd2e4"},
		{"payout_failed", KindPayout, payout, "2f065e32-8b11-4081-b302-57f9f9dbd2e4"},
		{"conversion_complete", KindOther, nil, ""},
	}
	for _, tc := range cases {
		var object any
		if tc.object != nil {
			object = tc.object
		}
		body, err := newTestCallback(testToken, tc.status, object)
		require.NoError(t, err, tc.status)
		ev, err := v.ParseBody(body, nil)
		if !assert.NoError(t, err, tc.status) {
			continue
		}
		assert.Equal(t, tc.kind, ev.Kind, tc.status)
		assert.Equal(t, tc.id, ev.ObjectID(), tc.status)
		assert.Equal(t, EventType(tc.status), ev.Type, tc.status)
		assert.NotEmpty(t, ev.Raw, tc.status)
		assert.False(t, ev.BodyAuthenticated, "%s: BodyAuthenticated", tc.status)
		set := 0
		for _, p := range []bool{ev.Invoice != nil, ev.Transaction != nil, ev.Payout != nil} {
			if p {
				set++
			}
		}
		want := map[bool]int{true: 0, false: 1}[tc.kind == KindOther]
		assert.Equal(t, want, set, "%s: objects set", tc.status)
	}
}

// The API doc's prose can be read as the object under "result" or at the top
// level; both are accepted.
func TestParseObjectShapes(t *testing.T) {
	t.Parallel()
	v := NewWebhookVerifier(vectorToken)
	head := `{"callback_id":"a1b2c3","callback_status":"payout_complete","signature":"` + vectorSignature + `"`
	for name, body := range map[string]string{
		"result":    head + `,"result":{"id":"p1","status":"complete"}}`,
		"top level": head + `,"id":"p1","status":"complete"}`,
	} {
		ev, err := v.ParseBody([]byte(body), nil)
		if assert.NoError(t, err, name) && assert.NotNil(t, ev.Payout, name) {
			assert.Equal(t, "p1", ev.Payout.ID, name)
			assert.Equal(t, PayoutStatusComplete, ev.Payout.Status, name)
		}
	}
}

func TestRefresh(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/v1/invoices/42dbee1d-8659-44c3-aab2-6e414c5825a5/", respond(t, 200, fixture(t, "invoice.json"), nil))
	mt.RegisterResponder("GET", testBase+"/v1/transactions/9094fefe-3ac2-49b3-99ec-9b719331316c/", respond(t, 200, fixture(t, "transaction.json"), nil))
	mt.RegisterResponder("GET", testBase+"/v1/payouts/2f065e32-8b11-4081-b302-57f9f9dbd2e4/", respond(t, 200, fixture(t, "payout.json"), nil))
	mt.RegisterResponder("GET", testBase+"/v1/payouts/swapped/", respond(t, 200, fixture(t, "payout.json"), nil))
	ctx := t.Context()

	// A callback claiming "complete" with edited amounts: Refresh returns the
	// API's invoice, which is still "new".
	forged := json.RawMessage(`{"id":"42dbee1d-8659-44c3-aab2-6e414c5825a5","status":"complete","amount":{"paid":{"amount":"1000","currency":"BTC"}}}`)
	body, err := newTestCallback(testToken, "invoice_complete", forged)
	require.NoError(t, err)
	ev, err := c.Webhooks.ParseBody(body, nil)
	require.NoError(t, err)
	fresh, err := c.Webhooks.Refresh(ctx, ev)
	require.NoError(t, err)
	assert.True(t, fresh.BodyAuthenticated, "refreshed BodyAuthenticated")
	if assert.NotNil(t, fresh.Invoice, "refreshed invoice") {
		assert.Equal(t, InvoiceStatusNew, fresh.Invoice.Status, "refreshed invoice status")
		assert.Nil(t, fresh.Invoice.Amount.Paid, "refreshed invoice amount paid")
	}
	assert.Equal(t, ev.ID, fresh.ID, "refreshed ID")
	assert.False(t, ev.BodyAuthenticated, "Refresh changed the original event")
	assert.Equal(t, InvoiceStatusComplete, ev.Invoice.Status, "Refresh changed the original event")

	for status, object := range map[string]string{
		"transaction_complete": `{"id":"9094fefe-3ac2-49b3-99ec-9b719331316c"}`,
		"payout_complete":      `{"id":"2f065e32-8b11-4081-b302-57f9f9dbd2e4"}`,
	} {
		body, err := newTestCallback(testToken, status, json.RawMessage(object))
		require.NoError(t, err, status)
		ev, err := c.Webhooks.ParseBody(body, nil)
		require.NoError(t, err, status)
		fresh, err := c.Webhooks.Refresh(ctx, ev)
		if assert.NoError(t, err, status) {
			assert.True(t, fresh.BodyAuthenticated, "%s: refreshed BodyAuthenticated", status)
			assert.Equal(t, ev.ObjectID(), fresh.ObjectID(), status)
		}
	}
	txFresh, err := c.Webhooks.Refresh(ctx, &Event{Kind: KindTransaction, Transaction: &Transaction{ID: "9094fefe-3ac2-49b3-99ec-9b719331316c"}})
	if assert.NoError(t, err, "transaction refresh") && assert.NotNil(t, txFresh.Transaction, "transaction refresh") &&
		assert.NotNil(t, txFresh.Transaction.Amount.Paid, "transaction refresh: amount paid") {
		assert.Equal(t, "0.00293528", txFresh.Transaction.Amount.Paid.Amount.String(), "transaction refresh: amount paid")
	}

	// The API answering with another object is refused.
	_, err = c.Webhooks.Refresh(ctx, &Event{Kind: KindPayout, Payout: &Payout{ID: "swapped"}})
	assert.ErrorIs(t, err, payments.ErrMalformed, "id mismatch")
	_, err = c.Webhooks.Refresh(ctx, &Event{Kind: KindOther})
	assert.ErrorIs(t, err, payments.ErrUnsupported, "other")
	_, err = c.Webhooks.Refresh(ctx, &Event{Kind: KindInvoice})
	assert.ErrorIs(t, err, payments.ErrMalformed, "no object")
	_, err = c.Webhooks.Refresh(ctx, nil)
	assert.ErrorIs(t, err, payments.ErrValidation, "nil event")
	_, err = NewWebhookVerifier(testToken).Refresh(ctx, ev)
	assert.ErrorIs(t, err, payments.ErrUnsupported, "verifier without client")
	mt.RegisterResponder("GET", testBase+"/v1/invoices/gone/", respond(t, 404, `{"result":"error","reason":"ObjectNotFound","message":"Object by specified ID not found"}`, nil))
	_, err = c.Webhooks.Refresh(ctx, &Event{Kind: KindInvoice, Invoice: &Invoice{ID: "gone"}})
	assert.ErrorIs(t, err, payments.ErrNotFound, "forged id")
}

// newTestCallback builds a signed callback with object under the key its
// status names, through SignTestWebhook.
func newTestCallback(token, status string, object any) ([]byte, error) {
	m := map[string]any{"callback_status": status}
	if k := kindOf(EventType(status)); k != KindOther && object != nil {
		m[string(k)] = object
	}
	unsigned, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	body, _, err := SignTestWebhook(token, unsigned)
	return body, err
}

func TestSignTestWebhook(t *testing.T) {
	t.Parallel()
	unsigned := []byte(`{"callback_status":"invoice_complete","invoice":{"id":"i1","status":"complete"}}`)
	a, header, err := SignTestWebhook(testToken, unsigned)
	require.NoError(t, err)
	assert.Equal(t, "application/json", header.Get("Content-Type"))
	b, _, err := SignTestWebhook(testToken, unsigned)
	require.NoError(t, err)
	var m, n map[string]any
	require.NoError(t, json.Unmarshal(a, &m))
	require.NoError(t, json.Unmarshal(b, &n))
	assert.Equal(t, signCallback(testToken, m["callback_id"].(string)), m["signature"])
	assert.NotEqual(t, m["callback_id"], n["callback_id"], "a fresh callback_id each time")
	ev, err := NewWebhookVerifier(testToken).ParseBody(a, header)
	require.NoError(t, err)
	assert.Equal(t, "i1", ev.ObjectID())
	assert.Equal(t, EventInvoiceComplete, ev.Type)

	// A given callback_id is kept, so a test can redeliver one callback.
	c, _, err := SignTestWebhook(testToken, []byte(`{"callback_id":"cb-1","callback_status":"mystery"}`))
	require.NoError(t, err)
	ev, err = NewWebhookVerifier(testToken).ParseBody(c, nil)
	require.NoError(t, err)
	assert.Equal(t, "cb-1", ev.ID)
	assert.Equal(t, KindOther, ev.Kind)

	for name, body := range map[string]string{
		"not json":      `nope`,
		"array":         `[]`,
		"null":          `null`,
		"no status":     `{"invoice":{}}`,
		"status number": `{"callback_status":1}`,
		"id number":     `{"callback_status":"invoice_pending","callback_id":7}`,
	} {
		_, _, err := SignTestWebhook(testToken, []byte(body))
		assert.ErrorIs(t, err, payments.ErrValidation, name)
	}
	_, _, err = SignTestWebhook("", unsigned)
	assert.ErrorIs(t, err, payments.ErrValidation)
}

func TestWebhooksNeverPrintTokens(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t)
	providertest.NothingPrints(t, []any{c.Webhooks, NewWebhookVerifier("tok-secret", "old-secret"), c}, nil,
		testToken, "tok-secret", "old-secret", testSecret)
}

// ReceivedAt is the client's clock when ParseBody ran, on the event and on
// its normalized form (the adapter keeps it through Refresh).
func TestReceivedAtFromTheClientClock(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, option.WithClock(func() time.Time { return time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC) }))
	body, err := newTestCallback(testToken, "conversion_complete", nil)
	require.NoError(t, err)
	ev, err := c.Webhooks.ParseBody(body, nil)
	require.NoError(t, err)
	assert.Equal(t, time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC), ev.ReceivedAt)
	assert.Equal(t, ev.ReceivedAt, toEvent(ev).ReceivedAt)
	ev, err = NewWebhookVerifier(testToken).ParseBody(body, nil)
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now(), ev.ReceivedAt, time.Minute, "a verifier without a client uses the wall clock")
}
