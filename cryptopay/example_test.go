package cryptopay_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/coinsdk/coinsdk/cryptopay"
	"github.com/coinsdk/coinsdk/cryptopay/cryptopaytest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// exampleClient starts a sandbox and a client for it.
func exampleClient() (*cryptopay.Client, *cryptopaytest.Server) {
	sb := cryptopaytest.NewServer(cryptopaytest.Options{})
	c, err := cryptopay.New(cryptopay.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, WebhookSecret: sb.CallbackSecret},
		option.WithBaseURL(sb.URL)) // cryptopay.SandboxBaseURL or the default production host in real use
	if err != nil {
		panic(err)
	}
	return c, sb
}

func Example() {
	c, sb := exampleClient()
	defer sb.Close()
	ctx := context.Background()

	inv, err := c.Invoices.Create(ctx, &cryptopay.InvoiceParams{
		PriceAmount: decimal.RequireFromString("25.00"), PriceCurrency: "EUR", PayCurrency: "BTC",
		CustomID: "order-1001", // a UUID is filled in when empty
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(inv.Status, inv.Normalized(), inv.CustomID, inv.PriceAmount.String(), inv.PriceCurrency)
	// Output: new pending order-1001 25 EUR
}

func ExampleCoinWithdrawalsService_Send() {
	c, sb := exampleClient()
	defer sb.Close()
	amount := decimal.RequireFromString("0.001")
	w, err := c.CoinWithdrawals.Send(context.Background(), &cryptopay.CoinWithdrawalParams{
		Address:         "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
		ChargedCurrency: "BTC", ReceivedCurrency: "BTC", ReceivedAmount: &amount,
		CustomID: "payout-42",
	})
	if errors.Is(err, payments.ErrUnknownOutcome) {
		// Not resolved even through /custom_id: retry with the same CustomID.
		return
	}
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(w.CustomID, w.ReceivedAmount.String(), w.ReceivedCurrency, w.Status != cryptopay.CoinWithdrawalStatusNew)
	// Output: payout-42 0.001 BTC true
}

func ExampleCoinWithdrawalsService_Quote() {
	c, sb := exampleClient()
	defer sb.Close()
	ctx := context.Background()
	amount := decimal.RequireFromString("20")
	q, err := c.CoinWithdrawals.Quote(ctx, &cryptopay.CoinWithdrawalParams{
		Address:         "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx",
		ChargedCurrency: "EUR", ReceivedCurrency: "BTC", ChargedAmountToSend: &amount,
	})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println("quote:", q.Withdrawal.Status, "commit within", cryptopay.CommitWindow)
	// Inspect q.Withdrawal (received amount, fees, rate), then commit before q.Deadline.
	w, err := c.CoinWithdrawals.CommitQuote(ctx, q)
	if errors.Is(err, cryptopay.ErrCommitExpired) {
		fmt.Println("too late: nothing was paid")
		return
	}
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println("committed:", w.Status != cryptopay.CoinWithdrawalStatusNew)
	// Output:
	// quote: new commit within 30s
	// committed: true
}

func ExampleWebhooksService_Parse() {
	secret := "callback-secret"
	v := cryptopay.NewWebhookVerifier(secret) // or client.Webhooks
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ev, err := v.Parse(r)
		if err != nil {
			http.Error(w, "refused", http.StatusBadRequest) // ErrInvalidSignature, ErrMalformed, ErrPayloadTooLarge
			return
		}
		fmt.Println(ev.Kind, ev.Type, ev.ObjectID(), ev.CoinWithdrawal.Normalized(), ev.BodyAuthenticated)
	}))
	defer srv.Close()

	// What Cryptopay would send, for a handler's tests.
	body, header, _ := cryptopay.SignTestWebhook(secret, []byte(`{"type":"CoinWithdrawal","event":"status_changed","data":{"id":"w-1","status":"failed"}}`))
	req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(string(body)))
	req.Header = header
	resp, err := http.DefaultClient.Do(req)
	if err == nil {
		resp.Body.Close()
	}
	// Output: CoinWithdrawal status_changed w-1 processing true
}

func ExampleInvoicesService_All() {
	c, sb := exampleClient()
	defer sb.Close()
	ctx := context.Background()
	if _, err := c.Customers.Create(ctx, &cryptopay.CustomerParams{ID: "cust-7", Currency: "EUR"}); err != nil {
		fmt.Println("error:", err)
		return
	}
	for _, price := range []string{"5", "6", "7"} {
		if _, err := c.Invoices.Create(ctx, &cryptopay.InvoiceParams{PriceAmount: decimal.RequireFromString(price),
			PriceCurrency: "EUR", PayCurrency: "BTC", CustomerID: "cust-7"}); err != nil {
			fmt.Println("error:", err)
			return
		}
	}
	total := decimal.Zero
	for inv, err := range c.Invoices.All(ctx, &cryptopay.InvoiceListParams{CustomerID: "cust-7"}) {
		if err != nil {
			fmt.Println("error:", err)
			return
		}
		total = total.Add(inv.PriceAmount)
	}
	fmt.Println(total.String(), "EUR")
	// Output: 18 EUR
}

func ExampleNewAdapter() {
	c, sb := exampleClient()
	defer sb.Close()
	a, err := cryptopay.NewAdapter(c, cryptopay.AdapterOptions{PayCurrency: "BTC"})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	ctx := context.Background()
	p, err := a.CreatePayout(ctx, &payments.PayoutParams{Amount: payments.MustMoney("0.002", "BTC"),
		Address: "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", Reference: "order-9-refund"})
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	found, err := a.FindPayout(ctx, "order-9-refund")
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(p.Amount, found.ID == p.ID, a.Capabilities())
	// Output: 0.002 BTC true invoices|payouts|deposits|webhooks|find-payout|find-invoice|dedupe-payout
}
