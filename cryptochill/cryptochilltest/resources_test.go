package cryptochilltest_test

import (
	"net/http"
	"testing"

	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
)

// walletIDs maps wallet names to ids.
func walletIDs(t *testing.T, c *client) map[string]string {
	t.Helper()
	ids := map[string]string{}
	for _, w := range c.must(t, http.StatusOK, http.MethodGet, "/v1/wallets/", nil)["result"].([]any) {
		ids[str(w, "name")] = str(w, "id")
	}
	return ids
}

func TestAccountProfilesWalletsRates(t *testing.T) {
	srv, c, rcv := sandbox(t, cryptochilltest.Options{})
	acc := c.must(t, http.StatusOK, http.MethodGet, "/v1/account/settings/", nil)
	if str(acc, "result", "name") != "Sandbox Account (Testnet)" || str(acc, "result", "is_testnet") != "true" {
		t.Fatal(acc)
	}
	p := c.must(t, http.StatusOK, http.MethodGet, "/v1/profiles/"+srv.ProfileID+"/", nil)["result"]
	if str(p, "name") != "Sandbox" || str(p, "callback_url") != rcv.srv.URL || len(p.(map[string]any)["currencies"].([]any)) != 8 ||
		str(p, "currencies", 0, "network") != "testnet" {
		t.Fatal(p)
	}
	c.must(t, http.StatusNotFound, http.MethodGet, "/v1/profiles/nope/", nil)

	ids := walletIDs(t, c)
	for _, name := range []string{"Bitcoin", "Ethereum", "Tron", "Ripple", "Litecoin", "Liquid"} {
		if ids[name] == "" {
			t.Errorf("no %s wallet", name)
		}
	}
	eth := c.must(t, http.StatusOK, http.MethodGet, "/v1/wallets/"+ids["Ethereum"]+"/", nil)
	if str(eth, "balances", "currency") != "ETH" || str(eth, "balances", "to_consolidate") != "0" ||
		str(eth, "token_balances", 0, "currency") != "USDT" {
		t.Fatal(eth)
	}
	btc := c.must(t, http.StatusOK, http.MethodGet, "/v1/wallets/"+ids["Bitcoin"]+"/", nil)
	if str(btc, "balances", "available") != "1.5" || dig(btc, "balances", "to_consolidate") != nil || dig(btc, "token_balances") != nil {
		t.Fatal(btc)
	}
	c.must(t, http.StatusNotFound, http.MethodGet, "/v1/wallets/nope/", nil)
	filtered := c.must(t, http.StatusOK, http.MethodGet, "/v1/wallets/", map[string]any{"profile_id": srv.ProfileID})
	if n := len(filtered["result"].([]any)); n != 6 {
		t.Fatalf("profile wallets: %d", n)
	}
	none := c.must(t, http.StatusOK, http.MethodGet, "/v1/wallets/", map[string]any{"profile_id": "nope"})
	if n := len(none["result"].([]any)); n != 0 {
		t.Fatalf("unknown profile wallets: %d", n)
	}

	rates := c.must(t, http.StatusOK, http.MethodGet, "/v1/exchange-rates/", nil)
	if str(rates, "result", 0, "symbol") != "USD" || str(rates, "result", 0, "rate_btc") != "0.00002" {
		t.Fatal(rates["result"].([]any)[0])
	}
	eur := c.must(t, http.StatusOK, http.MethodGet, "/v1/exchange-rates/EUR/", nil)
	if str(eur, "result", "id") != "euro" || str(eur, "result", "rate_usd") != "1.08" || str(eur, "result", "kind") != "fiat" {
		t.Fatal(eur)
	}
	c.must(t, http.StatusNotFound, http.MethodGet, "/v1/exchange-rates/XXX/", nil)

	if err := srv.SetProfileCallbackURL("nope", "http://x/"); err == nil {
		t.Fatal("unknown profile accepted")
	}
	if err := srv.SetProfileCallbackURL(srv.ProfileID, "not a url"); err == nil {
		t.Fatal("bad URL accepted")
	}
}

func TestAutomaticPayouts(t *testing.T) {
	_, c, _ := sandbox(t, cryptochilltest.Options{})
	tron := walletIDs(t, c)["Tron"]
	create := func(extra map[string]any) map[string]any {
		m := map[string]any{"wallet": tron, "kind": "USDT-TRX", "keep_amount": 23, "min_amount": 11,
			"recipient_address": "TLTsfAwsq8vsyhYWQUMRRUggP38aUyJYv8", "interval": 30, "is_enabled": true}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	for _, interval := range []any{0, 7, 45, 720, -5, "abc"} {
		m := c.must(t, http.StatusBadRequest, http.MethodPost, "/v1/automatic-payouts/", create(map[string]any{"interval": interval}))
		if str(m, "reason") != "InvalidValue" {
			t.Fatal(m)
		}
	}
	for _, bad := range []map[string]any{
		{"wallet": nil}, {"wallet": "nope"}, {"keep_amount": nil}, {"keep_amount": -1}, {"min_amount": 0},
		{"recipient_address": ""}, {"kind": "BTC"}, {"kind": "NOPE"}, {"is_enabled": "yes"},
	} {
		c.must(t, http.StatusBadRequest, http.MethodPost, "/v1/automatic-payouts/", create(bad))
	}
	ap := c.must(t, http.StatusOK, http.MethodPost, "/v1/automatic-payouts/", create(nil))["result"]
	if str(ap, "wallet", "name") != "Tron" || str(ap, "interval") != "30" || str(ap, "is_api_editable") != "true" ||
		str(ap, "keep_amount") != "23" || str(ap, "min_amount") != "11" {
		t.Fatal(ap)
	}
	m := c.must(t, http.StatusBadRequest, http.MethodPost, "/v1/automatic-payouts/", create(nil))
	if str(m, "message") != "Only one automatic payout per wallet per kind is allowed." {
		t.Fatal(m)
	}
	path := "/v1/automatic-payouts/" + str(ap, "id") + "/"
	c.must(t, http.StatusBadRequest, http.MethodPut, path, map[string]any{"interval": 11})
	up := c.must(t, http.StatusOK, http.MethodPut, path, map[string]any{"interval": 60, "is_enabled": false})["result"]
	if str(up, "interval") != "60" || str(up, "is_enabled") != "false" || str(up, "kind") != "USDT-TRX" {
		t.Fatal(up)
	}
	if got := c.must(t, http.StatusOK, http.MethodGet, path, nil); str(got, "result", "interval") != "60" {
		t.Fatal(got)
	}
	if l := c.must(t, http.StatusOK, http.MethodGet, "/v1/automatic-payouts/", nil); len(l["result"].([]any)) != 1 {
		t.Fatal(l)
	}
	status, body, err := c.call(http.MethodDelete, path, nil)
	if err != nil || status != http.StatusNoContent || body != nil {
		t.Fatalf("delete: %d %v %v", status, body, err)
	}
	c.must(t, http.StatusNotFound, http.MethodGet, path, nil)
	c.must(t, http.StatusNotFound, http.MethodDelete, path, nil)
	c.must(t, http.StatusNotFound, http.MethodPut, path, map[string]any{"interval": 60})
}

func TestConversions(t *testing.T) {
	srv, c, _ := sandbox(t, cryptochilltest.Options{})
	tron := walletIDs(t, c)["Tron"]
	params := map[string]any{"is_approved": false, "from_wallet": tron, "from_kind": "USDT-TRX", "to_wallet": tron,
		"to_kind": "USDC-TRX", "amount": 50, "exchange": srv.ExchangeID}
	cv := c.must(t, http.StatusOK, http.MethodPost, "/v1/conversions/", params)["result"]
	if str(cv, "status") != "draft" || str(cv, "amount") != "50" || str(cv, "exchange", "title") != "Binance" ||
		str(cv, "from_wallet", "name") != "Tron" || str(cv, "is_approved") != "false" {
		t.Fatal(cv)
	}
	m := c.must(t, http.StatusBadRequest, http.MethodPost, "/v1/conversions/", params)
	if str(m, "message") != "Only one conversion per wallet per kind is allowed." {
		t.Fatal(m)
	}
	for key, bad := range map[string]any{"amount": "0", "exchange": "nope", "to_kind": "ETH_USDT", "from_wallet": nil} {
		p := map[string]any{}
		for k, v := range params {
			p[k] = v
		}
		p["from_kind"] = "TRX"
		p[key] = bad
		c.must(t, http.StatusBadRequest, http.MethodPost, "/v1/conversions/", p)
	}
	path := "/v1/conversions/" + str(cv, "id") + "/"
	upd := map[string]any{"is_approved": true, "to_wallet": tron, "to_kind": "TRX", "amount": "75.5", "exchange": srv.ExchangeID}
	up := c.must(t, http.StatusOK, http.MethodPut, path, upd)["result"]
	if str(up, "amount") != "75.5" || str(up, "to_kind") != "TRX" || str(up, "is_approved") != "true" {
		t.Fatal(up)
	}
	upd["from_kind"] = "USDC-TRX"
	c.must(t, http.StatusBadRequest, http.MethodPut, path, upd)
	delete(upd, "from_kind")
	delete(upd, "amount")
	c.must(t, http.StatusBadRequest, http.MethodPut, path, upd)
	c.must(t, http.StatusOK, http.MethodGet, path, nil)
	if l := c.must(t, http.StatusOK, http.MethodGet, "/v1/conversions/", nil); len(l["result"].([]any)) != 1 {
		t.Fatal(l)
	}
	if status, _, _ := c.call(http.MethodDelete, path, nil); status != http.StatusNoContent {
		t.Fatal(status)
	}
	c.must(t, http.StatusNotFound, http.MethodGet, path, nil)
}

func TestAutomaticConversions(t *testing.T) {
	srv, c, _ := sandbox(t, cryptochilltest.Options{})
	tron := walletIDs(t, c)["Tron"]
	params := map[string]any{"is_enabled": true, "from_wallet": tron, "from_kind": "USDT-TRX", "to_wallet": tron,
		"to_kind": "USDC-TRX", "min_amount": 50, "max_amount": 50, "keep_amount": 50, "exchange": srv.ExchangeID}
	ac := c.must(t, http.StatusOK, http.MethodPost, "/v1/automatic-conversions/", params)["result"]
	if str(ac, "keep_amount") != "50" || str(ac, "max_amount") != "50" || str(ac, "is_enabled") != "true" || str(ac, "to_kind") != "USDC-TRX" {
		t.Fatal(ac)
	}
	m := c.must(t, http.StatusBadRequest, http.MethodPost, "/v1/automatic-conversions/", params)
	if str(m, "message") != "Only one automatic conversion per wallet per kind is allowed." {
		t.Fatal(m)
	}
	for key, bad := range map[string]any{"min_amount": nil, "max_amount": "-1", "keep_amount": "x", "exchange": nil, "to_wallet": "nope"} {
		p := map[string]any{}
		for k, v := range params {
			p[k] = v
		}
		p["from_kind"] = "TRX"
		p[key] = bad
		c.must(t, http.StatusBadRequest, http.MethodPost, "/v1/automatic-conversions/", p)
	}
	path := "/v1/automatic-conversions/" + str(ac, "id") + "/"
	c.must(t, http.StatusBadRequest, http.MethodPut, path, map[string]any{"min_amount": 100}) // above max_amount
	up := c.must(t, http.StatusOK, http.MethodPut, path, map[string]any{"max_amount": "200", "min_amount": "100", "is_enabled": false})["result"]
	if str(up, "min_amount") != "100" || str(up, "max_amount") != "200" || str(up, "is_enabled") != "false" {
		t.Fatal(up)
	}
	c.must(t, http.StatusOK, http.MethodPut, path, map[string]any{"from_wallet": tron}) // unchanged value is fine
	c.must(t, http.StatusBadRequest, http.MethodPut, path, map[string]any{"from_kind": "TRX"})
	if status, _, _ := c.call(http.MethodDelete, path, nil); status != http.StatusNoContent {
		t.Fatal(status)
	}
	if l := c.must(t, http.StatusOK, http.MethodGet, "/v1/automatic-conversions/", nil); len(l["result"].([]any)) != 0 {
		t.Fatal(l)
	}
}
