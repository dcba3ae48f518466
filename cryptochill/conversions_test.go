package cryptochill

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

func checkConversion(t *testing.T, cv *Conversion) {
	t.Helper()
	want := Conversion{ID: "<id>", FromWallet: WalletRef{ID: "<wallet_id>", Name: "Tron"}, FromKind: "USDT-TRX",
		ToWallet: WalletRef{ID: "<wallet_id>", Name: "Tron"}, ToKind: "USDC-TRX",
		Exchange: Exchange{ID: "<exchange_id>", Title: "Binance"}, Status: "draft"}
	if cv.ID != want.ID || cv.FromWallet != want.FromWallet || cv.ToWallet != want.ToWallet || cv.FromKind != want.FromKind ||
		cv.ToKind != want.ToKind || cv.Exchange != want.Exchange || cv.Status != want.Status || cv.IsApproved ||
		cv.Amount.String() != "50" || len(cv.Raw) == 0 {
		t.Errorf("conversion = %+v", cv)
	}
}

func TestConversionsListGet(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/v1/conversions/", respond(t, 200, fixture(t, "conversions_list.json"), nil))
	mt.RegisterResponder("GET", testBase+"/v1/conversions/abc/", respond(t, 200, fixture(t, "conversion.json"), nil))
	list, err := c.Conversions.List(context.Background())
	if err != nil || len(list) != 1 {
		t.Fatalf("list %+v, %v", list, err)
	}
	checkConversion(t, &list[0])
	cv, err := c.Conversions.Get(context.Background(), "abc")
	if err != nil {
		t.Fatal(err)
	}
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
				if p[k] != v {
					t.Errorf("payload[%q] = %#v, want %#v", k, p[k], v)
				}
			}
		}))
	cv, err := c.Conversions.Create(context.Background(), &ConversionParams{FromWallet: "w1", FromKind: "USDT-TRX", ToWallet: "w2",
		ToKind: "USDC-TRX", Amount: decimal.RequireFromString("50"), Exchange: "ex"})
	if err != nil {
		t.Fatal(err)
	}
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
	for field, mutate := range cases {
		p := valid()
		mutate(p)
		_, err := c.Conversions.Create(context.Background(), p)
		var ve *payments.ValidationError
		if !errors.As(err, &ve) || ve.Field != field {
			t.Errorf("%s: err = %v", field, err)
		}
	}
	if _, err := c.Conversions.Create(context.Background(), nil); !errors.Is(err, payments.ErrValidation) {
		t.Errorf("nil params: %v", err)
	}
	if n := mt.GetTotalCallCount() - before; n != 0 {
		t.Errorf("%d requests sent for invalid params", n)
	}
}

func TestConversionsUpdate(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var got map[string]any
	mt.RegisterResponder("PUT", testBase+"/v1/conversions/abc/", respond(t, 200, fixture(t, "conversion.json"),
		func(r *http.Request, p map[string]any) { got = p }))
	approved := true
	amount := decimal.RequireFromString("75.5")
	if _, err := c.Conversions.Update(context.Background(), "abc", &ConversionUpdateParams{IsApproved: &approved, Amount: &amount,
		ToWallet: "w2", ToKind: "USDC-TRX", Exchange: "ex1"}); err != nil {
		t.Fatal(err)
	}
	if got["is_approved"] != true || got["amount"] != "75.5" || got["to_wallet"] != "w2" || got["to_kind"] != "USDC-TRX" || got["exchange"] != "ex1" {
		t.Errorf("payload = %v", got)
	}
	if _, ok := got["from_wallet"]; ok {
		t.Error("from_wallet is not editable but was sent")
	}
	zero := decimal.Zero
	for name, p := range map[string]*ConversionUpdateParams{
		"empty":  {},
		"nil":    nil,
		"amount": {Amount: &zero, ToWallet: "w", ToKind: "USDC-TRX", Exchange: "e"},
		"kind":   {Amount: &amount, ToWallet: "w", ToKind: "NOPE", Exchange: "e"},
	} {
		if _, err := c.Conversions.Update(context.Background(), "abc", p); !errors.Is(err, payments.ErrValidation) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if n := mt.GetTotalCallCount(); n != 1 {
		t.Errorf("%d requests", n)
	}
}

func TestDeleteAcceptsEmptyAnd204(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("DELETE", testBase+"/v1/conversions/a/", respond(t, 204, "", nil))
	mt.RegisterResponder("DELETE", testBase+"/v1/conversions/b/", respond(t, 200, "", nil))
	mt.RegisterResponder("DELETE", testBase+"/v1/conversions/c/", respond(t, 200, `{"result":"ok"}`, nil))
	mt.RegisterResponder("DELETE", testBase+"/v1/automatic-payouts/d/", respond(t, 204, "", nil))
	mt.RegisterResponder("DELETE", testBase+"/v1/automatic-conversions/e/", respond(t, 200, "not json", nil))
	ctx := context.Background()
	for _, err := range []error{
		c.Conversions.Delete(ctx, "a"), c.Conversions.Delete(ctx, "b"), c.Conversions.Delete(ctx, "c"),
		c.AutomaticPayouts.Delete(ctx, "d"), c.AutomaticConversions.Delete(ctx, "e"),
	} {
		if err != nil {
			t.Error(err)
		}
	}
	mt.RegisterResponder("DELETE", testBase+"/v1/conversions/gone/", respond(t, 404, `{"result":"error","reason":"ObjectNotFound","message":"Object by specified ID not found"}`, nil))
	if err := c.Conversions.Delete(ctx, "gone"); !errors.Is(err, payments.ErrNotFound) {
		t.Errorf("404: %v", err)
	}
	if err := c.Conversions.Delete(ctx, ""); !errors.Is(err, payments.ErrValidation) {
		t.Errorf("empty id: %v", err)
	}
}
