package cryptochilltest_test

import (
	"bytes"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
)

// createInvoice creates an invoice and returns the "result" object.
func createInvoice(t testing.TB, c *client, params map[string]any) map[string]any {
	t.Helper()
	return c.must(t, http.StatusOK, http.MethodPost, "/v1/invoices/", params)["result"].(map[string]any)
}

func TestInvoiceCreateGetShape(t *testing.T) {
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
		if got := str(inv, keys...); got != want {
			t.Errorf("%s = %q, want %q", path, got, want)
		}
	}
	if !regexp.MustCompile(`^tb1q[a-z0-9]{38}$`).MatchString(str(inv, "address")) {
		t.Errorf("address %q", str(inv, "address"))
	}
	if !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$`).MatchString(str(inv, "created_at")) {
		t.Errorf("created_at %q", str(inv, "created_at"))
	}
	if txs, ok := inv["transactions"].([]any); !ok || len(txs) != 0 {
		t.Errorf("transactions = %v", inv["transactions"])
	}
	got := c.must(t, http.StatusOK, http.MethodGet, "/v1/invoices/"+str(inv, "id")+"/", nil)
	if str(got, "result", "address") != str(inv, "address") {
		t.Fatal(got)
	}

	// Other kinds and their address shapes.
	eur := createInvoice(t, c, map[string]any{"profile_id": srv.ProfileID, "amount": 54, "currency": "EUR", "kind": "ETH_USDT"})
	if str(eur, "amount", "invoiced", "amount") != "58.320000" || str(eur, "amount", "invoiced", "currency") != "USDT" {
		t.Errorf("EUR→USDT invoiced %v", eur["amount"])
	}
	if !strings.HasPrefix(str(eur, "address"), "0x") || len(str(eur, "address")) != 42 {
		t.Errorf("ETH address %q", str(eur, "address"))
	}
	xrp := createInvoice(t, c, map[string]any{"profile_id": srv.ProfileID, "amount": "1", "currency": "USD", "kind": "XRP"})
	if !regexp.MustCompile(`^r\w+:\d+$`).MatchString(str(xrp, "address")) || str(xrp, "x_address") == "<nil>" {
		t.Errorf("XRP %q %q", str(xrp, "address"), str(xrp, "x_address"))
	}
	liquid := createInvoice(t, c, map[string]any{"profile_id": srv.ProfileID, "amount": "1", "currency": "USD", "kind": "L-BTC"})
	if str(liquid, "public_address") == "<nil>" {
		t.Errorf("Liquid has no public_address: %v", liquid)
	}
	ln := createInvoice(t, c, map[string]any{"profile_id": srv.ProfileID, "amount": "1", "currency": "USD", "kind": "BTC_LIGHTNING"})
	if str(ln, "address") != "<nil>" || !strings.HasPrefix(str(ln, "lightning", "payment_request"), "lntb") || len(str(ln, "lightning", "payment_hash")) != 64 {
		t.Errorf("lightning %v %v", ln["address"], ln["lightning"])
	}
	trx := createInvoice(t, c, map[string]any{"profile_id": srv.ProfileID, "amount": "1", "currency": "USD", "kind": "USDT-TRX"})
	if !strings.HasPrefix(str(trx, "address"), "T") {
		t.Errorf("TRX address %q", str(trx, "address"))
	}
}

func TestInvoiceValidation(t *testing.T) {
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
		if str(m, "reason") != "InvalidValue" {
			t.Errorf("%s: %v", name, m)
		}
	}
	ok := createInvoice(t, c, base(map[string]any{"exchange_rate_limit": map[string]any{"pair": "BTC:USD", "exchange_rate": "51000", "allowed_difference": "0.05"}}))
	if str(ok, "status") != "new" {
		t.Fatal(ok)
	}
}

func TestInvoiceListPagination(t *testing.T) {
	srv, c, _ := sandbox(t, cryptochilltest.Options{})
	var ids []string
	for i := 0; i < 30; i++ {
		ids = append(ids, str(createInvoice(t, c, map[string]any{"profile_id": srv.ProfileID, "amount": "1", "currency": "USD"}), "id"))
	}
	p1 := c.must(t, http.StatusOK, http.MethodGet, "/v1/invoices/", nil)
	if str(p1, "pagination", "count") != "30" || str(p1, "pagination", "num_pages") != "2" ||
		str(p1, "pagination", "page") != "1" || str(p1, "pagination", "next_page") != "2" ||
		str(p1, "pagination", "previous_page") != "<nil>" || str(p1, "pagination", "per_page") != "25" {
		t.Fatalf("page 1 pagination %v", p1["pagination"])
	}
	if n := len(p1["result"].([]any)); n != 25 {
		t.Fatalf("page 1 has %d", n)
	}
	if str(p1, "result", 0, "id") != ids[29] {
		t.Fatalf("newest first: got %s, want %s", str(p1, "result", 0, "id"), ids[29])
	}
	p2 := c.must(t, http.StatusOK, http.MethodGet, "/v1/invoices/", map[string]any{"p": 2})
	if n := len(p2["result"].([]any)); n != 5 || str(p2, "result", 4, "id") != ids[0] ||
		str(p2, "pagination", "next_page") != "<nil>" || str(p2, "pagination", "previous_page") != "1" {
		t.Fatalf("page 2: %d items, %v", n, p2["pagination"])
	}
	m := c.must(t, http.StatusNotFound, http.MethodGet, "/v1/invoices/", map[string]any{"p": 3})
	if str(m, "reason") != "InvalidPage" {
		t.Fatal(m)
	}

	// Filters: address, status; a GET filter sent only in the payload works too.
	addr := str(c.must(t, http.StatusOK, http.MethodGet, "/v1/invoices/"+ids[3]+"/", nil), "result", "address")
	f := c.must(t, http.StatusOK, http.MethodGet, "/v1/invoices/", map[string]any{"address": addr})
	if str(f, "pagination", "count") != "1" || str(f, "result", 0, "id") != ids[3] {
		t.Fatalf("address filter %v", f)
	}
	if _, err := srv.PayInvoice(ids[5], mustDecimal("0.00002")); err != nil {
		t.Fatal(err)
	}
	f = c.must(t, http.StatusOK, http.MethodGet, "/v1/invoices/", map[string]any{"status": "pending"})
	if str(f, "pagination", "count") != "1" || str(f, "result", 0, "id") != ids[5] {
		t.Fatalf("status filter %v", f)
	}
	b64, sig := signPayload(srv.APISecret, pyJSON([]kv{{"status", "pending"}, {"request", "/v1/invoices/"}, {"nonce", "999999"}}))
	status, f, _ := c.raw(http.MethodGet, "/v1/invoices/", b64, sig)
	if status != http.StatusOK || str(f, "pagination", "count") != "1" {
		t.Fatalf("payload-only filter: %d %v", status, f)
	}
}

func TestInvoicePaymentsAndCallbacks(t *testing.T) {
	srv, c, rcv := sandbox(t, cryptochilltest.Options{})
	newInv := func() map[string]any {
		return createInvoice(t, c, map[string]any{"profile_id": srv.ProfileID, "amount": "10", "currency": "USD"})
	}

	// Exact.
	exact := newInv()
	txID, err := srv.PayInvoice(str(exact, "id"), mustDecimal("0.0002"))
	if err != nil {
		t.Fatal(err)
	}
	equalStrings(t, "exact", rcv.statuses(), []string{"transaction_pending", "invoice_pending"})
	last := rcv.last()
	if str(last, "invoice", "status") != "pending" || str(last, "invoice", "amount", "paid", "amount") != "0.00020000" ||
		str(last, "invoice", "transactions", 0, "id") != txID || str(last, "invoice", "transactions", 0, "confirmations") != "0" {
		t.Fatalf("invoice_pending body %v", last)
	}
	tx := c.must(t, http.StatusOK, http.MethodGet, "/v1/transactions/"+txID+"/", nil)["result"]
	if str(tx, "status") != "pending" || str(tx, "amount", "paid", "amount") != "0.00020000" ||
		str(tx, "amount", "paid", "quotes", "USD") != "10.00" || str(tx, "currency_rates", "BTC", "USD") != "50000" ||
		str(tx, "invoice", "id") != str(exact, "id") || str(tx, "confirmed_at") != "<nil>" || str(tx, "zero_conf_status") != "<nil>" {
		t.Fatalf("transaction %v", tx)
	}

	// Partial, then the rest.
	rcv.reset()
	partial := newInv()
	if _, err := srv.PayInvoice(str(partial, "id"), mustDecimal("0.00015")); err != nil {
		t.Fatal(err)
	}
	equalStrings(t, "partial", rcv.statuses(), []string{"transaction_pending", "invoice_incomplete"})
	if str(rcv.last(), "invoice", "status") != "incomplete" {
		t.Fatal(rcv.last())
	}
	rcv.reset()
	if _, err := srv.PayInvoice(str(partial, "id"), mustDecimal("0.00005")); err != nil {
		t.Fatal(err)
	}
	equalStrings(t, "rest", rcv.statuses(), []string{"transaction_pending", "invoice_pending"})

	// Over.
	rcv.reset()
	over := newInv()
	if _, err := srv.PayInvoice(str(over, "id"), mustDecimal("0.001")); err != nil {
		t.Fatal(err)
	}
	equalStrings(t, "over", rcv.statuses(), []string{"transaction_pending", "invoice_pending"})
	if str(rcv.last(), "invoice", "amount", "paid", "amount") != "0.00100000" {
		t.Fatal(rcv.last())
	}
	if _, err := srv.PayInvoice(str(over, "id"), mustDecimal("0.000000001")); err == nil {
		t.Fatal("9 decimal places of BTC accepted")
	}
	if _, err := srv.PayInvoice("nope", mustDecimal("1")); err == nil {
		t.Fatal("unknown invoice accepted")
	}

	// Callbacks carry fresh ids; redelivery repeats one byte for byte.
	ds := srv.Deliveries()
	seen := map[string]bool{}
	for _, d := range ds {
		if seen[d.ID] || d.StatusCode != http.StatusOK || d.Err != nil || d.URL != rcv.srv.URL {
			t.Fatalf("delivery %+v", d)
		}
		seen[d.ID] = true
	}
	rcv.reset()
	again, err := srv.Redeliver(ds[0].ID)
	if err != nil || !bytes.Equal(again.Body, ds[0].Body) || again.ID != ds[0].ID {
		t.Fatalf("redeliver: %v %+v", err, again)
	}
	equalStrings(t, "redelivered", rcv.statuses(), []string{ds[0].Type})
	if _, err := srv.Redeliver("nope"); err == nil {
		t.Fatal("redelivered an unknown callback")
	}

	// Transactions list and filters.
	l := c.must(t, http.StatusOK, http.MethodGet, "/v1/transactions/", map[string]any{"invoice_id": str(partial, "id")})
	if str(l, "pagination", "count") != "2" {
		t.Fatal(l)
	}
	l = c.must(t, http.StatusOK, http.MethodGet, "/v1/transactions/", map[string]any{"txid": str(tx, "txid")})
	if str(l, "pagination", "count") != "1" || str(l, "result", 0, "id") != txID {
		t.Fatal(l)
	}
	conf := c.must(t, http.StatusOK, http.MethodPost, "/v1/transactions/confirmations/", map[string]any{"id": []any{txID, "unknown"}})
	if str(conf, "result", 0, "id") != txID || str(conf, "result", 0, "confirmations") != "0" || dig(conf, "result", 1) != nil {
		t.Fatal(conf)
	}
}

func TestConfirmationsMoveStatuses(t *testing.T) {
	srv, c, rcv := sandbox(t, cryptochilltest.Options{})
	inv := createInvoice(t, c, map[string]any{"profile_id": srv.ProfileID, "amount": "10", "currency": "USD", "min_confirmations": 3})
	id := str(inv, "id")
	txID, err := srv.PayInvoice(id, mustDecimal("0.0002"))
	if err != nil {
		t.Fatal(err)
	}
	_, pendingBefore, _ := srv.Balance("BTC")
	rcv.reset()
	status := func() (string, string) {
		i := c.must(t, http.StatusOK, http.MethodGet, "/v1/invoices/"+id+"/", nil)
		x := c.must(t, http.StatusOK, http.MethodGet, "/v1/transactions/"+txID+"/", nil)
		return str(i, "result", "status"), str(x, "result", "status")
	}

	if err := srv.Confirm(txID, 1); err != nil {
		t.Fatal(err)
	}
	if i, x := status(); i != "pending" || x != "confirmed" {
		t.Fatalf("after 1: invoice %s tx %s", i, x)
	}
	equalStrings(t, "at 1", rcv.statuses(), []string{"transaction_confirmed"})
	avail, pending, _ := srv.Balance("BTC")
	if !pending.Equal(pendingBefore.Sub(mustDecimal("0.0002"))) || !avail.Equal(mustDecimal("1.5002")) {
		t.Fatalf("balance after confirmation: %s available, %s pending", avail, pending)
	}

	rcv.reset()
	if err := srv.Confirm(txID, 6); err != nil {
		t.Fatal(err)
	}
	equalStrings(t, "1 to 6", rcv.statuses(), []string{"invoice_confirmed", "transaction_complete", "invoice_complete"})
	if i, x := status(); i != "complete" || x != "complete" {
		t.Fatalf("after 6: invoice %s tx %s", i, x)
	}
	if err := srv.Confirm(txID, 2); err == nil {
		t.Fatal("confirmations went down")
	}
	if err := srv.Confirm(txID, 6); err != nil {
		t.Fatal(err)
	}

	// 0 → 6 at once stops at every step, each body showing its own status.
	rcv.reset()
	inv2 := createInvoice(t, c, map[string]any{"profile_id": srv.ProfileID, "amount": "10", "currency": "USD"})
	tx2, _ := srv.PayInvoice(str(inv2, "id"), mustDecimal("0.0002"))
	if err := srv.Confirm(tx2, 6); err != nil {
		t.Fatal(err)
	}
	equalStrings(t, "0 to 6", rcv.statuses(), []string{"transaction_pending", "invoice_pending",
		"transaction_confirmed", "invoice_confirmed", "transaction_complete", "invoice_complete"})
	rcv.mu.Lock()
	for _, m := range rcv.got {
		st := strings.SplitN(str(m, "callback_status"), "_", 2)
		if got := str(m, st[0], "status"); got != st[1] {
			t.Errorf("%s body has status %s", str(m, "callback_status"), got)
		}
	}
	rcv.mu.Unlock()
}

func TestZeroConfAndCustomFee(t *testing.T) {
	srv, c, rcv := sandbox(t, cryptochilltest.Options{})
	inv := createInvoice(t, c, map[string]any{"profile_id": srv.ProfileID, "amount": "100", "currency": "USD",
		"zero_conf_enabled": true, "fee_amount": "0.0001"})
	if str(inv, "amount", "invoiced", "amount") != "0.00210000" || str(inv, "custom_fee", "amount") != "0.00010000" ||
		str(inv, "zero_conf_enabled") != "true" {
		t.Fatalf("fee invoice %v %v", inv["amount"], inv["custom_fee"])
	}
	if _, err := srv.PayInvoice(str(inv, "id"), mustDecimal("0.0021")); err != nil {
		t.Fatal(err)
	}
	equalStrings(t, "zero conf", rcv.statuses(), []string{"transaction_pending", "transaction_zero_conf_confirmed", "invoice_pending", "invoice_confirmed"})
	rcv.mu.Lock()
	zc := rcv.got[1]
	rcv.mu.Unlock()
	if str(zc, "transaction", "zero_conf_status") != "confirmed" || str(zc, "transaction", "confirmations") != "0" ||
		str(zc, "transaction", "amount", "paid", "amount") != "0.00200000" ||
		str(zc, "transaction", "amount", "paid_total", "amount") != "0.00210000" {
		t.Fatalf("zero-conf transaction %v", zc["transaction"])
	}
	last := rcv.last()
	if str(last, "invoice", "amount", "paid", "amount") != "0.00200000" || str(last, "invoice", "amount", "paid_total", "amount") != "0.00210000" {
		t.Fatalf("fee invoice paid %v", dig(last, "invoice", "amount"))
	}
}

func TestExpiryWithInjectedClock(t *testing.T) {
	clk := &clock{t: time.Date(2024, 1, 2, 3, 4, 5, 123456000, time.UTC)}
	srv, c, rcv := sandbox(t, cryptochilltest.Options{Now: clk.now})
	inv := createInvoice(t, c, map[string]any{"profile_id": srv.ProfileID, "amount": "10", "currency": "USD"})
	if str(inv, "created_at") != "2024-01-02T03:04:05.123456+00:00" {
		t.Fatal(str(inv, "created_at"))
	}
	deposit := createInvoice(t, c, map[string]any{"profile_id": srv.ProfileID, "currency": "BTC"})
	if dig(deposit, "amount", "requested") != nil || dig(deposit, "amount", "invoiced") != nil {
		t.Fatalf("deposit amounts %v", deposit["amount"])
	}
	clk.advance(14 * time.Minute)
	if got := str(c.must(t, http.StatusOK, http.MethodGet, "/v1/invoices/"+str(inv, "id")+"/", nil), "result", "status"); got != "new" {
		t.Fatalf("at 14 minutes: %s", got)
	}
	clk.advance(2 * time.Minute)
	if got := str(c.must(t, http.StatusOK, http.MethodGet, "/v1/invoices/"+str(inv, "id")+"/", nil), "result", "status"); got != "expired" {
		t.Fatalf("at 16 minutes: %s", got)
	}
	l := c.must(t, http.StatusOK, http.MethodGet, "/v1/invoices/", map[string]any{"status": "expired"})
	if str(l, "pagination", "count") != "1" {
		t.Fatal(l)
	}

	// A late payment is recorded as a transaction only.
	if _, err := srv.PayInvoice(str(inv, "id"), mustDecimal("0.0002")); err != nil {
		t.Fatal(err)
	}
	equalStrings(t, "late payment", rcv.statuses(), []string{"transaction_pending"})

	// The deposit address never expires and only sends transaction callbacks.
	rcv.reset()
	clk.advance(24 * time.Hour)
	tx, err := srv.PayAddress(str(deposit, "address"), mustDecimal("0.5"))
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Confirm(tx, 6); err != nil {
		t.Fatal(err)
	}
	equalStrings(t, "deposit", rcv.statuses(), []string{"transaction_pending", "transaction_confirmed", "transaction_complete"})
	if err := srv.ExpireInvoice(str(deposit, "id")); err == nil {
		t.Fatal("deposit address expired")
	}

	// ExpireInvoice by hand.
	inv2 := createInvoice(t, c, map[string]any{"profile_id": srv.ProfileID, "amount": "10", "currency": "USD"})
	if err := srv.ExpireInvoice(str(inv2, "id")); err != nil {
		t.Fatal(err)
	}
	if got := str(c.must(t, http.StatusOK, http.MethodGet, "/v1/invoices/"+str(inv2, "id")+"/", nil), "result", "status"); got != "expired" {
		t.Fatal(got)
	}
	if err := srv.ExpireInvoice("nope"); err == nil {
		t.Fatal("expired an unknown invoice")
	}
}
