package main

import (
	"context"
	"fmt"

	"github.com/coinsdk/coinsdk/cryptochill"
	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
)

func setupCryptoChill(webhookURL string) (*sandboxRun, error) {
	sb := cryptochilltest.NewServer(cryptochilltest.Options{})
	sb.SetCallbackURL(webhookURL)
	c, err := cryptochill.New(cryptochill.Config{
		APIKey: sb.APIKey, APISecret: sb.APISecret, WebhookSecret: sb.CallbackToken, ProfileID: sb.ProfileID,
	}, option.WithBaseURL(sb.URL))
	var a *cryptochill.Adapter
	if err == nil {
		a, err = cryptochill.NewAdapter(c, cryptochill.AdapterOptions{})
	}
	return wired(sb, a, err, sandboxRun{
		invoice: payments.InvoiceParams{Amount: payments.MustMoney("25.00", "USD"), Asset: "BTC", Description: "Order #1001"},
		payout:  payments.PayoutParams{Amount: payments.MustMoney("0.001", "BTC"), Address: "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"},
		pay: func(_ context.Context, inv *payments.Invoice) error {
			txID, err := sb.PayInvoice(inv.ID, inv.Due.Amount)
			if err != nil {
				return err
			}
			return sb.Confirm(txID)
		},
		completePayout: func(_ context.Context, p *payments.Payout) error {
			if p.Status == payments.StatusAwaitingApproval {
				return fmt.Errorf("payout %s is a draft awaiting approval", p.ID)
			}
			return sb.CompletePayout(p.ID)
		},
	})
}
