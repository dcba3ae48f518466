package cryptoprocessingtest_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAccountsList(t *testing.T) {
	t.Parallel()
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
		assert.EqualValues(t, b, got[c], "%s balance %q, want %q", c, got[c], b)
	}
	assert.EqualValues(t, "fiat", types["EUR"], "types %v", types)
	assert.EqualValues(t, "crypto", types["BTC"], "types %v", types)
	assert.True(t, e.srv.Balance("BTC").Equal(dec("2.5")), "Balance")
	assert.True(t, e.srv.Balance("NONE").IsZero(), "Balance")
}

func TestCurrenciesList(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.post("currencies/list", `{}`)
	mustStatus(t, r, http.StatusOK)
	require.Len(t, r.list(), 7, "%d currencies", len(r.list()))
	btc := r.list()[0].(map[string]any)
	require.EqualValues(t, "1", num(btc, "id"), "BTC row %v", btc)
	wantStrs(t, btc, []string{
		"currency", "BTC", "type", "crypto", "minimum_amount", "0.00010000",
		"deposit_fee_percent", "1", "withdrawal_fee_percent", "0",
	}, "BTC row %v", btc)
	require.EqualValues(t, "8", num(btc, "precision"), "BTC row %v", btc)
	r = e.post("currencies/list", `{"visible":false}`)
	mustStatus(t, r, http.StatusOK)
	require.EqualValues(t, `{"data":[]}`, string(r.raw), "invisible: %s", r.raw)
	mustStatus(t, e.post("currencies/list", `{"visible":true}`), http.StatusOK)
	wantError(t, e.post("currencies/list", `{"visible":"maybe"}`), "visible", "The visible field must be true or false.")
}

func TestCurrenciesPairs(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.post("currencies/pairs", `{"currency_from":"BTC","currency_to":"EUR"}`)
	mustStatus(t, r, http.StatusOK)
	require.Len(t, r.list(), 1, "pairs %s", r.raw)
	p := r.list()[0].(map[string]any)
	wantStrs(t, p, []string{
		"currency_from.currency", "BTC", "currency_to.type", "fiat", "rate_from", "1",
		"rate_to", "60000.00000000", "currency_from.min_amount_deposit_with_exchange", "0.00010000",
	}, "pair %s", r.raw)
	all := e.post("currencies/pairs", `{}`)
	mustStatus(t, all, http.StatusOK)
	for _, x := range all.list() {
		m := x.(map[string]any)
		require.False(t, str(m, "currency_from.type") == "fiat" && str(m, "currency_to.type") == "fiat", "fiat to fiat pair listed: %v", m)
	}
	wantError(t, e.post("currencies/pairs", `{"currency_from":"XXX"}`), "currency_from", "The selected currency from is invalid.")
	wantError(t, e.post("currencies/pairs", `{"currency_to":5}`), "currency_to", "The currency to must be a string.")
}

func TestAddressesTake(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r, d := e.postData(http.StatusCreated, "addresses/take", `{"currency":"BTC","foreign_id":"user-1","end_user_reference":"ref-9"}`)
	require.NotEmpty(t, num(d, "id"), "take: %s", r.raw)
	require.EqualValues(t, "BTC", str(d, "currency"), "take: %s", r.raw)
	require.True(t, strings.HasPrefix(str(d, "address"), "bc1q"), "take: %s", r.raw)
	require.Nil(t, d["tag"], "take: %s", r.raw)
	require.Nil(t, d["convert_to"], "take: %s", r.raw)
	require.EqualValues(t, "user-1", str(d, "foreign_id"), "take: %s", r.raw)
	require.EqualValues(t, "ref-9", str(d, "end_user_reference"), "take: %s", r.raw)
	require.Contains(t, d, "tag", "tag must be present (null)")

	// The same customer may ask again: allowed, and answered with the same address.
	again := e.post("addresses/take", `{"currency":"BTC","foreign_id":"user-1"}`)
	mustStatus(t, again, http.StatusCreated)
	require.EqualValues(t, str(d, "address"), str(again.data(), "address"), "reuse: %s vs %s", again.raw, r.raw)
	require.EqualValues(t, num(d, "id"), num(again.data(), "id"), "reuse: %s vs %s", again.raw, r.raw)
	other := e.post("addresses/take", `{"currency":"BTC","foreign_id":"user-2"}`)
	require.NotEqualValues(t, str(d, "address"), str(other.data(), "address"), "different customers share an address")
	conv := e.post("addresses/take", `{"currency":"BTC","foreign_id":"user-1","convert_to":"EUR"}`)
	mustStatus(t, conv, http.StatusCreated)
	require.EqualValues(t, "EUR", str(conv.data(), "convert_to"), "convert_to: %s", conv.raw)
	require.NotEqualValues(t, str(d, "address"), str(conv.data(), "address"), "convert_to: %s", conv.raw)
	// foreign_id as a number, as in some of the provider's examples.
	numeric := e.post("addresses/take", `{"currency":"ETH","foreign_id":164}`)
	mustStatus(t, numeric, http.StatusCreated)
	require.EqualValues(t, "164", str(numeric.data(), "foreign_id"), "numeric foreign_id: %s", numeric.raw)
	require.True(t, strings.HasPrefix(str(numeric.data(), "address"), "0x"), "numeric foreign_id: %s", numeric.raw)

	x1 := e.post("addresses/take", `{"currency":"XRP","foreign_id":"a"}`)
	x2 := e.post("addresses/take", `{"currency":"XRP","foreign_id":"b"}`)
	mustStatus(t, x1, http.StatusCreated)
	t1, t2 := num(x1.data(), "tag"), num(x2.data(), "tag")
	require.NotEmpty(t, t1, "XRP tags: %s %s", x1.raw, x2.raw)
	require.NotEmpty(t, t2, "XRP tags: %s %s", x1.raw, x2.raw)
	require.NotEqualValues(t, t2, t1, "XRP tags: %s %s", x1.raw, x2.raw)
	require.EqualValues(t, str(x2.data(), "address"), str(x1.data(), "address"), "XRP tags: %s %s", x1.raw, x2.raw)

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
	t.Parallel()
	e := newEnv(t)
	r, d := e.postData(http.StatusCreated, "withdrawal/crypto", `{"foreign_id":"w-1","amount":"0.1","currency":"BTC","address":"bc1qpayee"}`)
	require.NotEmpty(t, num(d, "id"), "withdrawal: %s", r.raw)
	wantStrs(t, d, []string{
		"foreign_id", "w-1", "type", "withdrawal", "status", "processing",
		"amount", "0.10000000", "sender_amount", "0.10000000", "sender_currency", "BTC",
		"receiver_amount", "0.10000000", "receiver_currency", "BTC",
	}, "withdrawal: %s", r.raw)
	require.True(t, e.srv.Balance("BTC").Equal(dec("0.9")), "balance %s", e.srv.Balance("BTC"))

	// A reused foreign_id is refused and nothing more is debited: retrying is safe.
	dup := e.post("withdrawal/crypto", `{"foreign_id":"w-1","amount":"0.1","currency":"BTC","address":"bc1qpayee"}`)
	wantError(t, dup, "foreign_id", "The foreign id has already been taken.")
	require.True(t, e.srv.Balance("BTC").Equal(dec("0.9")), "balance after duplicate %s", e.srv.Balance("BTC"))

	// Amount as a JSON number; EUR balance paid out as BTC.
	x := e.post("withdrawal/crypto", `{"foreign_id":"w-2","amount":600,"currency":"EUR","convert_to":"BTC","address":"bc1qpayee"}`)
	mustStatus(t, x, http.StatusCreated)
	require.EqualValues(t, "withdrawal_exchange", str(x.data(), "type"), "withdrawal_exchange: %s", x.raw)
	require.EqualValues(t, "0.01000000", str(x.data(), "receiver_amount"), "withdrawal_exchange: %s", x.raw)
	require.EqualValues(t, "BTC", str(x.data(), "receiver_currency"), "withdrawal_exchange: %s", x.raw)
	require.EqualValues(t, "EUR", str(x.data(), "sender_currency"), "withdrawal_exchange: %s", x.raw)
	require.True(t, e.srv.Balance("EUR").Equal(dec("9400")), "EUR balance %s", e.srv.Balance("EUR"))

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
	t.Parallel()
	e := newEnv(t)
	r, d := e.postData(http.StatusOK, "exchange/calculate", `{"sender_currency":"BTC","receiver_currency":"EUR","sender_amount":"0.01"}`)
	wantStrs(t, d, []string{
		"sender_amount", "0.01000000", "receiver_amount", "600.00000000", "fee_amount", "6.00000000",
		"fee_currency", "EUR", "price", "60000.00000000",
	}, "calculate: %s", r.raw)
	require.EqualValues(t, "60", num(d, "fix_period"), "calculate: %s", r.raw)
	ts, _ := num(d, "ts_fixed").Int64()
	tr, _ := num(d, "ts_release").Int64()
	require.EqualValues(t, e.srv.Now().Unix(), ts, "timestamps %d %d", ts, tr)
	require.EqualValues(t, ts+60, tr, "timestamps %d %d", ts, tr)

	rec := newReceiver(t, e.srv)
	fixed, fd := e.postData(http.StatusCreated, "exchange/fixed", `{"sender_currency":"BTC","receiver_currency":"EUR","sender_amount":"0.01","price":"60000.00000000","foreign_id":"x-1"}`)
	wantStrs(t, fd, []string{
		"type", "exchange", "status", "processing", "foreign_id", "x-1",
		"receiver_amount", "600.00000000",
	}, "fixed: %s", fixed.raw)
	// The confirmed callback has arrived by the time the answer is read.
	cb := rec.last()
	require.EqualValues(t, "exchange", str(cb, "type"), "exchange callback %v", cb)
	require.EqualValues(t, "confirmed", str(cb, "status"), "exchange callback %v", cb)
	require.EqualValues(t, num(fd, "id"), num(cb, "id"), "exchange callback %v", cb)
	require.EqualValues(t, "0.01000000", str(cb, "currency_sent.amount"), "exchange callback %v", cb)
	require.EqualValues(t, "EUR", str(cb, "currency_received.currency"), "exchange callback %v", cb)
	require.NotContains(t, cb, "crypto_address", "exchange callback has crypto_address")
	require.True(t, e.srv.Balance("BTC").Equal(dec("0.99")), "balances BTC %s EUR %s", e.srv.Balance("BTC"), e.srv.Balance("EUR"))
	require.True(t, e.srv.Balance("EUR").Equal(dec("10594")), "balances BTC %s EUR %s", e.srv.Balance("BTC"), e.srv.Balance("EUR"))

	wantError(t, e.post("exchange/fixed", `{"sender_currency":"BTC","receiver_currency":"EUR","sender_amount":"0.01","price":"60000.00000000","foreign_id":"x-1"}`),
		"foreign_id", "The foreign id has already been taken.")
	wantError(t, e.post("exchange/fixed", `{"sender_currency":"BTC","receiver_currency":"EUR","sender_amount":"0.01","price":"59000","foreign_id":"x-2"}`),
		"price", "The price is invalid or its fix period has expired.")
	wantError(t, e.post("exchange/fixed", `{"sender_currency":"BTC","receiver_currency":"EUR","sender_amount":"0.02","price":"60000","foreign_id":"x-2"}`),
		"price", "The price is invalid or its fix period has expired.")
	e.srv.Advance(61 * time.Second)
	wantError(t, e.post("exchange/fixed", `{"sender_currency":"BTC","receiver_currency":"EUR","sender_amount":"0.01","price":"60000","foreign_id":"x-2"}`),
		"price", "The price is invalid or its fix period has expired.")

	// receiver_amount fixes the other side.
	rr := e.post("exchange/calculate", `{"sender_currency":"EUR","receiver_currency":"BTC","receiver_amount":"0.01"}`)
	mustStatus(t, rr, http.StatusOK)
	require.EqualValues(t, "600.00000000", str(rr.data(), "sender_amount"), "by receiver: %s", rr.raw)
	require.EqualValues(t, "0.01000000", str(rr.data(), "receiver_amount"), "by receiver: %s", rr.raw)
	require.EqualValues(t, "BTC", str(rr.data(), "fee_currency"), "by receiver: %s", rr.raw)

	now := e.post("exchange/now", `{"sender_currency":"EUR","receiver_currency":"BTC","sender_amount":"60","foreign_id":"x-3"}`)
	mustStatus(t, now, http.StatusCreated)
	require.EqualValues(t, "0.00100000", str(now.data(), "receiver_amount"), "now: %s", now.raw)
	require.EqualValues(t, "0.00001000", str(now.data(), "fee_amount"), "now: %s", now.raw)
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
	t.Parallel()
	e := newEnv(t)
	body := `{"sender_currency":"BTC","receiver_currency":"EUR","sender_amount":"0.01"}`
	for i := 0; i < 30; i++ {
		mustStatus(t, e.post("exchange/calculate", body), http.StatusOK)
	}
	e.srv.Advance(20 * time.Second)
	r := e.post("exchange/calculate", body)
	mustStatus(t, r, http.StatusTooManyRequests)
	require.False(t, json.Valid(r.raw), "429 should carry a non-JSON text body: %q %s", r.raw, r.header.Get("Content-Type"))
	require.NotEmpty(t, r.raw, "429 should carry a non-JSON text body: %q %s", r.raw, r.header.Get("Content-Type"))
	require.True(t, strings.HasPrefix(r.header.Get("Content-Type"), "text/plain"), "429 should carry a non-JSON text body: %q %s", r.raw, r.header.Get("Content-Type"))
	require.EqualValues(t, "40", r.header.Get("Retry-After"), "Retry-After %q", r.header.Get("Retry-After"))
	// Other exchange endpoints are not limited.
	mustStatus(t, e.post("exchange/now", `{"sender_currency":"BTC","receiver_currency":"EUR","sender_amount":"0.01","foreign_id":"n"}`), http.StatusCreated)
	e.srv.Advance(41 * time.Second)
	mustStatus(t, e.post("exchange/calculate", body), http.StatusOK)
}

func TestTransactionsInfo(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	w := e.post("withdrawal/crypto", `{"foreign_id":"w-9","amount":"0.5","currency":"BTC","address":"bc1qpayee"}`)
	mustStatus(t, w, http.StatusCreated)
	id := num(w.data(), "id")

	get := func(body string) response { return e.send(http.MethodGet, "transactions/info", body, nil) }

	byID := get(`{"id":` + string(id) + `}`)
	mustStatus(t, byID, http.StatusOK)
	require.NotContains(t, byID.body, "data", "transactions/info must not be wrapped in data")
	require.EqualValues(t, id, num(byID.body, "id"), "by id: %s", byID.raw)
	require.EqualValues(t, "w-9", str(byID.body, "foreign_id"), "by id: %s", byID.raw)
	require.EqualValues(t, "processing", str(byID.body, "status"), "by id: %s", byID.raw)
	require.EqualValues(t, "withdrawal", str(byID.body, "type"), "by id: %s", byID.raw)
	byForeign := get(`{"foreign_id":"w-9"}`)
	mustStatus(t, byForeign, http.StatusOK)
	require.EqualValues(t, id, num(byForeign.body, "id"), "by foreign_id: %s", byForeign.raw)
	byStringID := get(`{"id":"` + string(id) + `"}`)
	mustStatus(t, byStringID, http.StatusOK)

	n := id.String()
	require.Nil(t, e.srv.CompletePayout(n))
	confirmed := get(`{"id":` + string(id) + `}`)
	txid := str(confirmed.body["transactions"].([]any)[0].(map[string]any), "txid")
	require.NotEmpty(t, txid, "confirmed: %s", confirmed.raw)
	require.EqualValues(t, "confirmed", str(confirmed.body, "status"), "confirmed: %s", confirmed.raw)
	byTxid := get(`{"txid":"` + txid + `"}`)
	mustStatus(t, byTxid, http.StatusOK)
	require.EqualValues(t, id, num(byTxid.body, "id"), "by txid: %s", byTxid.raw)

	// A deposit is found by its customer's foreign_id too.
	a := e.post("addresses/take", `{"currency":"LTC","foreign_id":"cust-7"}`)
	dep, err := e.srv.PayDeposit(str(a.data(), "address"), dec("1"))
	require.NoError(t, err)
	byCustomer := get(`{"foreign_id":"cust-7"}`)
	require.EqualValues(t, dep, num(byCustomer.body, "id").String(), "deposit by customer: %s", byCustomer.raw)
	require.EqualValues(t, "cust-7", str(byCustomer.body, "crypto_address.foreign_id"), "deposit by customer: %s", byCustomer.raw)

	wantError(t, get(`{}`), "id", "Exactly one of id, foreign id or txid is required.")
	wantError(t, get(`{"id":1,"foreign_id":"w-9"}`), "id", "Exactly one of id, foreign id or txid is required.")
	wantError(t, get(`{"id":"abc"}`), "id", "The id must be an integer.")
	wantError(t, get(`{"id":1.5}`), "id", "The id must be an integer.")
	wantError(t, get(`{"txid":7}`), "txid", "The txid must be a string.")
	nf := get(`{"id":99}`)
	mustStatus(t, nf, http.StatusNotFound)
	require.EqualValues(t, "Transaction not found.", str(nf.body, "errors.id"), "not found: %s", nf.raw)
	mustStatus(t, get(`{"foreign_id":"nobody"}`), http.StatusNotFound)
	mustStatus(t, get(`{"txid":"00"}`), http.StatusNotFound)
}
