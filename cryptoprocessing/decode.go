package cryptoprocessing

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/decjson"
)

// The API's documentation shows most values both ways: ids, foreign_ids and
// tags as numbers and as strings, amounts as numbers and strings,
// confirmations as 3 and "9", timestamps as Unix seconds or null. Public
// models use plain Go types; each decodes through a wire struct of the
// lenient decjson types so that every documented spelling is accepted and
// hostile numbers are refused (decjson.Check runs on every body first).

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
	*l = looseText(jsonText(b))
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
