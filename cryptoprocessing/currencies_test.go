package cryptoprocessing

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCurrenciesList(t *testing.T) {
	t.Parallel()
	var sent []string
	c, _ := answering(t, "POST", "/currencies/list", 200, fixture(t, "currencies_list.json"), collect(&sent))
	visible := true
	list, err := c.Currencies.List(t.Context(), &visible)
	require.NoError(t, err)
	_, err = c.Currencies.List(t.Context(), nil)
	require.NoError(t, err)
	assert.Equal(t, []string{`{"visible":true}`, `{}`}, sent, "bodies")
	require.Len(t, list, 2)
	btc, eur := list[0], list[1]
	assert.Equal(t, "1", btc.ID)
	assert.Equal(t, 8, btc.Precision)
	assert.Equal(t, "0.9", btc.DepositFeePercent.String())
	// The second entry spells id, minimum_amount and precision the other way.
	assert.Equal(t, "14", eur.ID)
	assert.Equal(t, 2, eur.Precision)
	assert.Equal(t, "10", eur.MinimumAmount.String())
}

func TestCurrenciesPairs(t *testing.T) {
	t.Parallel()
	c, _ := answering(t, "POST", "/currencies/pairs", 200, fixture(t, "currencies_pairs.json"),
		wantBody(t, `{"currency_from":"BTC"}`))
	pairs, err := c.Currencies.Pairs(t.Context(), "BTC", "")
	require.NoError(t, err)
	require.NotEmpty(t, pairs)
	p := pairs[0]
	assert.Equal(t, "BTC", p.CurrencyFrom.Currency)
	assert.Equal(t, "EUR", p.CurrencyTo.Currency)
	assert.Equal(t, "61234.5", p.RateTo.String())
	assert.Equal(t, "0.0002", p.CurrencyFrom.MinAmountDepositWithExchange.String())
}
