package cryptopaytest

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newInvoice creates a 100 EUR invoice paid in BTC and returns its id and pay amount.
func newInvoice(t *testing.T, a api, extra map[string]any) (string, decimal.Decimal) {
	t.Helper()
	inv := a.ok(201, "POST", "/api/invoices", invoiceBody(extra))
	return str(inv, "id"), dec(t, inv, "pay_amount")
}

func TestInvoicePayments(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name        string
		pay         func(due decimal.Decimal) decimal.Decimal
		late        bool
		status, ctx string
		creditsEUR  bool
	}{
		{"exact", func(d decimal.Decimal) decimal.Decimal { return d }, false, "completed", "", true},
		{"over", func(d decimal.Decimal) decimal.Decimal { return d.Add(decimal.RequireFromString("0.0001")) }, false, "completed", "overpaid", true},
		{"under", func(d decimal.Decimal) decimal.Decimal { return d.Sub(decimal.RequireFromString("0.0001")) }, false, "unresolved", "underpaid", false},
		{"late", func(d decimal.Decimal) decimal.Decimal { return d }, true, "unresolved", "paid_late", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s, rec := newSandbox(t, Options{})
			a := api{t, s}
			id, due := newInvoice(t, a, nil)
			if c.late {
				s.Advance(11 * time.Minute)
			}
			eur := s.Balance("EUR")
			rec.reset()
			txid, err := s.PayInvoice(id, c.pay(due))
			require.NoError(t, err)
			assert.NotEmpty(t, txid)
			inv := a.ok(200, "GET", "/api/invoices/"+id, nil)
			assert.Equal(t, "new", str(inv, "status"), "unconfirmed")
			require.NoError(t, s.ConfirmInvoice(id))
			inv = a.ok(200, "GET", "/api/invoices/"+id, nil)
			assert.Equal(t, c.status, str(inv, "status"))
			assert.Equal(t, c.ctx, str(inv, "status_context"))
			assert.True(t, c.pay(due).Equal(dec(t, inv, "paid_amount")))
			assert.Equal(t, txid, inv["transactions"].([]any)[0].(map[string]any)["txid"])
			assert.Equal(t, []string{"Invoice/transaction_created", "Invoice/transaction_confirmed", "Invoice/status_changed"}, rec.events())
			for _, cb := range rec.all() {
				assert.True(t, cb.sigOK, "callback signature")
				assert.Equal(t, id, str(cb.Data, "id"))
			}
			assert.Equal(t, c.creditsEUR, s.Balance("EUR").GreaterThan(eur))
			assert.ErrorIs(t, s.ConfirmInvoice(id), ErrInvalidState, "nothing left to confirm")
		})
	}
}

func TestTwoPartialPaymentsAndIllicit(t *testing.T) {
	t.Parallel()
	a, s, rec := newAPI(t)
	id, due := newInvoice(t, a, nil)
	half := due.Div(decimal.NewFromInt(2)).RoundDown(8)
	_, err := s.PayInvoice(id, half)
	require.NoError(t, err)
	require.NoError(t, s.ConfirmInvoice(id))
	assert.Equal(t, "underpaid", str(a.ok(200, "GET", "/api/invoices/"+id, nil), "status_context"))
	_, err = s.PayInvoice(id, due.Sub(half))
	require.NoError(t, err)
	require.NoError(t, s.ConfirmInvoice(id))
	assert.Equal(t, "completed", str(a.ok(200, "GET", "/api/invoices/"+id, nil), "status"))
	// Two transaction_created callbacks with different bodies.
	var created []string
	for _, cb := range rec.all() {
		if cb.Event == "transaction_created" {
			created = append(created, string(cb.raw))
		}
	}
	require.Len(t, created, 2)
	assert.NotEqual(t, created[0], created[1])
	_, err = s.PayInvoice(id, due)
	assert.ErrorIs(t, err, ErrInvalidState, "a completed invoice takes no more payments")

	id2, due2 := newInvoice(t, a, nil)
	require.NoError(t, s.FlagInvoiceIllicit(id2))
	_, err = s.PayInvoice(id2, due2)
	require.NoError(t, err)
	require.NoError(t, s.ConfirmInvoice(id2))
	inv := a.ok(200, "GET", "/api/invoices/"+id2, nil)
	assert.Equal(t, "illicit_resource", str(inv, "status_context"))
	risk := inv["transactions"].([]any)[0].(map[string]any)["risk"].(map[string]any)
	assert.Equal(t, "high", risk["level"])
	assert.Equal(t, "9.5", risk["score"].(interface{ String() string }).String(), "score is a JSON number")

	_, err = s.PayInvoice("nope", due)
	assert.ErrorIs(t, err, ErrNotFound)
	_, err = s.PayInvoice(id2, decimal.RequireFromString("0.000000001"))
	assert.Error(t, err, "more places than BTC has")
}

func TestInvoiceCancelledAfter14Days(t *testing.T) {
	t.Parallel()
	a, s, rec := newAPI(t)
	id, due := newInvoice(t, a, nil)
	s.Advance(UnpaidInvoiceLifetime - time.Second)
	assert.Equal(t, "new", str(a.ok(200, "GET", "/api/invoices/"+id, nil), "status"))
	rec.reset()
	s.Advance(time.Second)
	assert.Equal(t, []string{"Invoice/status_changed"}, rec.events())
	assert.Equal(t, "cancelled", str(a.ok(200, "GET", "/api/invoices/"+id, nil), "status"))
	// A payment to a cancelled invoice is late.
	_, err := s.PayInvoice(id, due)
	require.NoError(t, err)
	require.NoError(t, s.ConfirmInvoice(id))
	inv := a.ok(200, "GET", "/api/invoices/"+id, nil)
	assert.Equal(t, "unresolved", str(inv, "status"))
	assert.Equal(t, "paid_late", str(inv, "status_context"))
}

func TestRecalculation(t *testing.T) {
	t.Parallel()
	a, s, rec := newAPI(t)
	id, due := newInvoice(t, a, nil)
	r := a.do("POST", "/api/invoices/"+id+"/recalculations", map[string]any{})
	assert.Equal(t, http.StatusUnprocessableEntity, r.status, "a new invoice cannot be recalculated")

	s.Advance(time.Hour)
	_, err := s.PayInvoice(id, due)
	require.NoError(t, err)
	require.NoError(t, s.ConfirmInvoice(id))
	s.SetRate("BTC", "EUR", decimal.NewFromInt(50000), decimal.NewFromInt(49000))
	eur := s.Balance("EUR")
	rc := a.ok(201, "POST", "/api/invoices/"+id+"/recalculations", map[string]any{"force_commit": false})
	assert.True(t, due.Mul(decimal.NewFromInt(50000)).RoundDown(2).Equal(dec(t, rc, "price_amount")))
	// It expires after 30 seconds.
	s.Advance(CommitWindow)
	r = a.do("POST", "/api/invoices/"+id+"/recalculations/"+str(rc, "id")+"/commit", nil)
	assert.Equal(t, "expired", r.errCode())

	rc = a.ok(201, "POST", "/api/invoices/"+id+"/recalculations", nil)
	rec.reset()
	c := a.ok(200, "POST", "/api/invoices/"+id+"/recalculations/"+str(rc, "id")+"/commit", nil)
	assert.Equal(t, str(rc, "id"), str(c, "id"))
	inv := a.ok(200, "GET", "/api/invoices/"+id, nil)
	assert.Equal(t, "completed", str(inv, "status"))
	assert.Equal(t, str(rc, "price_amount"), str(inv, "price_amount"))
	assert.Equal(t, []string{"Invoice/recalculated", "Invoice/status_changed"}, rec.events())
	assert.True(t, eur.Add(dec(t, rc, "price_amount")).Equal(s.Balance("EUR")))
	assert.Equal(t, http.StatusNotFound, a.do("POST", "/api/invoices/"+id+"/recalculations/nope/commit", nil).status)

	// force_commit applies at once.
	id2, due2 := newInvoice(t, a, nil)
	_, _ = s.PayInvoice(id2, due2.Sub(decimal.RequireFromString("0.00001")))
	require.NoError(t, s.ConfirmInvoice(id2))
	forced := a.ok(201, "POST", "/api/invoices/"+id2+"/recalculations", map[string]any{"force_commit": true})
	assert.NotEmpty(t, str(forced, "previous_pay_amount"))
	assert.Equal(t, "completed", str(a.ok(200, "GET", "/api/invoices/"+id2, nil), "status"))
}

func TestRefunds(t *testing.T) {
	t.Parallel()
	a, s, rec := newAPI(t)
	a.ok(201, "POST", "/api/customers", map[string]any{"id": "c-1", "addresses": []map[string]any{{"address": "2N122JKRz52gokTmaVYNiMA43qvdSqnhLGV", "currency": "BTC"}}})
	id, _ := newInvoice(t, a, map[string]any{"customer_id": "c-1"})
	assert.Equal(t, http.StatusUnprocessableEntity, a.do("POST", "/api/invoices/"+id+"/refunds", nil).status, "nothing paid")
	require.NoError(t, s.PayInvoiceInFull(id))
	eur := s.Balance("EUR")
	rec.reset()
	// No body at all (the PHP client): the customer's address is used.
	rf := a.ok(201, "POST", "/api/invoices/"+id+"/refunds", nil)
	assert.Equal(t, "2N122JKRz52gokTmaVYNiMA43qvdSqnhLGV", str(rf, "address"))
	assert.Nil(t, rf["txid"])
	assert.Equal(t, "refunded", str(a.ok(200, "GET", "/api/invoices/"+id, nil), "status"))
	assert.Equal(t, []string{"Invoice/refunded"}, rec.events())
	assert.True(t, s.Balance("EUR").LessThan(eur), "the credit is taken back")
	require.NoError(t, s.CompleteRefund(str(rf, "id")))
	list := a.do("GET", "/api/invoices/"+id+"/refunds", nil).list()
	require.Len(t, list, 1)
	assert.NotEmpty(t, str(list[0], "txid"))
	assert.Equal(t, http.StatusUnprocessableEntity, a.do("POST", "/api/invoices/"+id+"/refunds", map[string]any{"address": "2N122JKRz52gokTmaVYNiMA43qvdSqnhLGV"}).status)

	id2, _ := newInvoice(t, a, nil)
	require.NoError(t, s.PayInvoiceInFull(id2))
	r := a.do("POST", "/api/invoices/"+id2+"/refunds", map[string]any{})
	assert.Equal(t, "blank", str(r.details()[0], "code"))
	r = a.do("POST", "/api/invoices/"+id2+"/refunds", map[string]any{"address": "0x52908400098527886E0F7030069857D2E4169EE7"})
	assert.Equal(t, "invalid_coin_address", str(r.details()[0], "code"))
	assert.Equal(t, http.StatusCreated, a.do("POST", "/api/invoices/"+id2+"/refunds", map[string]any{"address": "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"}).status)
}

func TestChannelPayments(t *testing.T) {
	t.Parallel()
	a, s, rec := newAPI(t)
	ch := a.ok(201, "POST", "/api/channels", map[string]any{"pay_currency": "BTC", "receiver_currency": "EUR", "custom_id": "ch"})
	chID := str(ch, "id")
	eur := s.Balance("EUR")
	pid, err := s.PayChannel(chID, decimal.RequireFromString("0.01"))
	require.NoError(t, err)
	p := a.ok(200, "GET", "/api/channels/"+chID+"/payments/"+pid, nil)
	assert.Equal(t, "pending", str(p, "status"))
	assert.Equal(t, "0.01", str(p, "paid_amount"))
	// 0.01 BTC at 60300 = 603 EUR, 1% fee.
	assert.Equal(t, "596.97", str(p, "received_amount"))
	assert.Equal(t, "6.03", str(p, "fee"))
	require.NoError(t, s.ConfirmChannelPayment(pid))
	assert.True(t, eur.Add(decimal.RequireFromString("596.97")).Equal(s.Balance("EUR")))
	assert.ErrorIs(t, s.ConfirmChannelPayment(pid), ErrInvalidState)

	hold, _ := s.PayChannel(chID, decimal.RequireFromString("0.001"))
	require.NoError(t, s.HoldChannelPayment(hold))
	assert.Equal(t, "illicit_resource", str(a.ok(200, "GET", "/api/channels/"+chID+"/payments/"+hold, nil), "status_context"))
	require.NoError(t, s.RefundChannelPayment(hold))

	cancel, _ := s.PayChannel(chID, decimal.RequireFromString("0.001"))
	require.NoError(t, s.CancelChannelPayment(cancel))

	a.ok(200, "PATCH", "/api/channels/"+chID, map[string]any{"status": "disabled"})
	off, _ := s.PayChannel(chID, decimal.RequireFromString("0.001"))
	p = a.ok(200, "GET", "/api/channels/"+chID+"/payments/"+off, nil)
	assert.Equal(t, "on_hold", str(p, "status"))
	assert.Equal(t, "channel_disabled", str(p, "status_context"))

	assert.Equal(t, []string{
		"ChannelPayment/created", "ChannelPayment/completed",
		"ChannelPayment/created", "ChannelPayment/on_hold", "ChannelPayment/refunded",
		"ChannelPayment/created", "ChannelPayment/cancelled",
		"ChannelPayment/created", "ChannelPayment/on_hold",
	}, rec.events())
	list := a.do("GET", "/api/channels/"+chID+"/payments", nil)
	assert.Len(t, list.list(), 4)
	assert.Equal(t, http.StatusNotFound, a.do("GET", "/api/channels/nope/payments/"+pid, nil).status)
	_, err = s.PayChannel("nope", decimal.NewFromInt(1))
	assert.True(t, errors.Is(err, ErrNotFound))
}

func TestWithdrawalLifecycle(t *testing.T) {
	t.Parallel()
	a, s, rec := newAPI(t)
	w := a.ok(201, "POST", "/api/coin_withdrawals", withdrawalBody(map[string]any{"force_commit": true}))
	id := str(w, "id")
	eur := s.Balance("EUR")
	rec.reset()
	require.NoError(t, s.FailPayout(id, "node unreachable"))
	assert.Equal(t, "failed", str(a.ok(200, "GET", "/api/coin_withdrawals/"+id, nil), "status"))
	assert.Equal(t, "node unreachable", s.FailureReason(id))
	assert.Equal(t, eur.String(), s.Balance("EUR").String(), "failed is not final: nothing returned")
	require.NoError(t, s.CompletePayout(id))
	done := a.ok(200, "GET", "/api/coin_withdrawals/"+id, nil)
	assert.Equal(t, "completed", str(done, "status"))
	assert.NotEmpty(t, str(done, "txid"))
	assert.Equal(t, []string{"CoinWithdrawal/status_changed", "CoinWithdrawal/status_changed"}, rec.events())
	var statuses []string
	for _, cb := range rec.all() {
		statuses = append(statuses, str(cb.Data, "status"))
	}
	assert.Equal(t, []string{"failed", "completed"}, statuses, "failed moves on to completed")
	assert.ErrorIs(t, s.CompletePayout(id), ErrInvalidState)

	// pending → processing → sent → completed.
	w1 := a.ok(201, "POST", "/api/coin_withdrawals", withdrawalBody(map[string]any{"force_commit": true}))
	rec.reset()
	require.NoError(t, s.CompletePayout(str(w1, "id")))
	statuses = nil
	for _, cb := range rec.all() {
		statuses = append(statuses, str(cb.Data, "status"))
	}
	assert.Equal(t, []string{"processing", "sent", "completed"}, statuses)
	assert.Equal(t, "completed", str(a.do("GET", "/api/transactions?reference_type=CoinWithdrawal", nil).list()[0], "status"))

	// on_hold, then cancelled: the money comes back.
	w2 := a.ok(201, "POST", "/api/coin_withdrawals", withdrawalBody(map[string]any{"force_commit": true}))
	id2 := str(w2, "id")
	charged := dec(t, w2, "charged_amount")
	before := s.Balance("EUR")
	require.NoError(t, s.HoldPayout(id2))
	assert.Equal(t, "on_hold", str(a.ok(200, "GET", "/api/coin_withdrawals/"+id2, nil), "status"))
	require.NoError(t, s.CancelPayout(id2, "merchant cancelled"))
	assert.Equal(t, "merchant cancelled", s.FailureReason(id2))
	assert.True(t, before.Add(charged).Equal(s.Balance("EUR")))

	// A new (uncommitted) withdrawal cannot be completed.
	w3 := a.ok(201, "POST", "/api/coin_withdrawals", withdrawalBody(nil))
	assert.ErrorIs(t, s.CompletePayout(str(w3, "id")), ErrInvalidState)
	assert.ErrorIs(t, s.SendPayout("nope"), ErrNotFound)
}

func TestSubscriptionPaidAndCancelled(t *testing.T) {
	t.Parallel()
	a, s, rec := newAPI(t)
	sub := a.ok(201, "POST", "/api/subscriptions", map[string]any{"name": "Plan", "amount": "10", "currency": "EUR", "period": "month",
		"period_quantity": 1, "starts_at": "2026-03-05T00:00:00Z", "payer_email": "a@example.com", "custom_id": "sub-1"})
	id := str(sub, "id")
	invID, err := s.PaySubscription(id, "")
	require.NoError(t, err)
	inv := a.ok(200, "GET", "/api/invoices/"+invID, nil)
	assert.Equal(t, id, str(inv, "subscription_id"))
	assert.Equal(t, "completed", str(inv, "status"))
	got := a.ok(200, "GET", "/api/subscriptions/"+id, nil)
	assert.Equal(t, "2026-03-05T00:00:00+00:00", str(got, "current_period_starts_at"))
	assert.Equal(t, "2026-04-05T00:00:00+00:00", str(got, "current_period_ends_at"))
	assert.Equal(t, "Subscription/paid", rec.events()[len(rec.events())-1])
	assert.Len(t, a.do("GET", "/api/invoices?subscription_id="+id, nil).list(), 1)

	_, err = s.PaySubscription(id, "ETH")
	require.NoError(t, err)
	assert.Equal(t, "2026-05-05T00:00:00+00:00", str(a.ok(200, "GET", "/api/subscriptions/custom_id/sub-1", nil), "current_period_ends_at"))

	require.NoError(t, s.CancelSubscription(id))
	assert.Equal(t, "Subscription/cancelled", rec.last().Type+"/"+rec.last().Event)
	_, err = s.PaySubscription(id, "")
	assert.ErrorIs(t, err, ErrInvalidState)
}

func TestRedeliverIsByteIdentical(t *testing.T) {
	t.Parallel()
	a, s, rec := newAPI(t)
	id, _ := newInvoice(t, a, nil)
	require.NoError(t, s.PayInvoiceInFull(id))
	ds := s.Deliveries()
	require.Len(t, ds, 4)
	for _, d := range ds {
		assert.True(t, d.Delivered())
		assert.Equal(t, "Invoice", d.Type)
		assert.Equal(t, id, d.ObjectID)
		assert.Equal(t, callbackSignature(s.CallbackSecret, d.Body), d.Header.Get(SignatureHeader))
	}
	again, err := s.Redeliver(ds[1].ID)
	require.NoError(t, err)
	assert.Equal(t, 2, again.Attempt)
	assert.Equal(t, ds[1].Body, again.Body)
	assert.Equal(t, ds[1].Header.Get(SignatureHeader), again.Header.Get(SignatureHeader))
	all := rec.all()
	assert.Equal(t, all[1].raw, all[len(all)-1].raw)
	assert.True(t, all[len(all)-1].sigOK)
	_, err = s.Redeliver("nope")
	assert.ErrorIs(t, err, ErrNotFound)

	// Without a callback URL callbacks are recorded with ErrNoCallbackURL.
	s.SetCallbackURL("")
	_, _ = newInvoice(t, a, nil)
	last := s.Deliveries()[len(s.Deliveries())-1]
	assert.ErrorIs(t, last.Err, ErrNoCallbackURL)
}

func TestConfirmByTxIDAndPayDeposit(t *testing.T) {
	t.Parallel()
	a, s, rec := newAPI(t)
	id, due := newInvoice(t, a, nil)
	half := due.Div(decimal.NewFromInt(2)).RoundDown(8)
	tx1, err := s.PayInvoice(id, half)
	require.NoError(t, err)
	tx2, err := s.PayInvoice(id, due.Sub(half))
	require.NoError(t, err)
	require.NoError(t, s.Confirm(tx1))
	assert.Equal(t, "new", str(a.ok(200, "GET", "/api/invoices/"+id, nil), "status"), "one payment still unconfirmed")
	require.NoError(t, s.Confirm(tx2))
	assert.Equal(t, "completed", str(a.ok(200, "GET", "/api/invoices/"+id, nil), "status"))
	assert.ErrorIs(t, s.Confirm(tx2), ErrInvalidState)
	assert.ErrorIs(t, s.Confirm("nope"), ErrNotFound)

	ch := a.ok(201, "POST", "/api/channels", map[string]any{"pay_currency": "LTC", "receiver_currency": "LTC"})
	rec.reset()
	tx, err := s.PayDeposit(str(ch, "address"), decimal.RequireFromString("1.5"))
	require.NoError(t, err)
	require.NoError(t, s.Confirm(tx))
	assert.Equal(t, []string{"ChannelPayment/created", "ChannelPayment/completed"}, rec.events())
	p := rec.last().Data
	assert.Equal(t, "1.5", str(p, "received_amount"), "same currency: no fee")
	assert.Equal(t, tx, str(p, "txid"))
	_, err = s.PayDeposit("unknown", decimal.NewFromInt(1))
	assert.ErrorIs(t, err, ErrNotFound)
}

// TestRefundTravelRuleAndCustomID: the refund's travel-rule beneficiary is
// checked as on coin withdrawals; custom_id and network are answered, and a
// reused custom_id is refused as taken before the invoice's state is looked
// at (a repeat of a refund that was made is "taken", not "already refunded").
func TestRefundTravelRuleAndCustomID(t *testing.T) {
	t.Parallel()
	a, s, _ := newAPI(t)
	id, _ := newInvoice(t, a, nil)
	require.NoError(t, s.PayInvoiceInFull(id))
	const addr = "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"
	r := a.do("POST", "/api/invoices/"+id+"/refunds", map[string]any{"address": addr, "custom_id": "rf-1", "travel_rule_compliant": true,
		"beneficiary": map[string]any{"type": "robot", "address": map[string]any{"country": "DE"}}})
	assert.Equal(t, http.StatusUnprocessableEntity, r.status)
	var targets []string
	for _, d := range r.details() {
		targets = append(targets, str(d, "target"))
	}
	assert.ElementsMatch(t, []string{"beneficiary.type", "beneficiary.name", "beneficiary.address.city", "beneficiary.address.line_1", "beneficiary.address.post_code"}, targets)
	assert.Equal(t, "completed", str(a.ok(200, "GET", "/api/invoices/"+id, nil), "status"), "a refused refund changes nothing")
	rf := a.ok(201, "POST", "/api/invoices/"+id+"/refunds", map[string]any{"address": addr, "custom_id": "rf-1", "travel_rule_compliant": true,
		"beneficiary": map[string]any{"type": "natural_person", "name": "Ann", "address": map[string]any{"country": "DE", "city": "Berlin", "line_1": "Str. 1", "post_code": "10115"}}})
	assert.Equal(t, "rf-1", str(rf, "custom_id"))
	assert.Equal(t, "bitcoin", str(rf, "network"))
	again := a.do("POST", "/api/invoices/"+id+"/refunds", map[string]any{"address": addr, "custom_id": "rf-1"})
	assert.Equal(t, http.StatusConflict, again.status, string(again.raw))
	id2, _ := newInvoice(t, a, nil)
	require.NoError(t, s.PayInvoiceInFull(id2))
	assert.Equal(t, http.StatusConflict, a.do("POST", "/api/invoices/"+id2+"/refunds", map[string]any{"address": addr, "custom_id": "rf-1"}).status,
		"custom_id is unique over every refund")
}
