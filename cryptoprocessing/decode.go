package cryptoprocessing

import (
	"bytes"
	"encoding/json"
	"errors"
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

// rawDecoder is a model the pipeline decodes through its wire.
type rawDecoder interface{ decodeRaw(raw []byte) error }

// decode is the pipeline's Decode: one model from its bytes, once, its Raw
// raw itself (not a copy, unlike UnmarshalJSON).
func decode(raw []byte, v any) error {
	if m, ok := v.(rawDecoder); ok {
		return m.decodeRaw(raw)
	}
	return json.Unmarshal(raw, v)
}

// unmarshalWire is a model's UnmarshalJSON: null (or nothing) leaves *m as
// it is; anything else is decoded through the wire type W. A model that
// keeps its Raw is handed a copy (copyRaw), as encoding/json requires.
func unmarshalWire[M, W any, PW wire[W, M]](b []byte, m *M) error {
	if len(b) == 0 || isNull(b) {
		return nil
	}
	return decodeWire[M, W, PW](b, m)
}

// decodeList is the pipeline's DecodeList for the three lists the API
// answers (balances, currencies, pairs): one json.Unmarshal of the whole
// array into wires (as the floor does into its structs), then each model is
// made from its wire with its Raw a slice of the body (decjson.Elements
// finds the spans without allocating). Decoding element by element cost
// 1.5× the allocations of one pass.
func decodeList(payload []byte, v any) (bool, error) {
	switch l := v.(type) {
	case *[]Account:
		return true, decodeWires[Account, accountWire](payload, l)
	case *[]Currency:
		return true, decodeWires[Currency, currencyWire](payload, l)
	case *[]Pair:
		return true, decodeWires[Pair, pairWire](payload, l)
	}
	return false, nil
}

// decodeWires decodes the JSON array payload into *out, one model per
// element, each keeping its element's bytes as Raw.
func decodeWires[M, W any, PW wire[W, M]](payload []byte, out *[]M) error {
	var ws []W
	if err := json.Unmarshal(payload, &ws); err != nil {
		return err
	}
	items := make([]M, len(ws))
	i := 0
	err := decjson.Elements(payload, func(elem []byte) error {
		if i >= len(ws) {
			return errors.New("more elements than decoded")
		}
		items[i] = PW(&ws[i]).model(elem)
		i++
		return nil
	})
	if err == nil && i != len(ws) {
		err = errors.New("fewer elements than decoded")
	}
	*out = items
	return err
}

// unwrap is the pipeline's Unwrap: every answer but ping and
// transactions/info is {"data": …}. The payload is data's bytes (nil when
// absent, which the decoder reports as an answer without its object); a
// body that is not a JSON object is an error.
func unwrap(body []byte) (payload, meta []byte, err error) {
	err = decjson.Members(body, func(k, value []byte) error {
		if string(k) == "data" {
			payload = value
		}
		return nil
	})
	return payload, nil, err
}

// unwrapBare is transactions/info's payload: the transaction itself, not
// wrapped in "data"; {"data": {...}} is accepted too, should the API ever
// wrap it like the others (the transaction itself always has an "id").
func unwrapBare(body []byte) ([]byte, error) {
	var id, data []byte
	err := decjson.Members(body, func(k, value []byte) error {
		switch string(k) {
		case "id":
			id = value
		case "data":
			data = value
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if id == nil && len(data) > 0 && data[0] == '{' {
		return data, nil
	}
	return body, nil
}
