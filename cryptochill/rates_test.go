package cryptochill

import (
	"context"
	"testing"
)

func TestExchangeRates(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/v1/exchange-rates/", respond(t, 200, fixture(t, "rates_list.json"), nil))
	mt.RegisterResponder("GET", testBase+"/v1/exchange-rates/EUR/", respond(t, 200, fixture(t, "rate.json"), nil))
	rates, err := c.ExchangeRates.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(rates) != 3 || rates[2].Symbol != "BTC" || rates[2].Sign != "₿" || rates[2].RateUSD.String() != "3423.3548172707183421" {
		t.Fatalf("rates = %+v", rates)
	}
	eur, err := c.ExchangeRates.Get(context.Background(), "eur")
	if err != nil {
		t.Fatal(err)
	}
	// Every digit survives: no binary floating point on the way.
	if eur.ID != "euro" || eur.Kind != "fiat" || eur.RateBTC.String() != "2996.428238008887431" || eur.RateUSD.String() != "1.1424784928423721" {
		t.Fatalf("eur = %+v", eur)
	}
}
