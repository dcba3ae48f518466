package webhooks_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/coinsdk/coinsdk/cryptoprocessing"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/webhooks"
)

func ExampleNewHandler() {
	c, err := cryptoprocessing.New(cryptoprocessing.Config{APIKey: "my-key", APISecret: "my-secret"})
	if err != nil {
		panic(err)
	}
	a, err := cryptoprocessing.NewAdapter(c, cryptoprocessing.AdapterOptions{})
	if err != nil {
		panic(err)
	}
	store := webhooks.NewMemoryStore() // your database in production
	h := webhooks.NewHandler(a, store,
		func(ctx context.Context, u webhooks.Update) error {
			if u.Changed() && u.Status.IsSuccess() {
				// A deposit: credit the customer the address belongs to (an
				// invoice event would name the order in u.Event.Reference).
				fmt.Println("credit", u.Event.Customer, u.Event.Amount) // idempotently
			}
			return nil
		})

	// A deposit callback as CryptoProcessing sends it, delivered twice.
	body := []byte(`{"id":2686563,"type":"deposit","crypto_address":{"id":1,"currency":"BTC","address":"bc1q…","foreign_id":"customer-42"},` +
		`"currency_sent":{"currency":"BTC","amount":"0.01"},"currency_received":{"currency":"BTC","amount":"0.01"},` +
		`"transactions":[{"id":7,"currency":"BTC","transaction_type":"blockchain","type":"deposit","amount":"0.01","txid":"ab","confirmations":3}],` +
		`"fees":[],"error":"","status":"confirmed"}`)
	signed, header, _ := cryptoprocessing.SignTestWebhook("my-secret", body)
	for range 2 {
		r := httptest.NewRequest(http.MethodPost, "/webhooks/cryptoprocessing", bytes.NewReader(signed))
		r.Header = header.Clone()
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		fmt.Print(w.Code, " ", w.Body.String())
	}
	st, _ := store.Status(context.Background(), "cryptoprocessing:payment:2686563")
	fmt.Println(st == payments.StatusPaid)
	// Output:
	// credit customer-42 0.01 BTC
	// 200 {"status":"processed"}
	// 200 {"status":"duplicate"}
	// true
}
