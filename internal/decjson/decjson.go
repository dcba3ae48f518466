// Package decjson decodes provider JSON without losing a digit of any amount
// and without letting hostile numbers exhaust memory.
//
// shopspring/decimal already decodes strings, numbers and exponent form
// exactly. What it cannot do is refuse "1e999999999": the value is stored
// lazily, and printing it later builds a billion-digit string. Unmarshal
// scans the input first and rejects any number, or numeric-looking string,
// whose exponent or length is beyond what money ever needs.
package decjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// MaxExponent bounds |exponent| of any number accepted from the wire. The
// smallest unit of any asset is 1e-18 and no balance reaches 1e40; 100 leaves
// room for rates in exponent form without allowing absurd values.
const MaxExponent = 100

// MaxDigits bounds how many characters a numeric value may have.
const MaxDigits = 200

// ErrHostileNumber is returned for a number outside the bounds above.
var ErrHostileNumber = errors.New("number out of range")

// Unmarshal checks data with Check, then decodes it into v with encoding/json.
func Unmarshal(data []byte, v any) error {
	if err := Check(data); err != nil {
		return err
	}
	return json.Unmarshal(data, v)
}

// Check scans data and rejects numbers (and strings that read as numbers in
// exponent form) outside MaxExponent and MaxDigits. It does not validate the
// JSON itself: json.Unmarshal, which runs after it, reports syntax errors.
//
// It is a single pass over the bytes with no allocation (a json.Decoder
// token loop costs an allocation per token and made decoding a 25-invoice
// page three times slower).
func Check(data []byte) error {
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case c == '"':
			end, numeric := scanString(data, i+1)
			if numeric {
				if err := checkNumber(string(data[i+1 : end])); err != nil {
					return err
				}
			}
			i = end + 1
		case c == '-' || (c >= '0' && c <= '9'):
			j := i
			for j < len(data) && isNumberByte(data[j]) {
				j++
			}
			if err := checkNumber(string(data[i:j])); err != nil {
				return err
			}
			i = j
		default:
			i++
		}
	}
	return nil
}

// scanString returns the index of the closing quote of the string whose
// content starts at i, and whether the content is a number in exponent form:
// only those can hide an enormous value in a few bytes.
func scanString(data []byte, i int) (end int, numeric bool) {
	digits, exp, other := false, false, false
	for ; i < len(data); i++ {
		switch c := data[i]; {
		case c == '\\':
			other = true
			i++ // skip the escaped byte
		case c == '"':
			return i, digits && exp && !other
		case c >= '0' && c <= '9':
			digits = true
		case c == 'e' || c == 'E':
			exp = true
		case c == '.' || c == '+' || c == '-' || c == ' ':
		default:
			other = true
		}
	}
	return len(data), false
}

func isNumberByte(c byte) bool {
	return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'
}

func checkNumber(s string) error {
	s = strings.TrimSpace(s)
	if len(s) > MaxDigits {
		return fmt.Errorf("%w: %d characters", ErrHostileNumber, len(s))
	}
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		exp, err := strconv.ParseInt(s[i+1:], 10, 64)
		if err != nil || exp > MaxExponent || exp < -MaxExponent {
			return fmt.Errorf("%w: exponent in %q", ErrHostileNumber, truncate(s))
		}
	}
	return nil
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// ParseDecimal parses s exactly, under the same bounds as Check.
func ParseDecimal(s string) (decimal.Decimal, error) {
	if err := checkNumber(s); err != nil {
		return decimal.Decimal{}, err
	}
	return decimal.NewFromString(s)
}

// Number encodes a decimal as a bare JSON number written from its exact
// text ("0.00000001", never through binary floating point), for providers that want
// numbers rather than strings on the wire.
type Number struct{ decimal.Decimal }

// MarshalJSON writes the decimal's exact text, unquoted.
func (n Number) MarshalJSON() ([]byte, error) { return []byte(n.Decimal.String()), nil }

// UnmarshalJSON reads a number or a numeric string.
func (n *Number) UnmarshalJSON(b []byte) error { return n.Decimal.UnmarshalJSON(b) }

// Lenient is a decimal that also accepts "" and null (as zero), for
// providers whose documentation shows amounts every which way.
type Lenient struct{ decimal.Decimal }

// UnmarshalJSON reads a number, a numeric string, "" or null.
func (l *Lenient) UnmarshalJSON(b []byte) error {
	s := string(bytes.TrimSpace(b))
	if s == "null" || s == `""` {
		l.Decimal = decimal.Decimal{}
		return nil
	}
	if len(s) >= 2 && s[0] == '"' {
		uq, err := strconv.Unquote(s)
		if err != nil {
			return fmt.Errorf("decimal: %w", err)
		}
		s = strings.TrimSpace(uq)
		if s == "" {
			l.Decimal = decimal.Decimal{}
			return nil
		}
	}
	d, err := ParseDecimal(s)
	if err != nil {
		return fmt.Errorf("decimal: %w", err)
	}
	l.Decimal = d
	return nil
}

// MarshalJSON writes the decimal as a JSON string.
func (l Lenient) MarshalJSON() ([]byte, error) { return l.Decimal.MarshalJSON() }

// String is a string that also accepts a JSON number or bool (ids and tags
// that providers send either way) and null (as "").
type String string

// UnmarshalJSON reads a string, a number (kept exactly as written), a bool or null.
func (s *String) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*s = ""
	case b[0] == '"':
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = String(v)
	case b[0] == '{' || b[0] == '[':
		return fmt.Errorf("decjson: want a string or number, got %c", b[0])
	default:
		if len(b) > MaxDigits {
			return fmt.Errorf("%w: %d characters", ErrHostileNumber, len(b))
		}
		*s = String(b)
	}
	return nil
}

// Int is an integer that also accepts a numeric string, "" and null (as 0),
// for counts such as confirmations.
type Int int

// UnmarshalJSON reads a number or numeric string.
func (n *Int) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	if s == "null" || s == `""` {
		*n = 0
		return nil
	}
	if strings.HasPrefix(s, `"`) {
		uq, err := strconv.Unquote(s)
		if err != nil {
			return fmt.Errorf("decjson: %w", err)
		}
		s = strings.TrimSpace(uq)
		if s == "" {
			*n = 0
			return nil
		}
	}
	v, err := strconv.ParseInt(s, 10, 32)
	if err != nil {
		// Some providers write counts as 6.0.
		d, derr := ParseDecimal(s)
		if derr != nil || !d.IsInteger() || d.Abs().GreaterThan(decimal.NewFromInt(1<<31-1)) {
			return fmt.Errorf("decjson: not an integer: %q", truncate(s))
		}
		v = d.IntPart()
	}
	*n = Int(v)
	return nil
}
