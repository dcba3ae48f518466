package channels_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/coinsdk/coinsdk/channels"
	"github.com/coinsdk/coinsdk/channels/channelstest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// A customer's deposit address: the same every time, and one address for
// every EVM currency.
func ExampleChannelsService_Create() {
	sb := channelstest.NewServer(channelstest.Options{})
	defer sb.Close()
	c, _ := channels.New(channels.Config{APIKey: sb.APIKey}, option.WithBaseURL(sb.URL))
	ctx := context.Background()
	usdt, _ := c.Channels.Create(ctx, &channels.ChannelParams{Currency: channels.EUSDT, CustomerID: "customer-42"})
	bnb, _ := c.Channels.Create(ctx, &channels.ChannelParams{Currency: channels.BUSDT, CustomerID: "customer-42"})
	fmt.Println(usdt.Address == bnb.Address, len(usdt.Address))
	// Output: true 42
}

// A withdrawal always carries an orderId; sending it again answers the same
// withdrawal, and a different amount under it is refused.
func ExampleWithdrawalsService_Create() {
	sb := channelstest.NewServer(channelstest.Options{})
	defer sb.Close()
	c, _ := channels.New(channels.Config{APIKey: sb.APIKey}, option.WithBaseURL(sb.URL))
	ctx := context.Background()
	p := &channels.WithdrawalParams{Amount: decimal.RequireFromString("25"), Currency: channels.TUSDT,
		CustomerID: "payee-7", Address: "TQ5NiR7pXrGGmLb6S3qDt8dZ8wQ1d9Ecfo", OrderID: "payout-2026-0001"}
	tx, err := c.Withdrawals.Create(ctx, p)
	fmt.Println(err, tx.Status, tx.OrderID)
	again, _ := c.Withdrawals.Create(ctx, p)
	fmt.Println(again.ID == tx.ID)
	p.Amount = decimal.RequireFromString("26")
	_, err = c.Withdrawals.Create(ctx, p)
	fmt.Println(errors.Is(err, payments.ErrDuplicateReference))
	// Output:
	// <nil> processing payout-2026-0001
	// true
	// true
}

// Verify a callback, then read the transaction from the API before
// crediting: the hash does not cover the status.
func ExampleWebhooksService_Refresh() {
	sb := channelstest.NewServer(channelstest.Options{})
	defer sb.Close()
	c, _ := channels.New(channels.Config{APIKey: sb.APIKey, WebhookSecret: sb.SecretKey}, option.WithBaseURL(sb.URL))
	ctx := context.Background()
	ch, _ := c.Channels.Create(ctx, &channels.ChannelParams{Currency: channels.BTC, CustomerID: "customer-42"})
	id, _ := sb.PayDepositIn(ch.Address, "BTC", decimal.RequireFromString("0.00150000"))
	_ = sb.Confirm(id)
	d := sb.Deliveries()[0]

	ev, err := c.Webhooks.ParseBody(d.Body, d.Header)
	fmt.Println(err, ev.BodyAuthenticated, ev.DedupeKey() == "")
	fresh, err := c.Webhooks.Refresh(ctx, ev)
	fmt.Println(err, fresh.BodyAuthenticated, fresh.Transaction.Status, fresh.Transaction.Amount)
	// Output:
	// <nil> false true
	// <nil> true confirmed 0.0015
}

// Sign a test callback to exercise a handler.
func ExampleSignTestWebhook() {
	body, header, _ := channels.SignTestWebhook("my-secret",
		[]byte(`{"id":"t-1","type":"deposit","status":"confirmed","amount":"5.00","currency":"tUSDT","customerId":"c-1"}`))
	ev, err := channels.NewWebhookVerifier("my-secret").ParseBody(body, header)
	fmt.Println(err, ev.Kind, ev.Transaction.AmountText)
	// Output: <nil> deposit 5.00
}

// The payments adapter: deposit addresses, payouts and callbacks.
func ExampleNewAdapter() {
	sb := channelstest.NewServer(channelstest.Options{})
	defer sb.Close()
	c, _ := channels.New(channels.Config{APIKey: sb.APIKey, WebhookSecret: sb.SecretKey}, option.WithBaseURL(sb.URL))
	a, _ := channels.NewAdapter(c, channels.AdapterOptions{DemoFailedWithdrawalsAreProcessing: true})
	fmt.Println(a.Capabilities())
	d, _ := a.CreateDepositAddress(context.Background(), &payments.DepositParams{Asset: "tUSDT", Customer: "customer-42"})
	fmt.Println(d.Asset, d.Address != "")
	_, err := a.FindPayout(context.Background(), "any")
	fmt.Println(errors.Is(err, payments.ErrUnsupported))
	// Output:
	// payouts|deposits|webhooks|dedupe-payout
	// tUSDT true
	// true
}

// A checkout invoice paid in two halves. Each deposit's event names the
// invoice (InvoiceID) and carries no order reference, since a confirmed
// deposit says nothing about the invoice's total: the merchant adds up the
// invoice's confirmed deposits (deduplicated by DedupeKey, in its own
// database) and credits the order once the price is reached.
func ExampleAdapter_Refresh_invoice() {
	sb := channelstest.NewServer(channelstest.Options{})
	defer sb.Close()
	c, _ := channels.New(channels.Config{APIKey: sb.APIKey, WebhookSecret: sb.SecretKey}, option.WithBaseURL(sb.URL))
	a, _ := channels.NewAdapter(c, channels.AdapterOptions{})
	ctx := context.Background()
	price := decimal.NewFromInt(10)
	inv, _ := c.Invoices.CreateFixed(ctx, &channels.InvoiceParams{CustomerID: "customer-42", Amount: price,
		BaseCurrency: "USD", OrderID: "order-1001"})
	orderOf := map[string]string{inv.ID: "order-1001"} // the merchant's own record of the invoice
	for range 2 {
		id, _ := sb.PayInvoice(inv.ID, decimal.NewFromInt(5))
		_ = sb.Confirm(id)
	}

	seen, paid, credited := map[string]bool{}, map[string]decimal.Decimal{}, map[string]bool{}
	for _, d := range sb.Deliveries() {
		r := httptest.NewRequest(http.MethodPost, "/webhooks/channels", bytes.NewReader(d.Body)) // as received
		ev, err := a.ParseWebhook(r)
		if err != nil {
			continue // answer 401/400
		}
		fresh, err := a.Refresh(ctx, ev)
		if err != nil || seen[fresh.DedupeKey] || fresh.InvoiceID == "" || fresh.Status != payments.StatusPaid {
			continue
		}
		seen[fresh.DedupeKey] = true
		paid[fresh.InvoiceID] = paid[fresh.InvoiceID].Add(fresh.Amount.Amount)
		fmt.Printf("deposit %s into the invoice; reference %q\n", fresh.Amount.Amount, fresh.Reference)
		if order := orderOf[fresh.InvoiceID]; paid[fresh.InvoiceID].GreaterThanOrEqual(price) && !credited[order] {
			credited[order] = true
			fmt.Println("credit", order)
		}
	}
	// Output:
	// deposit 5 into the invoice; reference ""
	// deposit 5 into the invoice; reference ""
	// credit order-1001
}
