package cryptopaytest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/coinsdk/coinsdk/cryptopay"
	"github.com/coinsdk/coinsdk/cryptopay/cryptopaytest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/shopspring/decimal"
)

// A merchant's test: start the sandbox, point a client and a callback
// handler at it, create an invoice, let the sandbox pay it, and watch the
// verified callbacks arrive.
func Example() {
	sb := cryptopaytest.NewServer(cryptopaytest.Options{})
	defer sb.Close()

	c, err := cryptopay.New(cryptopay.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, WebhookSecret: sb.CallbackSecret},
		option.WithBaseURL(sb.URL))
	if err != nil {
		panic(err)
	}
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ev, err := c.Webhooks.Parse(r)
		if err != nil {
			http.Error(w, "refused", http.StatusBadRequest)
			return
		}
		fmt.Println("callback:", ev.ObjectType, ev.Type, ev.Invoice.Status)
	}))
	defer hook.Close()
	sb.SetCallbackURL(hook.URL)

	ctx := context.Background()
	inv, err := c.Invoices.Create(ctx, &cryptopay.InvoiceParams{
		PriceAmount: decimal.RequireFromString("25.00"), PriceCurrency: "EUR", PayCurrency: "BTC", CustomID: "order-42"})
	if err != nil {
		panic(err)
	}
	if err := sb.PayInvoiceInFull(inv.ID); err != nil {
		panic(err)
	}
	paid, err := c.Invoices.FindByReference(ctx, "order-42")
	if err != nil {
		panic(err)
	}
	fmt.Println("invoice:", paid.Status, paid.PaidAmount.Equal(paid.PayAmount))
	// Output:
	// callback: Invoice created new
	// callback: Invoice transaction_created new
	// callback: Invoice transaction_confirmed new
	// callback: Invoice status_changed completed
	// invoice: completed true
}

// A coin withdrawal that fails and then completes: failed is not final.
func ExampleServer_FailPayout() {
	sb := cryptopaytest.NewServer(cryptopaytest.Options{})
	defer sb.Close()
	c, _ := cryptopay.New(cryptopay.Config{APIKey: sb.APIKey, APISecret: sb.APISecret}, option.WithBaseURL(sb.URL))
	ctx := context.Background()

	w, err := c.CoinWithdrawals.Send(ctx, &cryptopay.CoinWithdrawalParams{Address: "2N122JKRz52gokTmaVYNiMA43qvdSqnhLGV",
		ChargedCurrency: "EUR", ReceivedCurrency: "BTC", ChargedAmountToSend: ptr(decimal.RequireFromString("10")), CustomID: "payout-1"})
	if err != nil {
		panic(err)
	}
	fmt.Println(w.Status)
	_ = sb.FailPayout(w.ID, "node unreachable")
	_ = sb.CompletePayout(w.ID)
	for _, d := range sb.Deliveries() {
		fmt.Println(d.Type, d.Status)
	}
	// Output:
	// pending
	// CoinWithdrawal created
	// CoinWithdrawal status_changed
	// CoinWithdrawal status_changed
}
