package cryptopay

import (
	"context"
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
)

// Benchmarks come in pairs: <Name>/sdk is the SDK, <Name>/floor is a
// hand-written client doing the same work with net/http, crypto/hmac,
// encoding/json and decimal (same signed request, same test server, same
// body decoded into an equivalent struct). Timings go to reports only.

// floorInvoice is the floor's equivalent of Invoice: the model's own fields
// through invoiceFields (Invoice without its guarded UnmarshalJSON), decoded
// by plain encoding/json. Exchange and Transactions shadow the model's,
// whose Exchange and Risk have guarded decoders of their own: the floor's
// nested objects decode plainly too (exchangeFields, riskFields).
type floorInvoice struct {
	invoiceFields
	Exchange     *exchangeFields `json:"exchange"`
	Transactions []struct {
		TxID string      `json:"txid"`
		Risk *riskFields `json:"risk"`
	} `json:"transactions"`
}

// benchInvoice is a paid invoice with two transactions and their risks,
// the published fields only (what a webhook or a Get carries once money
// has arrived).
const benchInvoice = "invoice_paid.json"

// BenchmarkCall is one signed GET /api/invoices/{id} over loopback HTTP.
func BenchmarkCall(b *testing.B) {
	answer := []byte(data(fixture(b, benchInvoice)))
	srv := providertest.BenchServer(b, answer, func(r *http.Request) bool {
		return r.Header.Get("Authorization") != "" && r.Header.Get("Date") != ""
	})
	ctx := b.Context()
	const id = "7e274430-e20f-4321-8748-20824287ae44"
	b.Run("sdk", func(b *testing.B) {
		c, err := New(Config{APIKey: testKey, APISecret: testSecret}, option.WithBaseURL(srv.URL), option.WithHTTPClient(srv.Client()))
		if err != nil {
			b.Fatal(err)
		}
		providertest.Measure(b, func() {
			inv, err := c.Invoices.Get(ctx, id)
			if err != nil || inv.ID != id {
				b.Fatal(err)
			}
		})
	})
	b.Run("floor", func(b *testing.B) {
		hc := srv.Client()
		providertest.Measure(b, func() {
			inv, err := floorGetInvoice(ctx, hc, srv.URL, id)
			if err != nil || inv.ID != id {
				b.Fatal(err)
			}
		})
	})
}

// floorGetInvoice is a hand-written signed GET: the five-line string to
// sign, HMAC-SHA1, base64, the three headers, the body read and decoded.
func floorGetInvoice(ctx context.Context, hc *http.Client, base, id string) (*floorInvoice, error) {
	path := "/api/invoices/" + id
	date := time.Now().UTC().Format(http.TimeFormat)
	mac := hmac.New(sha1.New, []byte(testSecret))
	mac.Write([]byte("GET\n\napplication/json\n" + date + "\n" + path))
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Date", date)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "HMAC "+testKey+":"+base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	if err := providertest.FloorDo(hc, req, &env); err != nil {
		return nil, err
	}
	var inv floorInvoice
	if err := json.Unmarshal(env.Data, &inv); err != nil {
		return nil, err
	}
	inv.Raw = env.Data
	return &inv, nil
}

// BenchmarkWebhook verifies and parses one Invoice callback.
func BenchmarkWebhook(b *testing.B) {
	body := []byte(`{"type":"Invoice","event":"status_changed","data":` + fixture(b, benchInvoice) + `}`)
	sig := signCallback(testCallback, body)
	h := http.Header{HeaderSignature: {sig}}
	b.Run("sdk", func(b *testing.B) {
		v := NewWebhookVerifier(testCallback)
		providertest.Measure(b, func() {
			ev, err := v.ParseBody(body, h)
			if err != nil || ev.Invoice == nil || len(ev.Invoice.Transactions) != 2 || ev.Invoice.Transactions[0].Risk == nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("floor", func(b *testing.B) {
		providertest.Measure(b, func() {
			mac := hmac.New(sha256.New, []byte(testCallback))
			mac.Write(body)
			got, err := hex.DecodeString(h.Get(HeaderSignature))
			if err != nil || !hmac.Equal(got, mac.Sum(nil)) {
				b.Fatal("bad signature")
			}
			var cb struct {
				Type  string       `json:"type"`
				Event string       `json:"event"`
				Data  floorInvoice `json:"data"`
			}
			if err := json.Unmarshal(body, &cb); err != nil || cb.Data.ID == "" || len(cb.Data.Transactions) != 2 || cb.Data.Transactions[0].Risk == nil {
				b.Fatal(err)
			}
		})
	})
}

// BenchmarkSign is the signer alone (the per-attempt cost).
func BenchmarkSign(b *testing.B) {
	s := NewSigner(testKey, testSecret)
	body := []byte(`{"price_amount":"100","price_currency":"EUR","pay_currency":"BTC","custom_id":"x"}`)
	b.ReportAllocs()
	for b.Loop() {
		_ = s.Authorization("POST", body, ContentType, "Fri, 02 Jan 2026 03:04:05 GMT", "/api/invoices")
	}
	_ = md5.Sum
}
