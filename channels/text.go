package channels

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"

	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/shopspring/decimal"
)

// text is a value the API sends as a string and may send as a number: a
// number keeps its literal text ("10.50" stays "10.50"), null reads as "".
// A plain string (no escapes) is taken without a second decoder pass.
type text string

// UnmarshalJSON reads a string, a number, a bool or null.
func (t *text) UnmarshalJSON(b []byte) error {
	if n := len(b); n >= 2 && b[0] == '"' && b[n-1] == '"' && bytes.IndexByte(b[1:n-1], '\\') < 0 {
		*t = text(b[1 : n-1])
		return nil
	}
	var s decjson.String
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	*t = text(s)
	return nil
}

// looseText is text that reads a value of another type (an object, an
// array) as "" instead of failing, for answers whose shape is not published.
type looseText string

// UnmarshalJSON reads what text reads, and "" for anything else.
func (t *looseText) UnmarshalJSON(b []byte) error {
	var v text
	if v.UnmarshalJSON(b) != nil {
		v = ""
	}
	*t = looseText(v)
	return nil
}

// optDecimal is a secondary, unsigned amount (eur, usd, info, fees): a
// number or numeric string reads as its value; null, "" or a value that is
// not a decimal ("N/A", an object) reads as not Valid (never as zero: the
// raw text stays in the transaction's Raw), so a field nothing depends on
// cannot refuse a callback that moves money. A hostile number (an exponent
// or length past decjson's bounds) is refused: no genuine callback carries
// one, and it is never expanded.
type optDecimal struct{ decimal.NullDecimal }

// UnmarshalJSON reads the forms above.
func (o *optDecimal) UnmarshalJSON(b []byte) error {
	o.NullDecimal = decimal.NullDecimal{}
	if n := len(b); n >= 2 && b[0] == '"' && b[n-1] == '"' {
		b = b[1 : n-1]
	}
	s := strings.TrimSpace(string(b))
	if s == "" || s == "null" {
		return nil
	}
	d, err := decjson.ParseDecimal(s)
	switch {
	case errors.Is(err, decjson.ErrHostileNumber):
		return err
	case err == nil:
		o.NullDecimal = decimal.NullDecimal{Decimal: d, Valid: true}
	}
	return nil
}

// rawValue keeps a member's JSON without copying it (json.RawMessage copies);
// the bytes belong to the body being decoded, which the model keeps anyway.
type rawValue []byte

// UnmarshalJSON keeps b, or nothing for null.
func (r *rawValue) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*r = nil
		return nil
	}
	*r = b
	return nil
}

var _ json.Unmarshaler = (*rawValue)(nil)
