package cryptochill_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/cryptochill"
	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/coinsdk/coinsdk/option"
)

// TestOneClientManyGoroutines: 64 goroutines × 50 mixed calls (gets, lists,
// invoice creates, payout creates) through one client against the sandbox,
// which refuses a nonce at or below the last one it saw, as CryptoChill
// does. Requests overtake each other on the way; every refused one is
// resent freshly signed, and no call fails.
func TestOneClientManyGoroutines(t *testing.T) {
	sb := cryptochilltest.NewServer(cryptochilltest.Options{})
	defer sb.Close()
	require.NoError(t, sb.SetBalance("BTC", decimal.NewFromInt(1000)))
	c, err := cryptochill.New(cryptochill.Config{APIKey: sb.APIKey, APISecret: sb.APISecret}, option.WithBaseURL(sb.URL))
	require.NoError(t, err)
	ctx := context.Background()
	inv, err := c.Invoices.Create(ctx, &cryptochill.InvoiceParams{ProfileID: sb.ProfileID, Amount: decimal.NewFromInt(10), Currency: "USD"})
	require.NoError(t, err)

	const goroutines, calls = 64, 50
	var failures atomic.Int64
	var mu sync.Mutex
	var firstErrs []string
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range calls {
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
				if err != nil {
					failures.Add(1)
					mu.Lock()
					if len(firstErrs) < 5 {
						firstErrs = append(firstErrs, err.Error())
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	assert.Zero(t, failures.Load(), "first errors: %v", firstErrs)
}
