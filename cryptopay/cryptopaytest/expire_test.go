package cryptopaytest_test

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/cryptopay"
	"github.com/coinsdk/coinsdk/cryptopay/cryptopaytest"
)

// ExpireInvoice cancels an unpaid invoice at once (the shared sandbox name
// for expiry) and refuses an unknown id or an invoice no longer new.
func TestExpireInvoice(t *testing.T) {
	t.Parallel()
	sb, c, _ := setup(t, cryptopaytest.Options{})
	inv, err := c.Invoices.Create(t.Context(), &cryptopay.InvoiceParams{PriceAmount: decimal.RequireFromString("10"),
		PriceCurrency: "EUR", PayCurrency: "BTC"})
	require.NoError(t, err)
	id := inv.ID
	require.NoError(t, sb.ExpireInvoice(id))
	got, err := c.Invoices.Get(t.Context(), id)
	require.NoError(t, err)
	assert.Equal(t, cryptopay.InvoiceStatusCancelled, got.Status)
	last := sb.Deliveries()[len(sb.Deliveries())-1]
	assert.Contains(t, string(last.Body), `"cancelled"`)
	assert.ErrorIs(t, sb.ExpireInvoice(id), cryptopaytest.ErrInvalidState)
	assert.ErrorIs(t, sb.ExpireInvoice("no-such-invoice"), cryptopaytest.ErrNotFound)
}
