package channels

import (
	"bytes"
	"encoding/json"
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

// looseDecimal reads a number or numeric string; anything else (null, "",
// "N/A", an object) reads as zero, rather than failing a callback that
// moves money over a field nothing depends on.
type looseDecimal struct{ decimal.Decimal }

// UnmarshalJSON reads the forms above.
func (l *looseDecimal) UnmarshalJSON(b []byte) error {
	l.Decimal = decimal.Decimal{}
	if n := len(b); n >= 2 && b[0] == '"' && b[n-1] == '"' {
		b = b[1 : n-1]
	}
	s := strings.TrimSpace(string(b))
	if s == "" || s == "null" {
		return nil
	}
	if d, err := decjson.ParseDecimal(s); err == nil {
		l.Decimal = d
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
