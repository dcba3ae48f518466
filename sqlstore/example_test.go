package sqlstore_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/coinsdk/coinsdk/cryptochill"
	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/coinsdk/coinsdk/cryptoprocessing"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/payouts"
	"github.com/coinsdk/coinsdk/sqlstore"
	_ "github.com/coinsdk/coinsdk/sqlstore/sqlite" // sqlite:PATH
	"github.com/coinsdk/coinsdk/webhooks"
)

// A merchant on SQLite: the order is credited in the delivery's
// transaction, so a redelivery (or a second replica) never credits it again.
func ExampleOpen() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "sqlstore-example-")
	defer os.RemoveAll(dir)

	store, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(dir, "shop.db")) // or postgres://…, mysql://…
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()
	_, _ = store.DB().ExecContext(ctx, "CREATE TABLE orders (reference TEXT PRIMARY KEY, paid INTEGER NOT NULL DEFAULT 0)")
	_, _ = store.DB().ExecContext(ctx, "INSERT INTO orders (reference) VALUES ('order-1001')")

	h := webhooks.NewHandler(cryptoprocessing.NewWebhookAdapter("my-secret"), store,
		func(ctx context.Context, u webhooks.Update) error {
			if u.Changed() && u.Status.IsSuccess() && u.Event.Kind == payments.EventInvoice {
				_, err := u.Tx().ExecContext(ctx, "UPDATE orders SET paid = paid + 1 WHERE reference = ?", u.Event.Reference)
				return err
			}
			return nil
		})

	body := []byte(`{"id":588,"foreign_id":"order-1001","type":"invoice","crypto_address":{"id":1,"currency":"BTC","convert_to":"EUR","address":"2Mvo6FMduhHz1BTDHsQ5GyRoifcG3y4ycpk","tag":null},` +
		`"currency_sent":{"currency":"BTC","amount":"0.00020000","remaining_amount":"0.00000000"},"currency_received":{"currency":"EUR","amount":"10.00000000"},` +
		`"transactions":[{"id":7,"currency":"BTC","transaction_type":"blockchain","type":"deposit","address":"2Mvo6FMduhHz1BTDHsQ5GyRoifcG3y4ycpk","tag":null,"amount":"0.00020000","txid":"ab","confirmations":"3"}],` +
		`"fees":[],"error":"","status":"confirmed","fixed_at":1592307241,"expires_at":1592308141}`)
	signed, header, _ := cryptoprocessing.SignTestWebhook("my-secret", body)
	for range 2 { // delivered twice
		r := httptest.NewRequest(http.MethodPost, "/webhooks/cryptoprocessing", bytes.NewReader(signed))
		r.Header = header.Clone()
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		fmt.Print(w.Code, " ", w.Body.String())
	}
	var paid int
	_ = store.DB().QueryRowContext(ctx, "SELECT paid FROM orders WHERE reference = 'order-1001'").Scan(&paid)
	st, _ := store.Status(ctx, "cryptoprocessing:invoice:588")
	fmt.Println("credited", paid, "time(s); status", st)
	// Output:
	// 200 {"status":"processed"}
	// 200 {"status":"duplicate"}
	// credited 1 time(s); status paid
}

// The payout journal on the same database: the intent is written before
// the request and the outcome after, so a payout sent again under its
// reference (a retry, another replica, a restart) is answered from the
// journal and never made twice.
func ExampleStore_Journal() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "sqlstore-example-")
	defer os.RemoveAll(dir)
	store, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(dir, "shop.db")) // or postgres://…, mysql://…
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()

	sb := cryptochilltest.NewServer(cryptochilltest.Options{}) // the provider's sandbox
	defer sb.Close()
	c, _ := cryptochill.New(cryptochill.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, ProfileID: sb.ProfileID},
		option.WithBaseURL(sb.URL))
	a, _ := cryptochill.NewAdapter(c, cryptochill.AdapterOptions{})
	sender, _ := payouts.NewSender(a, store.Journal())

	params := &payments.PayoutParams{Amount: payments.MustMoney("0.001", "BTC"),
		Address: "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", Reference: "withdrawal-1001"}
	p, err := sender.Send(ctx, params)
	fmt.Println(p.Reference, p.Amount, err)
	again, err := sender.Send(ctx, params)
	fmt.Println("same payout:", again.ID == p.ID, err)
	_ = sender.Flush(ctx) // the outcome is written behind Send; Flush waits for it (and before exit)
	e, _ := store.Journal().Get(ctx, "withdrawal-1001")
	fmt.Println("journal:", e.State, e.PayoutID == p.ID)
	fmt.Println("on an unknown outcome:", sender.Recovery())
	// Output:
	// withdrawal-1001 0.001 BTC <nil>
	// same payout: true <nil>
	// journal: done true
	// on an unknown outcome: look it up by reference, else repeat it (the provider dedupes)
}
