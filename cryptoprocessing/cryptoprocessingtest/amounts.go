package cryptoprocessingtest

import (
	"errors"
	"strconv"

	"github.com/shopspring/decimal"
)

// Amount limits. decimal.Decimal will happily hold 1e999999999, and the first
// comparison or rescale then allocates a billion digits; these bounds keep
// every amount the sandbox touches small enough to be harmless.
const (
	maxAmountLiteral = 64 // characters
	maxExponent      = 30 // |exponent| of the parsed decimal
)

// maxAmount is far above any real balance and far below trouble.
var maxAmount = decimal.New(1, 15)

var (
	errNotNumber = errors.New("must be a number")
	errRange     = errors.New("is out of range")
)

// parseAmount parses a decimal literal (plain or scientific) within the limits.
func parseAmount(lit string) (decimal.Decimal, error) {
	if lit == "" || len(lit) > maxAmountLiteral {
		return decimal.Decimal{}, errNotNumber
	}
	for i := 0; i < len(lit); i++ {
		c := lit[i]
		if (c < '0' || c > '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E' {
			return decimal.Decimal{}, errNotNumber
		}
	}
	d, err := decimal.NewFromString(lit)
	if err != nil {
		return decimal.Decimal{}, errNotNumber
	}
	if !sane(d) {
		return decimal.Decimal{}, errRange
	}
	return d, nil
}

// sane reports whether d is cheap to compute with and at most maxAmount in size.
// The exponent is checked before any comparison, since comparing rescales.
func sane(d decimal.Decimal) bool {
	e := d.Exponent()
	if e > maxExponent || e < -maxExponent || d.Coefficient().BitLen() > 256 {
		return false
	}
	return d.Abs().Cmp(maxAmount) <= 0
}

// fitsPrecision reports whether d has at most prec significant decimals.
func fitsPrecision(d decimal.Decimal, prec int32) bool {
	return d.Exponent() >= -prec || d.Equal(d.Truncate(prec))
}

// money renders an amount the way the provider does: a JSON string with 8
// decimals ("0.01000000"), whatever decimal.MarshalJSONWithoutQuotes says.
type money decimal.Decimal

// MarshalJSON implements json.Marshaler.
func (m money) MarshalJSON() ([]byte, error) {
	return []byte(strconv.Quote(decimal.Decimal(m).StringFixed(8))), nil
}

// moneyPtr is money for optional fields (nil is omitted or null).
func moneyPtr(d decimal.Decimal) *money {
	m := money(d)
	return &m
}

// percentOf returns pct percent of d, rounded up to prec decimals: providers
// round fees in their own favour.
func percentOf(d, pct decimal.Decimal, prec int32) decimal.Decimal {
	return d.Mul(pct).Div(decimal.NewFromInt(100)).RoundUp(prec)
}
