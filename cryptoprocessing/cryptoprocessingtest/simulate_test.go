package cryptoprocessingtest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/cryptoprocessing/cryptoprocessingtest"
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
	e := newEnv(t)
	rec := newReceiver(t, e.srv)
	a := e.takeAddress(`{"currency":"BTC","foreign_id":"cust-1","end_user_reference":"eu-1"}`)

	id, err := e.srv.PayAddress(str(a, "address"), dec("0.5"))
	if err != nil {
		t.Fatal(err)
	}
	cb := rec.last()
	if got := num(cb, "id").String(); got != id {
		t.Fatalf("callback id %v, want %s", cb["id"], id)
	}
	if str(cb, "type") != "deposit" || str(cb, "status") != "not_confirmed" ||
		str(cb, "crypto_address.foreign_id") != "cust-1" || str(cb, "crypto_address.address") != str(a, "address") ||
		str(cb, "currency_sent.amount") != "0.50000000" || str(cb, "currency_received.amount_minus_fee") != "0.49500000" ||
		str(cb, "end_user_reference") != "eu-1" {
		t.Fatalf("not_confirmed callback %v", cb)
	}
	if _, atRoot := cb["foreign_id"]; atRoot {
		t.Fatal("deposit callbacks carry foreign_id inside crypto_address only")
	}
	tx := firstTx(cb)
	if tx["confirmations"] != json.Number("0") || str(tx, "transaction_type") != "blockchain" || str(tx, "txid") == "" || tx["tag"] != nil {
		t.Fatalf("deposit tx %v (confirmations must be a JSON number)", tx)
	}
	if !e.srv.Balance("BTC").Equal(dec("1")) {
		t.Fatal("credited before confirmation")
	}

	if err := e.srv.Confirm(id, 0); err != nil {
		t.Fatal(err)
	}
	cb = rec.last()
	if str(cb, "status") != "confirmed" || firstTx(cb)["confirmations"] != json.Number("3") || str(cb, "fees.0") != "" {
		t.Fatalf("confirmed callback %v", cb)
	}
	fees := cb["fees"].([]any)
	if len(fees) != 1 || str(fees[0].(map[string]any), "amount") != "0.00500000" {
		t.Fatalf("fees %v", fees)
	}
	if !e.srv.Balance("BTC").Equal(dec("1.495")) {
		t.Fatalf("balance %s", e.srv.Balance("BTC"))
	}
	if err := e.srv.Confirm(id, 0); !errors.Is(err, cryptoprocessingtest.ErrInvalidState) {
		t.Fatalf("second confirm: %v", err)
	}
	if err := e.srv.Confirm("42", 0); !errors.Is(err, cryptoprocessingtest.ErrNotFound) {
		t.Fatalf("unknown deposit: %v", err)
	}

	ds := e.srv.Deliveries()
	if len(ds) != 2 || ds[0].Status != "not_confirmed" || ds[1].Status != "confirmed" || ds[1].Type != "deposit" || ds[1].ObjectID != id ||
		!ds[1].Delivered() || ds[1].Header.Get("X-Processing-Signature") != testSign(e.srv.APISecret, ds[1].Body) || !strings.HasSuffix(ds[1].URL, "/callbacks") {
		t.Fatalf("deliveries %+v", ds)
	}

	// At-least-once: a redelivery is byte-for-byte the same.
	again, err := e.srv.Redeliver(ds[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.Body, ds[1].Body) || again.Header.Get("X-Processing-Signature") != ds[1].Header.Get("X-Processing-Signature") || again.Attempt != 2 || !again.Delivered() {
		t.Fatalf("redelivery %+v", again)
	}
	rec.mu.Lock()
	same := bytes.Equal(rec.raws[2], rec.raws[1])
	rec.mu.Unlock()
	if !same || len(e.srv.Deliveries()) != 3 {
		t.Fatal("redelivered body differs")
	}
	if _, err := e.srv.Redeliver("n7"); !errors.Is(err, cryptoprocessingtest.ErrNotFound) {
		t.Fatal("Redeliver of an unknown id")
	}
}

func TestDepositBelowMinimumIsCancelled(t *testing.T) {
	e := newEnv(t)
	rec := newReceiver(t, e.srv)
	a := e.takeAddress(`{"currency":"ETH","foreign_id":"cust-2"}`)
	id, err := e.srv.PayAddress(str(a, "address"), dec("0.0001"))
	if err != nil {
		t.Fatal(err)
	}
	cb := rec.last()
	if str(cb, "status") != "cancelled" || str(cb, "error") == "" || len(rec.got()) != 1 {
		t.Fatalf("callback %v", cb)
	}
	if err := e.srv.Confirm(id, 0); !errors.Is(err, cryptoprocessingtest.ErrInvalidState) {
		t.Fatalf("confirm cancelled: %v", err)
	}
	if !e.srv.Balance("ETH").Equal(dec("10")) {
		t.Fatal("cancelled deposit credited")
	}
}

func TestDepositCancelledAsDoubleSpend(t *testing.T) {
	e := newEnv(t)
	a := e.takeAddress(`{"currency":"BTC","foreign_id":"c"}`)
	id, _ := e.srv.PayAddress(str(a, "address"), dec("0.01"))
	if err := e.srv.CancelDeposit(id, ""); err != nil {
		t.Fatal(err)
	}
	ds := e.srv.Deliveries()
	if ds[1].Status != "cancelled" || !errors.Is(ds[1].Err, cryptoprocessingtest.ErrNoCallbackURL) || ds[1].Delivered() {
		t.Fatalf("%+v", ds[1])
	}
}

func TestDepositWithExchange(t *testing.T) {
	e := newEnv(t)
	rec := newReceiver(t, e.srv)
	a := e.takeAddress(`{"currency":"BTC","foreign_id":"cust-3","convert_to":"EUR"}`)
	id, err := e.srv.PayAddress(str(a, "address"), dec("0.01"))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.srv.Confirm(id, 0); err != nil {
		t.Fatal(err)
	}
	cb := rec.last()
	if str(cb, "type") != "deposit_exchange" || str(cb, "crypto_address.convert_to") != "EUR" ||
		str(cb, "currency_received.currency") != "EUR" || str(cb, "currency_received.amount") != "600.00000000" ||
		str(cb, "currency_received.amount_minus_fee") != "594.00000000" {
		t.Fatalf("callback %v", cb)
	}
	txs := cb["transactions"].([]any)
	if len(txs) != 2 || str(txs[1].(map[string]any), "transaction_type") != "exchange" || str(txs[1].(map[string]any), "amount_to") != "600.00000000" {
		t.Fatalf("transactions %v", txs)
	}
	if !e.srv.Balance("EUR").Equal(dec("10594")) || !e.srv.Balance("BTC").Equal(dec("1")) {
		t.Fatalf("balances EUR %s BTC %s", e.srv.Balance("EUR"), e.srv.Balance("BTC"))
	}
}

func TestDepositXRPNeedsTag(t *testing.T) {
	e := newEnv(t)
	rec := newReceiver(t, e.srv)
	a := e.takeAddress(`{"currency":"XRP","foreign_id":"cust-4"}`)
	if _, err := e.srv.PayAddress(str(a, "address"), dec("20")); !errors.Is(err, cryptoprocessingtest.ErrNotFound) {
		t.Fatalf("deposit without tag: %v", err)
	}
	if _, err := e.srv.PayAddress(str(a, "address")+"?dt="+string(num(a, "tag")), dec("20")); err != nil {
		t.Fatal(err)
	}
	cb := rec.last()
	if num(cb, "crypto_address.tag") != num(a, "tag") || num(firstTx(cb), "tag") != num(a, "tag") {
		t.Fatalf("tag must be a JSON number: %v", cb)
	}
	if _, err := e.srv.PayAddress("bc1qnothing", dec("1")); !errors.Is(err, cryptoprocessingtest.ErrNotFound) {
		t.Fatalf("unknown address: %v", err)
	}
	if _, err := e.srv.PayAddress(str(a, "address")+"?dt="+string(num(a, "tag")), dec("1.0000001")); !errors.Is(err, cryptoprocessingtest.ErrInvalidAmount) {
		t.Fatalf("too precise: %v", err)
	}
	if _, err := e.srv.PayAddress(str(a, "address")+"?dt="+string(num(a, "tag")), dec("1e999999999")); !errors.Is(err, cryptoprocessingtest.ErrInvalidAmount) {
		t.Fatalf("huge: %v", err)
	}
}

func TestWithdrawalConfirmedAndDeclined(t *testing.T) {
	e := newEnv(t)
	rec := newReceiver(t, e.srv)
	w1 := e.post("withdrawal/crypto", `{"foreign_id":"w-1","amount":"0.2","currency":"BTC","address":"bc1qpayee"}`)
	w2 := e.post("withdrawal/crypto", `{"foreign_id":"w-2","amount":"20","currency":"XRP","address":"rPayee","tag":"12345"}`)
	w3 := e.post("withdrawal/crypto", `{"foreign_id":"w-3","amount":"300","currency":"EUR","convert_to":"BTC","address":"bc1qpayee","end_user_reference":"eu"}`)
	for _, w := range []response{w1, w2, w3} {
		mustStatus(t, w, http.StatusCreated)
	}
	id1 := num(w1.data(), "id").String()
	id2 := num(w2.data(), "id").String()
	id3 := num(w3.data(), "id").String()
	if len(rec.got()) != 0 {
		t.Fatal("callback before any outcome")
	}

	if err := e.srv.CompletePayout(id1, 0); err != nil {
		t.Fatal(err)
	}
	cb := rec.last()
	tx := firstTx(cb)
	if str(cb, "type") != "withdrawal" || str(cb, "status") != "confirmed" || str(cb, "foreign_id") != "w-1" ||
		str(cb, "error") != "" || str(tx, "txid") == "" || tx["confirmations"] != "1" || str(cb, "crypto_address.address") != "bc1qpayee" {
		t.Fatalf("confirmed callback %v (confirmations must be a JSON string)", cb)
	}
	if !e.srv.Balance("BTC").Equal(dec("0.8")) {
		t.Fatalf("BTC %s", e.srv.Balance("BTC"))
	}

	if err := e.srv.FailPayout(id2, "Address is blacklisted"); err != nil {
		t.Fatal(err)
	}
	cb = rec.last()
	if str(cb, "status") != "declined" || str(cb, "error") != "Address is blacklisted" || firstTx(cb)["txid"] != nil ||
		num(cb, "crypto_address.tag") != "12345" {
		t.Fatalf("declined callback %v", cb)
	}
	if !e.srv.Balance("XRP").Equal(dec("10000")) {
		t.Fatalf("XRP not refunded: %s", e.srv.Balance("XRP"))
	}

	if err := e.srv.CancelPayout(id3, ""); err != nil {
		t.Fatal(err)
	}
	cb = rec.last()
	if str(cb, "type") != "withdrawal_exchange" || str(cb, "status") != "cancelled" || str(cb, "crypto_address.convert_to") != "BTC" ||
		str(cb, "currency_received.amount") != "0.00500000" || str(cb, "end_user_reference") != "eu" || len(cb["transactions"].([]any)) != 2 {
		t.Fatalf("cancelled callback %v", cb)
	}
	if !e.srv.Balance("EUR").Equal(dec("10000")) {
		t.Fatalf("EUR not refunded: %s", e.srv.Balance("EUR"))
	}

	if err := e.srv.CompletePayout(id2, 0); !errors.Is(err, cryptoprocessingtest.ErrInvalidState) {
		t.Fatalf("confirm declined: %v", err)
	}
	if err := e.srv.FailPayout("1", "x"); !errors.Is(err, cryptoprocessingtest.ErrNotFound) {
		t.Fatalf("unknown: %v", err)
	}
}

// createInvoice makes an invoice and returns its data.
func (e *env) createInvoice(extra string) map[string]any {
	e.t.Helper()
	r := e.post("invoices/create", `{"title":"Order 1","currency":"EUR","amount":"120","url_success":"https://shop.example/ok","url_failed":"https://shop.example/fail","email_user":"payer@example.com"`+extra+`}`)
	mustStatus(e.t, r, http.StatusOK)
	return r.data()
}

func TestInvoiceCreate(t *testing.T) {
	e := newEnv(t)
	d := e.createInvoice(`,"foreign_id":"inv-1","timer":true,"sender_currency":"BTC","description":"two mugs","type":"good_until_expired"`)
	now := e.clock.Now().Unix()
	fixed, _ := num(d, "fixed_at").Int64()
	release, _ := num(d, "release_at").Int64()
	if num(d, "id") == "" || !strings.Contains(str(d, "url"), "/invoice/") || str(d, "foreign_id") != "inv-1" ||
		!strings.HasPrefix(str(d, "address"), "bc1q") || str(d, "title") != "Order 1" || str(d, "status") != "created" ||
		str(d, "currency") != "EUR" || str(d, "amount") != "120.00000000" || str(d, "sender_currency") != "BTC" ||
		str(d, "sender_amount") != "0.00200000" || fixed != now || release != now+900 || num(d, "seconds_left") != "900" {
		t.Fatalf("invoice %v", d)
	}
	open := e.createInvoice(`,"foreign_id":"inv-2"`)
	for _, k := range []string{"address", "sender_currency", "sender_amount", "fixed_at", "release_at", "seconds_left"} {
		if v, ok := open[k]; !ok || v != nil {
			t.Fatalf("%s should be null without timer or sender_currency: %v", k, open)
		}
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
	e := newEnv(t)
	rec := newReceiver(t, e.srv)
	d := e.createInvoice(`,"foreign_id":"inv-1","timer":true,"sender_currency":"BTC"`)
	id := num(d, "id").String()
	if _, err := e.srv.PayInvoice(id, dec("0.002")); err != nil {
		t.Fatal(err)
	}
	got := rec.got()
	if len(got) != 2 || str(got[0], "status") != "processing" || str(got[1], "status") != "confirmed" {
		t.Fatalf("callbacks %v", got)
	}
	cb := got[1]
	if str(cb, "type") != "invoice" || str(cb, "foreign_id") != "inv-1" || cb["error"] != nil ||
		str(cb, "currency_sent.currency") != "BTC" || str(cb, "currency_sent.remaining_amount") != "0.00000000" ||
		str(cb, "currency_received.amount") != "120.00000000" || firstTx(cb)["confirmations"] != "1" ||
		str(cb, "crypto_address.convert_to") != "EUR" || num(cb, "fixed_at") == "" || num(cb, "expires_at") == "" {
		t.Fatalf("confirmed invoice callback %v", cb)
	}
	if !e.srv.Balance("EUR").Equal(dec("10118.8")) {
		t.Fatalf("EUR %s", e.srv.Balance("EUR"))
	}
	if _, err := e.srv.PayInvoice(id, dec("0.001")); !errors.Is(err, cryptoprocessingtest.ErrInvalidState) {
		t.Fatalf("paying a confirmed invoice: %v", err)
	}
	// A confirmed invoice cannot be cancelled.
	r := e.post("invoices/inv-1/cancel/", `{}`)
	mustStatus(t, r, http.StatusBadRequest)
	if str(r.body, "errors.code") != "invalid_invoice_state" || str(r.body, "errors.error") != "Invoice cannot be cancelled in current state" {
		t.Fatalf("cancel confirmed: %s", r.raw)
	}
}

func TestInvoicePartlyPaidThenExpired(t *testing.T) {
	e := newEnv(t)
	rec := newReceiver(t, e.srv)
	d := e.createInvoice(`,"foreign_id":"inv-1","timer":true,"sender_currency":"BTC","type":"good_until_expired"`)
	id := num(d, "id").String()
	if _, err := e.srv.PayInvoice(id, dec("0.0005")); err != nil {
		t.Fatal(err)
	}
	cb := rec.last()
	if str(cb, "status") != "pending" || str(cb, "currency_sent.remaining_amount") != "0.00150000" || firstTx(cb)["confirmations"] != "0" {
		t.Fatalf("pending callback %v", cb)
	}
	if err := e.srv.ExpireInvoice(id); err != nil {
		t.Fatal(err)
	}
	cb = rec.last()
	if str(cb, "status") != "failed" || str(cb, "error") != "paid less than requested" {
		t.Fatalf("failed callback %v", cb)
	}
	if !e.srv.Balance("EUR").Equal(dec("10000")) {
		t.Fatal("failed invoice credited")
	}
	if err := e.srv.ExpireInvoice(id); !errors.Is(err, cryptoprocessingtest.ErrInvalidState) {
		t.Fatalf("expire twice: %v", err)
	}
}

func TestInvoiceExpiresLazily(t *testing.T) {
	e := newEnv(t)
	rec := newReceiver(t, e.srv)
	d := e.createInvoice(`,"foreign_id":"inv-1","timer":true`)
	id := num(d, "id").String()
	e.clock.Advance(16 * time.Minute)
	if len(rec.got()) != 0 {
		t.Fatal("expired without any activity")
	}
	// Any later request notices the timer ran out.
	r := e.send(http.MethodGet, "transactions/info", `{"foreign_id":"inv-1"}`, nil)
	mustStatus(t, r, http.StatusOK)
	if str(r.body, "status") != "failed" || str(r.body, "error") != "timer expired" {
		t.Fatalf("info %s", r.raw)
	}
	cb := rec.last()
	if str(cb, "status") != "failed" || str(cb, "error") != "timer expired" || len(rec.got()) != 1 {
		t.Fatalf("callbacks %v", rec.got())
	}
	if _, err := e.srv.PayInvoice(id, dec("0.002")); !errors.Is(err, cryptoprocessingtest.ErrInvalidState) {
		t.Fatalf("pay expired: %v", err)
	}
	// Simulation calls notice it too.
	d2 := e.createInvoice(`,"foreign_id":"inv-2","timer":true`)
	id2 := num(d2, "id").String()
	e.clock.Advance(15 * time.Minute)
	if _, err := e.srv.PayInvoice(id2, dec("0.002")); !errors.Is(err, cryptoprocessingtest.ErrInvalidState) {
		t.Fatalf("pay expired: %v", err)
	}
	if str(rec.last(), "foreign_id") != "inv-2" || str(rec.last(), "status") != "failed" {
		t.Fatalf("lazy expiry callback %v", rec.last())
	}
}

func TestInvoiceCancel(t *testing.T) {
	e := newEnv(t)
	rec := newReceiver(t, e.srv)
	e.createInvoice(`,"foreign_id":"inv/1"`)
	r := e.post("invoices/inv%2F1/cancel/", `{}`)
	mustStatus(t, r, http.StatusOK)
	if str(r.data(), "status") != "cancelled" || str(rec.last(), "status") != "cancelled" || str(rec.last(), "foreign_id") != "inv/1" {
		t.Fatalf("cancel: %s / %v", r.raw, rec.last())
	}
	again := e.post("invoices/inv%2F1/cancel", `{}`)
	mustStatus(t, again, http.StatusBadRequest)
	if str(again.body, "errors.code") != "invalid_invoice_state" {
		t.Fatalf("cancel twice: %s", again.raw)
	}
	nf := e.post("invoices/nope/cancel/", `{}`)
	mustStatus(t, nf, http.StatusNotFound)
	if str(nf.body, "errors.code") != "invoice_not_found" {
		t.Fatalf("cancel unknown: %s", nf.raw)
	}
	wantCode(t, e.post("invoices/nope/cancel/", `[]`), http.StatusBadRequest, "bad_content_format")

	// A partly paid invoice can still be cancelled.
	d := e.createInvoice(`,"foreign_id":"inv-2"`)
	id := num(d, "id").String()
	if _, err := e.srv.PayInvoice(id, dec("0.001")); err != nil {
		t.Fatal(err)
	}
	mustStatus(t, e.post("invoices/inv-2/cancel/", `{}`), http.StatusOK)
}

func TestConcurrentUse(t *testing.T) {
	e := newEnv(t)
	rec := newReceiver(t, e.srv)
	e.srv.SetBalance("BTC", dec("100"))
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			fid := string(rune('a' + i))
			w := e.post("withdrawal/crypto", `{"foreign_id":"`+fid+`","amount":"1","currency":"BTC","address":"bc1qx"}`)
			id := num(w.data(), "id").String()
			_ = e.srv.CompletePayout(id, 0)
			a := e.takeAddress(`{"currency":"BTC","foreign_id":"` + fid + `"}`)
			dep, _ := e.srv.PayAddress(str(a, "address"), dec("1"))
			_ = e.srv.Confirm(dep, 0)
			_ = e.srv.Deliveries()
		}(i)
	}
	wg.Wait()
	if !e.srv.Balance("BTC").Equal(dec("99.92")) || len(rec.got()) != 24 {
		t.Fatalf("balance %s, %d callbacks", e.srv.Balance("BTC"), len(rec.got()))
	}
}
