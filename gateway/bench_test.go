package gateway_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/gateway"
	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/shopspring/decimal"
)

// paymentFields is the SDK's Payment model without its methods: the same
// fields (every documented payment field, custom1…custom9 included, with
// decimal.Decimal for amounts, which reads strings and numbers alike) that
// plain encoding/json fills, with no UnmarshalJSON of the SDK's in the way.
type paymentFields gateway.Payment

// floorPayment is what a hand-written client decodes: the model's fields
// (paymentFields), and both status spellings the documentation uses (status
// in the examples, status_type in the field tables, read like the SDK does),
// as a client written from the documentation must, and it reads the keys
// with stray spaces the documentation's own examples have (" custom1 ",
// " custom2 ") through a plain byte loop that trims them
// (gateway.FloorTrimKeys), as the SDK does: without it the floor would
// silently lose those fields and do less work than the SDK. What it does
// not do is the SDK's leniency: custom sent as an object, dates, flags and
// numbers in other shapes.
type floorPayment struct {
	paymentFields
	StatusType     string `json:"status_type"`
	StatusTypeName string `json:"status_type_name"`
}

// floorDo is the floor's request and decode, as a hand-written client
// writes them (net/http, Basic auth, encoding/json, decimal): shared by the
// floors of BenchmarkCall and BenchmarkCreate, never by the SDK side.
func floorDo(b *testing.B, hc *http.Client, req *http.Request, p *floorPayment) {
	req.SetBasicAuth(testKey, testSecret)
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	raw, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 {
		b.Fatal(err, resp.StatusCode)
	}
	raw = gateway.FloorTrimKeys(raw)
	if err := json.Unmarshal(raw, p); err != nil {
		b.Fatal(err)
	}
	p.Raw = raw
}

// benchClient is the SDK side's client of a benchmark server.
func benchClient(b *testing.B, srv *httptest.Server) *gateway.Client {
	c, err := gateway.New(gateway.Config{APIKey: testKey, APISecret: testSecret}, option.WithBaseURL(srv.URL+"/int"))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func paymentServer(b *testing.B) *httptest.Server { return answering(b, fixture(b, "payment.json")) }

// answering is a benchmark server: it checks each request's credentials
// and answers body.
func answering(b *testing.B, body []byte) *httptest.Server {
	return providertest.BenchServer(b, body, func(r *http.Request) bool { return r.Header.Get("Authorization") == wantAuth })
}

// BenchmarkCall is one call, GET /payment/{id} decoded: sdk is the
// client, floor the same call hand-written (net/http, Basic auth,
// encoding/json, decimal). make bench prints the ratio.
func BenchmarkCall(b *testing.B) {
	srv := paymentServer(b)
	ctx := b.Context()
	b.Run("sdk", func(b *testing.B) {
		c := benchClient(b, srv)
		providertest.Measure(b, func() {
			if _, err := c.Payments.Get(ctx, "f2a681c0"); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("floor", func(b *testing.B) {
		hc := &http.Client{Timeout: 30 * time.Second}
		providertest.Measure(b, func() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/int/payment/f2a681c0", nil)
			var p floorPayment
			floorDo(b, hc, req, &p)
		})
	})
}

// BenchmarkWebhook verifies and parses the documentation's payment.complete
// (whose keys carry stray spaces the SDK trims): sdk is the verifier, floor
// the same hand-written (crypto/hmac, hmac.Equal, encoding/json, decimal).
func BenchmarkWebhook(b *testing.B) {
	body := fixture(b, "webhook_payment_complete.json")
	sig := hmacHex("whsec_bench", body)
	b.Run("sdk", func(b *testing.B) {
		h := http.Header{gateway.HeaderSignature: {sig}}
		v := gateway.NewWebhookVerifier("whsec_bench")
		providertest.Measure(b, func() {
			if _, err := v.ParseBody(body, h); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("floor", func(b *testing.B) {
		key := []byte("whsec_bench")
		providertest.Measure(b, func() {
			got, err := hex.DecodeString(sig)
			if err != nil {
				b.Fatal(err)
			}
			m := hmac.New(sha256.New, key)
			m.Write(body)
			if !hmac.Equal(got, m.Sum(nil)) {
				b.Fatal("bad signature")
			}
			var ev struct {
				Type    string       `json:"type"`
				Event   string       `json:"event"`
				Payment floorPayment `json:"payment"`
			}
			if err := json.Unmarshal(gateway.FloorTrimKeys(body), &ev); err != nil {
				b.Fatal(err)
			}
		})
	})
}

// benchRef is the reference the create benchmarks carry; the server echoes
// the custom it was sent, as the service does.
const benchRef = "order-bench-1"

func createServer(b *testing.B) *httptest.Server {
	var fixtureMap map[string]any
	if err := json.Unmarshal(fixture(b, "payment.json"), &fixtureMap); err != nil {
		b.Fatal(err)
	}
	fixtureMap["custom"] = `{"idempotence":"` + benchRef + `"}`
	body, err := json.Marshal(fixtureMap)
	if err != nil {
		b.Fatal(err)
	}
	return answering(b, body)
}

// floorPaymentBody is POST /payment's JSON as a hand-written client sends
// it: the amount a JSON number from the decimal's text, the reference in
// custom.
type floorPaymentBody struct {
	PaymentType    string      `json:"payment_type"`
	Amount         json.Number `json:"amount"`
	AssetID        string      `json:"asset_id"`
	PaymentAssetID string      `json:"payment_asset_id"`
	Description    string      `json:"description,omitempty"`
	Custom         string      `json:"custom"`
	SuccessURL     string      `json:"success_url,omitempty"`
	CancelURL      string      `json:"cancel_url,omitempty"`
}

// BenchmarkCreate is POST /payment with a reference, decoded and checked:
// sdk is Payments.Create; floor the same call hand-written, doing the same
// work a careful hand-written client does — the reference put in custom,
// the success and cancel URLs checked, the answer decoded, and the echo of
// the reference and the amount checked (a create is sent once and its
// answer must be its own).
func BenchmarkCreate(b *testing.B) {
	srv := createServer(b)
	ctx := b.Context()
	amount := decimal.RequireFromString("100")
	const success, cancel = "https://shop.example/paid", "https://shop.example/failed"
	b.Run("sdk", func(b *testing.B) {
		c := benchClient(b, srv)
		providertest.Measure(b, func() {
			if _, err := c.Payments.Create(ctx, &gateway.PaymentParams{Amount: amount, AssetID: "USD", PaymentAssetID: "BTC",
				Description: "Two books", Reference: benchRef, SuccessURL: success, CancelURL: cancel}); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("floor", func(b *testing.B) {
		hc := &http.Client{Timeout: 30 * time.Second}
		providertest.Measure(b, func() {
			for _, u := range []string{success, cancel} {
				if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
					b.Fatal("bad url")
				}
			}
			ref, _ := json.Marshal(benchRef)
			body, err := json.Marshal(floorPaymentBody{PaymentType: "FIXED_AMOUNT", Amount: json.Number(amount.String()),
				AssetID: "USD", PaymentAssetID: "BTC", Description: "Two books", Custom: `{"idempotence":` + string(ref) + `}`,
				SuccessURL: success, CancelURL: cancel})
			if err != nil {
				b.Fatal(err)
			}
			req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/int/payment", bytes.NewReader(body))
			var p floorPayment
			floorDo(b, hc, req, &p)
			var echo struct {
				Idempotence string `json:"idempotence"`
			}
			if err := json.Unmarshal([]byte(p.Custom), &echo); err != nil || echo.Idempotence != benchRef || !p.Amount.Equal(amount) {
				b.Fatal("the answer does not echo the request")
			}
		})
	})
}
