package main

import (
	"context"

	"github.com/coinsdk/coinsdk/cryptopay"
	"github.com/coinsdk/coinsdk/cryptopay/cryptopaytest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
)

// setupCryptopay wires Cryptopay to its sandbox: invoices priced in EUR and
// paid in BTC, payouts as coin withdrawals sent with force_commit, callbacks
// signed over the whole body with the callback secret.
func setupCryptopay(webhookURL string) (*sandboxRun, error) {
	sb := cryptopaytest.NewServer(cryptopaytest.Options{CallbackURL: webhookURL})
	c, err := cryptopay.New(cryptopay.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, WebhookSecret: sb.CallbackSecret},
		option.WithBaseURL(sb.URL))
	var a *cryptopay.Adapter
	if err == nil {
		a, err = cryptopay.NewAdapter(c, cryptopay.AdapterOptions{PayCurrency: "BTC"})
	}
	return wired(sb, a, err, sandboxRun{
		invoice: payments.InvoiceParams{Amount: payments.MustMoney("25.00", "EUR"), Asset: "BTC", Description: "Order #1001"},
		payout:  payments.PayoutParams{Amount: payments.MustMoney("0.001", "BTC"), Address: "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"},
		pay: func(_ context.Context, inv *payments.Invoice) error {
			return sb.PayInvoiceInFull(inv.ID)
		},
	})
}
