// Package decjson decodes provider JSON without losing a digit of any amount
// and without letting a hostile number cost time or memory.
//
// # Where the guard runs
//
// shopspring/decimal decodes strings, numbers and exponent form exactly,
// but it cannot refuse "1e999999999" (the value is stored lazily and
// printing it builds a billion-digit string) nor a million-digit amount
// (parsing it costs seconds and gigabytes). The guard therefore runs in the
// number types themselves, at the moment a value is decoded as a number:
// [Decimal], [Number], [Lenient] and [Int] refuse a value longer than
// [MaxDigits] characters or with an exponent beyond [MaxExponent] before
// any parsing or allocation, and [String] refuses an over-long bare number.
// A string that is not decoded into a number ("12e45678" as a reference, a
// UUID made only of digits and "e") is never looked at: it is just a string.
//
// # Decoding once
//
// A model keeps plain decimal.Decimal fields in its public API. To decode
// it once, each provider declares an unexported wire type that embeds the
// model's fields (through a method-less defined type) and shadows only the
// fields that hold decimals with the guarded types above: encoding/json gives
// the shallower field the key, so one json.Unmarshal fills the model and the
// guarded decimals, and a few assignments move the decimals into place. (A
// hot model may list its fields in the wire instead: encoding/json reaches
// an embedded field through one more reflect step per value; a test then
// checks the wire against the model.) No value is decoded twice and no
// UnmarshalJSON calls json.Unmarshal on a nested object (which would make
// encoding/json scan those bytes three more times).
//
// That design was chosen over a separate scan that would look for hostile
// numbers before decoding: such a scan must either flag every string that
// looks like a number (refusing genuine references and ids) or know, from
// the Go type, which JSON positions decode into decimals, which means
// reproducing encoding/json's field matching (case folding, embedding,
// escaped keys) exactly, or a mismatch lets a hostile value through. In the
// types, the guard runs exactly where decimal parsing would.
//
// # Raw bytes
//
// [Members], [MembersSplit] and [Elements] find the bytes of an envelope's
// members and an array's elements in one pass that allocates nothing (a
// 25-invoice page costs about 4% of decoding it), so that a model's Raw
// is a slice of the body already read (one copy of the bytes) and what is
// decoded is exactly what is kept. A type that decodes a whole response
// body itself implements [BodyDecoder]; [Unmarshal] hands it the body.
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

// MaxDigits bounds how many characters a number (or the text of a numeric
// string) may have, sign, point and exponent included.
const MaxDigits = 200

// ErrHostileNumber is returned for a number outside the bounds above.
var ErrHostileNumber = errors.New("number out of range")

// BodyDecoder is a value that decodes a whole response body itself, keeping
// slices of it (the body is not reused after the call).
type BodyDecoder interface {
	DecodeBody(body []byte) error
}

// Unmarshal decodes data into v. A BodyDecoder decodes it itself; any other
// value goes to encoding/json, and its decimals must be the guarded types
// ([Decimal], [Number], [Lenient], [DecimalMap]) so that each number is
// bounded where it is decoded.
//
// There is no whole-body pre-scan any more: the one this package had could
// not tell a reference such as "12e45678" from an amount, and refused
// genuine payouts, list pages and callbacks (issue "strings taken for
// numbers"). Every provider now decodes through guarded wire types.
func Unmarshal(data []byte, v any) error {
	if bd, ok := v.(BodyDecoder); ok {
		return bd.DecodeBody(data)
	}
	return json.Unmarshal(data, v)
}

// Guard refuses number text longer than MaxDigits or with an exponent
// beyond MaxExponent. It reads at most MaxDigits bytes and allocates nothing
// unless it refuses. It does not check that s is a number: the decimal parser
// that runs after it does.
func Guard(s []byte) error {
	if len(s) > MaxDigits {
		return fmt.Errorf("%w: %d characters (at most %d)", ErrHostileNumber, len(s), MaxDigits)
	}
	i := 0
	for i < len(s) && s[i] != 'e' && s[i] != 'E' {
		i++
	}
	if i == len(s) {
		return nil
	}
	exp := s[i+1:]
	if len(exp) > 0 && (exp[0] == '+' || exp[0] == '-') {
		exp = exp[1:]
	}
	for len(exp) > 1 && exp[0] == '0' {
		exp = exp[1:]
	}
	n := 0
	for _, c := range exp {
		if c < '0' || c > '9' {
			return nil // not a number: the parser refuses it
		}
		n = n*10 + int(c-'0')
		if n > MaxExponent {
			return fmt.Errorf("%w: exponent in %q", ErrHostileNumber, truncate(string(s)))
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

// ParseDecimal parses s exactly, under the bounds of Guard.
func ParseDecimal(s string) (decimal.Decimal, error) {
	if len(s) > MaxDigits {
		return decimal.Decimal{}, fmt.Errorf("%w: %d characters (at most %d)", ErrHostileNumber, len(s), MaxDigits)
	}
	if err := Guard([]byte(s)); err != nil {
		return decimal.Decimal{}, err
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("not a decimal: %q", truncate(s))
	}
	return d, nil
}

// parseGuarded parses number text already stripped of quotes.
func parseGuarded(s []byte) (decimal.Decimal, error) {
	if err := Guard(s); err != nil {
		return decimal.Decimal{}, err
	}
	d, err := decimal.NewFromString(string(s))
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("not a decimal: %q", truncate(string(s)))
	}
	return d, nil
}

// unquoteSimple returns the content of a JSON string without escapes, and
// false when b is not a quoted string or holds an escape.
func unquoteSimple(b []byte) ([]byte, bool) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return nil, false
	}
	inner := b[1 : len(b)-1]
	if bytes.IndexByte(inner, '\\') >= 0 {
		return nil, false
	}
	return inner, true
}

// Decimal is a decimal.Decimal decoded under the guard: a JSON number or a
// numeric string (exponent form included), or null (left as is), exactly as
// decimal.Decimal reads them, but refused past MaxDigits or MaxExponent
// before any parsing. It encodes as decimal.Decimal does (a JSON string).
type Decimal struct{ decimal.Decimal }

// UnmarshalJSON reads a number, a numeric string or null.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	if len(b) > MaxDigits+2 {
		return fmt.Errorf("decimal: %w: %d characters (at most %d)", ErrHostileNumber, len(b), MaxDigits)
	}
	s := b
	if len(b) > 0 && b[0] == '"' {
		inner, ok := unquoteSimple(b)
		if !ok {
			return fmt.Errorf("decimal: not a decimal: %s", truncate(string(b)))
		}
		s = inner
	}
	v, err := parseGuarded(s)
	if err != nil {
		return fmt.Errorf("decimal: %w", err)
	}
	d.Decimal = v
	return nil
}

// Number is a decimal written as a bare JSON number from its exact text
// ("0.00000001", never through binary floating point), for providers that
// want numbers rather than strings on the wire. It reads like [Decimal].
type Number struct{ decimal.Decimal }

// MarshalJSON writes the decimal's exact text, unquoted.
func (n Number) MarshalJSON() ([]byte, error) { return []byte(n.Decimal.String()), nil }

// UnmarshalJSON reads a number, a numeric string or null, under the guard.
func (n *Number) UnmarshalJSON(b []byte) error {
	d := Decimal{n.Decimal}
	if err := d.UnmarshalJSON(b); err != nil {
		return err
	}
	n.Decimal = d.Decimal
	return nil
}

// Lenient is a decimal that also accepts "" and null (as zero) and spaces
// around the digits, for providers whose documentation shows amounts every
// which way. It is decoded under the guard.
type Lenient struct{ decimal.Decimal }

// UnmarshalJSON reads a number, a numeric string, "" or null.
func (l *Lenient) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" || string(b) == `""` {
		l.Decimal = decimal.Decimal{}
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		inner, ok := unquoteSimple(b)
		if !ok {
			if len(b) > 4*MaxDigits {
				return fmt.Errorf("decimal: %w: %d characters (at most %d)", ErrHostileNumber, len(b), MaxDigits)
			}
			uq, err := strconv.Unquote(string(b))
			if err != nil {
				return fmt.Errorf("decimal: %w", err)
			}
			inner = []byte(uq)
		}
		b = bytes.TrimSpace(inner)
		if len(b) == 0 {
			l.Decimal = decimal.Decimal{}
			return nil
		}
	}
	d, err := parseGuarded(b)
	if err != nil {
		return fmt.Errorf("decimal: %w", err)
	}
	l.Decimal = d
	return nil
}

// MarshalJSON writes the decimal as a JSON string.
func (l Lenient) MarshalJSON() ([]byte, error) { return l.Decimal.MarshalJSON() }

// String is a string that also accepts a JSON number or bool (ids and tags
// that providers send either way) and null (as ""). A string is taken as it
// is, whatever it looks like; a bare number longer than MaxDigits is refused.
type String string

// UnmarshalJSON reads a string, a number (kept exactly as written), a bool or null.
func (s *String) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*s = ""
	case b[0] == '"':
		if inner, ok := unquoteSimple(b); ok && isPlainASCII(inner) {
			*s = String(inner)
			return nil
		}
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

// isPlainASCII reports whether b holds only printable ASCII, which a JSON
// string carries unchanged.
func isPlainASCII(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c >= 0x80 {
			return false
		}
	}
	return true
}

// Int is an integer that also accepts a numeric string, "" and null (as 0),
// for counts such as confirmations.
type Int int

// UnmarshalJSON reads a number or numeric string.
func (n *Int) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" || string(b) == `""` {
		*n = 0
		return nil
	}
	if len(b) > 4*MaxDigits {
		return fmt.Errorf("decjson: %w: %d characters", ErrHostileNumber, len(b))
	}
	s := string(b)
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

// DecimalMap is a map of guarded decimals ({"USD": "10.00"}). It converts
// to map[string]decimal.Decimal for free (same underlying type), and is
// decoded without a nested json.Unmarshal: one pass over the object's
// members, each value read as a [Decimal]. null leaves the map nil.
type DecimalMap map[string]decimal.Decimal

// UnmarshalJSON reads an object of numbers or numeric strings, or null.
func (m *DecimalMap) UnmarshalJSON(b []byte) error {
	if IsNull(b) {
		*m = nil
		return nil
	}
	out := DecimalMap{}
	err := Members(b, func(key, value []byte) error {
		var d Decimal
		if err := d.UnmarshalJSON(value); err != nil {
			return err
		}
		out[string(key)] = d.Decimal
		return nil
	})
	if err != nil {
		return err
	}
	*m = out
	return nil
}
