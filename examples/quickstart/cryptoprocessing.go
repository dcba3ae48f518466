package main

import (
	"context"

	"github.com/coinsdk/coinsdk/cryptoprocessing"
	"github.com/coinsdk/coinsdk/cryptoprocessing/cryptoprocessingtest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
)

func setupCryptoProcessing(webhookURL string) (*sandboxRun, error) {
	sb := cryptoprocessingtest.NewServer(cryptoprocessingtest.Options{CallbackURL: webhookURL})
	c, err := cryptoprocessing.New(cryptoprocessing.Config{APIKey: sb.APIKey, APISecret: sb.APISecret},
		option.WithBaseURL(sb.URL))
	var a *cryptoprocessing.Adapter
	if err == nil {
		a, err = cryptoprocessing.NewAdapter(c, cryptoprocessing.AdapterOptions{
			SuccessURL: "https://shop.example/paid", FailureURL: "https://shop.example/failed", Email: "payer@example.com",
		})
	}
	return wired(sb, a, err, sandboxRun{
		invoice: payments.InvoiceParams{Amount: payments.MustMoney("25.00", "EUR"), Asset: "BTC", Description: "Order #1001"},
		payout:  payments.PayoutParams{Amount: payments.MustMoney("0.001", "BTC"), Address: "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"},
		pay: func(_ context.Context, inv *payments.Invoice) error {
			_, err := sb.PayInvoice(inv.ID, inv.Due.Amount)
			return err
		},
	})
}
