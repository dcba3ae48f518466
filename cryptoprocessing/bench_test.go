package cryptoprocessing

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// Benchmarks come in pairs: <Name>/sdk is the SDK, <Name>/floor is a
// hand-written client doing the same work with net/http, crypto/hmac,
// encoding/json and decimal (same signed request, same test server, same
// body decoded into an equivalent struct). `make bench` prints the
// sdk/floor ratios. Each also reports cpu-ns/op (internal/benchcpu): the
// process's CPU time per iteration, steadier than wall-clock ns/op on a
// shared machine. Timings go to reports only; nothing asserts on speed.

// floorTransaction is the floor's equivalent of Transaction: the fields of
// a callback / transactions/info answer, with encoding/json's own types for
// the values the API writes as numbers or strings.
type floorTransaction struct {
	ID            json.Number `json:"id"`
	ForeignID     string      `json:"foreign_id"`
	Type          string      `json:"type"`
	CryptoAddress struct {
		ID        json.Number `json:"id"`
		Currency  string      `json:"currency"`
		ConvertTo string      `json:"convert_to"`
		Address   string      `json:"address"`
		Tag       *string     `json:"tag"`
		ForeignID string      `json:"foreign_id"`
	} `json:"crypto_address"`
	CurrencySent     floorCurrencyAmount `json:"currency_sent"`
	CurrencyReceived floorCurrencyAmount `json:"currency_received"`
	Transactions     []struct {
		ID              json.Number     `json:"id"`
		Currency        string          `json:"currency"`
		CurrencyTo      string          `json:"currency_to"`
		TransactionType string          `json:"transaction_type"`
		Type            string          `json:"type"`
		Address         string          `json:"address"`
		Tag             *string         `json:"tag"`
		Amount          decimal.Decimal `json:"amount"`
		AmountTo        decimal.Decimal `json:"amount_to"`
		TxID            string          `json:"txid"`
		Confirmations   json.Number     `json:"confirmations"`
	} `json:"transactions"`
	Fees []struct {
		Type     string          `json:"type"`
		Currency string          `json:"currency"`
		Amount   decimal.Decimal `json:"amount"`
	} `json:"fees"`
	Error  string `json:"error"`
	Status string `json:"status"`
}

type floorCurrencyAmount struct {
	Currency        string          `json:"currency"`
	Amount          decimal.Decimal `json:"amount"`
	AmountMinusFee  decimal.Decimal `json:"amount_minus_fee"`
	RemainingAmount decimal.Decimal `json:"remaining_amount"`
}

// benchServer is a benchmark server at base: it refuses an unsigned
// request and answers answer.
func benchServer(b *testing.B, answer []byte) (*httptest.Server, string) {
	srv := providertest.BenchServer(b, answer, func(r *http.Request) bool { return r.Header.Get(HeaderSignature) != "" })
	return srv, srv.URL + "/api/v2"
}

// benchClient is the SDK side's client of a benchmark server.
func benchClient(b *testing.B, srv *httptest.Server, base string) *Client {
	c, err := New(Config{APIKey: testKey, APISecret: testSecret}, option.WithBaseURL(base), option.WithHTTPClient(srv.Client()))
	require.NoError(b, err)
	return c
}

// BenchmarkCall is one signed transactions/info lookup over loopback HTTP,
// answered with a withdrawal-with-exchange (two legs, two fees).
func BenchmarkCall(b *testing.B) {
	answer := []byte(fixture(b, "callback_withdrawal_exchange_confirmed.json"))
	srv, base := benchServer(b, answer)
	ctx := b.Context()
	b.Run("sdk", func(b *testing.B) {
		c := benchClient(b, srv, base)
		providertest.Measure(b, func() {
			tx, err := c.Transactions.Get(ctx, "2686101")
			if err != nil || tx.ID != "2686101" {
				b.Fatal(err)
			}
		})
	})
	b.Run("floor", func(b *testing.B) {
		hc := srv.Client()
		providertest.Measure(b, func() {
			var tx floorTransaction
			if err := floorCall(ctx, hc, base+"/transactions/info", []byte(`{"id":2686101}`), &tx); err != nil || tx.ID != "2686101" {
				b.Fatal(err)
			}
		})
	})
}

// floorCall is a hand-written signed call: HMAC-SHA512 of the body in hex,
// the two headers, the body read and decoded.
func floorCall(ctx context.Context, hc *http.Client, url string, body []byte, out any) error {
	mac := hmac.New(sha512.New, []byte(testSecret))
	mac.Write(body)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(HeaderKey, testKey)
	req.Header.Set(HeaderSignature, hex.EncodeToString(mac.Sum(nil)))
	return providertest.FloorDo(hc, req, out)
}

// BenchmarkWebhook verifies and parses a withdrawal-with-exchange callback.
func BenchmarkWebhook(b *testing.B) {
	body := []byte(fixture(b, "callback_withdrawal_exchange_confirmed.json"))
	sig := signBody(testSecret, body)
	b.Run("sdk", func(b *testing.B) {
		c, _ := newTestClient(b)
		header := http.Header{HeaderSignature: {sig}}
		b.SetBytes(int64(len(body)))
		providertest.Measure(b, func() {
			ev, err := c.Webhooks.ParseBody(body, header)
			if err != nil || ev.Transaction == nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("floor", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		providertest.Measure(b, func() {
			if err := floorCallback(body, sig, []byte(testSecret)); err != nil {
				b.Fatal(err)
			}
		})
	})
}

// floorCallback is a hand-written callback check: HMAC-SHA512 of the body
// compared in constant time, then the body decoded.
func floorCallback(body []byte, signature string, secret []byte) error {
	mac := hmac.New(sha512.New, secret)
	mac.Write(body)
	got, err := hex.DecodeString(signature)
	if err != nil || !hmac.Equal(mac.Sum(nil), got) {
		return errors.New("bad signature")
	}
	var tx floorTransaction
	if err := json.Unmarshal(body, &tx); err != nil {
		return err
	}
	if tx.ID == "" || tx.Type == "" || tx.Status == "" {
		return errors.New("incomplete callback")
	}
	return nil
}

// BenchmarkSign signs a request body, as every attempt of every call does.
func BenchmarkSign(b *testing.B) {
	s := NewSigner(testKey, testSecret)
	body := []byte(`{"foreign_id":"2f1c6a0e-5d3b-4f8e-9a51-3c0f7f1d2b9a","amount":"0.01","currency":"BTC","address":"bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"}`)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		_ = s.Sign(body)
	}
}

// floorAccount is the floor's equivalent of Account.
type floorAccount struct {
	Currency string          `json:"currency"`
	Type     string          `json:"type"`
	Balance  decimal.Decimal `json:"balance"`
}

// BenchmarkAccountsList is one signed accounts/list over loopback HTTP,
// answered with 40 balances (an account holds one per currency it has
// enabled; the documentation's example shapes, numbers and strings alike):
// the SDK decodes the {"data": […]} list once into its models (each keeping
// its Raw), the floor with one json.Unmarshal into a slice of structs.
func BenchmarkAccountsList(b *testing.B) {
	var list bytes.Buffer
	list.WriteString(`{"data":[`)
	for i := range 40 {
		if i > 0 {
			list.WriteByte(',')
		}
		fmt.Fprintf(&list, `{"currency":"C%02d","type":"crypto","balance":"%d.25000000"}`, i, i)
	}
	list.WriteString(`]}`)
	answer := list.Bytes()
	srv, base := benchServer(b, answer)
	ctx := b.Context()
	b.Run("sdk", func(b *testing.B) {
		c := benchClient(b, srv, base)
		providertest.Measure(b, func() {
			accts, err := c.Accounts.List(ctx)
			if err != nil || len(accts) == 0 {
				b.Fatal(err)
			}
		})
	})
	b.Run("floor", func(b *testing.B) {
		hc := srv.Client()
		providertest.Measure(b, func() {
			var out struct {
				Data []floorAccount `json:"data"`
			}
			if err := floorCall(ctx, hc, base+"/accounts/list", []byte(`{}`), &out); err != nil || len(out.Data) == 0 {
				b.Fatal(err)
			}
		})
	})
}
