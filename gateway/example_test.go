package gateway_test

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"

	"github.com/coinsdk/coinsdk/gateway"
	"github.com/coinsdk/coinsdk/gateway/gatewaytest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// A payment in USD paid in BTC, against the sandbox.
func ExamplePaymentsService_Create() {
	sb := gatewaytest.NewServer(gatewaytest.Options{})
	defer sb.Close()
	c, _ := gateway.New(gateway.Config{APIKey: sb.APIKey, APISecret: sb.APISecret}, option.WithBaseURL(sb.URL))
	ctx := context.Background()

	p, err := c.Payments.Create(ctx, &gateway.PaymentParams{
		Amount: decimal.RequireFromString("260"), AssetID: "USD", PaymentAssetID: "BTC", Reference: "order-1001"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("pay", p.PaymentAmount, p.PaymentAssetID, "reference", p.Reference())

	_, _ = sb.PayInvoice(p.PaymentID, p.PaymentAmount)
	p, _ = c.Payments.Get(ctx, p.PaymentID)
	fmt.Println(p.Status, p.Normalized())
	// Output:
	// pay 0.01 BTC reference order-1001
	// COMPLETE paid
}

// Verifying a webhook: the signature covers the whole body.
func ExampleWebhooksService_Parse() {
	body := []byte(`{"type":"notification","event":"payment.complete","payment":{"payment_id":"p-1","status":"COMPLETE",` +
		`"ip_amount":"0.01","paid_amount":"260","custom":"{\"idempotence\":\"order-1001\"}"}}`)
	signed, header, _ := gateway.SignTestWebhook("whsec_example", body)
	r := httptest.NewRequest("POST", "/webhooks/gateway", bytesReader(signed))
	r.Header = header

	v := gateway.NewWebhookVerifier("whsec_example")
	ev, err := v.Parse(r)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(ev.Type, ev.Payment.Reference(), ev.BodyAuthenticated)
	fmt.Println(ev.DedupeKey())
	// Output:
	// payment.complete order-1001 true
	// payment:p-1:COMPLETE:0.01:260
}

// A withdrawal whose outcome is unknown cannot be resolved by the SDK.
func ExampleWithdrawalsService_Create() {
	sb := gatewaytest.NewServer(gatewaytest.Options{})
	defer sb.Close()
	c, _ := gateway.New(gateway.Config{APIKey: sb.APIKey, APISecret: sb.APISecret}, option.WithBaseURL(sb.URL))
	sb.InjectFault(gatewaytest.Fault{Path: "withdraw", Kind: gatewaytest.FaultErrorAfterWork})

	_, err := c.Withdrawals.Create(context.Background(), &gateway.WithdrawalParams{
		Amount: decimal.RequireFromString("0.01"), AssetID: "BTC", Address: "bc1qpayee", Reference: "payout-7"})
	var unknown *gateway.WithdrawalUnknownError
	if errors.As(err, &unknown) {
		fmt.Println("unknown outcome for", unknown.Reference, "- do not resend; check the store's history")
	}
	// Output:
	// unknown outcome for payout-7 - do not resend; check the store's history
}

// The provider-neutral adapter.
func ExampleNewAdapter() {
	sb := gatewaytest.NewServer(gatewaytest.Options{})
	defer sb.Close()
	c, _ := gateway.New(gateway.Config{APIKey: sb.APIKey, APISecret: sb.APISecret}, option.WithBaseURL(sb.URL))
	a, err := gateway.NewAdapter(c, gateway.AdapterOptions{PaymentAsset: "BTC"})
	if err != nil {
		panic(err)
	}

	inv, _ := a.CreateInvoice(context.Background(), &payments.InvoiceParams{Amount: payments.MustMoney("26.00", "USD"), Reference: "order-2"})
	fmt.Println(inv.Status, inv.Due, inv.Reference)
	fmt.Println(a.Capabilities())
	// Output:
	// pending 0.001 BTC order-2
	// invoices|payouts|deposits|webhooks
}
