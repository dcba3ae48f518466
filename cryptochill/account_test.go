package cryptochill

import (
	"net/http"
	"testing"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAccountSettings(t *testing.T) {
	t.Parallel()
	c, _ := clientServing(t, map[string]string{"GET /v1/account/settings/": "account.json"})
	a, err := c.Account.Settings(t.Context())
	require.NoError(t, err)
	assert.Equal(t, "<id>", a.ID)
	assert.Equal(t, "Your Account (Testnet)", a.Name)
	assert.True(t, a.IsTestnet)
	assert.Equal(t, "https://cryptochill.com/app/your-account-testnet/", a.URL)
	assert.NotEmpty(t, a.Raw)
}

func TestExchangeRates(t *testing.T) {
	t.Parallel()
	c, _ := clientServing(t, map[string]string{"GET /v1/exchange-rates/": "rates_list.json", "GET /v1/exchange-rates/EUR/": "rate.json"})
	rates := listed(t, c.ExchangeRates.List, 3)
	assert.Equal(t, "BTC", rates[2].Symbol)
	assert.Equal(t, "₿", rates[2].Sign)
	assert.Equal(t, "3423.3548172707183421", rates[2].RateUSD.String())
	eur := fetched(t, c.ExchangeRates.Get, "eur")
	// Every digit survives: no binary floating point on the way.
	assert.Equal(t, "euro", eur.ID)
	assert.Equal(t, "fiat", eur.Kind)
	assert.Equal(t, "2996.428238008887431", eur.RateBTC.String())
	assert.Equal(t, "1.1424784928423721", eur.RateUSD.String())
}

func TestProfilesListGet(t *testing.T) {
	t.Parallel()
	c, _ := clientServing(t, map[string]string{"GET /v1/profiles/": "profiles_list.json", "GET /v1/profiles/123/": "profile.json"})
	list := listed(t, c.Profiles.List, 2)
	assert.Equal(t, "Production", list[0].Name)
	assert.Equal(t, "Testnet", list[1].Name)
	assert.Nil(t, list[1].CallbackURL)
	p := fetched(t, c.Profiles.Get, "123")
	assert.Equal(t, "<id>", p.ID)
	assert.Equal(t, []ProfileCurrency{{Kind: "BTC", Network: "mainnet", WalletID: "<uuid>"}}, p.Currencies)
	assert.NotEmpty(t, p.Raw)
}

func TestWalletsList(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/v1/wallets/", respond(t, 200, fixture(t, "wallets_list.json"),
		func(r *http.Request, p map[string]any) {
			assert.Equal(t, "prof", r.URL.Query().Get("profile_id"), "query profile_id")
			assert.Equal(t, "prof", p["profile_id"], "payload profile_id")
		}))
	ws, err := c.Wallets.List(t.Context(), &WalletListParams{ProfileID: "prof"})
	require.NoError(t, err)
	require.Len(t, ws, 2)
	assert.Equal(t, "BTC", ws[0].Balances.Currency)
	assert.True(t, ws[0].Balances.ToConsolidate.IsZero())
	require.Len(t, ws[1].TokenBalances, 1)
	assert.Equal(t, "USDT", ws[1].TokenBalances[0].Currency)
}

func TestWalletsGetBareAndWrapped(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	bare := fixture(t, "wallet.json")
	mt.RegisterResponder("GET", testBase+"/v1/wallets/bare/", respond(t, 200, bare, nil))
	mt.RegisterResponder("GET", testBase+"/v1/wallets/wrapped/", respond(t, 200, `{"result":`+bare+`}`, nil))
	mt.RegisterResponder("GET", testBase+"/v1/wallets/balance/", respond(t, 200,
		`{"result":{"id":"w","name":"Bitcoin","balances":{"available":"1.23456789","pending":"0.5","to_consolidate":"0","currency":"BTC"}}}`, nil))
	for _, id := range []string{"bare", "wrapped"} {
		w, err := c.Wallets.Get(t.Context(), id)
		require.NoError(t, err, id)
		assert.Equal(t, "<id>", w.ID, id)
		assert.Equal(t, "Ethereum", w.Name, id)
		assert.Equal(t, "ETH", w.Balances.Currency, id)
		assert.Len(t, w.TokenBalances, 1, id)
		assert.NotEmpty(t, w.Raw, id)
	}
	w := fetched(t, c.Wallets.Get, "balance")
	assert.Equal(t, "1.23456789", w.Balances.Available.String())
	assert.Equal(t, "0.5", w.Balances.Pending.String())
	mt.RegisterResponder("GET", testBase+"/v1/wallets/broken/", respond(t, 200, `[1,2]`, nil))
	_, err := c.Wallets.Get(t.Context(), "broken")
	assert.ErrorIs(t, err, payments.ErrMalformed, "array body")
}
