package cryptoprocessing_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/coinsdk/coinsdk/cryptoprocessing"
	"github.com/coinsdk/coinsdk/option"
	"github.com/shopspring/decimal"
)

// fakeAPI is a stand-in for the API in examples: it checks each request's
// signature the way the provider does and answers with a canned body.
func fakeAPI(secret string, answers map[string]string) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mac := hmac.New(sha512.New, []byte(secret))
		mac.Write(body)
		if r.Header.Get("X-Processing-Signature") != hex.EncodeToString(mac.Sum(nil)) {
			w.WriteHeader(http.StatusForbidden)
			_, _ = io.WriteString(w, `{"error":"Bad signature header","code":"bad_header_signature"}`)
			return
		}
		answer, ok := answers[r.URL.Path]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `{"error":"Not found","code":"not_found"}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, answer)
	}))
}

func ExampleNew() {
	api := fakeAPI("my-secret", map[string]string{
		"/api/v2/accounts/list": `{"data":[{"currency":"BTC","type":"crypto","balance":"0.50000000"},{"currency":"EUR","type":"fiat","balance":"120.00"}]}`,
	})
	defer api.Close()

	// In production: cryptoprocessing.New(cfg) talks to ProductionBaseURL;
	// option.WithBaseURL(SandboxBaseURL) selects the provider's sandbox.
	c, err := cryptoprocessing.New(cryptoprocessing.Config{APIKey: "my-key", APISecret: "my-secret"},
		option.WithBaseURL(api.URL+"/api/v2"))
	if err != nil {
		log.Fatal(err)
	}
	accounts, err := c.Accounts.List(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	for _, a := range accounts {
		fmt.Println(a.Currency, a.Type, a.Balance)
	}
	// Output:
	// BTC crypto 0.5
	// EUR fiat 120
}

func ExampleWithdrawalsService_Crypto() {
	api := fakeAPI("my-secret", map[string]string{
		"/api/v2/withdrawal/crypto": `{"data":{"id":2686100,"foreign_id":"payout-77","type":"withdrawal","status":"processing",` +
			`"amount":"0.01000000","sender_amount":"0.01000000","sender_currency":"BTC","receiver_amount":"0.01000000","receiver_currency":"BTC"}}`,
	})
	defer api.Close()
	c, err := cryptoprocessing.New(cryptoprocessing.Config{APIKey: "my-key", APISecret: "my-secret"},
		option.WithBaseURL(api.URL+"/api/v2"))
	if err != nil {
		log.Fatal(err)
	}

	// ForeignID is the dedupe key: store it before calling, so that after a
	// crash or an unknown outcome the payout can be found again
	// (c.Transactions.FindByReference) instead of being sent twice.
	w, err := c.Withdrawals.Crypto(context.Background(), &cryptoprocessing.WithdrawalParams{
		ForeignID: "payout-77",
		Amount:    decimal.RequireFromString("0.01"),
		Currency:  "BTC",
		Address:   "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(w.ID, w.ForeignID, w.Status, w.SenderAmount, w.SenderCurrency)
	// Output: 2686100 payout-77 processing 0.01 BTC
}

func ExampleWebhooksService_Parse() {
	c, err := cryptoprocessing.New(cryptoprocessing.Config{APIKey: "my-key", APISecret: "my-secret"})
	if err != nil {
		log.Fatal(err)
	}
	// The handler a merchant mounts at the callback URL.
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ev, err := c.Webhooks.Parse(r)
		if err != nil {
			http.Error(w, "rejected", http.StatusBadRequest) // the provider retries
			return
		}
		tx := ev.Transaction
		// Store ev.DedupeKey() with the effect, once: callbacks repeat.
		fmt.Println(ev.Kind, ev.ObjectID(), tx.Status, tx.Reference(), tx.CurrencyReceived.Amount, tx.CurrencyReceived.Currency, ev.BodyAuthenticated)
	})

	// A signed test callback, as the provider would send it.
	body := []byte(`{"id":2686563,"type":"deposit","crypto_address":{"id":381738,"currency":"BTC",` +
		`"address":"bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq","tag":null,"foreign_id":"customer-42"},` +
		`"currency_sent":{"currency":"BTC","amount":"0.01000000"},"currency_received":{"currency":"BTC","amount":"0.01000000"},` +
		`"transactions":[{"id":714657,"currency":"BTC","transaction_type":"blockchain","type":"deposit","amount":"0.01000000","confirmations":3}],` +
		`"fees":[],"error":"","status":"confirmed"}`)
	srv := httptest.NewServer(handler)
	defer srv.Close()
	signed, header, err := cryptoprocessing.SignTestWebhook("my-secret", body)
	if err != nil {
		log.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(signed))
	if err != nil {
		log.Fatal(err)
	}
	req.Header = header
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode)
	// Output:
	// deposit 2686563 confirmed customer-42 0.01 BTC true
	// 200
}
