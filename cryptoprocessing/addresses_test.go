package cryptoprocessing

import (
	"context"
	"errors"
	"testing"

	"github.com/coinsdk/coinsdk/payments"
)

func TestAddressesTake(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/addresses/take", respond(t, 201, fixture(t, "address_btc.json"),
		wantBody(t, `{"currency":"BTC","foreign_id":"customer-42"}`)))
	a, err := c.Addresses.Take(context.Background(), &AddressParams{Currency: "BTC", ForeignID: "customer-42"})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != "381201" || a.Address == "" || a.ForeignID != "customer-42" || a.RequiresTag() || a.ConvertTo != "" {
		t.Fatalf("address = %+v", a)
	}
}

// XRP addresses come with a numeric tag that the payer must send: it is
// surfaced as text, and RequiresTag says so.
func TestAddressesTakeTagged(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/addresses/take", respond(t, 201, fixture(t, "address_xrp.json"),
		wantBody(t, `{"currency":"XRP","foreign_id":"42","convert_to":"EUR","end_user_reference":"eu-42"}`)))
	a, err := c.Addresses.Take(context.Background(), &AddressParams{Currency: "XRP", ForeignID: "42", ConvertTo: "EUR", EndUserReference: "eu-42"})
	if err != nil {
		t.Fatal(err)
	}
	if a.Tag != "100000731" || !a.RequiresTag() || a.ForeignID != "42" || a.ConvertTo != "EUR" || a.ID != "381202" {
		t.Fatalf("address = %+v", a)
	}
}

func TestAddressesTakeValidation(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	for field, p := range map[string]*AddressParams{
		"params":     nil,
		"currency":   {ForeignID: "c"},
		"foreign_id": {Currency: "BTC"},
		"convert_to": {Currency: "BTC", ForeignID: "c", ConvertTo: "btc"},
	} {
		_, err := c.Addresses.Take(context.Background(), p)
		var ve *payments.ValidationError
		if !errors.As(err, &ve) || ve.Field != field {
			t.Errorf("%s: err = %v", field, err)
		}
	}
	if n := mt.GetTotalCallCount(); n != 0 {
		t.Errorf("%d requests sent for invalid params", n)
	}
}
