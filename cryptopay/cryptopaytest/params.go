package cryptopaytest

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/shopspring/decimal"
)

// params is a request's JSON object, read field by field so that every field
// is checked for its type and numbers keep their decimal text. Problems
// are collected as the provider's 422 details, all of them at once.
type params struct {
	fields  map[string]json.RawMessage
	details []detail
}

// parseParams accepts an empty body (no fields) or a JSON object.
func parseParams(body []byte) (*params, bool) {
	p := &params{fields: map[string]json.RawMessage{}}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return p, true
	}
	if trimmed[0] != '{' {
		return nil, false
	}
	if err := json.Unmarshal(trimmed, &p.fields); err != nil || p.fields == nil {
		return nil, false
	}
	return p, true
}

// fail adds a detail.
func (p *params) fail(code, target, message string, args map[string]any) {
	p.details = append(p.details, detail{Code: code, Target: target, Message: message, Args: args})
}

// ok reports whether no detail was added.
func (p *params) ok() bool { return len(p.details) == 0 }

// reply is the 422 with every detail.
func (p *params) reply() sandboxkit.Reply { return invalid(p.details...) }

// raw returns a field, treating an explicit null as absent (the provider's
// clients send null for unused fields).
func (p *params) raw(key string) (json.RawMessage, bool) {
	v, ok := p.fields[key]
	if !ok || string(bytes.TrimSpace(v)) == "null" {
		return nil, false
	}
	return v, true
}

// has reports whether key is present and not null.
func (p *params) has(key string) bool {
	_, ok := p.raw(key)
	return ok
}

// blank is the detail for a missing required field.
func (p *params) blank(key string) { p.fail("blank", key, "can't be blank", nil) }

// str reads a string field; "" when absent or invalid.
func (p *params) str(key string, required bool) string {
	v, ok := p.raw(key)
	if !ok {
		if required {
			p.blank(key)
		}
		return ""
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		p.fail("invalid", key, "must be a string", nil)
		return ""
	}
	if required && strings.TrimSpace(s) == "" {
		p.blank(key)
		return ""
	}
	if len(s) > 1024 {
		p.fail("must_be_less_than_or_equal", key, "is too long (maximum is 1024 characters)", map[string]any{"count": 1024})
		return ""
	}
	return s
}

// decimalText is what an amount may look like: plain digits, one optional
// point, an optional minus (refused later as not positive), no exponent,
// bounded length.
var decimalText = regexp.MustCompile(`^-?[0-9]{1,16}(\.[0-9]{1,18})?$`)

// amount reads a positive decimal sent as a JSON string (as the provider's
// clients do) or a JSON number.
func (p *params) amount(key string, required bool) (decimal.Decimal, bool) {
	v, ok := p.raw(key)
	if !ok {
		if required {
			p.blank(key)
		}
		return decimal.Decimal{}, false
	}
	text := string(bytes.TrimSpace(v))
	if !strings.HasPrefix(text, `"`) {
		// Cryptopay documents amounts as strings ("100.0"): a JSON number
		// is refused, never taken.
		p.fail("invalid", key, "must be a string", nil)
		return decimal.Decimal{}, false
	}
	if err := json.Unmarshal(v, &text); err != nil {
		p.fail("invalid", key, "is not a number", nil)
		return decimal.Decimal{}, false
	}
	if !decimalText.MatchString(text) {
		p.fail("invalid", key, "is not a number", nil)
		return decimal.Decimal{}, false
	}
	d, err := decimal.NewFromString(text)
	if err != nil || d.GreaterThan(maxAmount) {
		p.fail("invalid", key, "is not a number", nil)
		return decimal.Decimal{}, false
	}
	if !d.IsPositive() {
		p.fail("must_be_greater_than", key, "must be greater than 0", map[string]any{"value": "0.0"})
		return decimal.Decimal{}, false
	}
	return d, true
}

// boolean reads a true/false field; false when absent or invalid.
func (p *params) boolean(key string) bool {
	v, ok := p.raw(key)
	if !ok {
		return false
	}
	var b bool
	if err := json.Unmarshal(v, &b); err != nil {
		p.fail("invalid", key, "must be true or false", nil)
		return false
	}
	return b
}

// integer reads a positive whole number sent as a JSON number or string.
func (p *params) integer(key string, required bool) int64 {
	v, ok := p.raw(key)
	if !ok {
		if required {
			p.blank(key)
		}
		return 0
	}
	text := strings.Trim(string(bytes.TrimSpace(v)), `"`)
	n, err := strconv.ParseInt(text, 10, 32)
	if err != nil || n <= 0 {
		p.fail("must_be_greater_than", key, "must be a whole number greater than 0", map[string]any{"value": 0})
		return 0
	}
	return n
}

// object reads a nested object as another params whose details carry the
// prefix ("beneficiary.address.city").
func (p *params) object(key string, required bool) *params {
	v, ok := p.raw(key)
	if !ok {
		if required {
			p.blank(key)
		}
		return nil
	}
	q, ok := parseParams(v)
	if !ok || bytes.TrimSpace(v)[0] != '{' {
		p.fail("invalid", key, "must be an object", nil)
		return nil
	}
	return q
}

// merge copies a nested object's details with their targets prefixed.
func (p *params) merge(prefix string, q *params) {
	for _, d := range q.details {
		d.Target = prefix + "." + d.Target
		p.details = append(p.details, d)
	}
}

// stringMap reads an object of strings (invoice metadata).
func (p *params) stringMap(key string) map[string]string {
	v, ok := p.raw(key)
	if !ok {
		return nil
	}
	var m map[string]string
	if err := json.Unmarshal(v, &m); err != nil || m == nil {
		p.fail("invalid", key, "must be an object of strings", nil)
		return nil
	}
	return m
}

// included checks value against a list: must_be_included_in with args.list.
func (p *params) included(key, value string, list []string) bool {
	for _, v := range list {
		if v == value {
			return true
		}
	}
	p.fail("must_be_included_in", key, "must be one of: "+strings.Join(list, ", "), map[string]any{"list": list})
	return false
}

// currency reads a required currency code that must be in list.
func (p *params) currency(key string, list []string) *currencyInfo {
	code := p.str(key, true)
	if code == "" {
		return nil
	}
	if !p.included(key, code, list) {
		return nil
	}
	return currencies[code]
}

// checkPlaces refuses more decimals than the currency has.
func (p *params) checkPlaces(key string, d decimal.Decimal, c *currencyInfo) bool {
	if c != nil && d.Exponent() < -c.places && !d.Round(c.places).Equal(d) {
		p.fail("invalid", key, "has more than "+strconv.Itoa(int(c.places))+" decimal places", map[string]any{"count": c.places})
		return false
	}
	return true
}

// objects reads an array of objects; each element's details carry the
// prefix "key[i]".
func (p *params) objects(key string) ([]*params, bool) {
	v, ok := p.raw(key)
	if !ok {
		return nil, false
	}
	var items []json.RawMessage
	if err := json.Unmarshal(v, &items); err != nil {
		p.fail("invalid", key, "must be an array of objects", nil)
		return nil, false
	}
	if len(items) > 100 {
		p.fail("must_be_less_than_or_equal", key, "has too many items (maximum is 100)", map[string]any{"count": 100})
		return nil, false
	}
	out := make([]*params, 0, len(items))
	for i, it := range items {
		q, ok := parseParams(it)
		if !ok || len(bytes.TrimSpace(it)) == 0 {
			p.fail("invalid", key+"["+strconv.Itoa(i)+"]", "must be an object", nil)
			continue
		}
		out = append(out, q)
	}
	return out, true
}
