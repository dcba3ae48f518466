package cryptochill

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

func TestAutomaticConversionsListGet(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/v1/automatic-conversions/", respond(t, 200, fixture(t, "automatic_conversions_list.json"), nil))
	mt.RegisterResponder("GET", testBase+"/v1/automatic-conversions/ac/", respond(t, 200, fixture(t, "automatic_conversion.json"), nil))
	list, err := c.AutomaticConversions.List(context.Background())
	if err != nil || len(list) != 1 {
		t.Fatalf("list %+v, %v", list, err)
	}
	ac, err := c.AutomaticConversions.Get(context.Background(), "ac")
	if err != nil {
		t.Fatal(err)
	}
	if ac.ID != "<id>" || ac.FromKind != "USDT-TRX" || ac.ToKind != "USDC-TRX" || ac.ToWallet.Name != "Tron" ||
		ac.Exchange.Title != "Binance" || !ac.IsEnabled || ac.KeepAmount.String() != "50" ||
		ac.MinAmount.String() != "50" || ac.MaxAmount.String() != "50" || len(ac.Raw) == 0 {
		t.Fatalf("automatic conversion = %+v", ac)
	}
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
	if _, err := c.AutomaticConversions.Create(context.Background(), valid()); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"is_enabled": true, "from_wallet": "w1", "from_kind": "USDT-TRX", "to_wallet": "w2", "to_kind": "USDC-TRX",
		"min_amount": "50", "max_amount": "50.5", "keep_amount": "0", "exchange": "ex"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("payload[%q] = %#v, want %#v", k, got[k], v)
		}
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
	for field, mutate := range cases {
		p := valid()
		mutate(p)
		_, err := c.AutomaticConversions.Create(context.Background(), p)
		var ve *payments.ValidationError
		if !errors.As(err, &ve) || ve.Field != field {
			t.Errorf("%s: err = %v", field, err)
		}
	}
	if n := mt.GetTotalCallCount() - before; n != 0 {
		t.Errorf("%d requests sent for invalid params", n)
	}
}

func TestAutomaticConversionsUpdate(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var got map[string]any
	mt.RegisterResponder("PUT", testBase+"/v1/automatic-conversions/ac/", respond(t, 200, fixture(t, "automatic_conversion.json"),
		func(r *http.Request, p map[string]any) { got = p }))
	maxAmount := decimal.RequireFromString("100")
	if _, err := c.AutomaticConversions.Update(context.Background(), "ac", &AutomaticConversionUpdateParams{MaxAmount: &maxAmount, Exchange: "ex2"}); err != nil {
		t.Fatal(err)
	}
	if got["max_amount"] != "100" || got["exchange"] != "ex2" || len(got) != 4 { // + request, nonce
		t.Errorf("payload = %v", got)
	}
	lo, hi, neg := decimal.NewFromInt(10), decimal.NewFromInt(5), decimal.NewFromInt(-1)
	for name, p := range map[string]*AutomaticConversionUpdateParams{
		"empty": {}, "nil": nil, "min>max": {MinAmount: &lo, MaxAmount: &hi}, "negative": {KeepAmount: &neg}, "kind": {ToKind: "X"},
	} {
		if _, err := c.AutomaticConversions.Update(context.Background(), "ac", p); !errors.Is(err, payments.ErrValidation) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if n := mt.GetTotalCallCount(); n != 1 {
		t.Errorf("%d requests", n)
	}
}
