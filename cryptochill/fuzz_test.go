package cryptochill

import (
	"encoding/json"
	"testing"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/stretchr/testify/require"
)

// FuzzParseCallback feeds arbitrary bodies to the callback parser. A body
// that is a JSON object with a string callback_id is also re-signed with the
// right token, so that the object decoding behind the signature check is
// fuzzed too, not only the rejection in front of it.
func FuzzParseCallback(f *testing.F) {
	doc := []byte(fixture(f, "callback_invoice.json"))
	f.Add(doc)
	f.Add(doc[:len(doc)/2])
	for _, status := range []string{"transaction_complete", "payout_failed", "payment_complete", "mystery"} {
		var obj any
		switch kindOf(EventType(status)) {
		case KindTransaction:
			obj = json.RawMessage(`{"id":"t","amount":{"paid":{"amount":"0.1","currency":"BTC","quotes":{"USD":"1"}}},"currency_rates":{"BTC":{"USD":"3406.8"}}}`)
		case KindPayout:
			obj = json.RawMessage(`{"id":"p","amount":{"total":"0.019","network_fee":"0.00001"},"network_fee":5,"recipients":[{"id":"r"}]}`)
		case KindInvoice:
			obj = json.RawMessage(`{"id":"i"}`)
		}
		b, err := newTestCallback(vectorToken, status, obj)
		require.NoError(f, err)
		f.Add(b)
	}
	for _, s := range []string{
		"", "null", "[]", `"x"`, "{}", "1e999999999",
		`{"callback_id":"a1b2c3","callback_status":"invoice_complete","signature":"` + vectorSignature + `","invoice":{"id":"i","amount":{"paid":{"amount":"1e999999999"}}}}`,
		`{"callback_id":"a1b2c3","callback_status":"payout_complete","signature":"` + vectorSignature + `","payout":{"id":"p","network_fee":1e308}}`,
		`{"callback_id":"a1b2c3","callback_status":"transaction_pending","signature":"` + vectorSignature + `","id":"t","confirmations":"six"}`,
	} {
		f.Add([]byte(s))
	}
	v := NewWebhookVerifier(vectorToken)
	f.Fuzz(func(t *testing.T, body []byte) {
		check(t, v, body)
		var m map[string]json.RawMessage
		if json.Unmarshal(body, &m) != nil {
			return
		}
		var id string
		if json.Unmarshal(m["callback_id"], &id) != nil {
			return
		}
		m["signature"], _ = json.Marshal(signCallback(vectorToken, id))
		resigned, err := json.Marshal(m)
		if err != nil {
			return
		}
		check(t, v, resigned)
	})
}

func check(t *testing.T, v *WebhooksService, body []byte) {
	ev, err := v.ParseBody(body, nil)
	if err != nil {
		require.Nil(t, ev, "event and error both returned: %v", err)
		providertest.RequireWebhookSentinel(t, err)
		return
	}
	require.False(t, ev.BodyAuthenticated, "event = %+v", ev)
	require.NotEmpty(t, ev.ID, "event = %+v", ev)
	require.True(t, json.Valid(body), "accepted a body that is not JSON")
	// Whatever was accepted can be printed and re-encoded without blowing up.
	_, err = json.Marshal(struct {
		I *Invoice
		T *Transaction
		P *Payout
	}{ev.Invoice, ev.Transaction, ev.Payout})
	require.NoError(t, err, "re-encoding the parsed object")
}

// FuzzDecodeInvoice decodes arbitrary bytes into an Invoice as the client
// does with API responses.
func FuzzDecodeInvoice(f *testing.F) {
	var env struct {
		Result json.RawMessage `json:"result"`
	}
	require.NoError(f, json.Unmarshal([]byte(fixture(f, "invoice.json")), &env))
	f.Add([]byte(env.Result))
	f.Add([]byte(fixture(f, "invoice.json")))
	for _, s := range []string{
		"", "null", "{}", `{"amount":{"paid":{"amount":"1e999999999"}}}`, `{"amount":{"paid":{"amount":1e-999999}}}`,
		`{"created_at":"2019-02-08T01:06:11.799601+00:00","min_confirmations":"x"}`, `{"custom_fee":{"amount":"0.00001","currency":"BTC"}}`,
		`{"amount":{"invoiced":{"rate_usd":"3624.886995160658","quotes":{"USD":"NaN"}}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var inv Invoice
		if err := decodeInto(data, &inv); err != nil { // the SDK's own path: guarded wire types, decoded once
			return
		}
		out, err := json.Marshal(&inv)
		require.NoError(t, err, "re-encoding a decoded invoice")
		require.LessOrEqual(t, len(out), 64*len(data)+4096, "%d input bytes re-encode to %d", len(data), len(out))
	})
}
