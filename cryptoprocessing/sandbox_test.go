package cryptoprocessing_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/coinsdk/coinsdk/cryptoprocessing"
	"github.com/coinsdk/coinsdk/cryptoprocessing/cryptoprocessingtest"
	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The whole client against the sandbox, whose verifier and shapes were
// written from the provider's documentation independently of this package.
func TestClientAgainstSandbox(t *testing.T) {
	t.Parallel()
	c, sb := sandboxClient(t, cryptoprocessingtest.Options{})
	ctx := t.Context()
	require.NoError(t, c.Ping(ctx), "Ping")
	sb.SetBalance("EUR", decimal.RequireFromString("500.25"))
	accounts, err := c.Accounts.List(ctx)
	require.NoError(t, err, "Accounts.List")
	var eur decimal.Decimal
	for _, a := range accounts {
		if a.Currency == "EUR" {
			eur = a.Balance
		}
	}
	assert.Equal(t, "500.25", eur.String(), "EUR balance")
	visible := true
	if list, err := c.Currencies.List(ctx, &visible); assert.NoError(t, err, "Currencies.List") {
		assert.NotEmpty(t, list, "Currencies.List")
	}
	if pairs, err := c.Currencies.Pairs(ctx, "BTC", "EUR"); assert.NoError(t, err, "Currencies.Pairs") && assert.NotEmpty(t, pairs, "Currencies.Pairs") {
		assert.False(t, pairs[0].RateTo.IsZero(), "Currencies.Pairs: RateTo is zero")
	}

	q, err := c.Exchange.Calculate(ctx, &cryptoprocessing.ExchangeParams{SenderCurrency: "BTC", ReceiverCurrency: "EUR", SenderAmount: decimal.RequireFromString("0.01")})
	require.NoError(t, err, "Exchange.Calculate")
	require.True(t, q.Price.IsPositive(), "Exchange.Calculate: price %s", q.Price)
	fx, err := c.Exchange.Fixed(ctx, &cryptoprocessing.ExchangeParams{SenderCurrency: "BTC", ReceiverCurrency: "EUR",
		SenderAmount: decimal.RequireFromString("0.01"), Price: q.Price})
	require.NoError(t, err, "Exchange.Fixed")
	require.NotEmpty(t, fx.ID, "Exchange.Fixed: ID")
	require.NotEmpty(t, fx.ForeignID, "Exchange.Fixed: ForeignID")
	if tx, err := c.Transactions.FindByReference(ctx, fx.ForeignID); assert.NoError(t, err, "exchange by foreign_id") {
		assert.Equal(t, cryptoprocessing.TypeExchange, tx.Type, "exchange by foreign_id")
		assert.Equal(t, fx.ID, tx.ID, "exchange by foreign_id")
	}
	if now, err := c.Exchange.Now(ctx, &cryptoprocessing.ExchangeParams{SenderCurrency: "EUR", ReceiverCurrency: "BTC",
		ReceiverAmount: decimal.RequireFromString("0.001")}); assert.NoError(t, err, "Exchange.Now") {
		assert.True(t, now.SenderAmount.IsPositive(), "Exchange.Now: sender amount %s", now.SenderAmount)
	}

	inv, err := c.Invoices.Create(ctx, &cryptoprocessing.InvoiceParams{Title: "Order 1", Currency: "EUR", Amount: decimal.NewFromInt(25),
		SenderCurrency: "BTC", Timer: true, URLSuccess: "https://shop.example/ok", URLFailed: "https://shop.example/no", EmailUser: "a@b.example"})
	require.NoError(t, err, "Invoices.Create")
	require.NotEmpty(t, inv.URL, "Invoices.Create: URL")
	require.False(t, inv.ReleaseAt.IsZero(), "Invoices.Create: ReleaseAt is zero")
	require.True(t, inv.SenderAmount.IsPositive(), "Invoices.Create: sender amount %s", inv.SenderAmount)
	if got, err := c.Invoices.Cancel(ctx, inv.ForeignID); assert.NoError(t, err, "Invoices.Cancel") {
		assert.Equal(t, cryptoprocessing.InvoiceStatusCancelled, got.Status, "Invoices.Cancel")
	}
	_, err = c.Invoices.Cancel(ctx, inv.ForeignID)
	assert.ErrorIs(t, err, payments.ErrInvalidRequest, "second cancel")

	a, err := c.Addresses.Take(ctx, &cryptoprocessing.AddressParams{Currency: "XRP", ForeignID: "customer-3"})
	require.NoError(t, err, "Addresses.Take XRP")
	require.True(t, a.RequiresTag(), "Addresses.Take XRP: RequiresTag")

	// Wrong credentials are refused with the provider's codes.
	bad, err := cryptoprocessing.New(cryptoprocessing.Config{APIKey: sb.APIKey, APISecret: "wrong"}, option.WithBaseURL(sb.URL))
	require.NoError(t, err)
	_, err = bad.Accounts.List(ctx)
	assert.ErrorIs(t, err, payments.ErrUnauthorized, "wrong secret")
	var apiErr *payments.APIError
	if assert.ErrorAs(t, err, &apiErr, "wrong secret") {
		assert.Equal(t, cryptoprocessing.CodeBadHeaderSignature, apiErr.Code, "wrong secret")
	}

	// A rate limit answered in plain text keeps the text (a client that does
	// not retry, to see the answer itself).
	once, err := cryptoprocessing.New(cryptoprocessing.Config{APIKey: sb.APIKey, APISecret: sb.APISecret},
		option.WithBaseURL(sb.URL), option.WithMaxAttempts(1))
	require.NoError(t, err)
	sb.InjectFault(cryptoprocessingtest.Fault{Path: "accounts/list", Kind: cryptoprocessingtest.FaultRateLimit})
	_, err = once.Accounts.List(ctx)
	assert.ErrorIs(t, err, payments.ErrRateLimited, "429")
	apiErr = nil
	if assert.ErrorAs(t, err, &apiErr, "429") {
		assert.Equal(t, "error code: 1015", apiErr.Message, "429")
		assert.NotZero(t, apiErr.RetryAfter, "429: RetryAfter")
	}
	// transactions/info is a GET: retried through a 429 and a 503.
	sb.InjectFault(cryptoprocessingtest.Fault{Path: "transactions/info", Kind: cryptoprocessingtest.FaultRateLimit})
	sb.InjectFault(cryptoprocessingtest.Fault{Path: "transactions/info", Kind: cryptoprocessingtest.FaultUnavailable})
	_, err = c.Transactions.Get(ctx, fx.ID)
	assert.NoError(t, err, "GET through faults")
}

// TestOneClientManyGoroutines: 64 goroutines × 6 mixed calls (invoice
// create and lookup, withdrawal create and lookup by foreign_id, a missing
// transaction) through one client against the sandbox: zero failures, and
// every withdrawal made exactly once. Run under -race.
func TestOneClientManyGoroutines(t *testing.T) {
	t.Parallel()
	c, sb := sandboxClient(t, cryptoprocessingtest.Options{})
	sb.SetBalance("BTC", decimal.NewFromInt(1000))
	ctx := t.Context()

	providertest.Concurrently(t, 64, 6, func(g, i int) error {
		var err error
		switch i % 3 {
		case 0:
			var inv *cryptoprocessing.Invoice
			inv, err = c.Invoices.Create(ctx, &cryptoprocessing.InvoiceParams{Title: "Order", Currency: "EUR",
				Amount: decimal.New(int64(1000+g), -2), URLSuccess: "https://shop.example/ok", URLFailed: "https://shop.example/failed",
				EmailUser: "payer@example.com"})
			if err == nil {
				_, err = c.Transactions.FindByReference(ctx, inv.ForeignID)
				if errors.Is(err, payments.ErrNotFound) {
					err = nil // no payment yet
				}
			}
		case 1:
			ref := fmt.Sprintf("par-%d-%d", g, i)
			var w *cryptoprocessing.Withdrawal
			w, err = c.Withdrawals.Crypto(ctx, &cryptoprocessing.WithdrawalParams{ForeignID: ref, Amount: decimal.New(int64(g*10+i+1), -4),
				Currency: "BTC", Address: "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"})
			if err == nil && w.ForeignID != ref {
				err = fmt.Errorf("withdrawal %s answered for %s", w.ForeignID, ref)
			}
			if err == nil {
				_, err = c.Transactions.FindByReference(ctx, ref)
			}
		case 2:
			_, err = c.Transactions.Get(ctx, "999999999")
			if errors.Is(err, payments.ErrNotFound) {
				err = nil
			}
		}
		return err
	})
}
