package gateway_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/gateway"
	"github.com/shopspring/decimal"
)

// FuzzParseWebhook feeds signed bodies of any shape to the parser: it must
// never panic, and what it accepts keeps its raw bytes and a stable key.
func FuzzParseWebhook(f *testing.F) {
	for _, s := range []string{
		`{"type":"notification","event":"payment.open","payment":{"payment_id":"p","amount":"1","rate":1e-08}}`,
		`{"dedicate_id":"d","status":"OPEN"," custom1 ":"x"}`, `{"withdraw_id":"w","fee":"0.0001"}`, `{}`, `[]`, `null`,
		`{"payment":{"payment_id":"p","ip_amount":"1e999999999"}}`, `{"event":"x"}`, `{"payment":{"payment_id":1}}`,
	} {
		f.Add([]byte(s))
	}
	v := gateway.NewWebhookVerifier("fuzz")
	f.Fuzz(func(t *testing.T, body []byte) {
		h := http.Header{gateway.HeaderSignature: {hmacHex("fuzz", body)}}
		ev, err := v.ParseBody(body, h)
		if err != nil {
			return
		}
		if string(ev.Raw) != string(body) {
			t.Fatal("raw body changed")
		}
		again, err := v.ParseBody(body, h)
		if err != nil || again.DedupeKey() != ev.DedupeKey() || ev.DedupeKey() == "" {
			t.Fatalf("unstable dedupe key: %q vs %v", ev.DedupeKey(), err)
		}
	})
}

// FuzzDecimalFields puts one text in every decimal field shape the API uses
// (a string, a bare number, exponent form): whatever decodes equals the
// exact decimal of that text, with no digit lost.
func FuzzDecimalFields(f *testing.F) {
	for _, s := range []string{"0", "4", "0.002137791379927765", "3.708847905797581e-05", "1e-08", "26046.990234375",
		"-1", "1E+2", "0.1e1", "123456789012345678.123456789", "1e999999999", "", " 1", "0x10", "NaN"} {
		f.Add(s)
	}
	v := gateway.NewWebhookVerifier("fuzz")
	f.Fuzz(func(t *testing.T, s string) {
		if strings.ContainsAny(s, "\"\\\x00") || len(s) > 300 {
			return
		}
		want, werr := decimal.NewFromString(strings.TrimSpace(s))
		for _, shape := range []string{`"` + s + `"`, s} {
			body := []byte(`{"type":"notification","event":"payment.open","payment":{"payment_id":"p","ip_amount":` + shape +
				`,"rate":` + shape + `}}`)
			ev, err := v.ParseBody(body, http.Header{gateway.HeaderSignature: {hmacHex("fuzz", body)}})
			if err != nil {
				continue
			}
			if werr != nil {
				if strings.TrimSpace(s) != "" {
					t.Fatalf("%s decoded though decimal refuses it: %s", shape, ev.Payment.IPAmount)
				}
				continue
			}
			if !ev.Payment.IPAmount.Equal(want) || !ev.Payment.Rate.Equal(want) {
				t.Fatalf("%s decoded as %s / %s, want %s", shape, ev.Payment.IPAmount, ev.Payment.Rate, want)
			}
		}
	})
}
