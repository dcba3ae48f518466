package cryptochill_test

import (
	"fmt"
	"testing"

	"github.com/coinsdk/coinsdk/cryptochill"
	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// TestOneClientManyGoroutines: 64 goroutines × 50 mixed calls (gets, lists,
// invoice creates, payout creates) through one client against the sandbox,
// which refuses a nonce at or below the last one it saw, as CryptoChill
// does. Requests overtake each other on the way; every refused one is
// resent freshly signed, and no call fails.
func TestOneClientManyGoroutines(t *testing.T) {
	t.Parallel()
	sb := cryptochilltest.NewServer(cryptochilltest.Options{})
	t.Cleanup(sb.Close)
	sb.SetBalance("BTC", decimal.NewFromInt(1000))
	c, err := cryptochill.New(cryptochill.Config{APIKey: sb.APIKey, APISecret: sb.APISecret}, option.WithBaseURL(sb.URL))
	require.NoError(t, err)
	ctx := t.Context()
	inv, err := c.Invoices.Create(ctx, &cryptochill.InvoiceParams{ProfileID: sb.ProfileID, Amount: decimal.NewFromInt(10), Currency: "USD"})
	require.NoError(t, err)

	providertest.Concurrently(t, 64, 50, func(g, i int) error {
		var err error
		switch (g + i) % 4 {
		case 0:
			_, err = c.Invoices.Get(ctx, inv.ID)
		case 1:
			_, err = c.Invoices.List(ctx, &cryptochill.InvoiceListParams{})
		case 2:
			_, err = c.Invoices.Create(ctx, &cryptochill.InvoiceParams{ProfileID: sb.ProfileID, Amount: decimal.NewFromInt(5), Currency: "USD"})
		case 3:
			_, err = c.Payouts.Create(ctx, &cryptochill.PayoutParams{ProfileID: sb.ProfileID, Kind: "BTC",
				ReferenceID: fmt.Sprintf("conc-%d-%d", g, i),
				Recipients: []cryptochill.Recipient{{Amount: decimal.RequireFromString("0.0001"), Currency: "BTC",
					Address: "2N38koyyonVDAZJRV4GwnuFPxcGTymzn9HQ"}}})
		}
		return err
	})
}
