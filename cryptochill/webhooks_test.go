package cryptochill

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

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
	if got := SignCallback(vectorToken, vectorCallbackID); got != vectorSignature {
		t.Fatalf("SignCallback = %s, want %s", got, vectorSignature)
	}
}

func TestParseDocumentedCallback(t *testing.T) {
	t.Parallel()
	body := fixture(t, "callback_invoice.json")
	r := httptest.NewRequest("POST", "/callbacks/cryptochill", strings.NewReader(body))
	ev, err := NewWebhookVerifier(vectorToken).Parse(r)
	if err != nil {
		t.Fatal(err)
	}
	if ev.Kind != EventInvoice || ev.Type != "invoice_complete" || ev.ID != vectorCallbackID || ev.DedupeKey() != "" {
		t.Fatalf("event = %+v", ev)
	}
	if ev.Invoice == nil || ev.ObjectID() != "42dbee1d-8659-44c3-aab2-6e414c5825a5" || ev.Invoice.Status != "complete" ||
		ev.Invoice.Amount.Paid.Amount.String() != "0.00292111" || len(ev.Invoice.Transactions) != 1 || len(ev.Invoice.Raw) == 0 {
		t.Errorf("invoice = %+v", ev.Invoice)
	}
	if ev.BodyAuthenticated || ev.SignatureCovers != SignatureCovers || !bytes.Equal(ev.Raw, []byte(body)) {
		t.Errorf("authenticated %v, covers %q, raw %d bytes", ev.BodyAuthenticated, ev.SignatureCovers, len(ev.Raw))
	}
	if ev.Transaction != nil || ev.Payout != nil {
		t.Error("other objects set")
	}
}

// withField returns the fixture callback with one top-level field replaced.
func withField(t *testing.T, body, key string, value any) []byte {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(value)
	m[key] = b
	out, _ := json.Marshal(m)
	return out
}

func TestParseRejectsBadSignatures(t *testing.T) {
	t.Parallel()
	v := NewWebhookVerifier(vectorToken)
	body := fixture(t, "callback_invoice.json")
	wrong := SignCallback("another_token", vectorCallbackID)
	cases := map[string][]byte{
		"other token":         withField(t, body, "signature", wrong),
		"tampered id":         withField(t, body, "callback_id", "a1b2c4"),
		"not hex":             withField(t, body, "signature", "zz"+vectorSignature[2:]),
		"truncated":           withField(t, body, "signature", vectorSignature[:32]),
		"signature of status": withField(t, body, "signature", SignCallback(vectorToken, "invoice_complete")),
	}
	for name, b := range cases {
		_, err := v.ParseBody(b, nil)
		if !errors.Is(err, payments.ErrInvalidSignature) {
			t.Errorf("%s: err = %v", name, err)
			continue
		}
		if strings.Contains(err.Error(), wrong) || strings.Contains(err.Error(), vectorSignature) || strings.Contains(err.Error(), vectorToken) {
			t.Errorf("%s: error echoes a signature or token: %v", name, err)
		}
	}
	// Upper-case hex is the same MAC.
	if _, err := v.ParseBody(withField(t, body, "signature", strings.ToUpper(vectorSignature)), nil); err != nil {
		t.Errorf("upper-case signature: %v", err)
	}
	if _, err := NewWebhookVerifier().ParseBody([]byte(body), nil); !errors.Is(err, payments.ErrInvalidSignature) {
		t.Errorf("no token configured: %v", err)
	}
}

func TestParseAcceptsRotatedToken(t *testing.T) {
	t.Parallel()
	c, err := New(Config{APIKey: testKey, APISecret: testSecret, CallbackToken: testToken, PreviousCallbackTokens: []string{vectorToken}})
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(fixture(t, "callback_invoice.json"))
	if _, err := c.Webhooks.ParseBody(body, nil); err != nil {
		t.Errorf("previous token refused: %v", err)
	}
	fresh, err := newTestCallback(testToken, "invoice_pending", json.RawMessage(`{"id":"i"}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Webhooks.ParseBody(fresh, nil); err != nil {
		t.Errorf("current token refused: %v", err)
	}
	if _, err := NewWebhookVerifier("new_token", "", vectorToken).ParseBody(body, nil); err != nil {
		t.Errorf("verifier with previous token: %v", err)
	}
	if _, err := NewWebhookVerifier("new_token").ParseBody(body, nil); !errors.Is(err, payments.ErrInvalidSignature) {
		t.Errorf("retired token accepted: %v", err)
	}
}

func TestParseOversized(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, option.WithWebhookBodyLimit(1024))
	big := withField(t, fixture(t, "callback_invoice.json"), "padding", strings.Repeat("x", 2048))
	r := httptest.NewRequest("POST", "/cb", bytes.NewReader(big))
	if _, err := c.Webhooks.Parse(r); !errors.Is(err, payments.ErrPayloadTooLarge) {
		t.Errorf("Parse: %v", err)
	}
	r = httptest.NewRequest("POST", "/cb", bytes.NewReader(big))
	r.ContentLength = -1 // a chunked body: the cap must hold while reading
	if _, err := c.Webhooks.Parse(r); !errors.Is(err, payments.ErrPayloadTooLarge) {
		t.Errorf("Parse chunked: %v", err)
	}
	if _, err := c.Webhooks.ParseBody(big, nil); !errors.Is(err, payments.ErrPayloadTooLarge) {
		t.Errorf("ParseBody: %v", err)
	}
	huge := make([]byte, 1<<20+1)
	if _, err := NewWebhookVerifier(vectorToken).ParseBody(huge, nil); !errors.Is(err, payments.ErrPayloadTooLarge) {
		t.Errorf("default cap: %v", err)
	}
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
		"missing signature":  `{"callback_id":"a1b2c3","callback_status":"invoice_complete"}`,
		"empty signature":    `{"callback_id":"a1b2c3","callback_status":"invoice_complete","signature":""}`,
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
		if !errors.Is(err, payments.ErrMalformed) || ev != nil {
			t.Errorf("%s: event %v, err = %v", name, ev, err)
		}
	}
	r := httptest.NewRequest("POST", "/cb", nil)
	r.Body = nil
	if _, err := v.Parse(r); !errors.Is(err, payments.ErrMalformed) {
		t.Errorf("no body: %v", err)
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
		{"invoice_pending", EventInvoice, invoice, "42dbee1d-8659-44c3-aab2-6e414c5825a5"},
		{"invoice_confirmed", EventInvoice, invoice, "42dbee1d-8659-44c3-aab2-6e414c5825a5"},
		{"invoice_complete", EventInvoice, invoice, "42dbee1d-8659-44c3-aab2-6e414c5825a5"},
		{"invoice_incomplete", EventInvoice, invoice, "42dbee1d-8659-44c3-aab2-6e414c5825a5"},
		{"payment_complete", EventInvoice, invoice, "42dbee1d-8659-44c3-aab2-6e414c5825a5"},
		{"transaction_pending", EventTransaction, transaction, "9094fefe-3ac2-49b3-99ec-9b719331316c"},
		{"transaction_confirmed", EventTransaction, transaction, "9094fefe-3ac2-49b3-99ec-9b719331316c"},
		{"transaction_complete", EventTransaction, transaction, "9094fefe-3ac2-49b3-99ec-9b719331316c"},
		{"transaction_zero_conf_confirmed", EventTransaction, transaction, "9094fefe-3ac2-49b3-99ec-9b719331316c"},
		{"payout_pending", EventPayout, payout, "2f065e32-8b11-4081-b302-57f9f9dbd2e4"},
		{"payout_confirmed", EventPayout, payout, "2f065e32-8b11-4081-b302-57f9f9dbd2e4"},
		{"payout_complete", EventPayout, payout, "2f065e32-8b11-4081-b302-57f9f9dbd2e4"},
		{"payout_failed", EventPayout, payout, "2f065e32-8b11-4081-b302-57f9f9dbd2e4"},
		{"conversion_complete", EventOther, nil, ""},
	}
	for _, tc := range cases {
		var object any
		if tc.object != nil {
			object = tc.object
		}
		body, err := newTestCallback(testToken, tc.status, object)
		if err != nil {
			t.Fatalf("%s: %v", tc.status, err)
		}
		ev, err := v.ParseBody(body, nil)
		if err != nil {
			t.Errorf("%s: %v", tc.status, err)
			continue
		}
		if ev.Kind != tc.kind || ev.ObjectID() != tc.id || ev.Type != tc.status || len(ev.Raw) == 0 || ev.BodyAuthenticated {
			t.Errorf("%s: event = %+v", tc.status, ev)
		}
		set := 0
		for _, p := range []bool{ev.Invoice != nil, ev.Transaction != nil, ev.Payout != nil} {
			if p {
				set++
			}
		}
		if want := map[bool]int{true: 0, false: 1}[tc.kind == EventOther]; set != want {
			t.Errorf("%s: %d objects set", tc.status, set)
		}
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
		if err != nil || ev.Payout == nil || ev.Payout.ID != "p1" || ev.Payout.Status != "complete" {
			t.Errorf("%s: event %+v, err %v", name, ev, err)
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
	ctx := context.Background()

	// A callback claiming "complete" with edited amounts: Refresh returns the
	// API's invoice, which is still "new".
	forged := json.RawMessage(`{"id":"42dbee1d-8659-44c3-aab2-6e414c5825a5","status":"complete","amount":{"paid":{"amount":"1000","currency":"BTC"}}}`)
	body, _ := newTestCallback(testToken, "invoice_complete", forged)
	ev, err := c.Webhooks.ParseBody(body, nil)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := c.Webhooks.Refresh(ctx, ev)
	if err != nil {
		t.Fatal(err)
	}
	if !fresh.BodyAuthenticated || fresh.Invoice.Status != "new" || fresh.Invoice.Amount.Paid != nil || fresh.ID != ev.ID {
		t.Errorf("refreshed = %+v, invoice %+v", fresh, fresh.Invoice)
	}
	if ev.BodyAuthenticated || ev.Invoice.Status != "complete" {
		t.Error("Refresh changed the original event")
	}

	for status, object := range map[string]string{
		"transaction_complete": `{"id":"9094fefe-3ac2-49b3-99ec-9b719331316c"}`,
		"payout_complete":      `{"id":"2f065e32-8b11-4081-b302-57f9f9dbd2e4"}`,
	} {
		body, _ := newTestCallback(testToken, status, json.RawMessage(object))
		ev, err := c.Webhooks.ParseBody(body, nil)
		if err != nil {
			t.Fatal(err)
		}
		fresh, err := c.Webhooks.Refresh(ctx, ev)
		if err != nil || !fresh.BodyAuthenticated || fresh.ObjectID() != ev.ObjectID() {
			t.Errorf("%s: refreshed %+v, err %v", status, fresh, err)
		}
	}
	if fresh, err := c.Webhooks.Refresh(ctx, &Event{Kind: EventTransaction, Transaction: &Transaction{ID: "9094fefe-3ac2-49b3-99ec-9b719331316c"}}); err != nil ||
		fresh.Transaction.Amount.Paid.Amount.String() != "0.00293528" {
		t.Errorf("transaction refresh: %+v, %v", fresh, err)
	}

	// The API answering with another object is refused.
	if _, err := c.Webhooks.Refresh(ctx, &Event{Kind: EventPayout, Payout: &Payout{ID: "swapped"}}); !errors.Is(err, payments.ErrMalformed) {
		t.Errorf("id mismatch: %v", err)
	}
	if _, err := c.Webhooks.Refresh(ctx, &Event{Kind: EventOther}); !errors.Is(err, payments.ErrUnsupported) {
		t.Errorf("other: %v", err)
	}
	if _, err := c.Webhooks.Refresh(ctx, &Event{Kind: EventInvoice}); !errors.Is(err, payments.ErrMalformed) {
		t.Errorf("no object: %v", err)
	}
	if _, err := c.Webhooks.Refresh(ctx, nil); !errors.Is(err, payments.ErrValidation) {
		t.Errorf("nil event: %v", err)
	}
	if _, err := NewWebhookVerifier(testToken).Refresh(ctx, ev); !errors.Is(err, payments.ErrUnsupported) {
		t.Errorf("verifier without client: %v", err)
	}
	mt.RegisterResponder("GET", testBase+"/v1/invoices/gone/", respond(t, 404, `{"result":"error","reason":"ObjectNotFound","message":"Object by specified ID not found"}`, nil))
	if _, err := c.Webhooks.Refresh(ctx, &Event{Kind: EventInvoice, Invoice: &Invoice{ID: "gone"}}); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("forged id: %v", err)
	}
}

// newTestCallback builds a signed callback with object under the key its
// status names, through SignTestWebhook.
func newTestCallback(token, status string, object any) ([]byte, error) {
	m := map[string]any{"callback_status": status}
	if k := kindOf(status); k != EventOther && object != nil {
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
	assert.Equal(t, SignCallback(testToken, m["callback_id"].(string)), m["signature"])
	assert.NotEqual(t, m["callback_id"], n["callback_id"], "a fresh callback_id each time")
	ev, err := NewWebhookVerifier(testToken).ParseBody(a, header)
	require.NoError(t, err)
	assert.Equal(t, "i1", ev.ObjectID())
	assert.Equal(t, "invoice_complete", ev.Type)

	// A given callback_id is kept, so a test can redeliver one callback.
	c, _, err := SignTestWebhook(testToken, []byte(`{"callback_id":"cb-1","callback_status":"mystery"}`))
	require.NoError(t, err)
	ev, err = NewWebhookVerifier(testToken).ParseBody(c, nil)
	require.NoError(t, err)
	assert.Equal(t, "cb-1", ev.ID)
	assert.Equal(t, EventOther, ev.Kind)

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
	for _, v := range []any{c.Webhooks, NewWebhookVerifier("tok-secret", "old-secret"), c} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			out := fmt.Sprintf(verb, v)
			for _, secret := range []string{testToken, "tok-secret", "old-secret", testSecret} {
				if strings.Contains(out, secret) {
					t.Errorf("%s of %T shows a secret: %s", verb, v, out)
				}
			}
		}
	}
}
