package cryptochilltest_test

import (
	"bytes"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// createInvoice creates an invoice and returns the "result" object.
func createInvoice(t testing.TB, c *client, params map[string]any) map[string]any {
	t.Helper()
	return c.must(t, http.StatusOK, http.MethodPost, "/v1/invoices/", params)["result"].(map[string]any)
}

func TestInvoiceCreateGetShape(t *testing.T) {
	t.Parallel()
	srv, c, _ := sandbox(t, cryptochilltest.Options{})
	inv := createInvoice(t, c, map[string]any{"profile_id": srv.ProfileID, "amount": "10", "currency": "USD",
		"passthrough": `{"user_id": 123}`, "notes": "Coffee"})
	checks := map[string]string{
		"kind": "BTC", "status": "new", "network": "testnet", "profile_id": srv.ProfileID,
		"amount.requested.amount": "10.00", "amount.requested.currency": "USD",
		"amount.invoiced.amount": "0.00020000", "amount.invoiced.currency": "BTC",
		"amount.invoiced.rate_usd": "50000", "amount.paid": "<nil>", "custom_fee": "<nil>",
		"min_confirmations": "<nil>", "zero_conf_enabled": "<nil>", "notes": "Coffee",
		"passthrough": `{"user_id": 123}`, "lightning": "<nil>",
	}
	for path, want := range checks {
		var keys []any
		for _, k := range strings.Split(path, ".") {
			keys = append(keys, k)
		}
		assert.EqualValues(t, want, str(inv, keys...))
	}
	assert.True(t, regexp.MustCompile(`^tb1q[a-z0-9]{38}$`).MatchString(str(inv, "address")), "address %q", str(inv, "address"))
	assert.True(t, regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$`).MatchString(str(inv, "created_at")), "created_at %q", str(inv, "created_at"))
	txs, ok := inv["transactions"].([]any)
	assert.True(t, ok, "transactions = %v", inv["transactions"])
	assert.Len(t, txs, 0, "transactions = %v", inv["transactions"])
	got := c.must(t, http.StatusOK, http.MethodGet, "/v1/invoices/"+str(inv, "id")+"/", nil)
	require.EqualValues(t, str(inv, "address"), str(got, "result", "address"), got)

	// Other kinds and their address shapes.
	eur := createInvoice(t, c, map[string]any{"profile_id": srv.ProfileID, "amount": 54, "currency": "EUR", "kind": "ETH_USDT"})
	assert.EqualValues(t, "58.320000", str(eur, "amount", "invoiced", "amount"), "EUR→USDT invoiced %v", eur["amount"])
	assert.EqualValues(t, "USDT", str(eur, "amount", "invoiced", "currency"), "EUR→USDT invoiced %v", eur["amount"])
	assert.True(t, strings.HasPrefix(str(eur, "address"), "0x"), "ETH address %q", str(eur, "address"))
	assert.Len(t, str(eur, "address"), 42, "ETH address %q", str(eur, "address"))
	xrp := createInvoice(t, c, map[string]any{"profile_id": srv.ProfileID, "amount": "1", "currency": "USD", "kind": "XRP"})
	assert.True(t, regexp.MustCompile(`^r\w+:\d+$`).MatchString(str(xrp, "address")), "XRP %q %q", str(xrp, "address"), str(xrp, "x_address"))
	assert.NotEqualValues(t, "<nil>", str(xrp, "x_address"), "XRP %q %q", str(xrp, "address"), str(xrp, "x_address"))
	liquid := createInvoice(t, c, map[string]any{"profile_id": srv.ProfileID, "amount": "1", "currency": "USD", "kind": "L-BTC"})
	assert.NotEqualValues(t, "<nil>", str(liquid, "public_address"), "Liquid has no public_address: %v", liquid)
	ln := createInvoice(t, c, map[string]any{"profile_id": srv.ProfileID, "amount": "1", "currency": "USD", "kind": "BTC_LIGHTNING"})
	assert.EqualValues(t, "<nil>", str(ln, "address"), "lightning %v %v", ln["address"], ln["lightning"])
	assert.True(t, strings.HasPrefix(str(ln, "lightning", "payment_request"), "lntb"), "lightning %v %v", ln["address"], ln["lightning"])
	assert.Len(t, str(ln, "lightning", "payment_hash"), 64, "lightning %v %v", ln["address"], ln["lightning"])
	trx := createInvoice(t, c, map[string]any{"profile_id": srv.ProfileID, "amount": "1", "currency": "USD", "kind": "USDT-TRX"})
	assert.True(t, strings.HasPrefix(str(trx, "address"), "T"), "TRX address %q", str(trx, "address"))
}

func TestInvoiceValidation(t *testing.T) {
	t.Parallel()
	srv, c, _ := sandbox(t, cryptochilltest.Options{})
	base := func(extra map[string]any) map[string]any {
		m := map[string]any{"profile_id": srv.ProfileID, "currency": "USD", "amount": "100"}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	for name, params := range map[string]map[string]any{
		"rate too far":        base(map[string]any{"exchange_rate_limit": map[string]any{"pair": "BTC:USD", "exchange_rate": "40000", "allowed_difference": "0.05"}}),
		"unknown pair":        base(map[string]any{"exchange_rate_limit": map[string]any{"pair": "FOO:USD", "exchange_rate": "1", "allowed_difference": "0.05"}}),
		"zero conf on ETH":    base(map[string]any{"kind": "ETH", "zero_conf_enabled": true}),
		"min conf 0":          base(map[string]any{"min_confirmations": 0}),
		"fee without amount":  {"profile_id": srv.ProfileID, "currency": "USD", "fee_amount": "0.0001"},
		"lightning no amount": {"profile_id": srv.ProfileID, "currency": "USD", "kind": "BTC_LIGHTNING"},
		"too small":           base(map[string]any{"amount": "0.0000001"}),
		"no currency":         {"profile_id": srv.ProfileID, "amount": "1"},
	} {
		m := c.must(t, http.StatusBadRequest, http.MethodPost, "/v1/invoices/", params)
		assert.EqualValues(t, "InvalidValue", str(m, "reason"), "%s: %v", name, m)
	}
	ok := createInvoice(t, c, base(map[string]any{"exchange_rate_limit": map[string]any{"pair": "BTC:USD", "exchange_rate": "51000", "allowed_difference": "0.05"}}))
	require.EqualValues(t, "new", str(ok, "status"), ok)
}

func TestInvoiceListPagination(t *testing.T) {
	t.Parallel()
	srv, c, _ := sandbox(t, cryptochilltest.Options{})
	var ids []string
	for i := 0; i < 30; i++ {
		ids = append(ids, str(createInvoice(t, c, map[string]any{"profile_id": srv.ProfileID, "amount": "1", "currency": "USD"}), "id"))
	}
	p1 := c.must(t, http.StatusOK, http.MethodGet, "/v1/invoices/", nil)
	require.EqualValues(t, "30", str(p1, "pagination", "count"), "page 1 pagination %v", p1["pagination"])
	require.EqualValues(t, "2", str(p1, "pagination", "num_pages"), "page 1 pagination %v", p1["pagination"])
	require.EqualValues(t, "1", str(p1, "pagination", "page"), "page 1 pagination %v", p1["pagination"])
	require.EqualValues(t, "2", str(p1, "pagination", "next_page"), "page 1 pagination %v", p1["pagination"])
	require.EqualValues(t, "<nil>", str(p1, "pagination", "previous_page"), "page 1 pagination %v", p1["pagination"])
	require.EqualValues(t, "25", str(p1, "pagination", "per_page"), "page 1 pagination %v", p1["pagination"])
	require.Len(t, p1["result"].([]any), 25)
	require.EqualValues(t, ids[29], str(p1, "result", 0, "id"), "newest first: got %s, want %s", str(p1, "result", 0, "id"), ids[29])
	p2 := c.must(t, http.StatusOK, http.MethodGet, "/v1/invoices/", map[string]any{"p": 2})
	require.Len(t, p2["result"].([]any), 5)
	require.EqualValues(t, ids[0], str(p2, "result", 4, "id"))
	require.EqualValues(t, "<nil>", str(p2, "pagination", "next_page"))
	require.EqualValues(t, "1", str(p2, "pagination", "previous_page"))
	m := c.must(t, http.StatusNotFound, http.MethodGet, "/v1/invoices/", map[string]any{"p": 3})
	require.EqualValues(t, "InvalidPage", str(m, "reason"), m)

	// Filters: address, status; a GET filter sent only in the payload works too.
	addr := str(c.must(t, http.StatusOK, http.MethodGet, "/v1/invoices/"+ids[3]+"/", nil), "result", "address")
	f := c.must(t, http.StatusOK, http.MethodGet, "/v1/invoices/", map[string]any{"address": addr})
	require.EqualValues(t, "1", str(f, "pagination", "count"), "address filter %v", f)
	require.EqualValues(t, ids[3], str(f, "result", 0, "id"), "address filter %v", f)
	_, err := srv.PayInvoice(ids[5], mustDecimal("0.00002"))
	require.NoError(t, err)
	f = c.must(t, http.StatusOK, http.MethodGet, "/v1/invoices/", map[string]any{"status": "pending"})
	require.EqualValues(t, "1", str(f, "pagination", "count"), "status filter %v", f)
	require.EqualValues(t, ids[5], str(f, "result", 0, "id"), "status filter %v", f)
	b64, sig := signPayload(srv.APISecret, pyJSON([]kv{{"status", "pending"}, {"request", "/v1/invoices/"}, {"nonce", "999999"}}))
	status, f, _ := c.raw(http.MethodGet, "/v1/invoices/", b64, sig)
	require.EqualValues(t, http.StatusOK, status, "payload-only filter: %d %v", status, f)
	require.EqualValues(t, "1", str(f, "pagination", "count"), "payload-only filter: %d %v", status, f)
}

func TestInvoicePaymentsAndCallbacks(t *testing.T) {
	t.Parallel()
	srv, c, rcv := sandbox(t, cryptochilltest.Options{})
	newInv := func() map[string]any {
		return createInvoice(t, c, map[string]any{"profile_id": srv.ProfileID, "amount": "10", "currency": "USD"})
	}

	// Exact.
	exact := newInv()
	txID, err := srv.PayInvoice(str(exact, "id"), mustDecimal("0.0002"))
	require.NoError(t, err)
	equalStrings(t, "exact", rcv.statuses(), []string{"transaction_pending", "invoice_pending"})
	last := rcv.last()
	require.EqualValues(t, "pending", str(last, "invoice", "status"), "invoice_pending body %v", last)
	require.EqualValues(t, "0.00020000", str(last, "invoice", "amount", "paid", "amount"), "invoice_pending body %v", last)
	require.EqualValues(t, txID, str(last, "invoice", "transactions", 0, "id"), "invoice_pending body %v", last)
	require.EqualValues(t, "0", str(last, "invoice", "transactions", 0, "confirmations"), "invoice_pending body %v", last)
	tx := c.must(t, http.StatusOK, http.MethodGet, "/v1/transactions/"+txID+"/", nil)["result"]
	require.EqualValues(t, "pending", str(tx, "status"), "transaction %v", tx)
	require.EqualValues(t, "0.00020000", str(tx, "amount", "paid", "amount"), "transaction %v", tx)
	require.EqualValues(t, "10.00", str(tx, "amount", "paid", "quotes", "USD"), "transaction %v", tx)
	require.EqualValues(t, "50000", str(tx, "currency_rates", "BTC", "USD"), "transaction %v", tx)
	require.EqualValues(t, str(exact, "id"), str(tx, "invoice", "id"), "transaction %v", tx)
	require.EqualValues(t, "<nil>", str(tx, "confirmed_at"), "transaction %v", tx)
	require.EqualValues(t, "<nil>", str(tx, "zero_conf_status"), "transaction %v", tx)

	// Partial, then the rest.
	rcv.reset()
	partial := newInv()
	_, err = srv.PayInvoice(str(partial, "id"), mustDecimal("0.00015"))
	require.NoError(t, err)
	equalStrings(t, "partial", rcv.statuses(), []string{"transaction_pending", "invoice_incomplete"})
	require.EqualValues(t, "incomplete", str(rcv.last(), "invoice", "status"), rcv.last())
	rcv.reset()
	_, err = srv.PayInvoice(str(partial, "id"), mustDecimal("0.00005"))
	require.NoError(t, err)
	equalStrings(t, "rest", rcv.statuses(), []string{"transaction_pending", "invoice_pending"})

	// Over.
	rcv.reset()
	over := newInv()
	_, err = srv.PayInvoice(str(over, "id"), mustDecimal("0.001"))
	require.NoError(t, err)
	equalStrings(t, "over", rcv.statuses(), []string{"transaction_pending", "invoice_pending"})
	require.EqualValues(t, "0.00100000", str(rcv.last(), "invoice", "amount", "paid", "amount"), rcv.last())
	_, err = srv.PayInvoice(str(over, "id"), mustDecimal("0.000000001"))
	require.Error(t, err, "9 decimal places of BTC accepted")
	_, err = srv.PayInvoice("nope", mustDecimal("1"))
	require.Error(t, err, "unknown invoice accepted")

	// Callbacks carry fresh ids; redelivery repeats one byte for byte.
	ds := srv.Deliveries()
	seen := map[string]bool{}
	for _, d := range ds {
		require.False(t, seen[d.ID], "delivery %+v", d)
		require.EqualValues(t, http.StatusOK, d.StatusCode, "delivery %+v", d)
		require.NoError(t, d.Err, "delivery %+v", d)
		require.EqualValues(t, rcv.srv.URL, d.URL, "delivery %+v", d)
		seen[d.ID] = true
	}
	rcv.reset()
	again, err := srv.Redeliver(ds[0].ID)
	require.NoError(t, err, "redeliver: %v %+v", err, again)
	require.True(t, bytes.Equal(again.Body, ds[0].Body), "redeliver: %v %+v", err, again)
	require.EqualValues(t, ds[0].ID, again.ID, "redeliver: %v %+v", err, again)
	equalStrings(t, "redelivered", rcv.statuses(), []string{ds[0].Type})
	_, err = srv.Redeliver("nope")
	require.Error(t, err, "redelivered an unknown callback")

	// Transactions list and filters.
	l := c.must(t, http.StatusOK, http.MethodGet, "/v1/transactions/", map[string]any{"invoice_id": str(partial, "id")})
	require.EqualValues(t, "2", str(l, "pagination", "count"), l)
	l = c.must(t, http.StatusOK, http.MethodGet, "/v1/transactions/", map[string]any{"txid": str(tx, "txid")})
	require.EqualValues(t, "1", str(l, "pagination", "count"), l)
	require.EqualValues(t, txID, str(l, "result", 0, "id"), l)
	conf := c.must(t, http.StatusOK, http.MethodPost, "/v1/transactions/confirmations/", map[string]any{"id": []any{txID, "unknown"}})
	require.EqualValues(t, txID, str(conf, "result", 0, "id"), conf)
	require.EqualValues(t, "0", str(conf, "result", 0, "confirmations"), conf)
	require.Nil(t, dig(conf, "result", 1), conf)
}

func TestConfirmationsMoveStatuses(t *testing.T) {
	t.Parallel()
	srv, c, rcv := sandbox(t, cryptochilltest.Options{})
	inv := createInvoice(t, c, map[string]any{"profile_id": srv.ProfileID, "amount": "10", "currency": "USD", "min_confirmations": 3})
	id := str(inv, "id")
	txID, err := srv.PayInvoice(id, mustDecimal("0.0002"))
	require.NoError(t, err)
	pendingBefore := c.pending(t, "Bitcoin")
	rcv.reset()
	status := func() (string, string) {
		i := c.must(t, http.StatusOK, http.MethodGet, "/v1/invoices/"+id+"/", nil)
		x := c.must(t, http.StatusOK, http.MethodGet, "/v1/transactions/"+txID+"/", nil)
		return str(i, "result", "status"), str(x, "result", "status")
	}

	require.Nil(t, srv.SetConfirmations(txID, 1))
	i, x := status()
	require.EqualValues(t, "pending", i, "after 1: invoice %s tx %s", i, x)
	require.EqualValues(t, "confirmed", x, "after 1: invoice %s tx %s", i, x)
	equalStrings(t, "at 1", rcv.statuses(), []string{"transaction_confirmed"})
	avail, pending := srv.Balance("BTC"), c.pending(t, "Bitcoin")
	require.True(t, pending.Equal(pendingBefore.Sub(mustDecimal("0.0002"))), "balance after confirmation: %s available, %s pending", avail, pending)
	require.True(t, avail.Equal(mustDecimal("1.5002")), "balance after confirmation: %s available, %s pending", avail, pending)

	rcv.reset()
	require.Nil(t, srv.Confirm(txID))
	equalStrings(t, "1 to 6", rcv.statuses(), []string{"invoice_confirmed", "transaction_complete", "invoice_complete"})
	i, x = status()
	require.EqualValues(t, "complete", i, "after 6: invoice %s tx %s", i, x)
	require.EqualValues(t, "complete", x, "after 6: invoice %s tx %s", i, x)
	require.NotNil(t, srv.SetConfirmations(txID, 2), "confirmations went down")
	require.Nil(t, srv.Confirm(txID))

	// 0 → 6 at once stops at every step, each body showing its own status.
	rcv.reset()
	inv2 := createInvoice(t, c, map[string]any{"profile_id": srv.ProfileID, "amount": "10", "currency": "USD"})
	tx2, _ := srv.PayInvoice(str(inv2, "id"), mustDecimal("0.0002"))
	require.Nil(t, srv.Confirm(tx2))
	equalStrings(t, "0 to 6", rcv.statuses(), []string{"transaction_pending", "invoice_pending",
		"transaction_confirmed", "invoice_confirmed", "transaction_complete", "invoice_complete"})
	rcv.mu.Lock()
	for _, m := range rcv.got {
		st := strings.SplitN(str(m, "callback_status"), "_", 2)
		assert.EqualValues(t, st[1], str(m, st[0], "status"))
	}
	rcv.mu.Unlock()
}

func TestZeroConfAndCustomFee(t *testing.T) {
	t.Parallel()
	srv, c, rcv := sandbox(t, cryptochilltest.Options{})
	inv := createInvoice(t, c, map[string]any{"profile_id": srv.ProfileID, "amount": "100", "currency": "USD",
		"zero_conf_enabled": true, "fee_amount": "0.0001"})
	require.EqualValues(t, "0.00210000", str(inv, "amount", "invoiced", "amount"), "fee invoice %v %v", inv["amount"], inv["custom_fee"])
	require.EqualValues(t, "0.00010000", str(inv, "custom_fee", "amount"), "fee invoice %v %v", inv["amount"], inv["custom_fee"])
	require.EqualValues(t, "true", str(inv, "zero_conf_enabled"), "fee invoice %v %v", inv["amount"], inv["custom_fee"])
	_, err := srv.PayInvoice(str(inv, "id"), mustDecimal("0.0021"))
	require.NoError(t, err)
	equalStrings(t, "zero conf", rcv.statuses(), []string{"transaction_pending", "transaction_zero_conf_confirmed", "invoice_pending", "invoice_confirmed"})
	rcv.mu.Lock()
	zc := rcv.got[1]
	rcv.mu.Unlock()
	require.EqualValues(t, "confirmed", str(zc, "transaction", "zero_conf_status"), "zero-conf transaction %v", zc["transaction"])
	require.EqualValues(t, "0", str(zc, "transaction", "confirmations"), "zero-conf transaction %v", zc["transaction"])
	require.EqualValues(t, "0.00200000", str(zc, "transaction", "amount", "paid", "amount"), "zero-conf transaction %v", zc["transaction"])
	require.EqualValues(t, "0.00210000", str(zc, "transaction", "amount", "paid_total", "amount"), "zero-conf transaction %v", zc["transaction"])
	last := rcv.last()
	require.EqualValues(t, "0.00200000", str(last, "invoice", "amount", "paid", "amount"), "fee invoice paid %v", dig(last, "invoice", "amount"))
	require.EqualValues(t, "0.00210000", str(last, "invoice", "amount", "paid_total", "amount"), "fee invoice paid %v", dig(last, "invoice", "amount"))
}

func TestExpiryWithInjectedClock(t *testing.T) {
	t.Parallel()
	start := time.Date(2024, 1, 2, 3, 4, 5, 123456000, time.UTC)
	srv, c, rcv := sandbox(t, cryptochilltest.Options{Now: func() time.Time { return start }})
	inv := createInvoice(t, c, map[string]any{"profile_id": srv.ProfileID, "amount": "10", "currency": "USD"})
	require.EqualValues(t, "2024-01-02T03:04:05.123456+00:00", str(inv, "created_at"), str(inv, "created_at"))
	deposit := createInvoice(t, c, map[string]any{"profile_id": srv.ProfileID, "currency": "BTC"})
	require.Nil(t, dig(deposit, "amount", "requested"), "deposit amounts %v", deposit["amount"])
	require.Nil(t, dig(deposit, "amount", "invoiced"), "deposit amounts %v", deposit["amount"])
	srv.Advance(14 * time.Minute)
	require.EqualValues(t, "new", str(c.must(t, http.StatusOK, http.MethodGet, "/v1/invoices/"+str(inv, "id")+"/", nil), "result", "status"))
	srv.Advance(2 * time.Minute)
	require.EqualValues(t, "expired", str(c.must(t, http.StatusOK, http.MethodGet, "/v1/invoices/"+str(inv, "id")+"/", nil), "result", "status"))
	l := c.must(t, http.StatusOK, http.MethodGet, "/v1/invoices/", map[string]any{"status": "expired"})
	require.EqualValues(t, "1", str(l, "pagination", "count"), l)

	// A late payment is recorded as a transaction only.
	_, err := srv.PayInvoice(str(inv, "id"), mustDecimal("0.0002"))
	require.NoError(t, err)
	equalStrings(t, "late payment", rcv.statuses(), []string{"transaction_pending"})

	// The deposit address never expires and only sends transaction callbacks.
	rcv.reset()
	srv.Advance(24 * time.Hour)
	tx, err := srv.PayDeposit(str(deposit, "address"), mustDecimal("0.5"))
	require.NoError(t, err)
	require.Nil(t, srv.Confirm(tx))
	equalStrings(t, "deposit", rcv.statuses(), []string{"transaction_pending", "transaction_confirmed", "transaction_complete"})
	require.NotNil(t, srv.ExpireInvoice(str(deposit, "id")), "deposit address expired")

	// ExpireInvoice by hand.
	inv2 := createInvoice(t, c, map[string]any{"profile_id": srv.ProfileID, "amount": "10", "currency": "USD"})
	require.Nil(t, srv.ExpireInvoice(str(inv2, "id")))
	require.EqualValues(t, "expired", str(c.must(t, http.StatusOK, http.MethodGet, "/v1/invoices/"+str(inv2, "id")+"/", nil), "result", "status"))
	require.NotNil(t, srv.ExpireInvoice("nope"), "expired an unknown invoice")
}
