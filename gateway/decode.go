package gateway

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"time"
	"unicode/utf8"
)

// trimKeys returns b with surrounding spaces removed from every object key
// (" custom1 " → "custom1"). It returns b itself when no key needs it, so
// the common case costs one scan and no allocation. Values are never
// touched.
func trimKeys(b []byte) []byte {
	var out []byte // nil until a key needs rewriting
	last := 0
	for i := 0; i < len(b); i++ {
		if b[i] != '"' {
			continue
		}
		start := i
		j := i + 1
		for j < len(b) && b[j] != '"' {
			if b[j] == '\\' {
				j++
			}
			j++
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

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// stamp is a timestamp as the API writes it ("2023-06-02T14:06:25Z");
// "", null and anything unparseable read as the zero time (Raw keeps the
// text).
type stamp time.Time

// UnmarshalJSON reads an RFC 3339 time, or a "2006-01-02 15:04:05" one.
func (s *stamp) UnmarshalJSON(b []byte) error {
	*s = stamp{}
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
	out := make([]byte, 0, len(inner))
	for i := 0; i < len(inner); i++ {
		c := inner[i]
		switch {
		case c < 0x20 || c == '"':
			return "", false
		case c != '\\':
			out = append(out, c)
			continue
		}
		i++
		if i == len(inner) {
			return "", false
		}
		switch inner[i] {
		case '"', '\\', '/':
			out = append(out, inner[i])
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		default:
			return "", false
		}
	}
	return string(out), true
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
	s := strings.Trim(strings.TrimSpace(string(b)), `"`)
	switch strings.ToLower(s) {
	case "true", "y", "yes", "1":
		*f = true
	default:
		*f = false
	}
	return nil
}
