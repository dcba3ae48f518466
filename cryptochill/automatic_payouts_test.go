package cryptochill

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

func TestAutomaticPayoutsListGet(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/v1/automatic-payouts/", respond(t, 200, fixture(t, "automatic_payouts_list.json"), nil))
	mt.RegisterResponder("GET", testBase+"/v1/automatic-payouts/ap/", respond(t, 200, fixture(t, "automatic_payout.json"), nil))
	list, err := c.AutomaticPayouts.List(context.Background())
	if err != nil || len(list) != 1 {
		t.Fatalf("list %+v, %v", list, err)
	}
	ap, err := c.AutomaticPayouts.Get(context.Background(), "ap")
	if err != nil {
		t.Fatal(err)
	}
	if ap.ID != "<id>" || ap.Wallet != (WalletRef{ID: "<wallet_id>", Name: "Tron"}) || ap.Kind != "USDC-TRX" ||
		ap.RecipientAddress != "TLTsfAwsq8vsyhYWQUMRRUggP38aUyJYv8" || !ap.IsEnabled || !ap.IsAPIEditable ||
		ap.MinAmount.String() != "33" || ap.KeepAmount.String() != "1" || ap.Interval != 360 || len(ap.Raw) == 0 {
		t.Fatalf("automatic payout = %+v", ap)
	}
}

func TestAutomaticPayoutsCreate(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var got map[string]any
	mt.RegisterResponder("POST", testBase+"/v1/automatic-payouts/", respond(t, 200, fixture(t, "automatic_payout.json"),
		func(r *http.Request, p map[string]any) { got = p }))
	enabled := true
	_, err := c.AutomaticPayouts.Create(context.Background(), &AutomaticPayoutParams{Wallet: "w", KeepAmount: decimal.RequireFromString("23"),
		RecipientAddress: "TLTsfAwsq8vsyhYWQUMRRUggP38aUyJYv8", Kind: "USDT-TRX", IsEnabled: &enabled, MinAmount: decimal.RequireFromString("11"), Interval: 30})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"wallet": "w", "keep_amount": "23", "recipient_address": "TLTsfAwsq8vsyhYWQUMRRUggP38aUyJYv8",
		"kind": "USDT-TRX", "is_enabled": true, "min_amount": "11"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("payload[%q] = %#v, want %#v", k, got[k], v)
		}
	}
	if !isJSONInt(got["interval"], "30") {
		t.Errorf("interval = %#v, want the number 30", got["interval"])
	}
	// Required amounts are sent even when zero; optional ones are not.
	if _, err := c.AutomaticPayouts.Create(context.Background(), &AutomaticPayoutParams{Wallet: "w", RecipientAddress: "addr"}); err != nil {
		t.Fatal(err)
	}
	if got["keep_amount"] != "0" {
		t.Errorf("keep_amount = %#v", got["keep_amount"])
	}
	for _, k := range []string{"min_amount", "interval", "kind", "is_enabled"} {
		if _, ok := got[k]; ok {
			t.Errorf("unset %s sent", k)
		}
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
	for field, mutate := range cases {
		p := valid()
		mutate(p)
		_, err := c.AutomaticPayouts.Create(context.Background(), p)
		var ve *payments.ValidationError
		if !errors.As(err, &ve) || ve.Field != field {
			t.Errorf("%s: err = %v", field, err)
		}
	}
	if n := mt.GetTotalCallCount() - before; n != 0 {
		t.Errorf("%d requests sent for invalid params", n)
	}
}

func TestAutomaticPayoutsUpdate(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var got map[string]any
	mt.RegisterResponder("PUT", testBase+"/v1/automatic-payouts/ap/", respond(t, 200, fixture(t, "automatic_payout_update.json"),
		func(r *http.Request, p map[string]any) { got = p }))
	disabled, keep, interval := false, decimal.RequireFromString("1000"), 60
	ap, err := c.AutomaticPayouts.Update(context.Background(), "ap", &AutomaticPayoutUpdateParams{IsEnabled: &disabled, KeepAmount: &keep, Interval: &interval})
	if err != nil {
		t.Fatal(err)
	}
	if got["is_enabled"] != false || got["keep_amount"] != "1000" || !isJSONInt(got["interval"], "60") || len(got) != 5 { // + request, nonce
		t.Errorf("payload = %v", got)
	}
	// The documented update response holds only some fields.
	if ap.Wallet.Name != "Bitcoin Testnet" || ap.KeepAmount.String() != "1000" || ap.Kind != "" {
		t.Errorf("updated = %+v", ap)
	}
	bad, neg := 7, decimal.NewFromInt(-1)
	for name, p := range map[string]*AutomaticPayoutUpdateParams{
		"empty": {}, "nil": nil, "interval": {Interval: &bad}, "min_amount": {MinAmount: &neg}, "keep_amount": {KeepAmount: &neg},
	} {
		if _, err := c.AutomaticPayouts.Update(context.Background(), "ap", p); !errors.Is(err, payments.ErrValidation) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if n := mt.GetTotalCallCount(); n != 1 {
		t.Errorf("%d requests", n)
	}
}
