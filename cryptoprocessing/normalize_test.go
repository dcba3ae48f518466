package cryptoprocessing

import (
	"testing"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parseFixture verifies and parses a callback fixture.
func parseFixture(t *testing.T, c *Client, name string) *Event {
	t.Helper()
	body := []byte(fixture(t, name))
	ev, err := c.Webhooks.ParseBody(body, sigHeader(signBody(testSecret, body)))
	require.NoError(t, err, name)
	return ev
}

func TestAdapterEventNormalization(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t)
	a := newAdapter(t, c, AdapterOptions{Currencies: map[string]string{"Ether": "ETH"}})

	dep := a.toEvent(parseFixture(t, c, "callback_deposit_confirmed.json"))
	assert.Equal(t, payments.EventPayment, dep.Kind, "deposit Kind")
	assert.Equal(t, payments.StatusPaid, dep.Status, "deposit Status")
	assert.Equal(t, "991904", dep.Customer, "deposit Customer (the address's foreign_id)")
	assert.Empty(t, dep.Reference, "deposit Reference: a deposit carries no order reference")
	assert.Equal(t, "0xd61180ff0cf74dc3ee8e264751f18c47060729b9", dep.DepositAddress, "deposit DepositAddress")
	assert.Equal(t, "0.01 Ether", dep.Amount.String(), "deposit Amount")
	assert.Equal(t, 9, dep.Confirmations, "deposit Confirmations")
	assert.True(t, dep.BodyAuthenticated, "deposit BodyAuthenticated")
	assert.Regexp(t, `^2686563:confirmed:`, dep.DedupeKey, "deposit DedupeKey")
	assert.Equal(t, "2686563", dep.ObjectID, "deposit ObjectID")
	assert.Equal(t, ProviderName, dep.Provider, "deposit Provider")
	assert.Nil(t, dep.Invoice, "deposit Invoice")
	assert.Nil(t, dep.Payout, "deposit Payout")
	ex := a.toEvent(parseFixture(t, c, "callback_deposit_exchange.json"))
	assert.Equal(t, "61.23 EUR", ex.Amount.String(), "deposit_exchange Amount")
	assert.Equal(t, "164", ex.Customer, "deposit_exchange Customer")
	assert.Empty(t, ex.Reference, "deposit_exchange Reference")
	assert.Equal(t, 3, ex.Confirmations, "deposit_exchange Confirmations")

	wd := a.toEvent(parseFixture(t, c, "callback_withdrawal_confirmed.json"))
	assert.Equal(t, payments.EventPayout, wd.Kind, "withdrawal Kind")
	assert.Equal(t, payments.StatusCompleted, wd.Status, "withdrawal Status")
	assert.Equal(t, "payout-77", wd.Reference, "withdrawal Reference")
	assert.Equal(t, "0.01 BTC", wd.Amount.String(), "withdrawal Amount")
	p := wd.Payout
	require.NotNil(t, p, "withdrawal Payout")
	assert.Equal(t, payments.StatusCompleted, p.Status, "withdrawal payout Status")
	assert.NotEmpty(t, p.TxID, "withdrawal payout TxID")
	assert.Equal(t, "tb1qurv0m4ufsj8xqejvmn0y43kqew33kvqrrxswgm", p.Address, "withdrawal payout Address")
	assert.Equal(t, "0.01 BTC", p.Amount.String(), "withdrawal payout Amount")
	assert.Equal(t, "0.01 BTC", p.Sent.String(), "withdrawal payout Sent")
	assert.Equal(t, 1, p.Confirmations, "withdrawal payout Confirmations")
	wx := a.toEvent(parseFixture(t, c, "callback_withdrawal_exchange_confirmed.json")).Payout
	require.NotNil(t, wx, "withdrawal_exchange Payout")
	assert.Equal(t, "100 EUR", wx.Amount.String(), "withdrawal_exchange payout Amount")
	assert.Equal(t, "0.00161 BTC", wx.Sent.String(), "withdrawal_exchange payout Sent")
	assert.Equal(t, "0.00003 BTC", wx.Fee.String(), "withdrawal_exchange payout Fee")
	assert.Equal(t, "cc11", wx.TxID, "withdrawal_exchange payout TxID")
	d := a.toEvent(parseFixture(t, c, "callback_withdrawal_declined.json"))
	assert.Equal(t, payments.StatusFailed, d.Status, "declined Status")
	if assert.NotNil(t, d.Payout, "declined Payout") {
		assert.Equal(t, payments.StatusFailed, d.Payout.Status, "declined payout Status")
	}

	inv := a.toEvent(parseFixture(t, c, "callback_invoice_confirmed.json"))
	assert.Equal(t, payments.EventInvoice, inv.Kind, "invoice Kind")
	assert.Equal(t, payments.StatusPaid, inv.Status, "invoice Status")
	i := inv.Invoice
	require.NotNil(t, i, "invoice Invoice")
	assert.Equal(t, "588", i.ID, "invoice ID")
	assert.Equal(t, "order-1001", i.Reference, "invoice Reference")
	assert.Equal(t, "10 EUR", i.Requested.String(), "invoice Requested")
	assert.Equal(t, "0.0002 BTC", i.Due.String(), "invoice Due")
	assert.Equal(t, "0.0002 BTC", i.Received.String(), "invoice Received")
	assert.True(t, inv.Amount == i.Received, "event Amount %s is not the invoice's Received %s", inv.Amount, i.Received)
	assert.Equal(t, 3, i.Confirmations, "invoice Confirmations")
	assert.Equal(t, int64(1592308141), i.ExpiresAt.Unix(), "invoice ExpiresAt")
	under := a.toEvent(parseFixture(t, c, "callback_invoice_pending.json")).Invoice
	require.NotNil(t, under, "pending Invoice")
	assert.Equal(t, payments.StatusUnderpaid, under.Status, "pending invoice Status")
	assert.Equal(t, "0.0001", under.Received.Amount.String(), "pending invoice Received")
	assert.Equal(t, payments.StatusExpired, a.toEvent(parseFixture(t, c, "callback_invoice_failed_timer.json")).Status, "timer failed")
	assert.Equal(t, payments.StatusFailed, a.toEvent(parseFixture(t, c, "callback_invoice_failed_less.json")).Status, "paid-less failed")

	xe := a.toEvent(parseFixture(t, c, "callback_exchange_confirmed.json"))
	assert.Equal(t, payments.EventExchange, xe.Kind, "exchange Kind")
	assert.Equal(t, payments.StatusCompleted, xe.Status, "exchange Status")
	assert.Equal(t, "1224.69 EUR", xe.Amount.String(), "exchange Amount")
}
