package gateway_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/gateway"
	"github.com/coinsdk/coinsdk/gateway/gatewaytest"
	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/payments/paymentstest"
	"github.com/coinsdk/coinsdk/payouts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// events parses every delivery from index from on.
func events(t *testing.T, c *gateway.Client, sb *gatewaytest.Server, from int) []*gateway.Event {
	t.Helper()
	var out []*gateway.Event
	for _, d := range sb.Deliveries()[from:] {
		ev, err := c.Webhooks.ParseBody(d.Body, d.Header)
		require.NoError(t, err)
		out = append(out, ev)
	}
	return out
}

func TestSandboxFixedPaymentPartialThenTopUp(t *testing.T) {
	t.Parallel()
	c, sb := newSandbox(t, "")
	p, err := c.Payments.Create(t.Context(), &gateway.PaymentParams{Amount: dec("260"), AssetID: "USD", PaymentAssetID: "BTC", Reference: "order-1"})
	require.NoError(t, err)
	assert.Equal(t, "0.01", p.PaymentAmount.String(), "260 USD at 26000")
	assert.Equal(t, "order-1", p.Reference())
	from := len(sb.Deliveries())

	_, err = sb.PayInvoice(p.PaymentID, dec("0.004"))
	require.NoError(t, err)
	got, err := c.Payments.Get(t.Context(), p.PaymentID)
	require.NoError(t, err)
	assert.Equal(t, payments.StatusUnderpaid, got.Normalized())
	assert.Equal(t, "0.006", got.RemainAmount.String())

	_, err = sb.PayInvoice(p.PaymentID, dec("0.006"))
	require.NoError(t, err)
	got, err = c.Payments.Get(t.Context(), p.PaymentID)
	require.NoError(t, err)
	assert.Equal(t, payments.StatusPaid, got.Normalized())
	assert.Equal(t, "260", got.PaidAmount.String())

	evs := events(t, c, sb, from)
	require.Len(t, evs, 3, "open (first part), open (second part), complete")
	keys := map[string]bool{}
	for _, ev := range evs {
		assert.True(t, ev.BodyAuthenticated)
		assert.Equal(t, "order-1", ev.Payment.Reference())
		keys[ev.DedupeKey()] = true
	}
	assert.Len(t, keys, 3, "two partial payments and the completion are three events")
	assert.Equal(t, gateway.EventPaymentComplete, evs[2].Type)

	txs, err := c.Payments.Transactions(t.Context(), p.PaymentID)
	require.NoError(t, err)
	require.Len(t, txs, 2)
	assert.Equal(t, "0.004", txs[0].Amount.String())
	assert.Equal(t, gateway.TransactionStatusComplete, txs[0].Status)

	found, err := c.Payments.FindByReference(t.Context(), "order-1")
	require.NoError(t, err)
	assert.Equal(t, p.PaymentID, found.PaymentID)
	_, err = c.Payments.FindByReference(t.Context(), "no-such-order")
	assert.ErrorIs(t, err, payments.ErrNotFound)
}

func TestSandboxOverpaidUnconfirmedLateAndOpenAmount(t *testing.T) {
	t.Parallel()
	c, sb := newSandbox(t, "")
	over, err := c.Payments.Create(t.Context(), &gateway.PaymentParams{Amount: dec("0.01"), AssetID: "BTC", PaymentAssetID: "BTC"})
	require.NoError(t, err)
	h, err := sb.Pay(over.PaymentID, dec("0.015"))
	require.NoError(t, err)
	got, _ := c.Payments.Get(t.Context(), over.PaymentID)
	assert.Equal(t, gateway.PaymentStatusClosing, got.Status, "the amount due arrived: closing, waiting for confirmations")
	assert.Equal(t, payments.StatusConfirming, got.Normalized(), "seen, not confirmed")
	require.NoError(t, sb.Confirm(h))
	got, _ = c.Payments.Get(t.Context(), over.PaymentID)
	assert.Equal(t, payments.StatusOverpaid, got.Normalized())

	late, err := c.Payments.Create(t.Context(), &gateway.PaymentParams{Amount: dec("0.01"), AssetID: "BTC", PaymentAssetID: "BTC", Timeout: 15})
	require.NoError(t, err)
	require.NoError(t, sb.ExpireInvoice(late.PaymentID))
	got, _ = c.Payments.Get(t.Context(), late.PaymentID)
	assert.Equal(t, payments.StatusExpired, got.Normalized())
	from := len(sb.Deliveries())
	_, err = sb.PayInvoice(late.PaymentID, dec("0.01"))
	require.NoError(t, err)
	got, _ = c.Payments.Get(t.Context(), late.PaymentID)
	assert.Equal(t, gateway.PaymentStatusCancel, got.Status, "a late payment never completes a cancelled one")
	assert.Equal(t, payments.StatusCancelled, got.Normalized(), "cancelled, with the late funds in Received")
	assert.Equal(t, "0.01", got.IPAmount.String())
	assert.False(t, got.Normalized().IsSuccess())
	for _, ev := range events(t, c, sb, from) {
		assert.Equal(t, gateway.EventPaymentCancel, ev.Type, "the receipt is delivered with the cancelled payment")
	}

	open, err := c.Payments.Create(t.Context(), &gateway.PaymentParams{PaymentType: gateway.PaymentTypeOpen, AssetID: "ETH", PaymentAssetID: "ETH"})
	require.NoError(t, err)
	_, err = sb.PayInvoice(open.PaymentID, dec("0.123456789012345678"))
	require.NoError(t, err)
	got, _ = c.Payments.Get(t.Context(), open.PaymentID)
	assert.Equal(t, payments.StatusPaid, got.Normalized())
	assert.Equal(t, "0.123456789012345678", got.IPAmount.String(), "18 places, no digit lost")

	cancelled, err := c.Payments.Create(t.Context(), &gateway.PaymentParams{Amount: dec("10"), AssetID: "USD", PaymentAssetID: "TRX"})
	require.NoError(t, err)
	from = len(sb.Deliveries())
	require.NoError(t, sb.ExpireInvoice(cancelled.PaymentID))
	evs := events(t, c, sb, from)
	require.Len(t, evs, 1)
	assert.Equal(t, gateway.EventPaymentCancel, evs[0].Type)

	list, err := c.Payments.List(t.Context(), &gateway.PaymentListParams{From: time.Now().Add(-24 * time.Hour), To: time.Now(), Status: gateway.PaymentStatusComplete})
	require.NoError(t, err)
	assert.Len(t, list, 2)
	for _, p := range list {
		assert.Equal(t, gateway.PaymentStatusComplete, p.Status, "status_type read from the list")
	}
}

func TestSandboxDedicatedAddressDeposit(t *testing.T) {
	t.Parallel()
	c, sb := newSandbox(t, "")
	d, err := c.Dedicated.Create(t.Context(), &gateway.DedicatedParams{AssetID: "USDT.TRC20", Reference: "customer-7",
		CustomFields: gateway.CustomFields{Custom: `{"customer":"7"}`, Custom1: "vip"}})
	require.NoError(t, err)
	assert.Equal(t, gateway.DedicatedAddressStatusOpen, d.Status)
	from := len(sb.Deliveries())
	tx, err := sb.PayDeposit(d.Address, dec("25.5"))
	require.NoError(t, err)
	pid, err := sb.PaymentOf(tx)
	require.NoError(t, err)
	evs := events(t, c, sb, from)
	require.Len(t, evs, 2)
	done := evs[1]
	assert.Equal(t, gateway.EventPaymentComplete, done.Type)
	assert.Equal(t, d.DedicateID, done.Payment.DedicateID)
	assert.Equal(t, "customer-7", done.Payment.Reference(), "the dedication's reference comes back on its payments")
	assert.Equal(t, "vip", done.Payment.Custom1)
	assert.Equal(t, "25.5", done.Payment.IPAmount.String())
	assert.Equal(t, pid, done.ObjectID())

	byDedicate, err := c.Payments.List(t.Context(), &gateway.PaymentListParams{From: time.Now(), To: time.Now(), DedicateID: d.DedicateID})
	require.NoError(t, err)
	assert.Len(t, byDedicate, 1)

	rel, err := c.Dedicated.Release(t.Context(), d.DedicateID)
	require.NoError(t, err)
	assert.Equal(t, gateway.DedicatedAddressStatusComplete, rel.Status)
	last := events(t, c, sb, len(sb.Deliveries())-1)[0]
	assert.Equal(t, gateway.KindDedicated, last.Kind, "a bare dedicated object, as documented")
	_, err = sb.PayDeposit(d.DedicateID, dec("1"))
	assert.ErrorIs(t, err, gatewaytest.ErrInvalidState, "a released address takes no deposit")
	_, err = sb.PayDeposit(d.Address, dec("1"))
	assert.ErrorIs(t, err, gatewaytest.ErrInvalidState, "by its address too")

	// ASSIGN reserves the address for one payment.
	as, err := c.Dedicated.Create(t.Context(), &gateway.DedicatedParams{AssetID: "BTC", DedicateType: gateway.DedicateTypeAssign})
	require.NoError(t, err)
	p, err := c.Payments.Create(t.Context(), &gateway.PaymentParams{Amount: dec("0.001"), AssetID: "BTC", PaymentAssetID: "BTC", DedicateID: as.DedicateID})
	require.NoError(t, err)
	assert.Equal(t, as.Address, p.Address)
}

func TestSandboxWithdrawalsAndBalances(t *testing.T) {
	t.Parallel()
	c, sb := newSandbox(t, "")
	before, err := c.Accounts.Get(t.Context())
	require.NoError(t, err)
	w, err := c.Withdrawals.Create(t.Context(), &gateway.WithdrawalParams{Amount: dec("0.1"), AssetID: "BTC", Address: "bc1qpayee", Reference: "wd-1"})
	require.NoError(t, err)
	assert.Equal(t, payments.StatusProcessing, w.Normalized())
	assert.Equal(t, "wd-1", w.Reference())
	mid, err := c.Accounts.Get(t.Context())
	require.NoError(t, err)
	btc := func(b *gateway.Balances) gateway.Account {
		for _, a := range b.Accounts {
			if a.AssetID == "BTC" {
				return a
			}
		}
		t.Fatal("no BTC account")
		return gateway.Account{}
	}
	assert.Equal(t, "0.1001", btc(mid).OnHold.String(), "amount and fee held")
	require.NoError(t, sb.CompletePayout(w.WithdrawID))
	got, err := c.Withdrawals.Get(t.Context(), w.WithdrawID)
	require.NoError(t, err)
	assert.Equal(t, payments.StatusCompleted, got.Normalized())
	after, _ := c.Accounts.Get(t.Context())
	assert.Equal(t, btc(before).Balance.Sub(dec("0.1001")).String(), btc(after).Balance.String())

	// Fiat-denominated withdrawal, converted; then cancelled.
	w2, err := c.Withdrawals.Create(t.Context(), &gateway.WithdrawalParams{Amount: dec("260"), AssetID: "USD", WithdrawAssetID: "BTC", Address: "bc1qpayee"})
	require.NoError(t, err)
	assert.Equal(t, "0.01", w2.Amount.String())
	assert.Equal(t, "BTC", w2.AssetID)
	require.NoError(t, sb.FailPayout(w2.WithdrawID, "compliance"))
	got, _ = c.Withdrawals.Get(t.Context(), w2.WithdrawID)
	assert.Equal(t, payments.StatusCancelled, got.Normalized())

	_, err = c.Withdrawals.Create(t.Context(), &gateway.WithdrawalParams{Amount: dec("100"), AssetID: "BTC", Address: "bc1qpayee"})
	var apiErr *payments.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "ERR_INSUFFICIENT_FUNDS", apiErr.Code)
	_, err = c.Withdrawals.Get(t.Context(), "missing")
	assert.ErrorIs(t, err, payments.ErrNotFound)

	tr, err := c.Transfers.Create(t.Context(), &gateway.TransferParams{ToStoreID: "other-store", Amount: dec("5"), AssetID: "USDT.TRC20"})
	require.NoError(t, err)
	assert.Equal(t, gateway.TransferStatusComplete, tr.Status)
	assert.Equal(t, "9995", sb.Balance("USDT.TRC20").String())

	assets, err := c.Assets.List(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "0.00000001", assets[0].MinSize.String())
	conv, err := c.Conversions.Convert(t.Context(), &gateway.ConvertParams{FromAmount: dec("100"), FromAssetID: "USD", AssetID: "BTC"})
	require.NoError(t, err)
	assert.Equal(t, "0.00384615", conv.Amount.String())
	assert.True(t, conv.Rate.Mul(dec("26000")).Sub(dec("1")).Abs().LessThan(dec("0.000000001")), "rate from exponent form: %s", conv.Rate)
}

// The documented 500-after-work on a withdrawal: the withdrawal exists, the
// SDK says it cannot resolve it and does not resend. The adapter keeps
// nothing (a repeat would be a second withdrawal); payouts.Sender is what
// refuses the repeat and reports the payout for a person.
func TestSandboxWithdrawalUnknownOutcomeIsNotResolvable(t *testing.T) {
	t.Parallel()
	c, sb := newSandbox(t, "")
	sb.InjectFault(gatewaytest.Fault{Method: http.MethodPost, Path: "withdraw", Kind: gatewaytest.FaultErrorAfterWork})
	a := newAdapter(t, c, gateway.AdapterOptions{})
	s, err := payouts.NewSender(a, payouts.NewMemoryJournal())
	require.NoError(t, err)
	params := &payments.PayoutParams{Amount: payments.MustMoney("0.01", "BTC"), Address: "bc1qpayee", Reference: "payout-42"}
	_, err = s.Send(t.Context(), params)
	require.ErrorIs(t, err, payments.ErrUnknownOutcome)
	var wu *gateway.WithdrawalUnknownError
	require.ErrorAs(t, err, &wu)
	assert.Equal(t, "payout-42", wu.Reference)
	require.ErrorIs(t, err, payouts.ErrNeedsPerson)
	assert.Equal(t, 1, sb.PayoutsMade(), "the service did the work")
	require.NoError(t, sb.VerifyFaults())
	posts := func() int {
		n := 0
		for _, r := range sb.Requests() {
			if r.Method == http.MethodPost && r.Path == "/int/withdraw" {
				n++
			}
		}
		return n
	}
	assert.Equal(t, 1, posts(), "never retried")

	_, err = a.FindPayout(t.Context(), "payout-42")
	assert.ErrorIs(t, err, payments.ErrUnsupported)
	assert.False(t, a.Capabilities().Has(payments.CapFindPayout))
	_, err = s.Send(t.Context(), params)
	assert.ErrorIs(t, err, payouts.ErrNeedsPerson, "the Sender does not resend")
	results, err := s.Resolve(t.Context())
	require.NoError(t, err)
	require.Len(t, results, 1)
	assert.Equal(t, payouts.StateAttention, results[0].State)
	assert.Equal(t, 1, sb.PayoutsMade())
	assert.Equal(t, 1, posts())

	// A definite refusal made nothing: the same reference may be sent again.
	big := &payments.PayoutParams{Amount: payments.MustMoney("50", "BTC"), Address: "bc1qpayee", Reference: "payout-43"}
	_, err = s.Send(t.Context(), big)
	require.ErrorIs(t, err, payments.ErrInvalidRequest, "insufficient funds")
	sb.SetBalance("BTC", dec("100"))
	p, err := s.Send(t.Context(), big)
	require.NoError(t, err)
	assert.Equal(t, "payout-43", p.Reference)
}

// The same fault on a payment create is settled by the create itself: the
// payment carries its reference in custom, so after the 500 (the work was
// done) Payments.Create finds it by reference (settle.go) and returns it.
// The adapter's FindInvoice stays unsupported (references are not unique).
func TestSandboxPaymentUnknownOutcomeResolvedByReference(t *testing.T) {
	t.Parallel()
	c, sb := newSandbox(t, "")
	sb.InjectFault(gatewaytest.Fault{Path: "payment", Kind: gatewaytest.FaultErrorAfterWork})
	settled, err := c.Payments.Create(t.Context(), &gateway.PaymentParams{Amount: dec("10"), AssetID: "USD", PaymentAssetID: "BTC", Reference: "order-9"})
	require.NoError(t, err, "the payment that was made is found by its reference")
	assert.Equal(t, "order-9", settled.Reference())
	assert.Equal(t, "10", settled.Amount.String())
	assert.Equal(t, 1, invoices(sb), "settled, not sent again")
	found, err := c.Payments.FindByReference(t.Context(), "order-9")
	require.NoError(t, err)
	assert.Equal(t, settled.PaymentID, found.PaymentID)
	a := newAdapter(t, c, gateway.AdapterOptions{})
	_, err = a.FindInvoice(t.Context(), "order-9")
	assert.ErrorIs(t, err, payments.ErrUnsupported, "references are not unique: no CapFindInvoice")
	var viaAs *gateway.Client
	require.True(t, a.As(&viaAs))
	again, err := viaAs.Payments.FindByReference(t.Context(), "order-9")
	require.NoError(t, err)
	assert.Equal(t, found.PaymentID, again.PaymentID)

	// The same reference on a payment of another amount is not ours: the
	// answer (a 500 after the work) is settled to a mismatch, never to the
	// other payment.
	sb.InjectFault(gatewaytest.Fault{Path: "payment", Kind: gatewaytest.FaultErrorAfterWork})
	_, err = c.Payments.Create(t.Context(), &gateway.PaymentParams{Amount: dec("11"), AssetID: "USD", PaymentAssetID: "BTC", Reference: "order-9"})
	require.Error(t, err)
	assert.True(t, payments.OneMeaning(err), "%v", err)

	// A timeout did nothing (the sandbox holds the request): the lookup
	// finds nothing, and the outcome stays unknown.
	sb.InjectFault(gatewaytest.Fault{Path: "payment", Kind: gatewaytest.FaultTimeout})
	short, cancel := contextWithTimeout(t, 300*time.Millisecond)
	defer cancel()
	_, err = c.Payments.Create(short, &gateway.PaymentParams{Amount: dec("10"), AssetID: "USD", PaymentAssetID: "BTC", Reference: "order-10"})
	uo := providertest.UnknownOutcome(t, err)
	assert.Equal(t, "order-10", uo.Reference)

	// A truncated answer after the work: settled by reference too.
	sb.InjectFault(gatewaytest.Fault{Path: "payment", Kind: gatewaytest.FaultMalformedBody})
	p, err := c.Payments.Create(t.Context(), &gateway.PaymentParams{Amount: dec("10"), AssetID: "USD", PaymentAssetID: "BTC", Reference: "order-11"})
	require.NoError(t, err, "the work was done and is found")
	assert.Equal(t, "order-11", p.Reference())
}

// The sandbox checks auth and amount types with its own code.
func TestSandboxRefusesBadRequests(t *testing.T) {
	t.Parallel()
	_, sb := newSandbox(t, "")
	post := func(body, auth string) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, sb.URL+"/payment", bytes.NewReader([]byte(body)))
		req.Header.Set("Content-Type", "application/json")
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var b bytes.Buffer
		_, _ = b.ReadFrom(resp.Body)
		return resp.StatusCode, b.String()
	}
	good := "Basic " + base64.StdEncoding.EncodeToString([]byte(sb.APIKey+":"+sb.APISecret))
	status, body := post(`{"amount":"10","asset_id":"USD","payment_asset_id":"BTC"}`, good)
	assert.Equal(t, 422, status)
	assert.Contains(t, body, "amount: expected a JSON number, got string")
	status, _ = post(`{"amount":10,"asset_id":"USD","payment_asset_id":"BTC"}`, "Basic "+base64.StdEncoding.EncodeToString([]byte(sb.APIKey+":wrong")))
	assert.Equal(t, 401, status)
	status, _ = post(`{"amount":10,"asset_id":"USD","payment_asset_id":"BTC"}`, "")
	assert.Equal(t, 401, status)
	status, body = post(`{"amount":10,"asset_id":"USD","payment_asset_id":"BTC"," custom1 ":"x"}`, good)
	assert.Equal(t, 200, status)
	assert.Contains(t, body, `"custom1":"x"`)
	for _, r := range sb.Requests() {
		assert.NotContains(t, r.Header.Get("Authorization"), sb.APISecret)
	}

	c, err := gateway.New(gateway.Config{APIKey: sb.APIKey, APISecret: "wrong"}, option.WithBaseURL(sb.URL))
	require.NoError(t, err)
	_, err = c.Assets.List(t.Context())
	assert.ErrorIs(t, err, payments.ErrUnauthorized)
}

func TestSandboxRedeliverAndAdapterEvents(t *testing.T) {
	t.Parallel()
	rec := paymentstest.NewWebhookRecorder()
	defer rec.Close()
	c, sb := newSandbox(t, rec.URL)
	a := newAdapter(t, c, gateway.AdapterOptions{PaymentAsset: "BTC"})
	inv, err := a.CreateInvoice(t.Context(), &payments.InvoiceParams{Amount: payments.MustMoney("26", "USD"), Reference: "o-1"})
	require.NoError(t, err)
	assert.Equal(t, "BTC", inv.Due.Currency)
	_, err = sb.PayInvoice(inv.ID, inv.Due.Amount)
	require.NoError(t, err)
	d := sb.Deliveries()
	again, err := sb.Redeliver(d[len(d)-1].ID)
	require.NoError(t, err)
	assert.Equal(t, 2, again.Attempt)
	reqs := rec.Requests(0)
	first, err := a.ParseWebhook(reqs[len(reqs)-2])
	require.NoError(t, err)
	second, err := a.ParseWebhook(reqs[len(reqs)-1])
	require.NoError(t, err)
	assert.Equal(t, first.DedupeKey, second.DedupeKey, "a redelivery has the same key")
	assert.Equal(t, payments.EventInvoice, first.Kind)
	assert.Equal(t, payments.StatusPaid, first.Status)
	assert.Equal(t, "o-1", first.Reference)
	_, err = sb.Redeliver("n-missing")
	assert.True(t, errors.Is(err, gatewaytest.ErrNotFound))
}

// 64 goroutines share one client: zero failures.
func TestOneClientManyGoroutines(t *testing.T) {
	t.Parallel()
	c, sb := newSandbox(t, "")
	providertest.Concurrently(t, 64, 8, func(_, i int) error {
		var err error
		switch i % 4 {
		case 0:
			_, err = c.Assets.List(t.Context())
		case 1:
			var p *gateway.Payment
			p, err = c.Payments.Create(t.Context(), &gateway.PaymentParams{Amount: dec("1"), AssetID: "USD", PaymentAssetID: "TRX"})
			if err == nil {
				_, err = c.Payments.Get(t.Context(), p.PaymentID)
			}
		case 2:
			_, err = c.Accounts.Get(t.Context())
		case 3:
			_, err = c.Conversions.Convert(t.Context(), &gateway.ConvertParams{FromAmount: dec("1"), FromAssetID: "USD", AssetID: "ETH"})
		}
		return err
	})
	assert.Equal(t, 64*2, invoices(sb))
}

// invoices counts the payments the sandbox holds.
func invoices(sb *gatewaytest.Server) int {
	n := 0
	for _, o := range sb.Objects() {
		if o.Kind == "invoice" {
			n++
		}
	}
	return n
}
