package cryptoprocessingtest

import (
	"net/http"

	"github.com/shopspring/decimal"
)

// currencyInfo is one row of the sandbox's fixed currency table.
type currencyInfo struct {
	id            int
	code          string
	typ           string // "crypto" or "fiat"
	min           decimal.Decimal
	depositFee    decimal.Decimal // percent
	withdrawalFee decimal.Decimal // percent
	prec          int32
	eur           decimal.Decimal // value of one unit in EUR: the fixed rate table
	tagged        bool            // deposits need a destination tag (XRP)
}

func (c *currencyInfo) crypto() bool { return c.typ == "crypto" }

// currencyTable is fixed so that tests and examples get the same numbers on
// every run; rates never move.
var currencyTable = []*currencyInfo{
	newCurrency(1, "BTC", "crypto", "0.0001", "1", "0", 8, "60000", false),
	newCurrency(2, "ETH", "crypto", "0.001", "1", "0", 8, "3000", false),
	newCurrency(3, "LTC", "crypto", "0.01", "1", "0", 8, "80", false),
	newCurrency(4, "USDT", "crypto", "1", "1", "0", 6, "0.9", false),
	newCurrency(5, "XRP", "crypto", "1", "1", "0", 6, "0.5", true),
	newCurrency(6, "EUR", "fiat", "10", "0", "0", 2, "1", false),
	newCurrency(7, "USD", "fiat", "10", "0", "0", 2, "0.9", false),
}

func newCurrency(id int, code, typ, minAmount, depFee, wdFee string, prec int32, eur string, tagged bool) *currencyInfo {
	return &currencyInfo{
		id: id, code: code, typ: typ,
		min:           decimal.RequireFromString(minAmount),
		depositFee:    decimal.RequireFromString(depFee),
		withdrawalFee: decimal.RequireFromString(wdFee),
		prec:          prec,
		eur:           decimal.RequireFromString(eur),
		tagged:        tagged,
	}
}

// lookupCurrency finds a currency by its exact code (codes are upper case).
func lookupCurrency(code string) *currencyInfo {
	for _, c := range currencyTable {
		if c.code == code {
			return c
		}
	}
	return nil
}

// exchangeable reports whether the provider would convert from one currency
// to the other: never to itself, never fiat to fiat.
func exchangeable(from, to *currencyInfo) bool {
	return from != to && (from.crypto() || to.crypto())
}

// rate is how many units of to one unit of from buys, to 8 decimals.
func rate(from, to *currencyInfo) decimal.Decimal {
	if from == to {
		return decimal.NewFromInt(1)
	}
	return from.eur.DivRound(to.eur, 8)
}

// convert turns an amount of from into to, rounded down to to's precision
// (the merchant never receives more than the rate gives). It uses the exact
// ratio of the table, not the 8-decimal price, so round numbers stay round.
func convert(amount decimal.Decimal, from, to *currencyInfo) decimal.Decimal {
	if from == to {
		return amount
	}
	return amount.Mul(from.eur).Div(to.eur).RoundDown(to.prec)
}

// convertBack is how much of from buys amount of to, rounded up to from's
// precision (the payer never pays less than the rate asks).
func convertBack(amount decimal.Decimal, from, to *currencyInfo) decimal.Decimal {
	if from == to {
		return amount
	}
	return amount.Mul(to.eur).Div(from.eur).RoundUp(from.prec)
}

// currencyJSON is an element of currencies/list.
type currencyJSON struct {
	ID                   int    `json:"id"`
	Type                 string `json:"type"`
	Currency             string `json:"currency"`
	MinimumAmount        money  `json:"minimum_amount"`
	DepositFeePercent    string `json:"deposit_fee_percent"`
	WithdrawalFeePercent string `json:"withdrawal_fee_percent"`
	Precision            int32  `json:"precision"`
}

// currenciesList serves currencies/list. Every currency is visible, so
// {"visible": false} lists none.
func (s *Server) currenciesList(c *call) reply {
	visible, given := c.form.boolean("visible")
	if !c.form.ok() {
		return errorsReply(http.StatusBadRequest, c.form.errs)
	}
	list := []currencyJSON{}
	if given && !visible {
		return dataReply(http.StatusOK, list)
	}
	for _, cur := range currencyTable {
		list = append(list, currencyJSON{
			ID:                   cur.id,
			Type:                 cur.typ,
			Currency:             cur.code,
			MinimumAmount:        money(cur.min),
			DepositFeePercent:    cur.depositFee.String(),
			WithdrawalFeePercent: cur.withdrawalFee.String(),
			Precision:            cur.prec,
		})
	}
	return dataReply(http.StatusOK, list)
}

// pairFrom and pairTo are the two sides of a currencies/pairs element.
type pairFrom struct {
	Currency                     string `json:"currency"`
	Type                         string `json:"type"`
	MinAmount                    money  `json:"min_amount"`
	MinAmountDepositWithExchange *money `json:"min_amount_deposit_with_exchange,omitempty"`
}

type pairTo struct {
	Currency string `json:"currency"`
	Type     string `json:"type"`
}

type pairJSON struct {
	CurrencyFrom pairFrom `json:"currency_from"`
	CurrencyTo   pairTo   `json:"currency_to"`
	RateFrom     string   `json:"rate_from"`
	RateTo       money    `json:"rate_to"`
}

// currenciesPairs serves currencies/pairs, optionally filtered by either side.
func (s *Server) currenciesPairs(c *call) reply {
	from := c.form.currency("currency_from", false)
	to := c.form.currency("currency_to", false)
	if !c.form.ok() {
		return errorsReply(http.StatusBadRequest, c.form.errs)
	}
	list := []pairJSON{}
	for _, f := range currencyTable {
		if from != nil && f != from {
			continue
		}
		for _, t := range currencyTable {
			if (to != nil && t != to) || !exchangeable(f, t) {
				continue
			}
			p := pairJSON{
				CurrencyFrom: pairFrom{Currency: f.code, Type: f.typ, MinAmount: money(f.min)},
				CurrencyTo:   pairTo{Currency: t.code, Type: t.typ},
				RateFrom:     "1",
				RateTo:       money(rate(f, t)),
			}
			if f.crypto() {
				p.CurrencyFrom.MinAmountDepositWithExchange = moneyPtr(f.min)
			}
			list = append(list, p)
		}
	}
	return dataReply(http.StatusOK, list)
}
