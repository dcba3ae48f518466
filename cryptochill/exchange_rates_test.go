package cryptochill

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExchangeRates(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/v1/exchange-rates/", respond(t, 200, fixture(t, "rates_list.json"), nil))
	mt.RegisterResponder("GET", testBase+"/v1/exchange-rates/EUR/", respond(t, 200, fixture(t, "rate.json"), nil))
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
