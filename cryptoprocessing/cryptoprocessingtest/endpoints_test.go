package cryptoprocessingtest_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestAccountsList(t *testing.T) {
	e := newEnv(t)
	e.srv.SetBalance("BTC", dec("2.5"))
	e.srv.SetBalance("DOGE", dec("7"))
	r := e.post("accounts/list", `{}`)
	mustStatus(t, r, http.StatusOK)
	got := map[string]string{}
	types := map[string]string{}
	for _, a := range r.list() {
		m := a.(map[string]any)
		got[str(m, "currency")] = str(m, "balance")
		types[str(m, "currency")] = str(m, "type")
	}
	want := map[string]string{"BTC": "2.50000000", "ETH": "10.00000000", "EUR": "10000.00000000", "DOGE": "7.00000000", "XRP": "10000.00000000"}
	for c, b := range want {
		if got[c] != b {
			t.Errorf("%s balance %q, want %q", c, got[c], b)
		}
	}
	if types["EUR"] != "fiat" || types["BTC"] != "crypto" {
		t.Errorf("types %v", types)
	}
	if !e.srv.Balance("BTC").Equal(dec("2.5")) || !e.srv.Balance("NONE").IsZero() {
		t.Error("Balance")
	}
}

func TestCurrenciesList(t *testing.T) {
	e := newEnv(t)
	r := e.post("currencies/list", `{}`)
	mustStatus(t, r, http.StatusOK)
	if len(r.list()) != 7 {
		t.Fatalf("%d currencies", len(r.list()))
	}
	btc := r.list()[0].(map[string]any)
	if num(btc, "id") != "1" || str(btc, "currency") != "BTC" || str(btc, "type") != "crypto" ||
		str(btc, "minimum_amount") != "0.00010000" || str(btc, "deposit_fee_percent") != "1" ||
		str(btc, "withdrawal_fee_percent") != "0" || num(btc, "precision") != "8" {
		t.Fatalf("BTC row %v", btc)
	}
	r = e.post("currencies/list", `{"visible":false}`)
	mustStatus(t, r, http.StatusOK)
	if string(r.raw) != `{"data":[]}` {
		t.Fatalf("invisible: %s", r.raw)
	}
	mustStatus(t, e.post("currencies/list", `{"visible":true}`), http.StatusOK)
	wantError(t, e.post("currencies/list", `{"visible":"maybe"}`), "visible", "The visible field must be true or false.")
}

func TestCurrenciesPairs(t *testing.T) {
	e := newEnv(t)
	r := e.post("currencies/pairs", `{"currency_from":"BTC","currency_to":"EUR"}`)
	mustStatus(t, r, http.StatusOK)
	if len(r.list()) != 1 {
		t.Fatalf("pairs %s", r.raw)
	}
	p := r.list()[0].(map[string]any)
	if str(p, "currency_from.currency") != "BTC" || str(p, "currency_to.type") != "fiat" ||
		str(p, "rate_from") != "1" || str(p, "rate_to") != "60000.00000000" ||
		str(p, "currency_from.min_amount_deposit_with_exchange") != "0.00010000" {
		t.Fatalf("pair %s", r.raw)
	}
	all := e.post("currencies/pairs", `{}`)
	mustStatus(t, all, http.StatusOK)
	for _, x := range all.list() {
		m := x.(map[string]any)
		if str(m, "currency_from.type") == "fiat" && str(m, "currency_to.type") == "fiat" {
			t.Fatalf("fiat to fiat pair listed: %v", m)
		}
	}
	wantError(t, e.post("currencies/pairs", `{"currency_from":"XXX"}`), "currency_from", "The selected currency from is invalid.")
	wantError(t, e.post("currencies/pairs", `{"currency_to":5}`), "currency_to", "The currency to must be a string.")
}

func TestAddressesTake(t *testing.T) {
	e := newEnv(t)
	r := e.post("addresses/take", `{"currency":"BTC","foreign_id":"user-1","end_user_reference":"ref-9"}`)
	mustStatus(t, r, http.StatusCreated)
	d := r.data()
	if num(d, "id") == "" || str(d, "currency") != "BTC" || !strings.HasPrefix(str(d, "address"), "bc1q") ||
		d["tag"] != nil || d["convert_to"] != nil || str(d, "foreign_id") != "user-1" || str(d, "end_user_reference") != "ref-9" {
		t.Fatalf("take: %s", r.raw)
	}
	if _, ok := d["tag"]; !ok {
		t.Fatal("tag must be present (null)")
	}

	// The same customer may ask again: allowed, and answered with the same address.
	again := e.post("addresses/take", `{"currency":"BTC","foreign_id":"user-1"}`)
	mustStatus(t, again, http.StatusCreated)
	if str(again.data(), "address") != str(d, "address") || num(again.data(), "id") != num(d, "id") {
		t.Fatalf("reuse: %s vs %s", again.raw, r.raw)
	}
	other := e.post("addresses/take", `{"currency":"BTC","foreign_id":"user-2"}`)
	if str(other.data(), "address") == str(d, "address") {
		t.Fatal("different customers share an address")
	}
	conv := e.post("addresses/take", `{"currency":"BTC","foreign_id":"user-1","convert_to":"EUR"}`)
	mustStatus(t, conv, http.StatusCreated)
	if str(conv.data(), "convert_to") != "EUR" || str(conv.data(), "address") == str(d, "address") {
		t.Fatalf("convert_to: %s", conv.raw)
	}
	// foreign_id as a number, as in some of the provider's examples.
	numeric := e.post("addresses/take", `{"currency":"ETH","foreign_id":164}`)
	mustStatus(t, numeric, http.StatusCreated)
	if str(numeric.data(), "foreign_id") != "164" || !strings.HasPrefix(str(numeric.data(), "address"), "0x") {
		t.Fatalf("numeric foreign_id: %s", numeric.raw)
	}

	x1 := e.post("addresses/take", `{"currency":"XRP","foreign_id":"a"}`)
	x2 := e.post("addresses/take", `{"currency":"XRP","foreign_id":"b"}`)
	mustStatus(t, x1, http.StatusCreated)
	t1, t2 := num(x1.data(), "tag"), num(x2.data(), "tag")
	if t1 == "" || t2 == "" || t1 == t2 || str(x1.data(), "address") != str(x2.data(), "address") {
		t.Fatalf("XRP tags: %s %s", x1.raw, x2.raw)
	}

	wantError(t, e.post("addresses/take", `{"currency":"BTC"}`), "foreign_id", "The foreign id field is required.")
	wantError(t, e.post("addresses/take", `{"currency":"BTC","foreign_id":""}`), "foreign_id", "The foreign id field is required.")
	wantError(t, e.post("addresses/take", `{"foreign_id":"u"}`), "currency", "The currency field is required.")
	wantError(t, e.post("addresses/take", `{"currency":"XYZ","foreign_id":"u"}`), "currency", "The selected currency is invalid.")
	wantError(t, e.post("addresses/take", `{"currency":"EUR","foreign_id":"u"}`), "currency", "The selected currency is invalid.")
	wantError(t, e.post("addresses/take", `{"currency":"BTC","foreign_id":"u","convert_to":"BTC"}`), "convert_to", "The convert to and currency must be different.")
	wantError(t, e.post("addresses/take", `{"currency":"BTC","foreign_id":{"a":1}}`), "foreign_id", "The foreign id must be a string.")
	wantError(t, e.post("addresses/take", `{"currency":"BTC","foreign_id":"`+strings.Repeat("x", 256)+`"}`), "foreign_id", "The foreign id may not be greater than 255 characters.")
}

func TestWithdrawalCrypto(t *testing.T) {
	e := newEnv(t)
	r := e.post("withdrawal/crypto", `{"foreign_id":"w-1","amount":"0.1","currency":"BTC","address":"bc1qpayee"}`)
	mustStatus(t, r, http.StatusCreated)
	d := r.data()
	if num(d, "id") == "" || str(d, "foreign_id") != "w-1" || str(d, "type") != "withdrawal" || str(d, "status") != "processing" ||
		str(d, "amount") != "0.10000000" || str(d, "sender_amount") != "0.10000000" || str(d, "sender_currency") != "BTC" ||
		str(d, "receiver_amount") != "0.10000000" || str(d, "receiver_currency") != "BTC" {
		t.Fatalf("withdrawal: %s", r.raw)
	}
	if !e.srv.Balance("BTC").Equal(dec("0.9")) {
		t.Fatalf("balance %s", e.srv.Balance("BTC"))
	}

	// A reused foreign_id is refused and nothing more is debited: retrying is safe.
	dup := e.post("withdrawal/crypto", `{"foreign_id":"w-1","amount":"0.1","currency":"BTC","address":"bc1qpayee"}`)
	wantError(t, dup, "foreign_id", "The foreign id has already been taken.")
	if !e.srv.Balance("BTC").Equal(dec("0.9")) {
		t.Fatalf("balance after duplicate %s", e.srv.Balance("BTC"))
	}

	// Amount as a JSON number; EUR balance paid out as BTC.
	x := e.post("withdrawal/crypto", `{"foreign_id":"w-2","amount":600,"currency":"EUR","convert_to":"BTC","address":"bc1qpayee"}`)
	mustStatus(t, x, http.StatusCreated)
	if str(x.data(), "type") != "withdrawal_exchange" || str(x.data(), "receiver_amount") != "0.01000000" ||
		str(x.data(), "receiver_currency") != "BTC" || str(x.data(), "sender_currency") != "EUR" {
		t.Fatalf("withdrawal_exchange: %s", x.raw)
	}
	if !e.srv.Balance("EUR").Equal(dec("9400")) {
		t.Fatalf("EUR balance %s", e.srv.Balance("EUR"))
	}

	wantError(t, e.post("withdrawal/crypto", `{"foreign_id":"w-3","amount":"5","currency":"BTC","address":"bc1qpayee"}`), "amount", "Insufficient funds")
	cases := []struct{ body, field, msg string }{
		{`{"amount":"0.1","currency":"BTC","address":"a"}`, "foreign_id", "The foreign id field is required."},
		{`{"foreign_id":"v","currency":"BTC","address":"a"}`, "amount", "The amount field is required."},
		{`{"foreign_id":"v","amount":"0.1","address":"a"}`, "currency", "The currency field is required."},
		{`{"foreign_id":"v","amount":"0.1","currency":"BTC"}`, "address", "The address field is required."},
		{`{"foreign_id":"v","amount":"abc","currency":"BTC","address":"a"}`, "amount", "The amount must be a number."},
		{`{"foreign_id":"v","amount":"-1","currency":"BTC","address":"a"}`, "amount", "The amount must be greater than 0."},
		{`{"foreign_id":"v","amount":"0","currency":"BTC","address":"a"}`, "amount", "The amount must be greater than 0."},
		{`{"foreign_id":"v","amount":1e999999999,"currency":"BTC","address":"a"}`, "amount", "The amount is out of range."},
		{`{"foreign_id":"v","amount":"1e-999999999","currency":"BTC","address":"a"}`, "amount", "The amount is out of range."},
		{`{"foreign_id":"v","amount":"0.123456789","currency":"BTC","address":"a"}`, "amount", "The amount may not have more than 8 decimal places."},
		{`{"foreign_id":"v","amount":"0.00001","currency":"BTC","address":"a"}`, "amount", "The amount must be at least 0.0001."},
		{`{"foreign_id":"v","amount":true,"currency":"BTC","address":"a"}`, "amount", "The amount must be a number."},
		{`{"foreign_id":"v","amount":"1","currency":"BTC","convert_to":"BTC","address":"a"}`, "convert_to", "The convert to and currency must be different."},
		{`{"foreign_id":"v","amount":"1","currency":"BTC","convert_to":"EUR","address":"a"}`, "convert_to", "The selected convert to is invalid."},
		{`{"foreign_id":"v","amount":"100","currency":"EUR","address":"a"}`, "currency", "The selected currency is invalid."},
		{`{"foreign_id":"v","amount":"0.1","currency":"BTC","address":"a b"}`, "address", "The address format is invalid."},
		{`{"foreign_id":"v","amount":"0.1","currency":["BTC"],"address":"a"}`, "currency", "The currency must be a string."},
	}
	for _, c := range cases {
		wantError(t, e.post("withdrawal/crypto", c.body), c.field, c.msg)
	}
}

func TestExchangeCalculateFixedNow(t *testing.T) {
	e := newEnv(t)
	r := e.post("exchange/calculate", `{"sender_currency":"BTC","receiver_currency":"EUR","sender_amount":"0.01"}`)
	mustStatus(t, r, http.StatusOK)
	d := r.data()
	if str(d, "sender_amount") != "0.01000000" || str(d, "receiver_amount") != "600.00000000" || str(d, "fee_amount") != "6.00000000" ||
		str(d, "fee_currency") != "EUR" || str(d, "price") != "60000.00000000" || num(d, "fix_period") != "60" {
		t.Fatalf("calculate: %s", r.raw)
	}
	ts, _ := num(d, "ts_fixed").Int64()
	tr, _ := num(d, "ts_release").Int64()
	if ts != e.clock.Now().Unix() || tr != ts+60 {
		t.Fatalf("timestamps %d %d", ts, tr)
	}

	rec := newReceiver(t, e.srv)
	fixed := e.post("exchange/fixed", `{"sender_currency":"BTC","receiver_currency":"EUR","sender_amount":"0.01","price":"60000.00000000","foreign_id":"x-1"}`)
	mustStatus(t, fixed, http.StatusCreated)
	fd := fixed.data()
	if str(fd, "type") != "exchange" || str(fd, "status") != "processing" || str(fd, "foreign_id") != "x-1" || str(fd, "receiver_amount") != "600.00000000" {
		t.Fatalf("fixed: %s", fixed.raw)
	}
	// The confirmed callback has arrived by the time the answer is read.
	cb := rec.last()
	if str(cb, "type") != "exchange" || str(cb, "status") != "confirmed" || num(cb, "id") != num(fd, "id") ||
		str(cb, "currency_sent.amount") != "0.01000000" || str(cb, "currency_received.currency") != "EUR" {
		t.Fatalf("exchange callback %v", cb)
	}
	if _, ok := cb["crypto_address"]; ok {
		t.Fatal("exchange callback has crypto_address")
	}
	if !e.srv.Balance("BTC").Equal(dec("0.99")) || !e.srv.Balance("EUR").Equal(dec("10594")) {
		t.Fatalf("balances BTC %s EUR %s", e.srv.Balance("BTC"), e.srv.Balance("EUR"))
	}

	wantError(t, e.post("exchange/fixed", `{"sender_currency":"BTC","receiver_currency":"EUR","sender_amount":"0.01","price":"60000.00000000","foreign_id":"x-1"}`),
		"foreign_id", "The foreign id has already been taken.")
	wantError(t, e.post("exchange/fixed", `{"sender_currency":"BTC","receiver_currency":"EUR","sender_amount":"0.01","price":"59000","foreign_id":"x-2"}`),
		"price", "The price is invalid or its fix period has expired.")
	wantError(t, e.post("exchange/fixed", `{"sender_currency":"BTC","receiver_currency":"EUR","sender_amount":"0.02","price":"60000","foreign_id":"x-2"}`),
		"price", "The price is invalid or its fix period has expired.")
	e.clock.Advance(61 * time.Second)
	wantError(t, e.post("exchange/fixed", `{"sender_currency":"BTC","receiver_currency":"EUR","sender_amount":"0.01","price":"60000","foreign_id":"x-2"}`),
		"price", "The price is invalid or its fix period has expired.")

	// receiver_amount fixes the other side.
	rr := e.post("exchange/calculate", `{"sender_currency":"EUR","receiver_currency":"BTC","receiver_amount":"0.01"}`)
	mustStatus(t, rr, http.StatusOK)
	if str(rr.data(), "sender_amount") != "600.00000000" || str(rr.data(), "receiver_amount") != "0.01000000" || str(rr.data(), "fee_currency") != "BTC" {
		t.Fatalf("by receiver: %s", rr.raw)
	}

	now := e.post("exchange/now", `{"sender_currency":"EUR","receiver_currency":"BTC","sender_amount":"60","foreign_id":"x-3"}`)
	mustStatus(t, now, http.StatusCreated)
	if str(now.data(), "receiver_amount") != "0.00100000" || str(now.data(), "fee_amount") != "0.00001000" {
		t.Fatalf("now: %s", now.raw)
	}
	wantError(t, e.post("exchange/now", `{"sender_currency":"EUR","receiver_currency":"BTC","sender_amount":"60000","foreign_id":"x-4"}`),
		"sender_amount", "Insufficient funds")
	wantError(t, e.post("exchange/now", `{"sender_currency":"EUR","receiver_currency":"BTC","sender_amount":"60"}`),
		"foreign_id", "The foreign id field is required.")

	cases := []struct{ body, field, msg string }{
		{`{"sender_currency":"EUR","receiver_currency":"USD","sender_amount":"100"}`, "sender_currency", "Exchange is unavailable for given currencies"},
		{`{"sender_currency":"BTC","receiver_currency":"EUR"}`, "sender_amount", "The sender amount field is required when receiver amount is not present."},
		{`{"sender_currency":"BTC","receiver_currency":"EUR","sender_amount":"1","receiver_amount":"1"}`, "sender_amount", "The sender amount and receiver amount may not both be present."},
		{`{"sender_currency":"BTC","receiver_currency":"EUR","sender_amount":"0.00001"}`, "sender_amount", "The amount must be at least 0.00010000"},
		{`{"receiver_currency":"EUR","sender_amount":"1"}`, "sender_currency", "The sender currency field is required."},
		{`{"sender_currency":"BTC","receiver_currency":"EUR","sender_amount":"1.5e40"}`, "sender_amount", "The sender amount is out of range."},
		{`{"sender_currency":"BTC","receiver_currency":"EUR","receiver_amount":"1.001"}`, "receiver_amount", "The receiver amount may not have more than 2 decimal places."},
	}
	for _, c := range cases {
		wantError(t, e.post("exchange/calculate", c.body), c.field, c.msg)
	}
}

func TestExchangeCalculateRateLimit(t *testing.T) {
	e := newEnv(t)
	body := `{"sender_currency":"BTC","receiver_currency":"EUR","sender_amount":"0.01"}`
	for i := 0; i < 30; i++ {
		mustStatus(t, e.post("exchange/calculate", body), http.StatusOK)
	}
	e.clock.Advance(20 * time.Second)
	r := e.post("exchange/calculate", body)
	mustStatus(t, r, http.StatusTooManyRequests)
	if json.Valid(r.raw) || len(r.raw) == 0 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain") {
		t.Fatalf("429 should carry a non-JSON text body: %q %s", r.raw, r.header.Get("Content-Type"))
	}
	if r.header.Get("Retry-After") != "40" {
		t.Fatalf("Retry-After %q", r.header.Get("Retry-After"))
	}
	// Other exchange endpoints are not limited.
	mustStatus(t, e.post("exchange/now", `{"sender_currency":"BTC","receiver_currency":"EUR","sender_amount":"0.01","foreign_id":"n"}`), http.StatusCreated)
	e.clock.Advance(41 * time.Second)
	mustStatus(t, e.post("exchange/calculate", body), http.StatusOK)
}

func TestTransactionsInfo(t *testing.T) {
	e := newEnv(t)
	w := e.post("withdrawal/crypto", `{"foreign_id":"w-9","amount":"0.5","currency":"BTC","address":"bc1qpayee"}`)
	mustStatus(t, w, http.StatusCreated)
	id := num(w.data(), "id")

	get := func(body string) response { return e.send(http.MethodGet, "transactions/info", body, nil) }

	byID := get(`{"id":` + string(id) + `}`)
	mustStatus(t, byID, http.StatusOK)
	if _, wrapped := byID.body["data"]; wrapped {
		t.Fatal("transactions/info must not be wrapped in data")
	}
	if num(byID.body, "id") != id || str(byID.body, "foreign_id") != "w-9" || str(byID.body, "status") != "processing" ||
		str(byID.body, "type") != "withdrawal" {
		t.Fatalf("by id: %s", byID.raw)
	}
	byForeign := get(`{"foreign_id":"w-9"}`)
	mustStatus(t, byForeign, http.StatusOK)
	if num(byForeign.body, "id") != id {
		t.Fatalf("by foreign_id: %s", byForeign.raw)
	}
	byStringID := get(`{"id":"` + string(id) + `"}`)
	mustStatus(t, byStringID, http.StatusOK)

	n := id.String()
	if err := e.srv.CompletePayout(n, 0); err != nil {
		t.Fatal(err)
	}
	confirmed := get(`{"id":` + string(id) + `}`)
	txid := str(confirmed.body["transactions"].([]any)[0].(map[string]any), "txid")
	if txid == "" || str(confirmed.body, "status") != "confirmed" {
		t.Fatalf("confirmed: %s", confirmed.raw)
	}
	byTxid := get(`{"txid":"` + txid + `"}`)
	mustStatus(t, byTxid, http.StatusOK)
	if num(byTxid.body, "id") != id {
		t.Fatalf("by txid: %s", byTxid.raw)
	}

	// A deposit is found by its customer's foreign_id too.
	a := e.post("addresses/take", `{"currency":"LTC","foreign_id":"cust-7"}`)
	dep, err := e.srv.PayAddress(str(a.data(), "address"), dec("1"))
	if err != nil {
		t.Fatal(err)
	}
	byCustomer := get(`{"foreign_id":"cust-7"}`)
	if got := num(byCustomer.body, "id").String(); got != dep || str(byCustomer.body, "crypto_address.foreign_id") != "cust-7" {
		t.Fatalf("deposit by customer: %s", byCustomer.raw)
	}

	wantError(t, get(`{}`), "id", "Exactly one of id, foreign id or txid is required.")
	wantError(t, get(`{"id":1,"foreign_id":"w-9"}`), "id", "Exactly one of id, foreign id or txid is required.")
	wantError(t, get(`{"id":"abc"}`), "id", "The id must be an integer.")
	wantError(t, get(`{"id":1.5}`), "id", "The id must be an integer.")
	wantError(t, get(`{"txid":7}`), "txid", "The txid must be a string.")
	nf := get(`{"id":99}`)
	mustStatus(t, nf, http.StatusNotFound)
	if str(nf.body, "errors.id") != "Transaction not found." {
		t.Fatalf("not found: %s", nf.raw)
	}
	mustStatus(t, get(`{"foreign_id":"nobody"}`), http.StatusNotFound)
	mustStatus(t, get(`{"txid":"00"}`), http.StatusNotFound)
}
