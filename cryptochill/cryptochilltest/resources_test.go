package cryptochilltest_test

import (
	"net/http"
	"testing"

	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
	t.Parallel()
	srv, c, rcv := sandbox(t, cryptochilltest.Options{})
	acc := c.must(t, http.StatusOK, http.MethodGet, "/v1/account/settings/", nil)
	require.EqualValues(t, "Sandbox Account (Testnet)", str(acc, "result", "name"), acc)
	require.EqualValues(t, "true", str(acc, "result", "is_testnet"), acc)
	p := c.must(t, http.StatusOK, http.MethodGet, "/v1/profiles/"+srv.ProfileID+"/", nil)["result"]
	require.EqualValues(t, "Sandbox", str(p, "name"), p)
	require.EqualValues(t, rcv.srv.URL, str(p, "callback_url"), p)
	require.Len(t, p.(map[string]any)["currencies"].([]any), 8, p)
	require.EqualValues(t, "testnet", str(p, "currencies", 0, "network"), p)
	c.must(t, http.StatusNotFound, http.MethodGet, "/v1/profiles/nope/", nil)

	ids := walletIDs(t, c)
	for _, name := range []string{"Bitcoin", "Ethereum", "Tron", "Ripple", "Litecoin", "Liquid"} {
		assert.NotEmpty(t, ids[name], "no %s wallet", name)
	}
	eth := c.must(t, http.StatusOK, http.MethodGet, "/v1/wallets/"+ids["Ethereum"]+"/", nil)
	require.EqualValues(t, "ETH", str(eth, "balances", "currency"), eth)
	require.EqualValues(t, "0", str(eth, "balances", "to_consolidate"), eth)
	require.EqualValues(t, "USDT", str(eth, "token_balances", 0, "currency"), eth)
	btc := c.must(t, http.StatusOK, http.MethodGet, "/v1/wallets/"+ids["Bitcoin"]+"/", nil)
	require.EqualValues(t, "1.5", str(btc, "balances", "available"), btc)
	require.Nil(t, dig(btc, "balances", "to_consolidate"), btc)
	require.Nil(t, dig(btc, "token_balances"), btc)
	c.must(t, http.StatusNotFound, http.MethodGet, "/v1/wallets/nope/", nil)
	filtered := c.must(t, http.StatusOK, http.MethodGet, "/v1/wallets/", map[string]any{"profile_id": srv.ProfileID})
	require.Len(t, filtered["result"].([]any), 6)
	none := c.must(t, http.StatusOK, http.MethodGet, "/v1/wallets/", map[string]any{"profile_id": "nope"})
	require.Len(t, none["result"].([]any), 0)

	rates := c.must(t, http.StatusOK, http.MethodGet, "/v1/exchange-rates/", nil)
	require.EqualValues(t, "USD", str(rates, "result", 0, "symbol"), rates["result"].([]any)[0])
	require.EqualValues(t, "0.00002", str(rates, "result", 0, "rate_btc"), rates["result"].([]any)[0])
	eur := c.must(t, http.StatusOK, http.MethodGet, "/v1/exchange-rates/EUR/", nil)
	require.EqualValues(t, "euro", str(eur, "result", "id"), eur)
	require.EqualValues(t, "1.08", str(eur, "result", "rate_usd"), eur)
	require.EqualValues(t, "fiat", str(eur, "result", "kind"), eur)
	c.must(t, http.StatusNotFound, http.MethodGet, "/v1/exchange-rates/XXX/", nil)

	require.NotNil(t, srv.SetProfileCallbackURL("nope", "http://x/"), "unknown profile accepted")
	require.NotNil(t, srv.SetProfileCallbackURL(srv.ProfileID, "not a url"), "bad URL accepted")
}

func TestAutomaticPayouts(t *testing.T) {
	t.Parallel()
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
		require.EqualValues(t, "InvalidValue", str(m, "reason"), m)
	}
	for _, bad := range []map[string]any{
		{"wallet": nil}, {"wallet": "nope"}, {"keep_amount": nil}, {"keep_amount": -1}, {"min_amount": 0},
		{"recipient_address": ""}, {"kind": "BTC"}, {"kind": "NOPE"}, {"is_enabled": "yes"},
	} {
		c.must(t, http.StatusBadRequest, http.MethodPost, "/v1/automatic-payouts/", create(bad))
	}
	ap := c.must(t, http.StatusOK, http.MethodPost, "/v1/automatic-payouts/", create(nil))["result"]
	require.EqualValues(t, "Tron", str(ap, "wallet", "name"), ap)
	require.EqualValues(t, "30", str(ap, "interval"), ap)
	require.EqualValues(t, "true", str(ap, "is_api_editable"), ap)
	require.EqualValues(t, "23", str(ap, "keep_amount"), ap)
	require.EqualValues(t, "11", str(ap, "min_amount"), ap)
	m := c.must(t, http.StatusBadRequest, http.MethodPost, "/v1/automatic-payouts/", create(nil))
	require.EqualValues(t, "Only one automatic payout per wallet per kind is allowed.", str(m, "message"), m)
	path := "/v1/automatic-payouts/" + str(ap, "id") + "/"
	c.must(t, http.StatusBadRequest, http.MethodPut, path, map[string]any{"interval": 11})
	up := c.must(t, http.StatusOK, http.MethodPut, path, map[string]any{"interval": 60, "is_enabled": false})["result"]
	require.EqualValues(t, "60", str(up, "interval"), up)
	require.EqualValues(t, "false", str(up, "is_enabled"), up)
	require.EqualValues(t, "USDT-TRX", str(up, "kind"), up)
	require.EqualValues(t, "60", str(c.must(t, http.StatusOK, http.MethodGet, path, nil), "result", "interval"))
	require.Len(t, c.must(t, http.StatusOK, http.MethodGet, "/v1/automatic-payouts/", nil)["result"].([]any), 1)
	status, body, err := c.call(http.MethodDelete, path, nil)
	require.NoError(t, err, "delete: %d %v %v", status, body, err)
	require.EqualValues(t, http.StatusNoContent, status, "delete: %d %v %v", status, body, err)
	require.Nil(t, body, "delete: %d %v %v", status, body, err)
	c.must(t, http.StatusNotFound, http.MethodGet, path, nil)
	c.must(t, http.StatusNotFound, http.MethodDelete, path, nil)
	c.must(t, http.StatusNotFound, http.MethodPut, path, map[string]any{"interval": 60})
}

func TestConversions(t *testing.T) {
	t.Parallel()
	srv, c, _ := sandbox(t, cryptochilltest.Options{})
	tron := walletIDs(t, c)["Tron"]
	params := map[string]any{"is_approved": false, "from_wallet": tron, "from_kind": "USDT-TRX", "to_wallet": tron,
		"to_kind": "USDC-TRX", "amount": 50, "exchange": srv.ExchangeID}
	cv := c.must(t, http.StatusOK, http.MethodPost, "/v1/conversions/", params)["result"]
	require.EqualValues(t, "draft", str(cv, "status"), cv)
	require.EqualValues(t, "50", str(cv, "amount"), cv)
	require.EqualValues(t, "Binance", str(cv, "exchange", "title"), cv)
	require.EqualValues(t, "Tron", str(cv, "from_wallet", "name"), cv)
	require.EqualValues(t, "false", str(cv, "is_approved"), cv)
	m := c.must(t, http.StatusBadRequest, http.MethodPost, "/v1/conversions/", params)
	require.EqualValues(t, "Only one conversion per wallet per kind is allowed.", str(m, "message"), m)
	for key, bad := range map[string]any{"amount": "0", "exchange": "nope", "to_kind": "ETH_USDT", "from_wallet": nil} {
		c.must(t, http.StatusBadRequest, http.MethodPost, "/v1/conversions/", with(params, map[string]any{"from_kind": "TRX", key: bad}))
	}
	path := "/v1/conversions/" + str(cv, "id") + "/"
	upd := map[string]any{"is_approved": true, "to_wallet": tron, "to_kind": "TRX", "amount": "75.5", "exchange": srv.ExchangeID}
	up := c.must(t, http.StatusOK, http.MethodPut, path, upd)["result"]
	require.EqualValues(t, "75.5", str(up, "amount"), up)
	require.EqualValues(t, "TRX", str(up, "to_kind"), up)
	require.EqualValues(t, "true", str(up, "is_approved"), up)
	upd["from_kind"] = "USDC-TRX"
	c.must(t, http.StatusBadRequest, http.MethodPut, path, upd)
	delete(upd, "from_kind")
	delete(upd, "amount")
	c.must(t, http.StatusBadRequest, http.MethodPut, path, upd)
	c.must(t, http.StatusOK, http.MethodGet, path, nil)
	require.Len(t, c.must(t, http.StatusOK, http.MethodGet, "/v1/conversions/", nil)["result"].([]any), 1)
	status, _, _ := c.call(http.MethodDelete, path, nil)
	require.EqualValues(t, http.StatusNoContent, status, status)
	c.must(t, http.StatusNotFound, http.MethodGet, path, nil)
}

func TestAutomaticConversions(t *testing.T) {
	t.Parallel()
	srv, c, _ := sandbox(t, cryptochilltest.Options{})
	tron := walletIDs(t, c)["Tron"]
	params := map[string]any{"is_enabled": true, "from_wallet": tron, "from_kind": "USDT-TRX", "to_wallet": tron,
		"to_kind": "USDC-TRX", "min_amount": 50, "max_amount": 50, "keep_amount": 50, "exchange": srv.ExchangeID}
	ac := c.must(t, http.StatusOK, http.MethodPost, "/v1/automatic-conversions/", params)["result"]
	require.EqualValues(t, "50", str(ac, "keep_amount"), ac)
	require.EqualValues(t, "50", str(ac, "max_amount"), ac)
	require.EqualValues(t, "true", str(ac, "is_enabled"), ac)
	require.EqualValues(t, "USDC-TRX", str(ac, "to_kind"), ac)
	m := c.must(t, http.StatusBadRequest, http.MethodPost, "/v1/automatic-conversions/", params)
	require.EqualValues(t, "Only one automatic conversion per wallet per kind is allowed.", str(m, "message"), m)
	for key, bad := range map[string]any{"min_amount": nil, "max_amount": "-1", "keep_amount": "x", "exchange": nil, "to_wallet": "nope"} {
		c.must(t, http.StatusBadRequest, http.MethodPost, "/v1/automatic-conversions/", with(params, map[string]any{"from_kind": "TRX", key: bad}))
	}
	path := "/v1/automatic-conversions/" + str(ac, "id") + "/"
	c.must(t, http.StatusBadRequest, http.MethodPut, path, map[string]any{"min_amount": 100}) // above max_amount
	up := c.must(t, http.StatusOK, http.MethodPut, path, map[string]any{"max_amount": "200", "min_amount": "100", "is_enabled": false})["result"]
	require.EqualValues(t, "100", str(up, "min_amount"), up)
	require.EqualValues(t, "200", str(up, "max_amount"), up)
	require.EqualValues(t, "false", str(up, "is_enabled"), up)
	c.must(t, http.StatusOK, http.MethodPut, path, map[string]any{"from_wallet": tron}) // unchanged value is fine
	c.must(t, http.StatusBadRequest, http.MethodPut, path, map[string]any{"from_kind": "TRX"})
	status, _, _ := c.call(http.MethodDelete, path, nil)
	require.EqualValues(t, http.StatusNoContent, status, status)
	require.Len(t, c.must(t, http.StatusOK, http.MethodGet, "/v1/automatic-conversions/", nil)["result"].([]any), 0)
}
