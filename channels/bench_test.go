package channels

import (
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// Timings go to benchmark reports only; nothing here asserts on speed.
// Setup stops with require; checks inside the timed loops stay plain
// if … b.Fatal so testify's cost is not timed.
// Each SDK benchmark has a hand-written floor beside it (net/http +
// encoding/json + crypto + decimal doing the same work), so the report
// shows the SDK's cost as a ratio.

func benchServer(b *testing.B) *httptest.Server {
	return providertest.BenchServer(b, fixture(b, "transaction.json"), func(r *http.Request) bool { return r.Header.Get("x-api-key") == testKey })
}

// benchCallSDK is one authenticated call against a local server:
// send, read, decode the transaction exactly.
func benchCallSDK(b *testing.B) {
	srv := benchServer(b)
	c, err := New(Config{APIKey: testKey}, option.WithBaseURL(srv.URL), option.WithHTTPClient(srv.Client()))
	require.NoError(b, err)
	ctx := b.Context()
	providertest.Measure(b, func() {
		if _, err := c.Transactions.Get(ctx, "tx-1001"); err != nil {
			b.Fatal(err)
		}
	})
}

// floorTransaction is what a hand-written client would decode.
type floorTransaction struct {
	ID, Type, Status, Currency, CustomerID, OrderID, InvoiceID, Network, TransactionHash string
	Amount, EUR, USD                                                                     decimal.Decimal
	Fees                                                                                 struct{ Processing, Technical decimal.Decimal }
	Info                                                                                 struct {
		ExchangeRate, ReferenceAmount, ReferenceExchangeRate, TransactionAmount decimal.Decimal
		ReferenceCurrency, TransactionCurrency                                  string
	}
}

// benchCallFloor is the same call written by hand.
func benchCallFloor(b *testing.B) {
	srv := benchServer(b)
	hc := srv.Client()
	ctx := b.Context()
	providertest.Measure(b, func() {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/api/v2/transaction/tx-1001", nil)
		req.Header.Set("x-api-key", testKey)
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var env struct {
			Success bool             `json:"success"`
			Data    floorTransaction `json:"data"`
		}
		if err := json.Unmarshal(body, &env); err != nil || env.Data.ID != "tx-1001" {
			b.Fatal(err)
		}
	})
}

// benchWebhookSDK is what a callback handler pays per delivery:
// decode, recompute the hash, compare in constant time.
func benchWebhookSDK(b *testing.B) {
	body := fixture(b, "callback_deposit.json")
	v := NewWebhookVerifier("s3cr3t")
	b.SetBytes(int64(len(body)))
	providertest.Measure(b, func() {
		if _, err := v.ParseBody(body, nil); err != nil {
			b.Fatal(err)
		}
	})
}

// benchWebhookFloor is the same verification written by hand.
func benchWebhookFloor(b *testing.B) {
	body := fixture(b, "callback_deposit.json")
	b.SetBytes(int64(len(body)))
	providertest.Measure(b, func() {
		var cb struct {
			floorTransaction
			Amount string `json:"amount"` // the hash needs the text as sent
			Hash   string `json:"hash"`
		}
		if err := json.Unmarshal(body, &cb); err != nil {
			b.Fatal(err)
		}
		amountText := cb.Amount
		if _, err := decimal.NewFromString(amountText); err != nil {
			b.Fatal(err)
		}
		customer := cb.CustomerID
		if customer == "" {
			customer = "N/A"
		}
		sum := sha512.Sum512([]byte(cb.ID + "." + customer + "." + amountText + "." + cb.Currency + ".s3cr3t"))
		got, err := base64.StdEncoding.DecodeString(cb.Hash)
		if err != nil || subtle.ConstantTimeCompare(got, sum[:]) != 1 {
			b.Fatal("hash mismatch")
		}
	})
}

// BenchmarkCall is one authenticated GET transaction through the SDK beside
// the same call written by hand (make bench prints the sdk/floor ratio).
func BenchmarkCall(b *testing.B) {
	b.Run("sdk", benchCallSDK)
	b.Run("floor", benchCallFloor)
}

// BenchmarkWebhook is one callback verified and parsed through the SDK
// beside the same work written by hand.
func BenchmarkWebhook(b *testing.B) {
	b.Run("sdk", benchWebhookSDK)
	b.Run("floor", benchWebhookFloor)
}
