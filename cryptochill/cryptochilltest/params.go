package cryptochilltest

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Limits on untrusted numbers. decimal.Decimal can represent 1e999999999, but rescaling it
// (which Cmp, Add and StringFixed do) would allocate a billion-digit integer, so exponents
// and lengths are bounded before any arithmetic happens.
const (
	maxNumberText = 64
	maxExponent   = 18
	minExponent   = -64
	maxPlaces     = 18
)

// maxAmount is the largest amount any endpoint accepts.
var maxAmount = decimal.New(1, 15)

// numberText is the text of a number given as a JSON string (trimmed) or a JSON number.
func numberText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x), true
	case json.Number:
		return x.String(), true
	}
	return "", false
}

// parseDecimal reads an amount given as a JSON string or a JSON number.
func parseDecimal(v any) (decimal.Decimal, error) {
	text, ok := numberText(v)
	if !ok {
		return decimal.Decimal{}, errors.New("must be a decimal string or number")
	}
	if text == "" || len(text) > maxNumberText {
		return decimal.Decimal{}, errors.New("must be a decimal of at most 64 characters")
	}
	d, err := decimal.NewFromString(text)
	if err != nil {
		return decimal.Decimal{}, errors.New("must be a decimal number")
	}
	if e := d.Exponent(); e > maxExponent || e < minExponent {
		return decimal.Decimal{}, errors.New("is out of range")
	}
	if d.Exponent() < -maxPlaces {
		// Trailing zeros are harmless ("1.000…0"); real extra precision is not.
		if !d.Truncate(maxPlaces).Equal(d) {
			return decimal.Decimal{}, errors.New("has more than 18 decimal places")
		}
		d = d.Truncate(maxPlaces)
	}
	if d.Abs().GreaterThan(maxAmount) {
		return decimal.Decimal{}, errors.New("is too large")
	}
	return d, nil
}

// sane reports whether d is within the limits parseDecimal enforces, for amounts that come
// from Go callers (simulation and setup methods) rather than from JSON.
func sane(d decimal.Decimal) bool {
	e := d.Exponent()
	return e >= minExponent && e <= maxExponent && d.NumDigits() <= maxNumberText && !d.Abs().GreaterThan(maxAmount)
}

// parsePositive is parseDecimal for amounts that must be greater than zero.
func parsePositive(v any) (decimal.Decimal, error) {
	d, err := parseDecimal(v)
	if err != nil {
		return d, err
	}
	if !d.IsPositive() {
		return d, errors.New("must be greater than zero")
	}
	return d, nil
}

// parseNonNegative is parseDecimal for amounts that may be zero (such as keep_amount).
func parseNonNegative(v any) (decimal.Decimal, error) {
	d, err := parseDecimal(v)
	if err != nil {
		return d, err
	}
	if d.IsNegative() {
		return d, errors.New("must not be negative")
	}
	return d, nil
}

// parseInt reads an integer given as a JSON number or a string of digits.
func parseInt(v any) (int64, error) {
	text, ok := numberText(v)
	if !ok {
		return 0, errors.New("must be an integer")
	}
	if len(text) > 19 {
		return 0, errors.New("is out of range")
	}
	n, err := strconv.ParseInt(text, 10, 64)
	if err != nil {
		return 0, errors.New("must be an integer")
	}
	return n, nil
}

// params gives typed, validated access to a decoded payload. The first problem found is
// kept in err (as a ready 400 reply); later calls become no-ops, so a handler can read all
// its fields and check once.
type params struct {
	m      map[string]any
	prefix string // prepended to messages, e.g. "recipients[1]." for nested objects
	err    *reply
}

// has reports whether key is present and not null.
func (p *params) has(key string) bool {
	v, ok := p.m[key]
	return ok && v != nil
}

// fail records the first validation error.
func (p *params) fail(format string, args ...any) {
	if p.err == nil {
		rep := badValue(p.prefix+format, args...)
		p.err = &rep
	}
}

// str reads an optional string field; present is false when it is missing or null.
func (p *params) str(key string) (value string, present bool) {
	if !p.has(key) {
		return "", false
	}
	s, ok := p.m[key].(string)
	if !ok {
		p.fail("%s: must be a string.", key)
		return "", false
	}
	return s, true
}

// requiredStr reads a string field that must be present and not empty.
func (p *params) requiredStr(key string) string {
	s, ok := p.str(key)
	if !ok || strings.TrimSpace(s) == "" {
		if p.err == nil {
			p.fail("%s: this field is required.", key)
		}
		return ""
	}
	return s
}

// strIf is requiredStr when required, else str without the presence flag.
func (p *params) strIf(key string, required bool) string {
	if required {
		return p.requiredStr(key)
	}
	v, _ := p.str(key)
	return v
}

// optStr reads an optional string field as a pointer (nil when absent), for JSON nulls.
func (p *params) optStr(key string) *string {
	s, ok := p.str(key)
	if !ok {
		return nil
	}
	return &s
}

// boolean reads an optional boolean field.
func (p *params) boolean(key string) (value bool, present bool) {
	if !p.has(key) {
		return false, false
	}
	b, ok := p.m[key].(bool)
	if !ok {
		p.fail("%s: must be a boolean.", key)
		return false, false
	}
	return b, true
}

// amount reads a decimal field with the given check (parsePositive, parseNonNegative).
func (p *params) amount(key string, required bool, parse func(any) (decimal.Decimal, error)) (decimal.Decimal, bool) {
	if !p.has(key) {
		if required {
			p.fail("%s: this field is required.", key)
		}
		return decimal.Decimal{}, false
	}
	d, err := parse(p.m[key])
	if err != nil {
		p.fail("%s: %s.", key, err.Error())
		return decimal.Decimal{}, false
	}
	return d, true
}

// integer reads an optional integer field.
func (p *params) integer(key string) (int64, bool) {
	if !p.has(key) {
		return 0, false
	}
	n, err := parseInt(p.m[key])
	if err != nil {
		p.fail("%s: %s.", key, err.Error())
		return 0, false
	}
	return n, true
}

// oneOf checks that value is in the allowed set.
func (p *params) oneOf(key, value string, allowed map[string]bool) bool {
	if !allowed[value] {
		p.fail("%s: %q is not one of the available values.", key, value)
		return false
	}
	return true
}

// checkEditable refuses a field that may not be changed by an update, unless it is sent
// with the value it already has (clients often send the whole object back).
func (p *params) checkEditable(key, current string) {
	if s, ok := p.str(key); ok && s != current {
		p.fail("%s: this field cannot be changed.", key)
	}
}
