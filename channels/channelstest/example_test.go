package channelstest_test

import (
	"context"
	"fmt"

	"github.com/coinsdk/coinsdk/channels"
	"github.com/coinsdk/coinsdk/channels/channelstest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/shopspring/decimal"
)

// A deposit arrives at a customer's channel address and is confirmed; its
// callback is recorded (no callback URL is set here).
func ExampleServer_PayDeposit() {
	sb := channelstest.NewServer(channelstest.Options{})
	defer sb.Close()
	c, _ := channels.New(channels.Config{APIKey: sb.APIKey, WebhookSecret: sb.SecretKey}, option.WithBaseURL(sb.URL))
	ch, _ := c.Channels.Create(context.Background(), &channels.ChannelParams{Currency: channels.TUSDT, CustomerID: "customer-1"})
	id, _ := sb.PayDepositIn(ch.Address, "tUSDT", decimal.RequireFromString("10.50"))
	_ = sb.Confirm(id)
	d := sb.Deliveries()
	ev, err := c.Webhooks.ParseBody(d[0].Body, d[0].Header)
	fmt.Println(err, ev.Transaction.Status, ev.Transaction.AmountText, ev.BodyAuthenticated)
	// Output: <nil> confirmed 10.50 false
}
