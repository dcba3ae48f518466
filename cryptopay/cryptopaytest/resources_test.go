package cryptopaytest

import (
	"fmt"
	"maps"
	"net/http"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// str reads a string field of a decoded object.
func str(m map[string]any, k string) string { v, _ := m[k].(string); return v }

// dec reads a decimal string field.
func dec(t *testing.T, m map[string]any, k string) decimal.Decimal {
	t.Helper()
	d, err := decimal.NewFromString(str(m, k))
	require.NoError(t, err, "%s = %v", k, m[k])
	return d
}

// invoiceBody is a valid invoice create body with extra's members added
// (extra wins).
func invoiceBody(extra map[string]any) map[string]any {
	return withExtra(map[string]any{"price_amount": "100.0", "price_currency": "EUR", "pay_currency": "BTC"}, extra)
}

// withExtra adds extra's members to the body b (extra wins) and returns b.
func withExtra(b, extra map[string]any) map[string]any {
	maps.Copy(b, extra)
	return b
}

func TestInvoiceCreateGetList(t *testing.T) {
	t.Parallel()
	a, _, rec := newAPI(t)
	inv := a.ok(201, "POST", "/api/invoices", invoiceBody(map[string]any{"custom_id": "order-1", "metadata": map[string]string{"k": "v"}}))
	assert.Equal(t, "new", str(inv, "status"))
	assert.Nil(t, inv["status_context"])
	assert.Equal(t, "order-1", str(inv, "custom_id"))
	assert.Equal(t, "bitcoin", str(inv, "network"))
	assert.Equal(t, "100.0", str(inv, "price_amount"))
	// 100 EUR at the buy rate 60300 is 0.00165838 BTC (rounded up).
	assert.Equal(t, "0.00165838", str(inv, "pay_amount"))
	assert.Equal(t, "0.0", str(inv, "paid_amount"))
	assert.Equal(t, "BTCEUR", inv["exchange"].(map[string]any)["pair"])
	assert.Equal(t, "2026-03-04T10:00:00+00:00", str(inv, "created_at"))
	assert.Equal(t, "2026-03-04T10:10:00+00:00", str(inv, "expires_at"), "fiat-priced: 10 minutes")
	id := str(inv, "id")
	assert.Equal(t, []string{"Invoice/created"}, rec.events())

	assert.Equal(t, id, str(a.ok(200, "GET", "/api/invoices/"+id, nil), "id"))
	assert.Equal(t, id, str(a.ok(200, "GET", "/api/invoices/custom_id/order-1", nil), "id"))
	r := a.do("GET", "/api/invoices/nope", nil)
	assert.Equal(t, http.StatusNotFound, r.status)
	assert.Equal(t, "not_found", r.errCode())
	assert.Equal(t, http.StatusNotFound, a.do("GET", "/api/invoices/custom_id/nope", nil).status)

	crypto := a.ok(201, "POST", "/api/invoices", map[string]any{"price_amount": "0.5", "price_currency": "ETH", "pay_currency": "ETH"})
	assert.Equal(t, "0.5", str(crypto, "pay_amount"))
	assert.Equal(t, "2026-03-04T12:00:00+00:00", str(crypto, "expires_at"), "crypto-priced: 2 hours")

	a.ok(201, "POST", "/api/customers", map[string]any{"id": "cust-1", "currency": "EUR"})
	withCust := a.ok(201, "POST", "/api/invoices", invoiceBody(map[string]any{"customer_id": "cust-1"}))
	r = a.do("GET", "/api/invoices?customer_id=cust-1", nil)
	require.Equal(t, 200, r.status)
	require.Len(t, r.list(), 1)
	assert.Equal(t, str(withCust, "id"), str(r.list()[0], "id"))
	all := a.do("GET", "/api/invoices", nil)
	assert.Len(t, all.list(), 3)
	assert.Equal(t, str(withCust, "id"), str(all.list()[0], "id"), "newest first")
}

func TestInvoiceValidation(t *testing.T) {
	t.Parallel()
	a, _, _ := newAPI(t)
	r := a.do("POST", "/api/invoices", map[string]any{"price_amount": "-1", "price_currency": "XYZ", "pay_currency": "EUR", "metadata": map[string]int{"a": 1}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status, string(r.raw))
	assert.Equal(t, "invalid", r.errCode())
	targets := map[string]string{}
	for _, d := range r.details() {
		targets[str(d, "target")] = str(d, "code")
	}
	assert.Equal(t, map[string]string{"price_amount": "must_be_greater_than", "price_currency": "must_be_included_in",
		"pay_currency": "must_be_included_in", "metadata": "invalid"}, targets)
	r = a.do("POST", "/api/invoices", invoiceBody(map[string]any{"network": "tron"}))
	assert.Equal(t, "network", str(r.details()[0], "target"))
	r = a.do("POST", "/api/invoices", invoiceBody(map[string]any{"price_amount": "1.001"}))
	assert.Equal(t, "price_amount", str(r.details()[0], "target"), "EUR has 2 places")
	r = a.do("POST", "/api/invoices", invoiceBody(map[string]any{"customer_id": "nobody"}))
	assert.Equal(t, "not_found", str(r.details()[0], "code"))
	r = a.do("POST", "/api/invoices", []byte(`[1,2]`))
	assert.Equal(t, http.StatusBadRequest, r.status)
	r = a.do("POST", "/api/invoices", invoiceBody(map[string]any{"price_amount": 12.5}))
	assert.Equal(t, http.StatusUnprocessableEntity, r.status, "a JSON number amount is refused: amounts are strings")
}

func TestCustomIDReuse(t *testing.T) {
	t.Parallel()
	for _, status := range []int{0, http.StatusConflict, http.StatusUnprocessableEntity} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			t.Parallel()
			s, _ := newSandbox(t, Options{DuplicateCustomIDStatus: status})
			a := api{t, s}
			creates := map[string]map[string]any{
				"/api/invoices": invoiceBody(nil),
				"/api/coin_withdrawals": {"address": "2N122JKRz52gokTmaVYNiMA43qvdSqnhLGV", "charged_currency": "EUR",
					"received_currency": "BTC", "charged_amount_to_send": "10"},
				"/api/exchange_transfers": {"charged_currency": "EUR", "received_currency": "BTC", "charged_amount": "100", "received_amount": nil},
				"/api/channels":           {"pay_currency": "BTC", "receiver_currency": "EUR"},
				"/api/subscriptions": {"name": "Plan", "amount": "10", "currency": "EUR", "period": "month", "period_quantity": 1,
					"starts_at": "2026-03-05T00:00:00Z", "payer_email": "a@example.com"},
			}
			for path, body := range creates {
				body["custom_id"] = "ref-1"
				first := a.do("POST", path, body)
				require.Equal(t, http.StatusCreated, first.status, "%s: %s", path, first.raw)
				again := a.do("POST", path, body)
				if status == http.StatusUnprocessableEntity {
					require.Equal(t, http.StatusUnprocessableEntity, again.status, path)
					assert.Equal(t, "duplicate_custom_id", str(again.details()[0], "code"))
				} else {
					require.Equal(t, http.StatusConflict, again.status, path)
					assert.Equal(t, "conflict", again.errCode())
					assert.Equal(t, "custom_id", str(again.details()[0], "target"))
				}
			}
			// Nothing was created twice.
			assert.Len(t, a.do("GET", "/api/invoices", nil).list(), 1)
			assert.Len(t, a.do("GET", "/api/coin_withdrawals", nil).list(), 1)
			assert.Len(t, a.do("GET", "/api/channels", nil).list(), 1)
			assert.Len(t, a.do("GET", "/api/subscriptions", nil).list(), 1)
			// The lookup by custom_id finds each.
			for _, p := range []string{"/api/invoices", "/api/coin_withdrawals", "/api/channels", "/api/subscriptions"} {
				assert.Equal(t, "ref-1", str(a.ok(200, "GET", p+"/custom_id/ref-1", nil), "custom_id"), p)
			}
		})
	}
}

func TestPagination(t *testing.T) {
	t.Parallel()
	s, _ := newSandbox(t, Options{PageSize: 2})
	a := api{t, s}
	var ids []string
	for i := range 5 {
		inv := a.ok(201, "POST", "/api/invoices", invoiceBody(map[string]any{"custom_id": fmt.Sprint("p", i)}))
		ids = append([]string{str(inv, "id")}, ids...) // newest first
	}
	var seen []string
	after := ""
	for page := 0; ; page++ {
		require.Less(t, page, 5)
		q := "/api/invoices"
		if after != "" {
			q += "?starting_after=" + after
		}
		r := a.do("GET", q, nil)
		require.Equal(t, 200, r.status)
		meta := r.body["meta"].(map[string]any)
		assert.Equal(t, "5", fmt.Sprint(meta["total"]))
		for _, it := range r.list() {
			seen = append(seen, str(it, "id"))
		}
		if meta["has_more"] != true {
			break
		}
		after = seen[len(seen)-1]
	}
	assert.Equal(t, ids, seen)
	r := a.do("GET", "/api/invoices?starting_after=unknown", nil)
	assert.Equal(t, http.StatusUnprocessableEntity, r.status)
	assert.Equal(t, "starting_after", str(r.details()[0], "target"))
}

// withdrawalBody is a valid coin withdrawal create body with extra's
// members added (extra wins).
func withdrawalBody(extra map[string]any) map[string]any {
	return withExtra(map[string]any{"address": "2N122JKRz52gokTmaVYNiMA43qvdSqnhLGV", "charged_currency": "EUR", "received_currency": "BTC", "charged_amount_to_send": "10"}, extra)
}

func TestWithdrawalTwoStepAndExpiry(t *testing.T) {
	t.Parallel()
	a, s, rec := newAPI(t)
	before := s.Balance("EUR")
	w := a.ok(201, "POST", "/api/coin_withdrawals", withdrawalBody(map[string]any{"custom_id": "w-1", "network_fee_level": "fast"}))
	assert.Equal(t, "new", str(w, "status"))
	assert.Equal(t, "fast", str(w, "network_fee_level"))
	assert.Equal(t, "0.00001", str(w, "network_fee"))
	assert.Equal(t, "BTCEUR", w["exchange"].(map[string]any)["pair"])
	assert.Equal(t, "2026-03-04T10:00:00Z", str(w, "created_at"))
	assert.Equal(t, before.String(), s.Balance("EUR").String(), "nothing charged before the commit")
	// 10 EUR to send at 60300 EUR/BTC.
	assert.Equal(t, "0.00016583", str(w, "received_amount"))

	s.Advance(29 * time.Second)
	c := a.ok(200, "POST", "/api/coin_withdrawals/"+str(w, "id")+"/commit", nil)
	assert.Equal(t, "pending", str(c, "status"))
	charged := dec(t, c, "charged_amount")
	assert.True(t, before.Sub(charged).Equal(s.Balance("EUR")))
	again := a.do("POST", "/api/coin_withdrawals/"+str(w, "id")+"/commit", nil)
	assert.Equal(t, http.StatusUnprocessableEntity, again.status)

	// An uncommitted one expires after 30 seconds of sandbox clock.
	rec.reset()
	w2 := a.ok(201, "POST", "/api/coin_withdrawals", withdrawalBody(nil))
	s.Advance(30 * time.Second)
	r := a.do("POST", "/api/coin_withdrawals/"+str(w2, "id")+"/commit", nil)
	require.Equal(t, http.StatusUnprocessableEntity, r.status, string(r.raw))
	assert.Equal(t, "expired", r.errCode())
	assert.Equal(t, "cancelled", str(a.ok(200, "GET", "/api/coin_withdrawals/"+str(w2, "id"), nil), "status"))
	assert.Equal(t, []string{"CoinWithdrawal/created", "CoinWithdrawal/status_changed"}, rec.events())

	// force_commit sends at once.
	w3 := a.ok(201, "POST", "/api/coin_withdrawals", withdrawalBody(map[string]any{"force_commit": true, "customer_id": nil}))
	assert.Equal(t, "pending", str(w3, "status"))
	s.Advance(time.Minute)
	assert.Equal(t, "pending", str(a.ok(200, "GET", "/api/coin_withdrawals/"+str(w3, "id"), nil), "status"))

	assert.Equal(t, str(w, "id"), str(a.ok(200, "GET", "/api/coin_withdrawals/custom_id/w-1", nil), "id"))
	assert.Len(t, a.do("GET", "/api/coin_withdrawals", nil).list(), 3)
}

func TestWithdrawalAmountsAndErrors(t *testing.T) {
	t.Parallel()
	a, s, _ := newAPI(t)
	// Same currency: no exchange, charged = received + network fee.
	w := a.ok(201, "POST", "/api/coin_withdrawals", map[string]any{"address": "2N122JKRz52gokTmaVYNiMA43qvdSqnhLGV",
		"charged_currency": "BTC", "received_currency": "BTC", "received_amount": "0.001"})
	assert.Nil(t, w["exchange"])
	assert.Equal(t, "0.0010054", str(w, "charged_amount"))
	// charged_amount includes everything.
	w = a.ok(201, "POST", "/api/coin_withdrawals", withdrawalBody(map[string]any{"charged_amount_to_send": nil, "charged_amount": "101"}))
	assert.Equal(t, "101.0", str(w, "charged_amount"))
	assert.Equal(t, "1.0", w["exchange"].(map[string]any)["fee"])
	// XRP needs the ?dt= tag form.
	xrp := withdrawalBody(map[string]any{"received_currency": "XRP", "address": "rPEPPER7kfTD9w2To4CQk6UCfuHM9c6GDY"})
	r := a.do("POST", "/api/coin_withdrawals", xrp)
	assert.Equal(t, "invalid_coin_address", str(r.details()[0], "code"))
	xrp["address"] = "rPEPPER7kfTD9w2To4CQk6UCfuHM9c6GDY?dt=0"
	assert.Equal(t, http.StatusCreated, a.do("POST", "/api/coin_withdrawals", xrp).status)

	firstDetail := func(body map[string]any) (int, map[string]any) {
		r := a.do("POST", "/api/coin_withdrawals", body)
		if len(r.details()) == 0 {
			return r.status, map[string]any{"code": r.errCode()}
		}
		return r.status, r.details()[0]
	}
	st, d := firstDetail(withdrawalBody(map[string]any{"charged_amount": "20"}))
	assert.Equal(t, 422, st)
	assert.Equal(t, "invalid", str(d, "code"), "two amount fields")
	st, _ = firstDetail(withdrawalBody(map[string]any{"charged_amount_to_send": nil}))
	assert.Equal(t, 422, st, "no amount field")
	_, d = firstDetail(withdrawalBody(map[string]any{"charged_amount_to_send": "4.99"}))
	assert.Equal(t, "must_be_greater_than_or_equal", str(d, "code"))
	assert.Equal(t, "charged_amount_to_send", str(d, "target"))
	assert.Equal(t, "5.0", d["args"].(map[string]any)["value"])
	_, d = firstDetail(withdrawalBody(map[string]any{"charged_amount_to_send": "20000"}))
	assert.Equal(t, "must_be_less_than_or_equal", str(d, "code"))
	assert.Equal(t, "charged_amount", str(d, "target"))
	_, d = firstDetail(withdrawalBody(map[string]any{"address": "not-an-address"}))
	assert.Equal(t, "invalid_coin_address", str(d, "code"))
	_, d = firstDetail(withdrawalBody(map[string]any{"charged_currency": "DOGE"}))
	assert.Equal(t, "must_be_included_in", str(d, "code"))
	assert.NotEmpty(t, d["args"].(map[string]any)["list"])
	_, d = firstDetail(withdrawalBody(map[string]any{"network_fee_level": "turbo"}))
	assert.Equal(t, "network_fee_level", str(d, "target"))
	s.MarkHighRiskAddress("2N122JKRz52gokTmaVYNiMA43qvdSqnhLGV")
	st, d = firstDetail(withdrawalBody(nil))
	assert.Equal(t, 422, st)
	assert.Equal(t, "high_risk_address", str(d, "code"))

	// Travel rule: beneficiary fields are required when travel_rule_compliant is set.
	r = a.do("POST", "/api/coin_withdrawals", withdrawalBody(map[string]any{"address": "0x52908400098527886E0F7030069857D2E4169EE7",
		"received_currency": "ETH", "travel_rule_compliant": true, "beneficiary": map[string]any{"type": "robot", "address": map[string]any{"country": "DE"}}}))
	var targets []string
	for _, d := range r.details() {
		targets = append(targets, str(d, "target"))
	}
	assert.ElementsMatch(t, []string{"beneficiary.type", "beneficiary.name", "beneficiary.address.city", "beneficiary.address.line_1", "beneficiary.address.post_code"}, targets)
	ok := a.do("POST", "/api/coin_withdrawals", withdrawalBody(map[string]any{"address": "0x52908400098527886E0F7030069857D2E4169EE7",
		"received_currency": "ETH", "travel_rule_compliant": true, "beneficiary": map[string]any{"type": "natural_person", "name": "Ann",
			"address": map[string]any{"country": "DE", "city": "Berlin", "line_1": "Str. 1", "post_code": "10115"}}}))
	assert.Equal(t, http.StatusCreated, ok.status, string(ok.raw))
}

func TestNetworkFeesCoinsRates(t *testing.T) {
	t.Parallel()
	a, s, _ := newAPI(t)
	fees := a.do("GET", "/api/coin_withdrawals/network_fees", nil).list()
	all := a.do("GET", "/api/coin_withdrawals/network_fees?all_networks=true", nil).list()
	assert.Greater(t, len(all), len(fees))
	assert.Equal(t, "slow", str(fees[0], "level"))
	coins := a.do("GET", "/api/coins", nil).list()
	assert.Equal(t, "BTC", str(coins[0], "currency"))

	rates := a.do("GET", "/api/rates", nil)
	btceur := rates.body["data"].(map[string]any)["BTCEUR"].(map[string]any)
	assert.Equal(t, "60300.0", btceur["buy_rate"])
	assert.Equal(t, "59700.0", btceur["sell_rate"])
	for _, p := range []string{"/api/rates/BTC/EUR", "/api/rates/BTCEUR", "/api/rates/BTC%2FEUR", "/api/rates/btc/eur"} {
		assert.Equal(t, "60300.0", str(a.ok(200, "GET", p, nil), "buy_rate"), p)
	}
	assert.Equal(t, http.StatusNotFound, a.do("GET", "/api/rates/BTC/XYZ", nil).status)
	s.SetRate("BTC", "EUR", decimal.NewFromInt(50000), decimal.NewFromInt(49000))
	assert.Equal(t, "50000.0", str(a.ok(200, "GET", "/api/rates/BTC/EUR", nil), "buy_rate"))

	s2, _ := newSandbox(t, Options{RateKeysWithSlash: true})
	r := api{t, s2}.do("GET", "/api/rates", nil)
	assert.Contains(t, r.body["data"], "BTC/EUR")
}

func TestExchangeTransfers(t *testing.T) {
	t.Parallel()
	a, s, _ := newAPI(t)
	eur, btc := s.Balance("EUR"), s.Balance("BTC")
	tr := a.ok(201, "POST", "/api/exchange_transfers", map[string]any{"charged_currency": "EUR", "received_currency": "BTC",
		"charged_amount": "603", "received_amount": nil, "custom_id": "x-1"})
	c := a.ok(200, "POST", "/api/exchange_transfers/"+str(tr, "id")+"/commit", nil)
	assert.True(t, eur.Sub(decimal.NewFromInt(603)).Equal(s.Balance("EUR")))
	assert.True(t, btc.Add(dec(t, c, "received_amount")).Equal(s.Balance("BTC")))

	tr2 := a.ok(201, "POST", "/api/exchange_transfers", map[string]any{"charged_currency": "EUR", "received_currency": "BTC", "received_amount": "0.01", "charged_amount": nil})
	s.Advance(CommitWindow)
	assert.Equal(t, "expired", a.do("POST", "/api/exchange_transfers/"+str(tr2, "id")+"/commit", nil).errCode())

	a.ok(201, "POST", "/api/exchange_transfers", map[string]any{"charged_currency": "BTC", "received_currency": "EUR", "charged_amount": "0.01", "force_commit": true})
	r := a.do("POST", "/api/exchange_transfers", map[string]any{"charged_currency": "EUR", "received_currency": "BTC", "charged_amount": "1", "received_amount": "1"})
	assert.Equal(t, http.StatusUnprocessableEntity, r.status)
}

func TestCustomersAndChannels(t *testing.T) {
	t.Parallel()
	a, _, _ := newAPI(t)
	cu := a.ok(201, "POST", "/api/customers", map[string]any{"id": "c-1", "currency": "EUR",
		"addresses": []map[string]any{{"address": "2N122JKRz52gokTmaVYNiMA43qvdSqnhLGV", "currency": "BTC"}}})
	assert.Equal(t, "c-1", str(cu, "id"))
	assert.Equal(t, "2N122JKRz52gokTmaVYNiMA43qvdSqnhLGV", cu["refund_addresses"].(map[string]any)["BTC"])
	assert.Equal(t, "bitcoin", cu["addresses"].([]any)[0].(map[string]any)["network"])
	r := a.do("POST", "/api/customers", map[string]any{"id": "c-1"})
	assert.Equal(t, "taken", str(r.details()[0], "code"))
	r = a.do("POST", "/api/customers", map[string]any{"id": "c-2", "addresses": []map[string]any{{"address": "x", "currency": "BTC"}}})
	assert.Equal(t, "addresses[0].address", str(r.details()[0], "target"))
	up := a.ok(200, "PATCH", "/api/customers/c-1", map[string]any{"currency": "USD"})
	assert.Equal(t, "USD", str(up, "currency"))
	assert.Len(t, up["addresses"], 1, "addresses kept when not sent")
	assert.Equal(t, http.StatusNotFound, a.do("GET", "/api/customers/zzz", nil).status)
	assert.Len(t, a.do("GET", "/api/customers", nil).list(), 1)

	ch := a.ok(201, "POST", "/api/channels", map[string]any{"pay_currency": "USDT", "network": "tron", "receiver_currency": "EUR",
		"name": "Deposits", "custom_id": "ch-1", "customer_id": "c-1"})
	assert.Equal(t, "enabled", str(ch, "status"))
	assert.Equal(t, "tron", str(ch, "network"))
	assert.Regexp(t, "^T", str(ch, "address"))
	id := str(ch, "id")
	assert.Equal(t, id, str(a.ok(200, "GET", "/api/channels/custom_id/ch-1", nil), "id"))
	assert.Equal(t, "disabled", str(a.ok(200, "PATCH", "/api/channels/"+id, map[string]any{"status": "disabled"}), "status"))
	r = a.do("PATCH", "/api/channels/"+id, map[string]any{"status": "paused"})
	assert.Equal(t, "must_be_included_in", str(r.details()[0], "code"))
	assert.Len(t, a.do("GET", "/api/channels?customer_id=c-1", nil).list(), 1)
	assert.Len(t, a.do("GET", "/api/channels?customer_id=c-2", nil).list(), 0)
}

func TestSubscriptionsAPI(t *testing.T) {
	t.Parallel()
	a, _, rec := newAPI(t)
	r := a.do("POST", "/api/subscriptions", map[string]any{"name": "Plan", "amount": "10", "currency": "EUR", "period": "fortnight",
		"period_quantity": 0, "payer_email": "a@example.com"})
	var targets []string
	for _, d := range r.details() {
		targets = append(targets, str(d, "target"))
	}
	assert.ElementsMatch(t, []string{"period", "period_quantity", "starts_at"}, targets)
	sub := a.ok(201, "POST", "/api/subscriptions", map[string]any{"name": "Plan", "amount": "10", "currency": "EUR", "period": "month",
		"period_quantity": 1, "starts_at": "2026-03-05T00:00:00Z", "payer_email": "a@example.com"})
	assert.Equal(t, "active", str(sub, "status"))
	assert.Nil(t, sub["current_period_ends_at"])
	id := str(sub, "id")
	c := a.ok(200, "POST", "/api/subscriptions/"+id+"/cancel", nil)
	assert.Equal(t, "cancelled", str(c, "status"))
	assert.Equal(t, []string{"Subscription/cancelled"}, rec.events())
	assert.Equal(t, http.StatusUnprocessableEntity, a.do("POST", "/api/subscriptions/"+id+"/cancel", nil).status)
	assert.Equal(t, http.StatusNotFound, a.do("POST", "/api/subscriptions/nope/cancel", nil).status)
}

func TestTransactionsFilters(t *testing.T) {
	t.Parallel()
	a, s, _ := newAPI(t)
	all := a.do("GET", "/api/transactions", nil)
	assert.Len(t, all.list(), 9, "one starting balance per currency")
	assert.Nil(t, all.list()[0]["status"], "ManualBalanceTransaction status is null")
	a.ok(201, "POST", "/api/coin_withdrawals", withdrawalBody(map[string]any{"force_commit": true}))
	s.Advance(time.Hour)
	a.ok(201, "POST", "/api/exchange_transfers", map[string]any{"charged_currency": "EUR", "received_currency": "BTC", "charged_amount": "100", "force_commit": true})

	count := func(q string) int {
		r := a.do("GET", "/api/transactions?"+q, nil)
		require.Equal(t, 200, r.status, "%s: %s", q, r.raw)
		return len(r.list())
	}
	assert.Equal(t, 1, count("reference_type=CoinWithdrawal"))
	assert.Equal(t, 2, count("reference_type=ExchangeTransfer"))
	assert.Equal(t, 3, count("currency=EUR"))
	assert.Equal(t, 1, count("status=pending"))
	assert.Equal(t, 1, count("risk_level=low"))
	assert.Equal(t, 2, count("created_at_from=2026-03-04T10:30:00Z"))
	assert.Equal(t, 10, count("created_at_to=2026-03-04T10:30:00%2B00:00"))
	assert.Equal(t, 1, count("created_at_from=2026-03-04T10:30:00Z&currency=BTC"))
	assert.Equal(t, 0, count("created_at_from=2026-03-04T10:30:00Z&reference_type=CoinWithdrawal"))
	r := a.do("GET", "/api/transactions?reference_type=Nope", nil)
	assert.Equal(t, "must_be_included_in", str(r.details()[0], "code"))

	accts := a.do("GET", "/api/accounts", nil).list()
	var eurID string
	for _, ac := range accts {
		if str(ac, "currency") == "EUR" {
			eurID = str(ac, "id")
			assert.True(t, dec(t, ac, "balance").Equal(s.Balance("EUR")))
		}
	}
	require.NotEmpty(t, eurID)
	assert.Len(t, a.do("GET", "/api/accounts/"+eurID+"/transactions", nil).list(), 3)
	assert.Equal(t, http.StatusNotFound, a.do("GET", "/api/accounts/nope/transactions", nil).status)
}

func TestUnknownPathAndMethod(t *testing.T) {
	t.Parallel()
	a, _, _ := newAPI(t)
	r := a.do("GET", "/api/risks/score", nil)
	assert.Equal(t, http.StatusNotFound, r.status)
	assert.Equal(t, "not_found", r.errCode())
	r = a.do("DELETE", "/api/invoices", nil)
	assert.Equal(t, http.StatusMethodNotAllowed, r.status)
}
