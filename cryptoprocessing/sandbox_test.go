package cryptoprocessing_test

import (
	"context"
	"errors"
	"testing"

	"github.com/coinsdk/coinsdk/cryptoprocessing"
	"github.com/coinsdk/coinsdk/cryptoprocessing/cryptoprocessingtest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// The whole client against the sandbox, whose verifier and shapes were
// written from the provider's documentation independently of this package.
func TestClientAgainstSandbox(t *testing.T) {
	sb := cryptoprocessingtest.NewServer(cryptoprocessingtest.Options{})
	defer sb.Close()
	c, err := cryptoprocessing.New(cryptoprocessing.Config{APIKey: sb.APIKey, APISecret: sb.APISecret}, option.WithBaseURL(sb.URL))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := c.Ping(ctx); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	sb.SetBalance("EUR", decimal.RequireFromString("500.25"))
	accounts, err := c.Accounts.List(ctx)
	if err != nil {
		t.Fatalf("Accounts.List: %v", err)
	}
	var eur decimal.Decimal
	for _, a := range accounts {
		if a.Currency == "EUR" {
			eur = a.Balance
		}
	}
	if !eur.Equal(decimal.RequireFromString("500.25")) {
		t.Errorf("EUR balance = %s", eur)
	}
	visible := true
	if list, err := c.Currencies.List(ctx, &visible); err != nil || len(list) == 0 {
		t.Errorf("Currencies.List: %d, %v", len(list), err)
	}
	if pairs, err := c.Currencies.Pairs(ctx, "BTC", "EUR"); err != nil || len(pairs) == 0 || pairs[0].RateTo.IsZero() {
		t.Errorf("Currencies.Pairs: %+v, %v", pairs, err)
	}

	q, err := c.Exchange.Calculate(ctx, &cryptoprocessing.ExchangeParams{SenderCurrency: "BTC", ReceiverCurrency: "EUR", SenderAmount: decimal.RequireFromString("0.01")})
	if err != nil || !q.Price.IsPositive() {
		t.Fatalf("Exchange.Calculate: %+v, %v", q, err)
	}
	fx, err := c.Exchange.Fixed(ctx, &cryptoprocessing.ExchangeParams{SenderCurrency: "BTC", ReceiverCurrency: "EUR",
		SenderAmount: decimal.RequireFromString("0.01"), Price: q.Price})
	if err != nil || fx.ID == "" || fx.ForeignID == "" {
		t.Fatalf("Exchange.Fixed: %+v, %v", fx, err)
	}
	if tx, err := c.Transactions.FindByReference(ctx, fx.ForeignID); err != nil || tx.Type != cryptoprocessing.TypeExchange || tx.ID != fx.ID {
		t.Errorf("exchange by foreign_id: %+v, %v", tx, err)
	}
	if now, err := c.Exchange.Now(ctx, &cryptoprocessing.ExchangeParams{SenderCurrency: "EUR", ReceiverCurrency: "BTC",
		ReceiverAmount: decimal.RequireFromString("0.001")}); err != nil || !now.SenderAmount.IsPositive() {
		t.Errorf("Exchange.Now: %+v, %v", now, err)
	}

	inv, err := c.Invoices.Create(ctx, &cryptoprocessing.InvoiceParams{Title: "Order 1", Currency: "EUR", Amount: decimal.NewFromInt(25),
		SenderCurrency: "BTC", Timer: true, URLSuccess: "https://shop.example/ok", URLFailed: "https://shop.example/no", EmailUser: "a@b.example"})
	if err != nil || inv.URL == "" || inv.ReleaseAt.IsZero() || !inv.SenderAmount.IsPositive() {
		t.Fatalf("Invoices.Create: %+v, %v", inv, err)
	}
	if got, err := c.Invoices.Cancel(ctx, inv.ForeignID); err != nil || got.Status != cryptoprocessing.StatusCancelled {
		t.Errorf("Invoices.Cancel: %+v, %v", got, err)
	}
	if _, err := c.Invoices.Cancel(ctx, inv.ForeignID); !errors.Is(err, payments.ErrInvalidRequest) {
		t.Errorf("second cancel: %v", err)
	}

	a, err := c.Addresses.Take(ctx, &cryptoprocessing.AddressParams{Currency: "XRP", ForeignID: "customer-3"})
	if err != nil || !a.RequiresTag() {
		t.Fatalf("Addresses.Take XRP: %+v, %v", a, err)
	}

	// Wrong credentials are refused with the provider's codes.
	bad, _ := cryptoprocessing.New(cryptoprocessing.Config{APIKey: sb.APIKey, APISecret: "wrong"}, option.WithBaseURL(sb.URL))
	_, err = bad.Accounts.List(ctx)
	var apiErr *payments.APIError
	if !errors.Is(err, payments.ErrUnauthorized) || !errors.As(err, &apiErr) || apiErr.Code != cryptoprocessing.CodeBadHeaderSignature {
		t.Errorf("wrong secret: %v", err)
	}

	// A rate limit answered in plain text keeps the text (a client that does
	// not retry, to see the answer itself).
	once, _ := cryptoprocessing.New(cryptoprocessing.Config{APIKey: sb.APIKey, APISecret: sb.APISecret},
		option.WithBaseURL(sb.URL), option.WithMaxAttempts(1))
	sb.InjectFault(cryptoprocessingtest.Fault{Path: "accounts/list", Kind: cryptoprocessingtest.FaultRateLimit})
	_, err = once.Accounts.List(ctx)
	if !errors.Is(err, payments.ErrRateLimited) || !errors.As(err, &apiErr) || apiErr.Message != "error code: 1015" || apiErr.RetryAfter == 0 {
		t.Errorf("429: %#v", err)
	}
	// transactions/info is a GET: retried through a 429 and a 503.
	sb.InjectFault(cryptoprocessingtest.Fault{Path: "transactions/info", Kind: cryptoprocessingtest.FaultRateLimit})
	sb.InjectFault(cryptoprocessingtest.Fault{Path: "transactions/info", Kind: cryptoprocessingtest.FaultUnavailable})
	if _, err := c.Transactions.ByID(ctx, fx.ID); err != nil {
		t.Errorf("GET through faults: %v", err)
	}
}
