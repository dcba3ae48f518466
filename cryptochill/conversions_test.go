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

func checkConversion(t *testing.T, cv *Conversion) {
	t.Helper()
	want := Conversion{ID: "<id>", FromWallet: WalletRef{ID: "<wallet_id>", Name: "Tron"}, FromKind: "USDT-TRX",
		ToWallet: WalletRef{ID: "<wallet_id>", Name: "Tron"}, ToKind: "USDC-TRX",
		Exchange: Exchange{ID: "<exchange_id>", Title: "Binance"}, Status: "draft"}
	assert.Equal(t, "50", cv.Amount.String())
	assert.NotEmpty(t, cv.Raw)
	got := *cv
	got.Amount, got.Raw = decimal.Decimal{}, nil
	assert.Equal(t, want, got)
}

func TestConversionsListGet(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/v1/conversions/", respond(t, 200, fixture(t, "conversions_list.json"), nil))
	mt.RegisterResponder("GET", testBase+"/v1/conversions/abc/", respond(t, 200, fixture(t, "conversion.json"), nil))
	list, err := c.Conversions.List(t.Context())
	require.NoError(t, err)
	require.Len(t, list, 1)
	checkConversion(t, &list[0])
	cv, err := c.Conversions.Get(t.Context(), "abc")
	require.NoError(t, err)
	checkConversion(t, cv)
}

func TestConversionsCreate(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/v1/conversions/", respond(t, 200, fixture(t, "conversion.json"),
		func(r *http.Request, p map[string]any) {
			want := map[string]any{"is_approved": false, "from_wallet": "w1", "from_kind": "USDT-TRX", "to_wallet": "w2",
				"to_kind": "USDC-TRX", "amount": "50", "exchange": "ex"}
			for k, v := range want {
				assert.Equal(t, v, p[k], "payload[%q]", k)
			}
		}))
	cv, err := c.Conversions.Create(t.Context(), &ConversionParams{FromWallet: "w1", FromKind: "USDT-TRX", ToWallet: "w2",
		ToKind: "USDC-TRX", Amount: decimal.RequireFromString("50"), Exchange: "ex"})
	require.NoError(t, err)
	checkConversion(t, cv)

	valid := func() *ConversionParams {
		return &ConversionParams{FromWallet: "w1", FromKind: "USDT-TRX", ToWallet: "w2", ToKind: "USDC-TRX", Amount: decimal.NewFromInt(1), Exchange: "ex"}
	}
	cases := map[string]func(*ConversionParams){
		"from_wallet": func(p *ConversionParams) { p.FromWallet = "" },
		"from_kind":   func(p *ConversionParams) { p.FromKind = "USDT" },
		"to_wallet":   func(p *ConversionParams) { p.ToWallet = "" },
		"to_kind":     func(p *ConversionParams) { p.ToKind = "" },
		"exchange":    func(p *ConversionParams) { p.Exchange = " " },
		"amount":      func(p *ConversionParams) { p.Amount = decimal.Zero },
	}
	before := mt.GetTotalCallCount()
	providertest.EachFieldRefused(t, valid, cases, func(p *ConversionParams) error {
		_, err := c.Conversions.Create(t.Context(), p)
		return err
	})
	_, err = c.Conversions.Create(t.Context(), nil)
	assert.ErrorIs(t, err, payments.ErrValidation, "nil params")
	assert.Zero(t, mt.GetTotalCallCount()-before, "requests sent for invalid params")
}

func TestConversionsUpdate(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var got map[string]any
	mt.RegisterResponder("PUT", testBase+"/v1/conversions/abc/", respond(t, 200, fixture(t, "conversion.json"),
		func(r *http.Request, p map[string]any) { got = p }))
	approved := true
	amount := decimal.RequireFromString("75.5")
	_, err := c.Conversions.Update(t.Context(), "abc", &ConversionUpdateParams{IsApproved: &approved, Amount: &amount,
		ToWallet: "w2", ToKind: "USDC-TRX", Exchange: "ex1"})
	require.NoError(t, err)
	for k, v := range map[string]any{"is_approved": true, "amount": "75.5", "to_wallet": "w2", "to_kind": "USDC-TRX", "exchange": "ex1"} {
		assert.Equal(t, v, got[k], "payload[%q]", k)
	}
	assert.NotContains(t, got, "from_wallet", "from_wallet is not editable but was sent")
	zero := decimal.Zero
	for name, p := range map[string]*ConversionUpdateParams{
		"empty":  {},
		"nil":    nil,
		"amount": {Amount: &zero, ToWallet: "w", ToKind: "USDC-TRX", Exchange: "e"},
		"kind":   {Amount: &amount, ToWallet: "w", ToKind: "NOPE", Exchange: "e"},
	} {
		_, err := c.Conversions.Update(t.Context(), "abc", p)
		assert.ErrorIs(t, err, payments.ErrValidation, name)
	}
	assert.Equal(t, 1, mt.GetTotalCallCount(), "requests")
}

func TestDeleteAcceptsEmptyAnd204(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("DELETE", testBase+"/v1/conversions/a/", respond(t, 204, "", nil))
	mt.RegisterResponder("DELETE", testBase+"/v1/conversions/b/", respond(t, 200, "", nil))
	mt.RegisterResponder("DELETE", testBase+"/v1/conversions/c/", respond(t, 200, `{"result":"ok"}`, nil))
	mt.RegisterResponder("DELETE", testBase+"/v1/automatic-payouts/d/", respond(t, 204, "", nil))
	mt.RegisterResponder("DELETE", testBase+"/v1/automatic-conversions/e/", respond(t, 200, "not json", nil))
	ctx := t.Context()
	for _, err := range []error{
		c.Conversions.Delete(ctx, "a"), c.Conversions.Delete(ctx, "b"), c.Conversions.Delete(ctx, "c"),
		c.AutomaticPayouts.Delete(ctx, "d"), c.AutomaticConversions.Delete(ctx, "e"),
	} {
		assert.NoError(t, err)
	}
	mt.RegisterResponder("DELETE", testBase+"/v1/conversions/gone/", respond(t, 404, `{"result":"error","reason":"ObjectNotFound","message":"Object by specified ID not found"}`, nil))
	assert.ErrorIs(t, c.Conversions.Delete(ctx, "gone"), payments.ErrNotFound, "404")
	assert.ErrorIs(t, c.Conversions.Delete(ctx, ""), payments.ErrValidation, "empty id")
}
