package cryptoprocessingtest_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/cryptoprocessing/cryptoprocessingtest"
	"github.com/stretchr/testify/require"
)

// takeAddress asks the sandbox for a deposit address.
func (e *env) takeAddress(body string) map[string]any {
	e.t.Helper()
	r := e.post("addresses/take", body)
	mustStatus(e.t, r, http.StatusCreated)
	return r.data()
}

func firstTx(cb map[string]any) map[string]any {
	txs, _ := cb["transactions"].([]any)
	if len(txs) == 0 {
		return nil
	}
	m, _ := txs[0].(map[string]any)
	return m
}

func TestDepositNotConfirmedThenConfirmed(t *testing.T) {
	t.Parallel()
	e, rec, a, id := deposited(t, `{"currency":"BTC","foreign_id":"cust-1","end_user_reference":"eu-1"}`, "0.5")
	cb := rec.last()
	require.EqualValues(t, id, num(cb, "id").String(), "callback id %v, want %s", cb["id"], id)
	wantStrs(t, cb, []string{"type", "deposit", "status", "not_confirmed", "crypto_address.foreign_id", "cust-1"}, "not_confirmed callback %v", cb)
	require.EqualValues(t, str(a, "address"), str(cb, "crypto_address.address"), "not_confirmed callback %v", cb)
	wantStrs(t, cb, []string{"currency_sent.amount", "0.50000000", "currency_received.amount_minus_fee", "0.49500000", "end_user_reference", "eu-1"}, "not_confirmed callback %v", cb)
	require.NotContains(t, cb, "foreign_id", "deposit callbacks carry foreign_id inside crypto_address only")
	tx := firstTx(cb)
	require.EqualValues(t, json.Number("0"), tx["confirmations"], "deposit tx %v (confirmations must be a JSON number)", tx)
	require.EqualValues(t, "blockchain", str(tx, "transaction_type"), "deposit tx %v (confirmations must be a JSON number)", tx)
	require.NotEmpty(t, str(tx, "txid"), "deposit tx %v (confirmations must be a JSON number)", tx)
	require.Nil(t, tx["tag"], "deposit tx %v (confirmations must be a JSON number)", tx)
	require.True(t, e.srv.Balance("BTC").Equal(dec("1")), "credited before confirmation")

	require.Nil(t, e.srv.Confirm(id))
	cb = rec.last()
	require.EqualValues(t, "confirmed", str(cb, "status"), "confirmed callback %v", cb)
	require.EqualValues(t, json.Number("3"), firstTx(cb)["confirmations"], "confirmed callback %v", cb)
	require.Empty(t, str(cb, "fees.0"), "confirmed callback %v", cb)
	fees := cb["fees"].([]any)
	require.Len(t, fees, 1, "fees %v", fees)
	require.EqualValues(t, "0.00500000", str(fees[0].(map[string]any), "amount"), "fees %v", fees)
	require.True(t, e.srv.Balance("BTC").Equal(dec("1.495")), "balance %s", e.srv.Balance("BTC"))
	require.ErrorIs(t, e.srv.Confirm(id), cryptoprocessingtest.ErrInvalidState)
	require.ErrorIs(t, e.srv.Confirm("42"), cryptoprocessingtest.ErrNotFound)

	ds := e.srv.Deliveries()
	require.Len(t, ds, 2, "deliveries %+v", ds)
	require.EqualValues(t, "not_confirmed", ds[0].Status, "deliveries %+v", ds)
	require.EqualValues(t, "confirmed", ds[1].Status, "deliveries %+v", ds)
	require.EqualValues(t, "deposit", ds[1].Type, "deliveries %+v", ds)
	require.EqualValues(t, id, ds[1].ObjectID, "deliveries %+v", ds)
	require.True(t, ds[1].Delivered(), "deliveries %+v", ds)
	require.EqualValues(t, testSign(e.srv.APISecret, ds[1].Body), ds[1].Header.Get("X-Processing-Signature"), "deliveries %+v", ds)
	require.True(t, strings.HasSuffix(ds[1].URL, "/callbacks"), "deliveries %+v", ds)

	// At-least-once: a redelivery is byte-for-byte the same.
	again, err := e.srv.Redeliver(ds[1].ID)
	require.NoError(t, err)
	require.True(t, bytes.Equal(again.Body, ds[1].Body), "redelivery %+v", again)
	require.EqualValues(t, ds[1].Header.Get("X-Processing-Signature"), again.Header.Get("X-Processing-Signature"), "redelivery %+v", again)
	require.EqualValues(t, 2, again.Attempt, "redelivery %+v", again)
	require.True(t, again.Delivered(), "redelivery %+v", again)
	rec.mu.Lock()
	same := bytes.Equal(rec.raws[2], rec.raws[1])
	rec.mu.Unlock()
	require.True(t, same, "redelivered body differs")
	require.Len(t, e.srv.Deliveries(), 3, "redelivered body differs")
	_, err = e.srv.Redeliver("n7")
	require.ErrorIs(t, err, cryptoprocessingtest.ErrNotFound, "Redeliver of an unknown id")
}

func TestDepositBelowMinimumIsCancelled(t *testing.T) {
	t.Parallel()
	e, rec, _, id := deposited(t, `{"currency":"ETH","foreign_id":"cust-2"}`, "0.0001")
	cb := rec.last()
	require.EqualValues(t, "cancelled", str(cb, "status"), "callback %v", cb)
	require.NotEmpty(t, str(cb, "error"), "callback %v", cb)
	require.Len(t, rec.got(), 1, "callback %v", cb)
	require.ErrorIs(t, e.srv.Confirm(id), cryptoprocessingtest.ErrInvalidState)
	require.True(t, e.srv.Balance("ETH").Equal(dec("10")), "cancelled deposit credited")
}

func TestDepositCancelledAsDoubleSpend(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.takeAddress(`{"currency":"BTC","foreign_id":"c"}`)
	id, _ := e.srv.PayDeposit(str(a, "address"), dec("0.01"))
	require.Nil(t, e.srv.CancelDeposit(id, ""))
	ds := e.srv.Deliveries()
	require.EqualValues(t, "cancelled", ds[1].Status, "%+v", ds[1])
	require.ErrorIs(t, ds[1].Err, cryptoprocessingtest.ErrNoCallbackURL, "%+v", ds[1])
	require.False(t, ds[1].Delivered(), "%+v", ds[1])
}

func TestDepositWithExchange(t *testing.T) {
	t.Parallel()
	e, rec, _, id := deposited(t, `{"currency":"BTC","foreign_id":"cust-3","convert_to":"EUR"}`, "0.01")
	require.Nil(t, e.srv.Confirm(id))
	cb := rec.last()
	wantStrs(t, cb, []string{
		"type", "deposit_exchange", "crypto_address.convert_to", "EUR", "currency_received.currency", "EUR",
		"currency_received.amount", "600.00000000", "currency_received.amount_minus_fee", "594.00000000",
	}, "callback %v", cb)
	txs := cb["transactions"].([]any)
	require.Len(t, txs, 2, "transactions %v", txs)
	require.EqualValues(t, "exchange", str(txs[1].(map[string]any), "transaction_type"), "transactions %v", txs)
	require.EqualValues(t, "600.00000000", str(txs[1].(map[string]any), "amount_to"), "transactions %v", txs)
	require.True(t, e.srv.Balance("EUR").Equal(dec("10594")), "balances EUR %s BTC %s", e.srv.Balance("EUR"), e.srv.Balance("BTC"))
	require.True(t, e.srv.Balance("BTC").Equal(dec("1")), "balances EUR %s BTC %s", e.srv.Balance("EUR"), e.srv.Balance("BTC"))
}

func TestDepositXRPNeedsTag(t *testing.T) {
	t.Parallel()
	e, rec := receivingEnv(t)
	a := e.takeAddress(`{"currency":"XRP","foreign_id":"cust-4"}`)
	_, err := e.srv.PayDeposit(str(a, "address"), dec("20"))
	require.ErrorIs(t, err, cryptoprocessingtest.ErrNotFound, "deposit without tag: %v", err)
	_, err = e.srv.PayDeposit(str(a, "address")+"?dt="+string(num(a, "tag")), dec("20"))
	require.NoError(t, err)
	cb := rec.last()
	require.EqualValues(t, num(a, "tag"), num(cb, "crypto_address.tag"), "tag must be a JSON number: %v", cb)
	require.EqualValues(t, num(a, "tag"), num(firstTx(cb), "tag"), "tag must be a JSON number: %v", cb)
	_, err = e.srv.PayDeposit("bc1qnothing", dec("1"))
	require.ErrorIs(t, err, cryptoprocessingtest.ErrNotFound, "unknown address: %v", err)
	_, err = e.srv.PayDeposit(str(a, "address")+"?dt="+string(num(a, "tag")), dec("1.0000001"))
	require.ErrorIs(t, err, cryptoprocessingtest.ErrInvalidAmount, "too precise: %v", err)
	_, err = e.srv.PayDeposit(str(a, "address")+"?dt="+string(num(a, "tag")), dec("1e999999999"))
	require.ErrorIs(t, err, cryptoprocessingtest.ErrInvalidAmount, "huge: %v", err)
}

func TestWithdrawalConfirmedAndDeclined(t *testing.T) {
	t.Parallel()
	e, rec := receivingEnv(t)
	w1 := e.post("withdrawal/crypto", `{"foreign_id":"w-1","amount":"0.2","currency":"BTC","address":"bc1qpayee"}`)
	w2 := e.post("withdrawal/crypto", `{"foreign_id":"w-2","amount":"20","currency":"XRP","address":"rPayee","tag":"12345"}`)
	w3 := e.post("withdrawal/crypto", `{"foreign_id":"w-3","amount":"300","currency":"EUR","convert_to":"BTC","address":"bc1qpayee","end_user_reference":"eu"}`)
	for _, w := range []response{w1, w2, w3} {
		mustStatus(t, w, http.StatusCreated)
	}
	id1 := num(w1.data(), "id").String()
	id2 := num(w2.data(), "id").String()
	id3 := num(w3.data(), "id").String()
	require.Len(t, rec.got(), 0, "callback before any outcome")

	require.Nil(t, e.srv.CompletePayout(id1))
	cb := rec.last()
	tx := firstTx(cb)
	wantStrs(t, cb, []string{"type", "withdrawal", "status", "confirmed", "foreign_id", "w-1"}, "confirmed callback %v (confirmations must be a JSON string)", cb)
	require.Empty(t, str(cb, "error"), "confirmed callback %v (confirmations must be a JSON string)", cb)
	require.NotEmpty(t, str(tx, "txid"), "confirmed callback %v (confirmations must be a JSON string)", cb)
	require.EqualValues(t, "1", tx["confirmations"], "confirmed callback %v (confirmations must be a JSON string)", cb)
	require.EqualValues(t, "bc1qpayee", str(cb, "crypto_address.address"), "confirmed callback %v (confirmations must be a JSON string)", cb)
	require.True(t, e.srv.Balance("BTC").Equal(dec("0.8")), "BTC %s", e.srv.Balance("BTC"))

	require.Nil(t, e.srv.FailPayout(id2, "Address is blacklisted"))
	cb = rec.last()
	require.EqualValues(t, "declined", str(cb, "status"), "declined callback %v", cb)
	require.EqualValues(t, "Address is blacklisted", str(cb, "error"), "declined callback %v", cb)
	require.Nil(t, firstTx(cb)["txid"], "declined callback %v", cb)
	require.EqualValues(t, "12345", num(cb, "crypto_address.tag"), "declined callback %v", cb)
	require.True(t, e.srv.Balance("XRP").Equal(dec("10000")), "XRP not refunded: %s", e.srv.Balance("XRP"))

	require.Nil(t, e.srv.CancelPayout(id3, ""))
	cb = rec.last()
	wantStrs(t, cb, []string{
		"type", "withdrawal_exchange", "status", "cancelled", "crypto_address.convert_to", "BTC",
		"currency_received.amount", "0.00500000", "end_user_reference", "eu",
	}, "cancelled callback %v", cb)
	require.Len(t, cb["transactions"].([]any), 2, "cancelled callback %v", cb)
	require.True(t, e.srv.Balance("EUR").Equal(dec("10000")), "EUR not refunded: %s", e.srv.Balance("EUR"))

	require.ErrorIs(t, e.srv.CompletePayout(id2), cryptoprocessingtest.ErrInvalidState)
	require.ErrorIs(t, e.srv.FailPayout("1", "x"), cryptoprocessingtest.ErrNotFound)
}

// createInvoice makes an invoice and returns its data.
func (e *env) createInvoice(extra string) map[string]any {
	e.t.Helper()
	r := e.post("invoices/create", `{"title":"Order 1","currency":"EUR","amount":"120","url_success":"https://shop.example/ok","url_failed":"https://shop.example/fail","email_user":"payer@example.com"`+extra+`}`)
	mustStatus(e.t, r, http.StatusOK)
	return r.data()
}

func TestInvoiceCreate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	d := e.createInvoice(`,"foreign_id":"inv-1","timer":true,"sender_currency":"BTC","description":"two mugs","type":"good_until_expired"`)
	now := e.srv.Now().Unix()
	fixed, _ := num(d, "fixed_at").Int64()
	release, _ := num(d, "release_at").Int64()
	require.NotEmpty(t, num(d, "id"), "invoice %v", d)
	require.Contains(t, str(d, "url"), "/invoice/", "invoice %v", d)
	require.EqualValues(t, "inv-1", str(d, "foreign_id"), "invoice %v", d)
	require.True(t, strings.HasPrefix(str(d, "address"), "bc1q"), "invoice %v", d)
	wantStrs(t, d, []string{
		"title", "Order 1", "status", "created", "currency", "EUR",
		"amount", "120.00000000", "sender_currency", "BTC", "sender_amount", "0.00200000",
	}, "invoice %v", d)
	require.EqualValues(t, now, fixed, "invoice %v", d)
	require.EqualValues(t, now+900, release, "invoice %v", d)
	require.EqualValues(t, "900", num(d, "seconds_left"), "invoice %v", d)
	open := e.createInvoice(`,"foreign_id":"inv-2"`)
	for _, k := range []string{"address", "sender_currency", "sender_amount", "fixed_at", "release_at", "seconds_left"} {
		v, ok := open[k]
		require.True(t, ok, "%s should be null without timer or sender_currency: %v", k, open)
		require.Nil(t, v, "%s should be null without timer or sender_currency: %v", k, open)
	}
	base := `"title":"T","currency":"EUR","amount":"120","url_success":"https://s.example","url_failed":"https://f.example","email_user":"a@b.example"`
	cases := []struct{ body, field, msg string }{
		{`{` + base + `,"foreign_id":"inv-1"}`, "foreign_id", "The foreign id has already been taken."},
		{`{` + base + `}`, "foreign_id", "The foreign id field is required."},
		{`{` + strings.Replace(base, `"title":"T",`, "", 1) + `,"foreign_id":"n"}`, "title", "The title field is required."},
		{`{` + strings.Replace(base, `https://s.example`, "javascript:alert(1)", 1) + `,"foreign_id":"n"}`, "url_success", "The url success format is invalid."},
		{`{` + strings.Replace(base, `https://f.example`, "/relative", 1) + `,"foreign_id":"n"}`, "url_failed", "The url failed format is invalid."},
		{`{` + strings.Replace(base, `a@b.example`, "not-an-email", 1) + `,"foreign_id":"n"}`, "email_user", "The email user must be a valid email address."},
		{`{` + strings.Replace(base, `"120"`, `"5"`, 1) + `,"foreign_id":"n"}`, "amount", "The amount is too small. The minimum amount is 10.00 EUR."},
		{`{` + strings.Replace(base, `"120"`, `"10.001"`, 1) + `,"foreign_id":"n"}`, "amount", "The amount may not have more than 2 decimal places."},
		{`{` + base + `,"foreign_id":"n","type":"whatever"}`, "type", "The selected type is invalid."},
		{`{` + base + `,"foreign_id":"n","timer":"soon"}`, "timer", "The timer field must be true or false."},
		{`{` + base + `,"foreign_id":"n","sender_currency":"USD"}`, "sender_currency", "The selected sender currency is invalid."},
	}
	for _, c := range cases {
		wantError(t, e.post("invoices/create", c.body), c.field, c.msg)
	}
}

func TestInvoicePaidInFull(t *testing.T) {
	t.Parallel()
	e, rec := receivingEnv(t)
	d := e.createInvoice(`,"foreign_id":"inv-1","timer":true,"sender_currency":"BTC"`)
	id := num(d, "id").String()
	_, err := e.srv.PayInvoice(id, dec("0.002"))
	require.NoError(t, err)
	got := rec.got()
	require.Len(t, got, 2, "callbacks %v", got)
	require.EqualValues(t, "processing", str(got[0], "status"), "callbacks %v", got)
	require.EqualValues(t, "confirmed", str(got[1], "status"), "callbacks %v", got)
	cb := got[1]
	require.EqualValues(t, "invoice", str(cb, "type"), "confirmed invoice callback %v", cb)
	require.EqualValues(t, "inv-1", str(cb, "foreign_id"), "confirmed invoice callback %v", cb)
	require.Nil(t, cb["error"], "confirmed invoice callback %v", cb)
	wantStrs(t, cb, []string{"currency_sent.currency", "BTC", "currency_sent.remaining_amount", "0.00000000", "currency_received.amount", "120.00000000"}, "confirmed invoice callback %v", cb)
	require.EqualValues(t, "1", firstTx(cb)["confirmations"], "confirmed invoice callback %v", cb)
	require.EqualValues(t, "EUR", str(cb, "crypto_address.convert_to"), "confirmed invoice callback %v", cb)
	require.NotEmpty(t, num(cb, "fixed_at"), "confirmed invoice callback %v", cb)
	require.NotEmpty(t, num(cb, "expires_at"), "confirmed invoice callback %v", cb)
	require.True(t, e.srv.Balance("EUR").Equal(dec("10118.8")), "EUR %s", e.srv.Balance("EUR"))
	_, err = e.srv.PayInvoice(id, dec("0.001"))
	require.ErrorIs(t, err, cryptoprocessingtest.ErrInvalidState, "paying a confirmed invoice: %v", err)
	// A confirmed invoice cannot be cancelled.
	r := e.post("invoices/inv-1/cancel/", `{}`)
	mustStatus(t, r, http.StatusBadRequest)
	require.EqualValues(t, "invalid_invoice_state", str(r.body, "errors.code"), "cancel confirmed: %s", r.raw)
	require.EqualValues(t, "Invoice cannot be cancelled in current state", str(r.body, "errors.error"), "cancel confirmed: %s", r.raw)
}

func TestInvoicePartlyPaidThenExpired(t *testing.T) {
	t.Parallel()
	e, rec := receivingEnv(t)
	d := e.createInvoice(`,"foreign_id":"inv-1","timer":true,"sender_currency":"BTC","type":"good_until_expired"`)
	id := num(d, "id").String()
	_, err := e.srv.PayInvoice(id, dec("0.0005"))
	require.NoError(t, err)
	cb := rec.last()
	require.EqualValues(t, "pending", str(cb, "status"), "pending callback %v", cb)
	require.EqualValues(t, "0.00150000", str(cb, "currency_sent.remaining_amount"), "pending callback %v", cb)
	require.EqualValues(t, "0", firstTx(cb)["confirmations"], "pending callback %v", cb)
	require.Nil(t, e.srv.ExpireInvoice(id))
	cb = rec.last()
	require.EqualValues(t, "failed", str(cb, "status"), "failed callback %v", cb)
	require.EqualValues(t, "paid less than requested", str(cb, "error"), "failed callback %v", cb)
	require.True(t, e.srv.Balance("EUR").Equal(dec("10000")), "failed invoice credited")
	require.ErrorIs(t, e.srv.ExpireInvoice(id), cryptoprocessingtest.ErrInvalidState)
}

func TestInvoiceExpiresLazily(t *testing.T) {
	t.Parallel()
	e, rec := receivingEnv(t)
	d := e.createInvoice(`,"foreign_id":"inv-1","timer":true`)
	id := num(d, "id").String()
	e.srv.Advance(16 * time.Minute)
	require.Len(t, rec.got(), 0, "expired without any activity")
	// Any later request notices the timer ran out.
	r := e.send(http.MethodGet, "transactions/info", `{"foreign_id":"inv-1"}`, nil)
	mustStatus(t, r, http.StatusOK)
	require.EqualValues(t, "failed", str(r.body, "status"), "info %s", r.raw)
	require.EqualValues(t, "timer expired", str(r.body, "error"), "info %s", r.raw)
	cb := rec.last()
	require.EqualValues(t, "failed", str(cb, "status"), "callbacks %v", rec.got())
	require.EqualValues(t, "timer expired", str(cb, "error"), "callbacks %v", rec.got())
	require.Len(t, rec.got(), 1, "callbacks %v", rec.got())
	_, err := e.srv.PayInvoice(id, dec("0.002"))
	require.ErrorIs(t, err, cryptoprocessingtest.ErrInvalidState, "pay expired: %v", err)
	// Simulation calls notice it too.
	d2 := e.createInvoice(`,"foreign_id":"inv-2","timer":true`)
	id2 := num(d2, "id").String()
	e.srv.Advance(15 * time.Minute)
	_, err = e.srv.PayInvoice(id2, dec("0.002"))
	require.ErrorIs(t, err, cryptoprocessingtest.ErrInvalidState, "pay expired: %v", err)
	require.EqualValues(t, "inv-2", str(rec.last(), "foreign_id"), "lazy expiry callback %v", rec.last())
	require.EqualValues(t, "failed", str(rec.last(), "status"), "lazy expiry callback %v", rec.last())
}

func TestInvoiceCancel(t *testing.T) {
	t.Parallel()
	e, rec := receivingEnv(t)
	e.createInvoice(`,"foreign_id":"inv/1"`)
	r := e.post("invoices/inv%2F1/cancel/", `{}`)
	mustStatus(t, r, http.StatusOK)
	require.EqualValues(t, "cancelled", str(r.data(), "status"), "cancel: %s / %v", r.raw, rec.last())
	require.EqualValues(t, "cancelled", str(rec.last(), "status"), "cancel: %s / %v", r.raw, rec.last())
	require.EqualValues(t, "inv/1", str(rec.last(), "foreign_id"), "cancel: %s / %v", r.raw, rec.last())
	again := e.post("invoices/inv%2F1/cancel", `{}`)
	mustStatus(t, again, http.StatusBadRequest)
	require.EqualValues(t, "invalid_invoice_state", str(again.body, "errors.code"), "cancel twice: %s", again.raw)
	nf := e.post("invoices/nope/cancel/", `{}`)
	mustStatus(t, nf, http.StatusNotFound)
	require.EqualValues(t, "invoice_not_found", str(nf.body, "errors.code"), "cancel unknown: %s", nf.raw)
	wantCode(t, e.post("invoices/nope/cancel/", `[]`), http.StatusBadRequest, "bad_content_format")

	// A partly paid invoice can still be cancelled.
	d := e.createInvoice(`,"foreign_id":"inv-2"`)
	id := num(d, "id").String()
	_, err := e.srv.PayInvoice(id, dec("0.001"))
	require.NoError(t, err)
	mustStatus(t, e.post("invoices/inv-2/cancel/", `{}`), http.StatusOK)
}

func TestConcurrentUse(t *testing.T) {
	t.Parallel()
	e, rec := receivingEnv(t)
	e.srv.SetBalance("BTC", dec("100"))
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			fid := string(rune('a' + i))
			w := e.post("withdrawal/crypto", `{"foreign_id":"`+fid+`","amount":"1","currency":"BTC","address":"bc1qx"}`)
			id := num(w.data(), "id").String()
			_ = e.srv.CompletePayout(id)
			a := e.takeAddress(`{"currency":"BTC","foreign_id":"` + fid + `"}`)
			dep, _ := e.srv.PayDeposit(str(a, "address"), dec("1"))
			_ = e.srv.Confirm(dep)
			_ = e.srv.Deliveries()
		}(i)
	}
	wg.Wait()
	require.True(t, e.srv.Balance("BTC").Equal(dec("99.92")), "balance %s, %d callbacks", e.srv.Balance("BTC"), len(rec.got()))
	require.Len(t, rec.got(), 24, "balance %s, %d callbacks", e.srv.Balance("BTC"), len(rec.got()))
}
