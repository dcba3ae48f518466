package cryptochill_test

import (
	"testing"

	"github.com/coinsdk/coinsdk/cryptochill"
	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestInvoicesAllWhileTheListGrows walks the sandbox's newest-first invoice
// list (25 a page) while it gains exactly one full page between the fetches
// of pages 1 and 2, so that page 2 answers what page 1 held. The walk goes
// on to the end: every invoice that existed when it started is yielded,
// none twice, and there is no error (it was ErrMalformed).
func TestInvoicesAllWhileTheListGrows(t *testing.T) {
	t.Parallel()
	sb := cryptochilltest.NewServer(cryptochilltest.Options{})
	t.Cleanup(sb.Close)
	c, err := cryptochill.New(cryptochill.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, ProfileID: sb.ProfileID}, option.WithBaseURL(sb.URL))
	require.NoError(t, err)
	ctx := t.Context()
	create := func(n int) []string {
		var ids []string
		for range n {
			inv, err := c.Invoices.Create(ctx, &cryptochill.InvoiceParams{ProfileID: sb.ProfileID, Amount: decimal.NewFromInt(5), Currency: "USD", Kind: "BTC"})
			require.NoError(t, err)
			ids = append(ids, inv.ID)
		}
		return ids
	}
	before := create(30)
	seen := map[string]int{}
	n := 0
	for inv, err := range c.Invoices.All(ctx, nil) {
		require.NoError(t, err, "a list that grows while walked is walked to its end")
		seen[inv.ID]++
		if n++; n == 25 {
			create(25) // one full page, before page 2 is fetched
		}
		require.Less(t, n, 200, "the walk must end")
	}
	for id, k := range seen {
		assert.Equal(t, 1, k, "invoice %s yielded %d times", id, k)
	}
	for _, id := range before {
		assert.Contains(t, seen, id, "an invoice listed from the start was skipped")
	}
}
