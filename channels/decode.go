package channels

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/shopspring/decimal"
)

// Every answer is wrapped: {"success": true, "data": …}. The envelope is
// not decoded with encoding/json: decjson.Members finds its members in one
// pass that allocates nothing, so that "data" is decoded exactly once (by
// the model's decodeJSON, whose amounts are guarded decjson types and whose
// strings are only strings) and the model's Raw is a slice of the body.
// Keys match as encoding/json matches them: in any case, the last
// occurrence winning.

// unwrap is the pipeline's Unwrap. It returns the answer's "data" (the
// whole body when "data" is absent or null: some answers are not
// published, so it is read leniently) and, as meta, the envelope itself:
// the older wallet-address call puts qrCodeURL beside "data", and there is
// no list metadata in this API. A 2xx answer with "success": false is the
// API refusing the call: an *payments.APIError (the pipeline completes its
// provider, status and raw body).
func unwrap(body []byte) (payload, meta []byte, err error) {
	success, data, err := envelopeMembers(body)
	if err != nil {
		return nil, nil, err
	}
	if !success {
		return nil, nil, decodeError(http.StatusOK, nil, body)
	}
	if len(data) == 0 || decjson.IsNull(data) {
		data = bytes.TrimSpace(body)
	}
	return data, body, nil
}

// envelopeMembers reads an answer's "success" (true when absent or null)
// and "data" (nil when absent) in one pass over body. It fails for a body
// that is not a JSON object or a "success" that is not a boolean.
func envelopeMembers(body []byte) (success bool, data []byte, err error) {
	success = true
	err = decjson.Members(body, func(key, value []byte) error {
		switch {
		case bytes.EqualFold(key, []byte("success")):
			switch string(value) {
			case "true", "null":
				success = true
			case "false":
				success = false
			default:
				return errors.New(`"success" is not a boolean`)
			}
		case bytes.EqualFold(key, []byte("data")):
			data = value
		}
		return nil
	})
	return success, data, err
}

// decoder is a model that decodes its own JSON in one pass and keeps raw
// (a slice of the answer) as its Raw.
type decoder interface{ decodeJSON(raw []byte) error }

// decode is the pipeline's Decode: every model of this package is a decoder.
func decode(raw []byte, v any) error {
	if d, ok := v.(decoder); ok {
		return d.decodeJSON(raw)
	}
	return json.Unmarshal(raw, v)
}

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
