package cryptopay

import (
	"context"
	"github.com/coinsdk/coinsdk/internal/apicall"
	"net/http"
	"strings"

	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// RatesService reads exchange rates.
type RatesService service

// Rate is the rate of one pair.
type Rate struct {
	// BuyRate is what Cryptopay buys the base for, in the quote currency.
	BuyRate decimal.Decimal `json:"buy_rate"`
	// SellRate is what it sells the base for.
	SellRate decimal.Decimal `json:"sell_rate"`
	rawJSON
}

// Rates maps a pair to its rate. The API spells pairs both "BTCEUR" and
// "BTC/EUR"; Get finds either from "BTC", "EUR".
type Rates map[string]Rate

// Get returns the rate of base/quote under either spelling.
func (r Rates) Get(base, quote string) (Rate, bool) {
	base, quote = strings.ToUpper(base), strings.ToUpper(quote)
	if v, ok := r[base+quote]; ok {
		return v, true
	}
	v, ok := r[base+"/"+quote]
	return v, ok
}

// List reads every rate.
// GET /api/rates
func (s *RatesService) List(ctx context.Context) (Rates, error) {
	k := &apicall.Call{Op: "list rates", Method: http.MethodGet, Path: "/api/rates"}
	data, _, err := s.client.pipe.Payload(ctx, k)
	if err != nil {
		return nil, err
	}
	// {"data": {"BTCEUR": {…}, …}}: an object of rates, not a list.
	out := Rates{}
	err = decjson.Members(data, func(pair, raw []byte) error {
		var r Rate
		if err := s.client.pipe.DecodeInto(k, raw, &r); err != nil {
			return err
		}
		out[string(pair)] = r
		return nil
	})
	if err != nil {
		if _, ok := err.(*payments.APIError); ok {
			return nil, err
		}
		return nil, s.client.pipe.Malformed(k, data, "answer has no rates: "+err.Error())
	}
	return out, nil
}

// Get reads the rate of one pair.
// GET /api/rates/{base}/{quote}
func (s *RatesService) Get(ctx context.Context, base, quote string) (*Rate, error) {
	if err := firstErr(validateCurrency("base", base, true), validateCurrency("quote", quote, true)); err != nil {
		return nil, err
	}
	if base == quote {
		return nil, &payments.ValidationError{Field: "quote", Reason: "must differ from base"}
	}
	return apicall.Object[Rate](ctx, s.client.pipe, &apicall.Call{Op: "get rate", Method: http.MethodGet, Path: "/api/rates/" + segment(base) + "/" + segment(quote)})
}
