package gateway

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/bits"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/coinsdk/coinsdk/internal/decjson"
)

// unwrap is the pipeline's Unwrap: the API has no envelope, so the payload
// is the body; an empty list written as null reads as [].
func unwrap(body []byte) (payload, meta []byte, err error) {
	if decjson.IsNull(body) {
		return []byte("[]"), nil, nil
	}
	return body, nil, nil
}

// decoder is a model that decodes itself from its bytes in one pass,
// keeping them as Raw.
type decoder interface{ decode(b []byte) error }

// decodeModel is the pipeline's Decode: keys trimmed of stray spaces (the
// documentation's own examples have " custom1 "), then one pass into the
// model, which keeps the bytes as Raw.
func decodeModel(raw []byte, v any) error {
	d, ok := v.(decoder)
	if !ok {
		return fmt.Errorf("%s: %T is not a model", ProviderName, v)
	}
	return d.decode(trimKeys(raw))
}

// trimKeys returns b with surrounding spaces removed from every object key
// (" custom1 " → "custom1"). It returns b itself when no key needs it, so
// the common case costs one scan and no allocation. Values are never
// touched.
func trimKeys(b []byte) []byte {
	var out []byte // nil until a key needs rewriting
	last := 0
	for i := 0; i < len(b); i++ {
		i = nextQuoteOrBackslash(b, i)
		if i >= len(b) {
			break
		}
		if b[i] != '"' {
			continue // a backslash outside a string: not JSON, left as it is
		}
		start := i
		j := i + 1
		for {
			j = nextQuoteOrBackslash(b, j)
			if j >= len(b) || b[j] == '"' {
				break
			}
			j += 2 // an escape: skip the escaped byte
		}
		if j >= len(b) {
			break
		}
		end := j
		k := end + 1
		for k < len(b) && isSpace(b[k]) {
			k++
		}
		if k < len(b) && b[k] == ':' {
			content := b[start+1 : end]
			if t := bytes.TrimSpace(content); len(t) != len(content) && !bytes.HasSuffix(t, []byte{'\\'}) {
				if out == nil {
					out = make([]byte, 0, len(b))
				}
				out = append(out, b[last:start+1]...)
				out = append(out, t...)
				last = end
			}
		}
		i = end
	}
	if out == nil {
		return b
	}
	return append(out, b[last:]...)
}

const (
	swarOnes  = 0x0101010101010101
	swarHighs = 0x8080808080808080
	swarQuote = '"' * swarOnes
	swarSlash = '\\' * swarOnes
)

// nextQuoteOrBackslash returns the index of the first '"' or '\\' in b at
// or after i, or len(b) (or more) when there is none. It tests eight bytes
// at a time: a JSON body is mostly plain text between quotes.
func nextQuoteOrBackslash(b []byte, i int) int {
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		q, s := x^swarQuote, x^swarSlash
		// A zero byte in q or s marks a quote or a backslash; the lowest
		// marked byte is exact (borrows only mark bytes above a true zero).
		if m := ((q-swarOnes)&^q | (s-swarOnes)&^s) & swarHighs; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c == '"' || c == '\\' {
			return i
		}
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// stamp is a timestamp as the API writes it ("2023-06-02T14:06:25Z");
// "", null and anything unparseable read as the zero time (Raw keeps the
// text).
type stamp time.Time

// UnmarshalJSON reads an RFC 3339 time, or a "2006-01-02 15:04:05" one.
func (s *stamp) UnmarshalJSON(b []byte) error {
	*s = stamp{}
	// The usual RFC 3339 text parses from the bytes, without a string copy
	// (time.Parse with RFC3339Nano takes the same RFC 3339 fast path);
	// anything else takes the layouts below.
	if len(b) > 2 && b[0] == '"' && b[len(b)-1] == '"' && !isSpace(b[1]) && !isSpace(b[len(b)-2]) &&
		bytes.IndexByte(b, '\\') < 0 {
		var t time.Time
		if t.UnmarshalText(b[1:len(b)-1]) == nil {
			*s = stamp(t)
			return nil
		}
	}
	str, ok := quoted(b)
	if !ok {
		return nil
	}
	str = strings.TrimSpace(str)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05", "2006-01-02T15:04:05", time.DateOnly} {
		if t, err := time.Parse(layout, str); err == nil {
			*s = stamp(t)
			return nil
		}
	}
	return nil
}

// quoted returns the content of a JSON string value, without allocating
// beyond the result when it holds no escape; ok is false for anything that
// is not a string.
func quoted(b []byte) (string, bool) {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return "", false
	}
	inner := b[1 : len(b)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return string(inner), true
	}
	if s, ok := unescapeSimple(inner); ok {
		return s, true
	}
	var str string
	if json.Unmarshal(b, &str) != nil {
		return "", false
	}
	return str, true
}

// unescapeSimple decodes a JSON string's content holding only the
// one-character escapes (\" \\ \/ \b \f \n \r \t) in valid UTF-8 without
// control characters: what encoding/json would return, in one allocation.
// ok is false for anything else (\u escapes, a stray quote or backslash,
// invalid UTF-8, a control character), which quoted leaves to
// encoding/json.
func unescapeSimple(inner []byte) (string, bool) {
	if !utf8.Valid(inner) {
		return "", false
	}
	var out strings.Builder // one allocation: String does not copy
	out.Grow(len(inner))
	for i := 0; i < len(inner); i++ {
		c := inner[i]
		switch {
		case c < 0x20 || c == '"':
			return "", false
		case c != '\\':
			out.WriteByte(c)
			continue
		}
		i++
		if i == len(inner) {
			return "", false
		}
		switch inner[i] {
		case '"', '\\', '/':
			out.WriteByte(inner[i])
		case 'b':
			out.WriteByte('\b')
		case 'f':
			out.WriteByte('\f')
		case 'n':
			out.WriteByte('\n')
		case 'r':
			out.WriteByte('\r')
		case 't':
			out.WriteByte('\t')
		default:
			return "", false
		}
	}
	return out.String(), true
}

// text is a field documented as a string that examples also show as a JSON
// object (custom in the withdrawal example): a string reads as itself,
// anything else as its JSON text, null as "".
type text string

// UnmarshalJSON reads a string, or keeps any other value's JSON.
func (t *text) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*t = ""
	case b[0] == '"':
		s, ok := quoted(b)
		if !ok {
			return errors.New("custom: malformed string")
		}
		*t = text(s)
	default:
		*t = text(b)
	}
	return nil
}

// flag is a boolean the API may also write as "true"/"Y"/1.
type flag bool

// UnmarshalJSON reads true/false, "true"/"false", "Y"/"N", 1/0; null is false.
func (f *flag) UnmarshalJSON(b []byte) error {
	s := bytes.Trim(bytes.TrimSpace(b), `"`)
	switch {
	case string(s) == "true", string(s) == "1", bytes.EqualFold(s, []byte("true")),
		bytes.EqualFold(s, []byte("y")), bytes.EqualFold(s, []byte("yes")):
		*f = true
	default:
		*f = false
	}
	return nil
}

// member is one top-level member an envelope scan found: offsets of its
// value in the scan's output, and its key (trimmed, without escapes).
type member struct {
	key        []byte
	start, end int
}

// scanEnvelope is trimKeys and decjson.Members in one pass, for a webhook
// body: it returns the body with every key trimmed (body itself when none
// needed it) and the top-level members, values as offsets into that result.
// It handles the usual shape only; ok is false for anything else (a key
// holding an escape, an empty object, a malformed body, a quote or
// backslash where a plain literal belongs), and the caller then takes the
// two-pass road, which has the exact errors.
func scanEnvelope(body []byte, spans []member) (b []byte, _ []member, ok bool) {
	var out []byte // nil until a key needs rewriting
	last, removed := 0, 0
	// key looks at the string body[start:end+1] (quotes included): if a ':'
	// follows, it is a key, trimmed in out as trimKeys does. It returns the
	// trimmed key content and whether it was a key.
	key := func(start, end int) ([]byte, bool) {
		k := end + 1
		for k < len(body) && isSpace(body[k]) {
			k++
		}
		if k >= len(body) || body[k] != ':' {
			return nil, false
		}
		content := body[start+1 : end]
		t := bytes.TrimSpace(content)
		if len(t) != len(content) && !bytes.HasSuffix(t, []byte{'\\'}) {
			if out == nil {
				out = make([]byte, 0, len(body))
			}
			out = append(out, body[last:start+1]...)
			out = append(out, t...)
			last = end
			removed += len(content) - len(t)
		}
		return t, true
	}
	i := skipSpaces(body, 0)
	if i >= len(body) || body[i] != '{' {
		return nil, spans, false
	}
	i = skipSpaces(body, i+1)
	for {
		if i >= len(body) || body[i] != '"' {
			return nil, spans, false
		}
		end := closingQuote(body, i+1)
		if end < 0 || bytes.IndexByte(body[i+1:end], '\\') >= 0 {
			return nil, spans, false
		}
		k, isKey := key(i, end)
		if !isKey {
			return nil, spans, false
		}
		i = skipSpaces(body, end+1) + 1 // past ':'
		i = skipSpaces(body, i)
		if i >= len(body) {
			return nil, spans, false
		}
		vsOut := i - removed
		switch c := body[i]; c {
		case '"':
			e := closingQuote(body, i+1)
			if e < 0 {
				return nil, spans, false
			}
			i = e + 1
		case '{', '[':
			depth := 0
			for ; i < len(body); i++ {
				switch body[i] {
				case '"':
					e := closingQuote(body, i+1)
					if e < 0 {
						return nil, spans, false
					}
					if e > i+1 && (mayTrim(body[i+1]) || mayTrim(body[e-1])) {
						key(i, e) // only a string that may need trimming
					}
					i = e
				case '{', '[':
					depth++
				case '}', ']':
					depth--
				}
				if depth == 0 {
					break
				}
			}
			if depth != 0 || i >= len(body) {
				return nil, spans, false
			}
			i++
		default:
			j := i
			for j < len(body) && !isSpace(body[j]) && body[j] != ',' && body[j] != '}' && body[j] != ']' {
				if body[j] == '"' || body[j] == '\\' {
					return nil, spans, false
				}
				j++
			}
			if j == i {
				return nil, spans, false
			}
			i = j
		}
		spans = append(spans, member{key: k, start: vsOut, end: i - removed})
		i = skipSpaces(body, i)
		if i < len(body) && body[i] == ',' {
			i = skipSpaces(body, i+1)
			continue
		}
		if i < len(body) && body[i] == '}' && skipSpaces(body, i+1) == len(body) {
			break
		}
		return nil, spans, false
	}
	if out == nil {
		return body, spans, true
	}
	return append(out, body[last:]...), spans, true
}

// mayTrim reports whether bytes.TrimSpace might remove c at either end
// of a key: ASCII space or control, or the start or end of a multi-byte
// (possibly Unicode-space) character.
func mayTrim(c byte) bool { return c <= ' ' || c >= 0x80 }

func skipSpaces(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// closingQuote returns the index of the quote closing a string whose
// content starts at from, or -1 when the string is not closed.
func closingQuote(b []byte, from int) int {
	for j := from; ; j += 2 { // an escape: skip the escaped byte
		j = nextQuoteOrBackslash(b, j)
		if j >= len(b) {
			return -1
		}
		if b[j] == '"' {
			return j
		}
	}
}
