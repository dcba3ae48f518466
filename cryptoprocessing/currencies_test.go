package cryptoprocessing

import (
	"context"
	"net/http"
	"testing"

	"github.com/shopspring/decimal"
)

func TestCurrenciesList(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var sent []string
	mt.RegisterResponder("POST", testBase+"/currencies/list", respond(t, 200, fixture(t, "currencies_list.json"),
		func(_ *http.Request, body []byte) { sent = append(sent, string(body)) }))
	visible := true
	list, err := c.Currencies.List(context.Background(), &visible)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Currencies.List(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if len(sent) != 2 || sent[0] != `{"visible":true}` || sent[1] != `{}` {
		t.Errorf("bodies = %q", sent)
	}
	if len(list) != 2 {
		t.Fatalf("list = %+v", list)
	}
	btc, eur := list[0], list[1]
	if btc.ID != "1" || btc.Precision != 8 || !btc.DepositFeePercent.Equal(decimal.RequireFromString("0.9")) {
		t.Errorf("BTC = %+v", btc)
	}
	// The second entry spells id, minimum_amount and precision the other way.
	if eur.ID != "14" || eur.Precision != 2 || !eur.MinimumAmount.Equal(decimal.NewFromInt(10)) {
		t.Errorf("EUR = %+v", eur)
	}
}

func TestCurrenciesPairs(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/currencies/pairs", respond(t, 200, fixture(t, "currencies_pairs.json"),
		wantBody(t, `{"currency_from":"BTC"}`)))
	pairs, err := c.Currencies.Pairs(context.Background(), "BTC", "")
	if err != nil {
		t.Fatal(err)
	}
	p := pairs[0]
	if p.CurrencyFrom.Currency != "BTC" || p.CurrencyTo.Currency != "EUR" || !p.RateTo.Equal(decimal.RequireFromString("61234.5")) ||
		!p.CurrencyFrom.MinAmountDepositWithExchange.Equal(decimal.RequireFromString("0.0002")) {
		t.Errorf("pair = %+v", p)
	}
}
