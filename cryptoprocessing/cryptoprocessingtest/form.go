package cryptoprocessingtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/mail"
	"net/url"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// form reads request fields one by one and collects validation messages in
// the provider's (Laravel) wording, keyed by field, for a 400 {"errors": ...}.
// Values stay raw JSON until asked for, so every field is checked for its
// type and no number ever becomes a float.
type form struct {
	fields map[string]json.RawMessage
	errs   map[string]string
}

func newForm(fields map[string]json.RawMessage) *form {
	return &form{fields: fields, errs: make(map[string]string)}
}

// label turns "convert_to" into "convert to", as the provider's messages do.
func label(field string) string { return strings.ReplaceAll(field, "_", " ") }

// fail records the first message for a field; later ones would only repeat it.
func (f *form) fail(field, format string, args ...any) {
	if _, ok := f.errs[field]; !ok {
		f.errs[field] = fmt.Sprintf(format, args...)
	}
}

// ok reports whether no field failed so far.
func (f *form) ok() bool { return len(f.errs) == 0 }

// raw returns a field's JSON, treating null like absence (as the provider does).
func (f *form) raw(field string) (json.RawMessage, bool) {
	r, ok := f.fields[field]
	if !ok {
		return nil, false
	}
	r = bytes.TrimSpace(r)
	if len(r) == 0 || string(r) == "null" {
		return nil, false
	}
	return r, true
}

// present reports whether a field was given with a non-null, non-empty value.
func (f *form) present(field string) bool {
	r, ok := f.raw(field)
	return ok && string(r) != `""`
}

// isNumberToken reports whether raw JSON is a number literal.
func isNumberToken(r json.RawMessage) bool {
	return len(r) > 0 && (r[0] == '-' || (r[0] >= '0' && r[0] <= '9'))
}

// text reads a string field. Empty strings count as missing, like the
// provider's framework does. With numbersToo a JSON number is taken as its
// literal text, because the provider's own examples send foreign_id and tag
// as numbers.
func (f *form) text(field string, required, numbersToo bool) string {
	r, ok := f.raw(field)
	if !ok {
		if required {
			f.fail(field, "The %s field is required.", label(field))
		}
		return ""
	}
	var v string
	switch {
	case r[0] == '"':
		if err := json.Unmarshal(r, &v); err != nil {
			f.fail(field, "The %s must be a string.", label(field))
			return ""
		}
		v = strings.TrimSpace(v)
	case numbersToo && isNumberToken(r):
		v = string(r)
	default:
		f.fail(field, "The %s must be a string.", label(field))
		return ""
	}
	if v == "" {
		if required {
			f.fail(field, "The %s field is required.", label(field))
		}
		return ""
	}
	if len(v) > 255 {
		f.fail(field, "The %s may not be greater than 255 characters.", label(field))
		return ""
	}
	return v
}

// currency reads a currency code that must be in the sandbox's table.
func (f *form) currency(field string, required bool) *currencyInfo {
	code := f.text(field, required, false)
	if code == "" {
		return nil
	}
	c := lookupCurrency(code)
	if c == nil {
		f.fail(field, "The selected %s is invalid.", label(field))
	}
	return c
}

// amount reads a positive amount given as a string or a number, refusing
// anything a decimal cannot hold cheaply (huge exponents, huge magnitudes)
// and more decimals than the currency has. prec < 0 skips the decimals check.
func (f *form) amount(field string, required bool, prec int32) (decimal.Decimal, bool) {
	r, ok := f.raw(field)
	if !ok || string(r) == `""` {
		if required {
			f.fail(field, "The %s field is required.", label(field))
		}
		return decimal.Decimal{}, false
	}
	var lit string
	switch {
	case r[0] == '"':
		if err := json.Unmarshal(r, &lit); err != nil {
			f.fail(field, "The %s must be a number.", label(field))
			return decimal.Decimal{}, false
		}
	case isNumberToken(r):
		lit = string(r)
	default:
		f.fail(field, "The %s must be a number.", label(field))
		return decimal.Decimal{}, false
	}
	d, err := parseAmount(lit)
	if err != nil {
		f.fail(field, "The %s %s.", label(field), err.Error())
		return decimal.Decimal{}, false
	}
	if !d.IsPositive() {
		f.fail(field, "The %s must be greater than 0.", label(field))
		return decimal.Decimal{}, false
	}
	if prec >= 0 && !fitsPrecision(d, prec) {
		f.fail(field, "The %s may not have more than %d decimal places.", label(field), prec)
		return decimal.Decimal{}, false
	}
	return d, true
}

// boolean reads an optional boolean; like the provider's framework it also
// takes 0, 1, "0" and "1".
func (f *form) boolean(field string) (value, given bool) {
	r, ok := f.raw(field)
	if !ok {
		return false, false
	}
	switch string(r) {
	case "true", "1", `"1"`, `"true"`:
		return true, true
	case "false", "0", `"0"`, `"false"`:
		return false, true
	}
	f.fail(field, "The %s field must be true or false.", label(field))
	return false, false
}

// integer reads a positive integer id given as a number or a numeric string.
func (f *form) integer(field string) (int64, bool) {
	r, ok := f.raw(field)
	if !ok {
		return 0, false
	}
	lit := string(r)
	if r[0] == '"' {
		if err := json.Unmarshal(r, &lit); err != nil {
			lit = ""
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(lit), 10, 64)
	if err != nil || n <= 0 {
		f.fail(field, "The %s must be an integer.", label(field))
		return 0, false
	}
	return n, true
}

// httpURL reads a required absolute http(s) URL.
func (f *form) httpURL(field string) string {
	v := f.text(field, true, false)
	if v == "" {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		f.fail(field, "The %s format is invalid.", label(field))
		return ""
	}
	return v
}

// email reads a required bare e-mail address.
func (f *form) email(field string) string {
	v := f.text(field, true, false)
	if v == "" {
		return ""
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v {
		f.fail(field, "The %s must be a valid email address.", label(field))
		return ""
	}
	return v
}

// oneOf reads an optional string restricted to a set of values.
func (f *form) oneOf(field string, values ...string) string {
	v := f.text(field, false, false)
	if v == "" {
		return ""
	}
	for _, allowed := range values {
		if v == allowed {
			return v
		}
	}
	f.fail(field, "The selected %s is invalid.", label(field))
	return ""
}
