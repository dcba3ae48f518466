package payments

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Money is an exact amount of one currency or crypto asset.
//
// The zero Money has a zero amount and no currency.
type Money struct {
	// Amount is the exact decimal amount; never converted through binary floating point.
	Amount decimal.Decimal `json:"amount"`
	// Currency is the ISO 4217 code or asset ticker as the provider spells it
	// ("USD", "BTC", "USDT-TRX", "ETH_USDT").
	Currency string `json:"currency"`
}

// NewMoney parses amount exactly (plain or exponent form) and pairs it with currency.
func NewMoney(amount, currency string) (Money, error) {
	d, err := decimal.NewFromString(amount)
	if err != nil {
		return Money{}, &ValidationError{Field: "amount", Reason: fmt.Sprintf("not a decimal number: %q", amount)}
	}
	return Money{Amount: d, Currency: currency}, nil
}

// MustMoney is NewMoney for literals in examples and tests: it panics on a malformed amount.
func MustMoney(amount, currency string) Money {
	m, err := NewMoney(amount, currency)
	if err != nil {
		panic(err)
	}
	return m
}

// IsZero reports whether m is the zero Money (zero amount, no currency).
func (m Money) IsZero() bool { return m.Amount.IsZero() && m.Currency == "" }

// String formats m as "<amount> <currency>", e.g. "0.00100000 BTC".
func (m Money) String() string {
	if m.Currency == "" {
		return m.Amount.String()
	}
	return m.Amount.String() + " " + m.Currency
}

// Validate checks that m is usable as a requested amount: a currency is named,
// the amount is positive, and it has no more decimal places than the asset
// allows (when the asset is in the precision table). field names the parameter
// in the returned *ValidationError.
func (m Money) Validate(field string) error {
	if strings.TrimSpace(m.Currency) == "" {
		return &ValidationError{Field: field + ".currency", Reason: "is required"}
	}
	return ValidateAmount(field, m.Amount, m.Currency)
}

// ValidateAmount checks that amount is positive and fits the precision of
// currency (when currency is in the precision table).
func ValidateAmount(field string, amount decimal.Decimal, currency string) error {
	if !amount.IsPositive() {
		return &ValidationError{Field: field, Reason: "must be greater than zero"}
	}
	if p, ok := Precision(currency); ok && amount.Exponent() < -p {
		// Exponent alone over-counts trailing zeros ("1.500" has exponent -3):
		// compare the canonical form instead.
		if places := decimalPlaces(amount); places > p {
			return &ValidationError{Field: field, Reason: fmt.Sprintf("has %d decimal places; %s allows %d", places, strings.ToUpper(currency), p)}
		}
	}
	return nil
}

// decimalPlaces counts significant digits after the point, ignoring trailing zeros.
func decimalPlaces(d decimal.Decimal) int32 {
	s := d.Abs().String()
	i := strings.IndexByte(s, '.')
	if i < 0 {
		return 0
	}
	return int32(len(strings.TrimRight(s[i+1:], "0")))
}

// Precision returns how many decimal places an asset or currency is divisible
// into, for the assets the table knows. Token kinds that name their network
// ("ETH_USDT", "USDT-TRX", "USDC-BSC", "L-USDT", "BTC_LIGHTNING") resolve to
// the token's own precision.
//
// The table is deliberately small and exact; an unknown asset returns false
// and is not precision-checked locally (the provider still checks it).
func Precision(currency string) (places int32, ok bool) {
	c := strings.ToUpper(strings.TrimSpace(currency))
	if p, ok := precisions[c]; ok {
		return p, true
	}
	// Network-qualified kinds: CryptoChill writes the network first with "_"
	// ("ETH_USDT", "BTC_LIGHTNING") and last with "-" ("USDT-TRX", "USDC-BSC").
	if net, token, ok := strings.Cut(c, "_"); ok {
		if p, ok := precisions[token]; ok {
			return p, true
		}
		if p, ok := precisions[net]; ok {
			return p, true
		}
	}
	if token, _, ok := strings.Cut(c, "-"); ok {
		if p, ok := precisions[token]; ok {
			return p, true
		}
	}
	return 0, false
}

// precisions holds the divisibility of common assets. ERC-20 and TRC-20
// stablecoins use 6 places on every network coinsdk's providers quote them on.
var precisions = map[string]int32{
	// Fiat.
	"USD": 2, "EUR": 2, "GBP": 2, "AUD": 2, "CHF": 2, "CAD": 2, "PLN": 2, "NOK": 2, "SEK": 2,
	"DKK": 2, "CZK": 2, "BRL": 2, "TRY": 2, "UAH": 2, "INR": 2, "RUB": 2, "JPY": 0, "KRW": 0,
	// Coins.
	"BTC": 8, "LTC": 8, "BCH": 8, "DOGE": 8, "DASH": 8, "L-BTC": 8, "LBTC": 8,
	"ETH": 18, "BNB": 18, "POL": 18, "MATIC": 18, "FTN": 18,
	"TRX": 6, "XRP": 6, "ADA": 6, "SOL": 9, "TON": 9, "XLM": 7,
	// Tokens.
	"USDT": 6, "USDC": 6, "L-USDT": 8, "TUSD": 18, "PAX": 18, "USDP": 18, "GUSD": 2,
	"BUSD": 18, "DAI": 18, "SAND": 18, "SHIB": 18, "WBNB": 18,
}
