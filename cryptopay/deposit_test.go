package cryptopay_test

import (
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/cryptopay"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDepositNamesItsCustomer: a deposit address's payment events name the
// customer and the address, for a short customer id (read from the signed
// body) and for one too long for a custom_id (hashed, so two customers
// sharing a long prefix get two addresses; Refresh reads the customer
// back from the channel).
func TestDepositNamesItsCustomer(t *testing.T) {
	t.Parallel()
	c, sb, rec := newRecordedSandbox(t)
	a := newAdapter(t, c, cryptopay.AdapterOptions{})
	ctx := t.Context()
	long := strings.Repeat("customer@example.com/", 15) // 315 bytes
	for _, customer := range []string{"cust:with:colons", long + "A", long + "B"} {
		d, err := a.CreateDepositAddress(ctx, &payments.DepositParams{Asset: "BTC", Customer: customer})
		require.NoError(t, err)
		assert.Equal(t, customer, d.Customer)
		ch, err := c.Channels.Get(ctx, d.ID)
		require.NoError(t, err)
		assert.LessOrEqual(t, len(ch.CustomID), 255, "custom_id fits")
		again, err := a.CreateDepositAddress(ctx, &payments.DepositParams{Asset: "BTC", Customer: customer})
		require.NoError(t, err)
		assert.Equal(t, d.ID, again.ID, "the same customer gets the same channel")

		from := rec.Len()
		txid, err := sb.PayDeposit(d.Address, decimal.RequireFromString("0.002"))
		require.NoError(t, err)
		require.NoError(t, sb.Confirm(txid))
		reqs := rec.Requests(from)
		require.NotEmpty(t, reqs)
		for _, r := range reqs {
			ev, err := a.ParseWebhook(r)
			require.NoError(t, err)
			require.Equal(t, payments.EventPayment, ev.Kind)
			assert.Equal(t, d.Address, ev.DepositAddress)
			assert.Empty(t, ev.InvoiceID)
			fresh, err := a.Refresh(ctx, ev)
			require.NoError(t, err)
			assert.Equal(t, customer, fresh.Customer, "refreshed event's customer")
			if len(customer) < 200 {
				assert.Equal(t, customer, ev.Customer, "the signed body names the customer")
			}
		}
	}
	a1, err := a.CreateDepositAddress(ctx, &payments.DepositParams{Asset: "BTC", Customer: long + "A"})
	require.NoError(t, err)
	b1, err := a.CreateDepositAddress(ctx, &payments.DepositParams{Asset: "BTC", Customer: long + "B"})
	require.NoError(t, err)
	assert.NotEqual(t, a1.Address, b1.Address, "two long customers sharing a prefix share no address")
}
