package cryptoprocessing

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/coinsdk/coinsdk/internal/httpcore"
)

// The API's documentation shows most values both ways: ids, foreign_ids and
// tags as numbers and as strings, amounts as numbers and strings,
// confirmations as 3 and "9", timestamps as Unix seconds or null. Public
// models use plain Go types; each decodes through a wire struct of the
// lenient decjson types so that every documented spelling is accepted and
// hostile numbers are refused where they are decoded (see below).

// unixTime reads a timestamp: Unix seconds as a number or numeric string,
// RFC 3339 text (what the models encode to), or null/"". Anything else reads
// as the zero time rather than failing a callback that moves money over a
// field nothing depends on.
type unixTime struct{ time.Time }

// maxUnix is year 5138: a larger number is not a timestamp in seconds.
const maxUnix = 1e11

// UnmarshalJSON reads the forms above.
func (t *unixTime) UnmarshalJSON(b []byte) error {
	t.Time = time.Time{}
	var s decjson.String
	if s.UnmarshalJSON(b) != nil {
		return nil
	}
	v := strings.TrimSpace(string(s))
	if v == "" {
		return nil
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n > 0 && n < maxUnix {
			t.Time = time.Unix(n, 0).UTC()
		}
		return nil
	}
	if parsed, err := time.Parse(time.RFC3339Nano, v); err == nil {
		t.Time = parsed
	}
	return nil
}

// looseText reads a value that is usually a string but may be null, a
// number, or (for "error") an object: objects and lists keep their JSON text.
type looseText string

// UnmarshalJSON reads any JSON value as text.
func (l *looseText) UnmarshalJSON(b []byte) error {
	*l = looseText(httpcore.JSONText(b))
	return nil
}

// copyRaw keeps a model's JSON: encoding/json reuses the input buffer, so
// an UnmarshalJSON that retains bytes must copy them.
func copyRaw(b []byte) json.RawMessage {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	return append(json.RawMessage(nil), b...)
}

// isNull reports whether b is the JSON null, which by convention leaves a
// value as it is.
func isNull(b []byte) bool { return string(bytes.TrimSpace(b)) == "null" }

// Decoding, once per body. Each model has a wire type of decjson's lenient
// types (which refuse hostile numbers where they are decoded) whose nested
// objects are wire types too, so one json.Unmarshal reads an object with
// every account, leg and fee in it: no UnmarshalJSON decodes its bytes a
// second time. model() turns a wire into the public model. An answer's
// envelope ({"data": …}) is split with decjson.Members/Elements, and each
// object's Raw is a slice of the body read once (UnmarshalJSON, for callers
// decoding a model themselves, copies instead, as encoding/json requires).

// wire is a wire type W (as *W) that makes a model M.
type wire[W, M any] interface {
	*W
	model(raw json.RawMessage) M
}

// decodeWire decodes raw into the wire type W, then *m from it.
func decodeWire[M, W any, PW wire[W, M]](raw []byte, m *M) error {
	var w W
	if err := json.Unmarshal(raw, PW(&w)); err != nil {
		return err
	}
	*m = PW(&w).model(raw)
	return nil
}

// models converts a list of wires.
func models[M, W any, PW wire[W, M]](ws []W) []M {
	if ws == nil {
		return nil
	}
	out := make([]M, len(ws))
	for i := range ws {
		out[i] = PW(&ws[i]).model(nil)
	}
	return out
}

// objectDecoder is a model that decodes itself from raw once, keeping raw
// (not copied) as its Raw.
type objectDecoder interface{ decodeJSON(raw []byte) error }

// decodeInto decodes raw into v once.
func decodeInto(raw []byte, v any) error {
	if d, ok := v.(objectDecoder); ok {
		return d.decodeJSON(raw)
	}
	return json.Unmarshal(raw, v)
}

// bodyOf takes the response body as httpcore read it (a decjson.BodyDecoder
// is handed the body itself), for the caller to decode once.
type bodyOf struct{ b []byte }

// DecodeBody keeps body; decoding happens in the caller, which knows how to
// report an unreadable answer.
func (r *bodyOf) DecodeBody(body []byte) error {
	r.b = body
	return nil
}

// member returns the value of key in the JSON object body (nil if absent).
func member(body []byte, key string) ([]byte, error) {
	var v []byte
	err := decjson.Members(body, func(k, value []byte) error {
		if string(k) == key {
			v = value
		}
		return nil
	})
	return v, err
}
