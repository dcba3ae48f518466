package gateway_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/gateway"
	"github.com/coinsdk/coinsdk/internal/benchcpu"
	"github.com/coinsdk/coinsdk/option"
	"github.com/shopspring/decimal"
)

// floorPayment is what a hand-written client decodes: the same fields, with
// decimal.Decimal for amounts (it reads strings and numbers alike).
type floorPayment struct {
	PaymentID      string          `json:"payment_id"`
	PaymentNum     string          `json:"payment_num"`
	PaymentType    string          `json:"payment_type"`
	StoreID        string          `json:"store_id"`
	AccountID      string          `json:"account_id"`
	IsTest         bool            `json:"is_test"`
	Amount         decimal.Decimal `json:"amount"`
	AssetID        string          `json:"asset_id"`
	PaymentAmount  decimal.Decimal `json:"payment_amount"`
	PaymentAssetID string          `json:"payment_asset_id"`
	Rate           decimal.Decimal `json:"rate"`
	RateDate       time.Time       `json:"rate_date"`
	IPAmount       decimal.Decimal `json:"ip_amount"`
	PaidAmount     decimal.Decimal `json:"paid_amount"`
	RemainAmount   decimal.Decimal `json:"remain_amount"`
	Status         string          `json:"status"`
	StatusName     string          `json:"status_name"`
	Address        string          `json:"address"`
	Confirms       int             `json:"confirms"`
	StartDate      time.Time       `json:"start_date"`
	EndDate        time.Time       `json:"end_date"`
	PaymentURL     string          `json:"payment_url"`
	Description    string          `json:"description"`
	Custom         string          `json:"custom"`
	Custom1        string          `json:"custom1"`
	Timeout        int             `json:"timeout"`
	Raw            json.RawMessage `json:"-"`
}

func paymentServer(b *testing.B) *httptest.Server {
	body := fixture(b, "payment.json")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != wantAuth {
			w.WriteHeader(401)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkGetPayment is one call, GET /payment/{id} decoded: sdk is the
// client, floor the same call hand-written (net/http, Basic auth,
// encoding/json, decimal). make bench prints the ratio.
func BenchmarkGetPayment(b *testing.B) {
	srv := paymentServer(b)
	ctx := context.Background()
	b.Run("sdk", func(b *testing.B) {
		c, err := gateway.New(gateway.Config{APIKey: testKey, APISecret: testSecret}, option.WithBaseURL(srv.URL+"/int"))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		cpu := benchcpu.Start()
		for b.Loop() {
			if _, err := c.Payments.Get(ctx, "f2a681c0"); err != nil {
				b.Fatal(err)
			}
		}
		cpu.Report(b)
	})
	b.Run("floor", func(b *testing.B) {
		hc := &http.Client{Timeout: 30 * time.Second}
		b.ReportAllocs()
		cpu := benchcpu.Start()
		for b.Loop() {
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/int/payment/f2a681c0", nil)
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
			var p floorPayment
			if err := json.Unmarshal(raw, &p); err != nil {
				b.Fatal(err)
			}
			p.Raw = raw
		}
		cpu.Report(b)
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
		b.ReportAllocs()
		cpu := benchcpu.Start()
		for b.Loop() {
			if _, err := v.ParseBody(body, h); err != nil {
				b.Fatal(err)
			}
		}
		cpu.Report(b)
	})
	b.Run("floor", func(b *testing.B) {
		key := []byte("whsec_bench")
		b.ReportAllocs()
		cpu := benchcpu.Start()
		for b.Loop() {
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
			if err := json.Unmarshal(body, &ev); err != nil {
				b.Fatal(err)
			}
		}
		cpu.Report(b)
	})
}
