package main

import (
	"context"
	"fmt"

	"github.com/coinsdk/coinsdk/channels"
	"github.com/coinsdk/coinsdk/channels/channelstest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// setupChannels wires XGateway's channel API to its sandbox, a live-shaped
// account (the sandbox's default). It has no invoices that can be read back,
// so money comes in to a customer's deposit address; its withdrawal stays
// processing until the sandbox completes it.
func setupChannels(webhookURL string) (*sandboxRun, error) {
	sb := channelstest.NewServer(channelstest.Options{CallbackURL: webhookURL})
	c, err := channels.New(channels.Config{APIKey: sb.APIKey, WebhookSecret: sb.SecretKey}, option.WithBaseURL(sb.URL))
	var a *channels.Adapter
	if err == nil {
		a, err = channels.NewAdapter(c, channels.AdapterOptions{})
	}
	return wired(sb, a, err, sandboxRun{
		deposit: payments.DepositParams{Asset: "tUSDT", Customer: "customer-1001"},
		payDeposit: func(_ context.Context, d *payments.Deposit) error {
			id, err := sb.PayDeposit(d.Address, decimal.RequireFromString("25"))
			if err != nil {
				return err
			}
			return sb.Confirm(id)
		},
		payout: payments.PayoutParams{Amount: payments.MustMoney("10", "tUSDT"), Address: "TQ5NiR7pXrGGmLb6S3qDt8dZ8wQ1d9Ecfo"},
		pay: func(context.Context, *payments.Invoice) error {
			return fmt.Errorf("channels has no invoices to pay")
		},
	})
}
