package cryptoprocessing

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/shopspring/decimal"
)

// CurrenciesService lists currencies and exchangeable pairs.
type CurrenciesService service

// Currency is a currency the account can use.
type Currency struct {
	// ID is the provider's id of the currency.
	ID string `json:"id"`
	// Type is "crypto" or "fiat".
	Type string `json:"type"`
	// Currency is the code used in every other call ("BTC", "USDTT", "EUR").
	Currency string `json:"currency"`
	// MinimumAmount is the smallest deposit or withdrawal accepted.
	MinimumAmount decimal.Decimal `json:"minimum_amount"`
	// DepositFeePercent is the deposit fee, in percent.
	DepositFeePercent decimal.Decimal `json:"deposit_fee_percent"`
	// WithdrawalFeePercent is the withdrawal fee, in percent.
	WithdrawalFeePercent decimal.Decimal `json:"withdrawal_fee_percent"`
	// Precision is the number of decimal places amounts may have.
	Precision int `json:"precision"`
	// Raw is the JSON as received.
	Raw json.RawMessage `json:"-"`
}

// currencyWire is Currency as the API writes it: every documented spelling.
type currencyWire struct {
	ID                   decjson.String  `json:"id"`
	Type                 decjson.String  `json:"type"`
	Currency             decjson.String  `json:"currency"`
	MinimumAmount        decjson.Lenient `json:"minimum_amount"`
	DepositFeePercent    decjson.Lenient `json:"deposit_fee_percent"`
	WithdrawalFeePercent decjson.Lenient `json:"withdrawal_fee_percent"`
	Precision            decjson.Int     `json:"precision"`
}

func (w *currencyWire) model(b json.RawMessage) (c Currency) {
	c = Currency{ID: string(w.ID), Type: string(w.Type), Currency: string(w.Currency),
		MinimumAmount: w.MinimumAmount.Decimal, DepositFeePercent: w.DepositFeePercent.Decimal,
		WithdrawalFeePercent: w.WithdrawalFeePercent.Decimal, Precision: int(w.Precision), Raw: b}
	return c
}

// UnmarshalJSON reads a currency leniently.
func (c *Currency) UnmarshalJSON(b []byte) error {
	return unmarshalWire[Currency, currencyWire](copyRaw(b), c)
}

// decodeRaw is the pipeline's decode: Raw is raw itself, not a copy.
func (c *Currency) decodeRaw(raw []byte) error { return decodeWire[Currency, currencyWire](raw, c) }

// currencyListBody is currencies/list's body: visible is sent only when set.
type currencyListBody struct {
	Visible *bool `json:"visible,omitempty"`
}

// List returns the supported currencies; visible filters on whether they are
// currently enabled (nil returns all).
// POST currencies/list
func (s *CurrenciesService) List(ctx context.Context, visible *bool) ([]Currency, error) {
	return readList[Currency](ctx, s.client, "list currencies", "currencies/list", currencyListBody{Visible: visible})
}

// readList reads a list the API answers to a POST: the POST changes
// nothing, so it is retried like a read and never an unknown outcome.
func readList[T any](ctx context.Context, c *Client, op, path string, body any) ([]T, error) {
	items, _, err := apicall.List[T](ctx, c.pipe, &apicall.Call{Op: op, Idempotent: true, Method: http.MethodPost, Path: path, Body: body})
	return items, err
}

// Pair is an exchangeable currency pair and its rate.
type Pair struct {
	// CurrencyFrom is the currency sold.
	CurrencyFrom PairCurrency `json:"currency_from"`
	// CurrencyTo is the currency bought.
	CurrencyTo PairCurrency `json:"currency_to"`
	// RateFrom and RateTo give the rate: RateFrom of CurrencyFrom buys RateTo
	// of CurrencyTo.
	RateFrom decimal.Decimal `json:"rate_from"`
	// RateTo: see RateFrom.
	RateTo decimal.Decimal `json:"rate_to"`
	// Raw is the JSON as received.
	Raw json.RawMessage `json:"-"`
}

// pairWire is Pair as the API writes it: every documented spelling.
type pairWire struct {
	CurrencyFrom pairCurrencyWire `json:"currency_from"`
	CurrencyTo   pairCurrencyWire `json:"currency_to"`
	RateFrom     decjson.Lenient  `json:"rate_from"`
	RateTo       decjson.Lenient  `json:"rate_to"`
}

func (w *pairWire) model(b json.RawMessage) (p Pair) {
	p = Pair{CurrencyFrom: w.CurrencyFrom.model(nil), CurrencyTo: w.CurrencyTo.model(nil), RateFrom: w.RateFrom.Decimal,
		RateTo: w.RateTo.Decimal, Raw: b}
	return p
}

// UnmarshalJSON reads a pair leniently.
func (p *Pair) UnmarshalJSON(b []byte) error {
	return unmarshalWire[Pair, pairWire](copyRaw(b), p)
}

// decodeRaw is the pipeline's decode: Raw is raw itself, not a copy.
func (p *Pair) decodeRaw(raw []byte) error { return decodeWire[Pair, pairWire](raw, p) }

// PairCurrency is one side of a Pair.
type PairCurrency struct {
	// Currency is the currency code.
	Currency string `json:"currency"`
	// Type is "crypto" or "fiat".
	Type string `json:"type"`
	// MinAmount is the smallest amount exchanged (sold side only).
	MinAmount decimal.Decimal `json:"min_amount"`
	// MinAmountDepositWithExchange is the smallest deposit converted on arrival
	// (sold side only).
	MinAmountDepositWithExchange decimal.Decimal `json:"min_amount_deposit_with_exchange"`
}

// pairCurrencyWire is PairCurrency as the API writes it: every documented spelling.
type pairCurrencyWire struct {
	Currency                     decjson.String  `json:"currency"`
	Type                         decjson.String  `json:"type"`
	MinAmount                    decjson.Lenient `json:"min_amount"`
	MinAmountDepositWithExchange decjson.Lenient `json:"min_amount_deposit_with_exchange"`
}

func (w *pairCurrencyWire) model(b json.RawMessage) (p PairCurrency) {
	p = PairCurrency{Currency: string(w.Currency), Type: string(w.Type), MinAmount: w.MinAmount.Decimal,
		MinAmountDepositWithExchange: w.MinAmountDepositWithExchange.Decimal}
	return p
}

// UnmarshalJSON reads one side of a pair leniently.
func (p *PairCurrency) UnmarshalJSON(b []byte) error {
	return unmarshalWire[PairCurrency, pairCurrencyWire](b, p)
}

// pairsBody is currencies/pairs's body: both filters are optional.
type pairsBody struct {
	CurrencyFrom string `json:"currency_from,omitempty"`
	CurrencyTo   string `json:"currency_to,omitempty"`
}

// Pairs returns the exchangeable pairs, filtered by the currency sold (from)
// and bought (to); empty strings do not filter.
// POST currencies/pairs
func (s *CurrenciesService) Pairs(ctx context.Context, from, to string) ([]Pair, error) {
	return readList[Pair](ctx, s.client, "list currency pairs", "currencies/pairs", pairsBody{CurrencyFrom: from, CurrencyTo: to})
}
