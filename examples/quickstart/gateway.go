package main

import (
	"context"

	"github.com/coinsdk/coinsdk/gateway"
	"github.com/coinsdk/coinsdk/gateway/gatewaytest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
)

// setupGateway wires the Crypto Payment Gateway (BucksBus) sandbox. Its
// webhooks are fully signed; withdrawals have no webhook and no lookup by
// reference, so the payout is read back by id.
func setupGateway(webhookURL string) (*sandboxRun, error) {
	sb := gatewaytest.NewServer(gatewaytest.Options{CallbackURL: webhookURL})
	c, err := gateway.New(gateway.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, WebhookSecret: sb.WebhookSecret},
		option.WithBaseURL(sb.URL))
	var a *gateway.Adapter
	if err == nil {
		a, err = gateway.NewAdapter(c, gateway.AdapterOptions{SuccessURL: "https://shop.example/paid", CancelURL: "https://shop.example/failed"})
	}
	return wired(sb, a, err, sandboxRun{
		invoice: payments.InvoiceParams{Amount: payments.MustMoney("26.00", "USD"), Asset: "BTC", Description: "Order #1001"},
		payout:  payments.PayoutParams{Amount: payments.MustMoney("0.001", "BTC"), Address: "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"},
		pay: func(_ context.Context, inv *payments.Invoice) error {
			_, err := sb.PayInvoice(inv.ID, inv.Due.Amount)
			return err
		},
	})
}
