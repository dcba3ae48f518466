package cryptochill

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/shopspring/decimal"
)

// ExchangeRatesService reads CryptoChill's current exchange rates between fiat
// currencies and coins.
type ExchangeRatesService service

// Rate is one currency's value in USD and in BTC.
type Rate struct {
	// ID is the currency's slug ("euro", "bitcoin").
	ID string `json:"id"`
	// Kind is "fiat" or "crypto".
	Kind string `json:"kind"`
	// Symbol is the currency code ("EUR", "BTC").
	Symbol string `json:"symbol"`
	// RateUSD is the value of one unit in USD.
	RateUSD decimal.Decimal `json:"rate_usd"`
	// RateBTC is the rate against BTC as the API reports it.
	RateBTC decimal.Decimal `json:"rate_btc"`
	// Sign is the currency sign ("€", "₿").
	Sign string `json:"sign"`
	// Raw is the rate's JSON as received.
	Raw json.RawMessage `json:"-"`
}

// List returns every rate.
// GET /v1/exchange-rates/
func (s *ExchangeRatesService) List(ctx context.Context) ([]Rate, error) {
	return list[Rate](ctx, s.client, "list exchange rates", "/v1/exchange-rates/")
}

// Get returns one currency's rate; symbol is upper-cased ("eur" → "EUR") as
// the API's symbols are.
// GET /v1/exchange-rates/<SYMBOL>/
func (s *ExchangeRatesService) Get(ctx context.Context, symbol string) (*Rate, error) {
	return get[Rate](ctx, s.client, "get exchange rate", "/v1/exchange-rates/", strings.ToUpper(strings.TrimSpace(symbol)))
}
