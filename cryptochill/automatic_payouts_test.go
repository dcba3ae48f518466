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

func TestAutomaticPayoutsListGet(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/v1/automatic-payouts/", respond(t, 200, fixture(t, "automatic_payouts_list.json"), nil))
	mt.RegisterResponder("GET", testBase+"/v1/automatic-payouts/ap/", respond(t, 200, fixture(t, "automatic_payout.json"), nil))
	list, err := c.AutomaticPayouts.List(t.Context())
	require.NoError(t, err)
	require.Len(t, list, 1)
	ap, err := c.AutomaticPayouts.Get(t.Context(), "ap")
	require.NoError(t, err)
	assert.Equal(t, "<id>", ap.ID)
	assert.Equal(t, WalletRef{ID: "<wallet_id>", Name: "Tron"}, ap.Wallet)
	assert.Equal(t, "USDC-TRX", ap.Kind)
	assert.Equal(t, "TLTsfAwsq8vsyhYWQUMRRUggP38aUyJYv8", ap.RecipientAddress)
	assert.True(t, ap.IsEnabled)
	assert.True(t, ap.IsAPIEditable)
	assert.Equal(t, "33", ap.MinAmount.String())
	assert.Equal(t, "1", ap.KeepAmount.String())
	assert.Equal(t, 360, ap.Interval)
	assert.NotEmpty(t, ap.Raw)
}

func TestAutomaticPayoutsCreate(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var got map[string]any
	mt.RegisterResponder("POST", testBase+"/v1/automatic-payouts/", respond(t, 200, fixture(t, "automatic_payout.json"),
		func(r *http.Request, p map[string]any) { got = p }))
	enabled := true
	_, err := c.AutomaticPayouts.Create(t.Context(), &AutomaticPayoutParams{Wallet: "w", KeepAmount: decimal.RequireFromString("23"),
		RecipientAddress: "TLTsfAwsq8vsyhYWQUMRRUggP38aUyJYv8", Kind: "USDT-TRX", IsEnabled: &enabled, MinAmount: decimal.RequireFromString("11"), Interval: 30})
	require.NoError(t, err)
	want := map[string]any{"wallet": "w", "keep_amount": "23", "recipient_address": "TLTsfAwsq8vsyhYWQUMRRUggP38aUyJYv8",
		"kind": "USDT-TRX", "is_enabled": true, "min_amount": "11"}
	for k, v := range want {
		assert.Equal(t, v, got[k], "payload[%q]", k)
	}
	assert.True(t, isJSONInt(got["interval"], "30"), "interval = %#v, want the number 30", got["interval"])
	// Required amounts are sent even when zero; optional ones are not.
	_, err = c.AutomaticPayouts.Create(t.Context(), &AutomaticPayoutParams{Wallet: "w", RecipientAddress: "addr"})
	require.NoError(t, err)
	assert.Equal(t, "0", got["keep_amount"])
	for _, k := range []string{"min_amount", "interval", "kind", "is_enabled"} {
		assert.NotContains(t, got, k, "unset %s sent", k)
	}

	valid := func() *AutomaticPayoutParams {
		return &AutomaticPayoutParams{Wallet: "w", RecipientAddress: "addr", KeepAmount: decimal.NewFromInt(1)}
	}
	cases := map[string]func(*AutomaticPayoutParams){
		"wallet":            func(p *AutomaticPayoutParams) { p.Wallet = "" },
		"recipient_address": func(p *AutomaticPayoutParams) { p.RecipientAddress = "" },
		"keep_amount":       func(p *AutomaticPayoutParams) { p.KeepAmount = decimal.NewFromInt(-1) },
		"min_amount":        func(p *AutomaticPayoutParams) { p.MinAmount = decimal.NewFromInt(-1) },
		"interval":          func(p *AutomaticPayoutParams) { p.Interval = 45 },
		"kind":              func(p *AutomaticPayoutParams) { p.Kind = "USDT" },
	}
	before := mt.GetTotalCallCount()
	providertest.EachFieldRefused(t, valid, cases, func(p *AutomaticPayoutParams) error {
		_, err := c.AutomaticPayouts.Create(t.Context(), p)
		return err
	})
	assert.Zero(t, mt.GetTotalCallCount()-before, "requests sent for invalid params")
}

func TestAutomaticPayoutsUpdate(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var got map[string]any
	mt.RegisterResponder("PUT", testBase+"/v1/automatic-payouts/ap/", respond(t, 200, fixture(t, "automatic_payout_update.json"),
		func(r *http.Request, p map[string]any) { got = p }))
	disabled, keep, interval := false, decimal.RequireFromString("1000"), 60
	ap, err := c.AutomaticPayouts.Update(t.Context(), "ap", &AutomaticPayoutUpdateParams{IsEnabled: &disabled, KeepAmount: &keep, Interval: &interval})
	require.NoError(t, err)
	assert.Equal(t, false, got["is_enabled"])
	assert.Equal(t, "1000", got["keep_amount"])
	assert.True(t, isJSONInt(got["interval"], "60"), "interval = %#v", got["interval"])
	assert.Len(t, got, 5, "payload %v", got) // + request, nonce
	// The documented update response holds only some fields.
	assert.Equal(t, "Bitcoin Testnet", ap.Wallet.Name)
	assert.Equal(t, "1000", ap.KeepAmount.String())
	assert.Empty(t, ap.Kind)
	bad, neg := 7, decimal.NewFromInt(-1)
	for name, p := range map[string]*AutomaticPayoutUpdateParams{
		"empty": {}, "nil": nil, "interval": {Interval: &bad}, "min_amount": {MinAmount: &neg}, "keep_amount": {KeepAmount: &neg},
	} {
		_, err := c.AutomaticPayouts.Update(t.Context(), "ap", p)
		assert.ErrorIs(t, err, payments.ErrValidation, name)
	}
	assert.Equal(t, 1, mt.GetTotalCallCount(), "requests")
}
