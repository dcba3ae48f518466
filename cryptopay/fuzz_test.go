package cryptopay

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/payments"
)

// FuzzParseBody: any body, signed or not, parses or fails with one of the
// three webhook sentinels; it never panics.
func FuzzParseBody(f *testing.F) {
	for _, s := range []string{
		`{"type":"Invoice","event":"status_changed","data":{"id":"i","status":"completed","paid_amount":"1.5","transactions":[{"txid":"t"}]}}`,
		`{"type":"CoinWithdrawal","event":"created","data":{"id":"w","charged_amount":"1e5","risk":{"score":3.4027}}}`,
		`{"type":"ChannelPayment","event":"on_hold","data":{"id":"p","paid_amount":1e999}}`,
		`{"type":"Subscription","event":"paid","data":{"id":"s","amount":"9.99"}}`,
		`{"type":"X","event":"y","data":null}`, `[]`, `{`, ``, `{"type":"X","event":"y","junk":[1,}`,
		`{"Type":"Invoice","EVENT":"created","Data":{"id":"i"},"type":"CoinWithdrawal"}`, `{"data":{"id":"` + "\\u0000" + `"}}`,
		"{\"tYpe\":\"0\",\"event\":\"0\",\"\x1c\":null}", // a raw control character in a key (issue 14)
	} {
		f.Add([]byte(s), true)
	}
	v := NewWebhookVerifier(testCallback)
	f.Fuzz(func(t *testing.T, body []byte, sign bool) {
		h := http.Header{}
		if sign {
			h.Set(HeaderSignature, signCallback(testCallback, body))
		}
		ev, err := v.ParseBody(body, h)
		if err != nil {
			providertest.RequireWebhookSentinel(t, err)
			return
		}
		if !sign {
			t.Fatal("an unsigned body parsed")
		}
		if !json.Valid(ev.Raw) {
			t.Fatal("an event whose Raw is not JSON")
		}
		// The keys that decide the event are exact and given once, so
		// every decoder reads the same type and event.
		var top map[string]json.RawMessage
		if err := json.Unmarshal(ev.Raw, &top); err != nil {
			t.Fatalf("Raw is not an object: %v", err)
		}
		dec := json.NewDecoder(bytes.NewReader(ev.Raw))
		_, _ = dec.Token()
		folded := map[string]int{}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				t.Fatal(err)
			}
			key := k.(string)
			if l := strings.ToLower(key); l == "type" || l == "event" || l == "data" {
				folded[l]++
				if key != l {
					t.Fatalf("a key %q in another case was accepted", key)
				}
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				t.Fatal(err)
			}
		}
		for k, n := range folded {
			if n > 1 {
				t.Fatalf("key %q given %d times was accepted", k, n)
			}
		}
		var typ string
		if err := json.Unmarshal(top["type"], &typ); err != nil || typ != ev.ObjectType {
			t.Fatalf("type %q, event says %q", typ, ev.ObjectType)
		}
		if ev.DedupeKey() == "" || (ev.Kind != KindOther && ev.ObjectID() == "") {
			t.Fatalf("event without key or object: %+v", ev)
		}
		_ = (&Adapter{c: &Client{opts: newTestSettings()}}).toEvent(ev)
	})
}

// FuzzDecodeObjects: any data decodes or fails with ErrMalformed.
func FuzzDecodeObjects(f *testing.F) {
	f.Add([]byte(`{"id":"w","charged_amount":"10.17","exchange":{"rate":"9699.0409"},"risk":{"score":3.4}}`))
	f.Add([]byte(`{"id":"w","charged_amount":"1e400"}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		k := &apicall.Call{Op: "fuzz", Method: "GET"}
		for _, err := range []error{
			webhookPipeline.DecodeInto(k, raw, new(CoinWithdrawal)),
			webhookPipeline.DecodeInto(k, raw, new(Invoice)),
			webhookPipeline.DecodeInto(k, raw, new(Transaction)),
		} {
			if err != nil && !errors.Is(err, payments.ErrMalformed) {
				t.Fatalf("unexpected error: %v", err)
			}
		}
	})
}
