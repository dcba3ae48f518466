package cryptochill

import (
	"testing"

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
	rates, err := c.ExchangeRates.List(t.Context())
	require.NoError(t, err)
	require.Len(t, rates, 3)
	assert.Equal(t, "BTC", rates[2].Symbol)
	assert.Equal(t, "₿", rates[2].Sign)
	assert.Equal(t, "3423.3548172707183421", rates[2].RateUSD.String())
	eur, err := c.ExchangeRates.Get(t.Context(), "eur")
	require.NoError(t, err)
	// Every digit survives: no binary floating point on the way.
	assert.Equal(t, "euro", eur.ID)
	assert.Equal(t, "fiat", eur.Kind)
	assert.Equal(t, "2996.428238008887431", eur.RateBTC.String())
	assert.Equal(t, "1.1424784928423721", eur.RateUSD.String())
}

func TestProfilesListGet(t *testing.T) {
	t.Parallel()
	c, _ := clientServing(t, map[string]string{"GET /v1/profiles/": "profiles_list.json", "GET /v1/profiles/123/": "profile.json"})
	list, err := c.Profiles.List(t.Context())
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.Equal(t, "Production", list[0].Name)
	assert.Equal(t, "Testnet", list[1].Name)
	assert.Nil(t, list[1].CallbackURL)
	p, err := c.Profiles.Get(t.Context(), "123")
	require.NoError(t, err)
	assert.Equal(t, "<id>", p.ID)
	assert.Equal(t, []ProfileCurrency{{Kind: "BTC", Network: "mainnet", WalletID: "<uuid>"}}, p.Currencies)
	assert.NotEmpty(t, p.Raw)
}
