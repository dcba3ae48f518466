package cryptochill

import (
	"testing"

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
	c, _ := clientServing(t, map[string]string{"GET /v1/conversions/": "conversions_list.json", "GET /v1/conversions/abc/": "conversion.json"})
	list := listed(t, c.Conversions.List, 1)
	checkConversion(t, &list[0])
	cv := fetched(t, c.Conversions.Get, "abc")
	checkConversion(t, cv)
}

func TestConversionsCreate(t *testing.T) {
	t.Parallel()
	c, mt, payload := capturing(t, "POST", "/v1/conversions/", "conversion.json")
	cv, err := c.Conversions.Create(t.Context(), &ConversionParams{FromWallet: "w1", FromKind: "USDT-TRX", ToWallet: "w2",
		ToKind: "USDC-TRX", Amount: decimal.RequireFromString("50"), Exchange: "ex"})
	require.NoError(t, err)
	assertPayload(t, map[string]any{"is_approved": false, "from_wallet": "w1", "from_kind": "USDT-TRX", "to_wallet": "w2",
		"to_kind": "USDC-TRX", "amount": "50", "exchange": "ex"}, payload())
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
	refusedLocally(t, mt, valid, cases, c.Conversions.Create)
	_, err = c.Conversions.Create(t.Context(), nil)
	assert.ErrorIs(t, err, payments.ErrValidation, "nil params")
	assert.Zero(t, mt.GetTotalCallCount()-before, "requests sent for nil params")
}

func TestConversionsUpdate(t *testing.T) {
	t.Parallel()
	c, mt, payload := capturing(t, "PUT", "/v1/conversions/abc/", "conversion.json")
	approved := true
	amount := decimal.RequireFromString("75.5")
	_, err := c.Conversions.Update(t.Context(), "abc", &ConversionUpdateParams{IsApproved: &approved, Amount: &amount,
		ToWallet: "w2", ToKind: "USDC-TRX", Exchange: "ex1"})
	require.NoError(t, err)
	got := payload()
	assertPayload(t, map[string]any{"is_approved": true, "amount": "75.5", "to_wallet": "w2", "to_kind": "USDC-TRX", "exchange": "ex1"}, got)
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

// Automatic conversions.

func TestAutomaticConversionsListGet(t *testing.T) {
	t.Parallel()
	c, _ := clientServing(t, map[string]string{
		"GET /v1/automatic-conversions/":    "automatic_conversions_list.json",
		"GET /v1/automatic-conversions/ac/": "automatic_conversion.json",
	})
	listed(t, c.AutomaticConversions.List, 1)
	ac := fetched(t, c.AutomaticConversions.Get, "ac")
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
	c, mt, got := capturing(t, "POST", "/v1/automatic-conversions/", "automatic_conversion.json")
	enabled := true
	valid := func() *AutomaticConversionParams {
		return &AutomaticConversionParams{IsEnabled: &enabled, FromWallet: "w1", FromKind: "USDT-TRX", ToWallet: "w2", ToKind: "USDC-TRX",
			MinAmount: decimal.RequireFromString("50"), MaxAmount: decimal.RequireFromString("50.5"), KeepAmount: decimal.Zero, Exchange: "ex"}
	}
	_, err := c.AutomaticConversions.Create(t.Context(), valid())
	require.NoError(t, err)
	assertPayload(t, map[string]any{"is_enabled": true, "from_wallet": "w1", "from_kind": "USDT-TRX", "to_wallet": "w2", "to_kind": "USDC-TRX",
		"min_amount": "50", "max_amount": "50.5", "keep_amount": "0", "exchange": "ex"}, got())
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
	refusedLocally(t, mt, valid, cases, c.AutomaticConversions.Create)
}

func TestAutomaticConversionsUpdate(t *testing.T) {
	t.Parallel()
	c, mt, payload := capturing(t, "PUT", "/v1/automatic-conversions/ac/", "automatic_conversion.json")
	maxAmount := decimal.RequireFromString("100")
	_, err := c.AutomaticConversions.Update(t.Context(), "ac", &AutomaticConversionUpdateParams{MaxAmount: &maxAmount, Exchange: "ex2"})
	require.NoError(t, err)
	got := payload()
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

// Automatic payouts.

func TestAutomaticPayoutsListGet(t *testing.T) {
	t.Parallel()
	c, _ := clientServing(t, map[string]string{
		"GET /v1/automatic-payouts/":    "automatic_payouts_list.json",
		"GET /v1/automatic-payouts/ap/": "automatic_payout.json",
	})
	listed(t, c.AutomaticPayouts.List, 1)
	ap := fetched(t, c.AutomaticPayouts.Get, "ap")
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
	c, mt, payload := capturing(t, "POST", "/v1/automatic-payouts/", "automatic_payout.json")
	enabled := true
	_, err := c.AutomaticPayouts.Create(t.Context(), &AutomaticPayoutParams{Wallet: "w", KeepAmount: decimal.RequireFromString("23"),
		RecipientAddress: "TLTsfAwsq8vsyhYWQUMRRUggP38aUyJYv8", Kind: "USDT-TRX", IsEnabled: &enabled, MinAmount: decimal.RequireFromString("11"), Interval: 30})
	require.NoError(t, err)
	got := payload()
	assertPayload(t, map[string]any{"wallet": "w", "keep_amount": "23", "recipient_address": "TLTsfAwsq8vsyhYWQUMRRUggP38aUyJYv8",
		"kind": "USDT-TRX", "is_enabled": true, "min_amount": "11"}, got)
	assert.True(t, isJSONInt(got["interval"], "30"), "interval = %#v, want the number 30", got["interval"])
	// Required amounts are sent even when zero; optional ones are not.
	_, err = c.AutomaticPayouts.Create(t.Context(), &AutomaticPayoutParams{Wallet: "w", RecipientAddress: "addr"})
	require.NoError(t, err)
	got = payload()
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
	refusedLocally(t, mt, valid, cases, c.AutomaticPayouts.Create)
}

func TestAutomaticPayoutsUpdate(t *testing.T) {
	t.Parallel()
	c, mt, payload := capturing(t, "PUT", "/v1/automatic-payouts/ap/", "automatic_payout_update.json")
	disabled, keep, interval := false, decimal.RequireFromString("1000"), 60
	ap, err := c.AutomaticPayouts.Update(t.Context(), "ap", &AutomaticPayoutUpdateParams{IsEnabled: &disabled, KeepAmount: &keep, Interval: &interval})
	require.NoError(t, err)
	got := payload()
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
