package cryptochill

import (
	"net/http"
	"testing"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAutomaticConversionsListGet(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/v1/automatic-conversions/", respond(t, 200, fixture(t, "automatic_conversions_list.json"), nil))
	mt.RegisterResponder("GET", testBase+"/v1/automatic-conversions/ac/", respond(t, 200, fixture(t, "automatic_conversion.json"), nil))
	list, err := c.AutomaticConversions.List(t.Context())
	require.NoError(t, err)
	require.Len(t, list, 1)
	ac, err := c.AutomaticConversions.Get(t.Context(), "ac")
	require.NoError(t, err)
	assert.Equal(t, "<id>", ac.ID)
	assert.Equal(t, "USDT-TRX", ac.FromKind)
	assert.Equal(t, "USDC-TRX", ac.ToKind)
	assert.Equal(t, "Tron", ac.ToWallet.Name)
	assert.Equal(t, "Binance", ac.Exchange.Title)
	assert.True(t, ac.IsEnabled)
	assert.Equal(t, "50", ac.KeepAmount.String())
	assert.Equal(t, "50", ac.MinAmount.String())
	assert.Equal(t, "50", ac.MaxAmount.String())
	assert.NotEmpty(t, ac.Raw)
}

func TestAutomaticConversionsCreate(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var got map[string]any
	mt.RegisterResponder("POST", testBase+"/v1/automatic-conversions/", respond(t, 200, fixture(t, "automatic_conversion.json"),
		func(r *http.Request, p map[string]any) { got = p }))
	enabled := true
	valid := func() *AutomaticConversionParams {
		return &AutomaticConversionParams{IsEnabled: &enabled, FromWallet: "w1", FromKind: "USDT-TRX", ToWallet: "w2", ToKind: "USDC-TRX",
			MinAmount: decimal.RequireFromString("50"), MaxAmount: decimal.RequireFromString("50.5"), KeepAmount: decimal.Zero, Exchange: "ex"}
	}
	_, err := c.AutomaticConversions.Create(t.Context(), valid())
	require.NoError(t, err)
	want := map[string]any{"is_enabled": true, "from_wallet": "w1", "from_kind": "USDT-TRX", "to_wallet": "w2", "to_kind": "USDC-TRX",
		"min_amount": "50", "max_amount": "50.5", "keep_amount": "0", "exchange": "ex"}
	for k, v := range want {
		assert.Equal(t, v, got[k], "payload[%q]", k)
	}
	cases := map[string]func(*AutomaticConversionParams){
		"from_wallet": func(p *AutomaticConversionParams) { p.FromWallet = "" },
		"from_kind":   func(p *AutomaticConversionParams) { p.FromKind = "" },
		"to_wallet":   func(p *AutomaticConversionParams) { p.ToWallet = "" },
		"to_kind":     func(p *AutomaticConversionParams) { p.ToKind = "TRX-USDT" },
		"exchange":    func(p *AutomaticConversionParams) { p.Exchange = "" },
		"min_amount":  func(p *AutomaticConversionParams) { p.MinAmount = decimal.NewFromInt(51) },
		"max_amount":  func(p *AutomaticConversionParams) { p.MaxAmount = decimal.NewFromInt(-1) },
		"keep_amount": func(p *AutomaticConversionParams) { p.KeepAmount = decimal.NewFromInt(-1) },
	}
	before := mt.GetTotalCallCount()
	providertest.EachFieldRefused(t, valid, cases, func(p *AutomaticConversionParams) error {
		_, err := c.AutomaticConversions.Create(t.Context(), p)
		return err
	})
	assert.Zero(t, mt.GetTotalCallCount()-before, "requests sent for invalid params")
}

func TestAutomaticConversionsUpdate(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var got map[string]any
	mt.RegisterResponder("PUT", testBase+"/v1/automatic-conversions/ac/", respond(t, 200, fixture(t, "automatic_conversion.json"),
		func(r *http.Request, p map[string]any) { got = p }))
	maxAmount := decimal.RequireFromString("100")
	_, err := c.AutomaticConversions.Update(t.Context(), "ac", &AutomaticConversionUpdateParams{MaxAmount: &maxAmount, Exchange: "ex2"})
	require.NoError(t, err)
	assert.Equal(t, "100", got["max_amount"])
	assert.Equal(t, "ex2", got["exchange"])
	assert.Len(t, got, 4, "payload %v", got) // + request, nonce
	lo, hi, neg := decimal.NewFromInt(10), decimal.NewFromInt(5), decimal.NewFromInt(-1)
	for name, p := range map[string]*AutomaticConversionUpdateParams{
		"empty": {}, "nil": nil, "min>max": {MinAmount: &lo, MaxAmount: &hi}, "negative": {KeepAmount: &neg}, "kind": {ToKind: "X"},
	} {
		_, err := c.AutomaticConversions.Update(t.Context(), "ac", p)
		assert.ErrorIs(t, err, payments.ErrValidation, name)
	}
	assert.Equal(t, 1, mt.GetTotalCallCount(), "requests")
}
