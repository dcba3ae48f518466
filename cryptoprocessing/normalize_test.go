package cryptoprocessing

import (
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// parseFixture verifies and parses a callback fixture.
func parseFixture(t *testing.T, c *Client, name string) *Event {
	t.Helper()
	body := []byte(fixture(t, name))
	ev, err := c.Webhooks.ParseBody(body, sigHeader(SignBody(testSecret, body)))
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func TestAdapterEventNormalization(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t)
	a := NewAdapter(c, AdapterOptions{Currencies: map[string]string{"Ether": "ETH"}})

	dep := a.event(parseFixture(t, c, "callback_deposit_confirmed.json"))
	if dep.Kind != payments.EventPayment || dep.Status != payments.StatusPaid || dep.Reference != "991904" ||
		dep.Amount.String() != "0.01 Ether" || dep.Confirmations != 9 || !dep.BodyAuthenticated || !strings.HasPrefix(dep.DedupeKey, "2686563:confirmed:") ||
		dep.ObjectID != "2686563" || dep.Provider != ProviderName || dep.Invoice != nil || dep.Payout != nil {
		t.Errorf("deposit event = %+v", dep)
	}
	ex := a.event(parseFixture(t, c, "callback_deposit_exchange.json"))
	if ex.Amount.String() != "61.23 EUR" || ex.Reference != "164" || ex.Confirmations != 3 {
		t.Errorf("deposit_exchange event = %+v", ex)
	}

	wd := a.event(parseFixture(t, c, "callback_withdrawal_confirmed.json"))
	p := wd.Payout
	if wd.Kind != payments.EventPayout || wd.Status != payments.StatusCompleted || wd.Reference != "payout-77" || p == nil ||
		p.Status != payments.StatusCompleted || p.TxID == "" || p.Address != "tb1qurv0m4ufsj8xqejvmn0y43kqew33kvqrrxswgm" ||
		p.Amount.String() != "0.01 BTC" || p.Sent.String() != "0.01 BTC" || wd.Amount.String() != "0.01 BTC" || p.Confirmations != 1 {
		t.Errorf("withdrawal event = %+v, payout %+v", wd, p)
	}
	wx := a.event(parseFixture(t, c, "callback_withdrawal_exchange_confirmed.json")).Payout
	if wx.Amount.String() != "100 EUR" || wx.Sent.String() != "0.00161 BTC" || wx.Fee.String() != "0.00003 BTC" || wx.TxID != "cc11" {
		t.Errorf("withdrawal_exchange payout = %+v", wx)
	}
	if d := a.event(parseFixture(t, c, "callback_withdrawal_declined.json")); d.Status != payments.StatusFailed || d.Payout.Status != payments.StatusFailed {
		t.Errorf("declined = %+v", d)
	}

	inv := a.event(parseFixture(t, c, "callback_invoice_confirmed.json"))
	i := inv.Invoice
	if inv.Kind != payments.EventInvoice || inv.Status != payments.StatusPaid || i == nil || i.ID != "588" || i.Reference != "order-1001" ||
		i.Requested.String() != "10 EUR" || i.Due.String() != "0.0002 BTC" || i.Received.String() != "0.0002 BTC" ||
		inv.Amount != i.Received || i.Confirmations != 3 || i.ExpiresAt.Unix() != 1592308141 {
		t.Errorf("invoice event = %+v, invoice %+v", inv, i)
	}
	under := a.event(parseFixture(t, c, "callback_invoice_pending.json")).Invoice
	if under.Status != payments.StatusUnderpaid || !under.Received.Amount.Equal(decimal.RequireFromString("0.0001")) {
		t.Errorf("pending invoice = %+v", under)
	}
	if st := a.event(parseFixture(t, c, "callback_invoice_failed_timer.json")).Status; st != payments.StatusExpired {
		t.Errorf("timer failed = %q", st)
	}
	if st := a.event(parseFixture(t, c, "callback_invoice_failed_less.json")).Status; st != payments.StatusFailed {
		t.Errorf("paid-less failed = %q", st)
	}

	xe := a.event(parseFixture(t, c, "callback_exchange_confirmed.json"))
	if xe.Kind != payments.EventExchange || xe.Status != payments.StatusCompleted || xe.Amount.String() != "1224.69 EUR" {
		t.Errorf("exchange event = %+v", xe)
	}
}
