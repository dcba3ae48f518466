package cryptopay

import (
	"strings"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// maxCustomID bounds a custom_id; Cryptopay stores it as a string column.
const maxCustomID = 255

// validateCurrency checks a currency code as Cryptopay spells them: 2 to 10
// upper-case letters or digits ("BTC", "EUR", "USDT", "USDC").
func validateCurrency(field, code string, required bool) error {
	if code == "" {
		if required {
			return &payments.ValidationError{Field: field, Reason: "is required"}
		}
		return nil
	}
	if len(code) < 2 || len(code) > 10 {
		return &payments.ValidationError{Field: field, Reason: "must be a currency code of 2 to 10 characters"}
	}
	for _, r := range code {
		if !(r >= 'A' && r <= 'Z') && !(r >= '0' && r <= '9') {
			return &payments.ValidationError{Field: field, Reason: "must be an upper-case currency code such as BTC or EUR"}
		}
	}
	return nil
}

// validateAmount checks a positive amount within the currency's precision.
func validateAmount(field string, amount decimal.Decimal, currency string) error {
	return payments.ValidateAmount(field, amount, currency)
}

// validateCustomID checks a custom_id the caller gave.
func validateCustomID(id string) error {
	if len(id) > maxCustomID {
		return &payments.ValidationError{Field: "custom_id", Reason: "is longer than 255 characters"}
	}
	if id != "" && strings.TrimSpace(id) != id {
		return &payments.ValidationError{Field: "custom_id", Reason: "has surrounding spaces"}
	}
	return nil
}

// oneOf checks that v is one of allowed (or empty when optional).
func oneOf(field, v string, optional bool, allowed ...string) error {
	if v == "" && optional {
		return nil
	}
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	return &payments.ValidationError{Field: field, Reason: "must be one of " + strings.Join(allowed, ", ")}
}

// required checks a non-blank string.
func required(field, v string) error {
	if strings.TrimSpace(v) == "" {
		return &payments.ValidationError{Field: field, Reason: "is required"}
	}
	return nil
}

// firstErr returns the first non-nil error.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
