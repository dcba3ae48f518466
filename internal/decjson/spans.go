package decjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// ErrSyntax is returned by Members and Elements for input that is not a
// JSON object or array of the expected shape.
var ErrSyntax = errors.New("malformed JSON")

// Members calls fn for each member of the JSON object in data, in order,
// with its key (escapes decoded, other bytes as they are; compare it as
// string(key) == "name", which does not allocate) and the bytes of its value (a slice of data,
// without surrounding spaces). It stops at the first error fn returns.
//
// It checks the object's structure but not the values it only skips: decode
// the values you use (their bytes are exactly what fn received). A key given
// twice is reported twice. It allocates only for a key holding an escape.
func Members(data []byte, fn func(key, value []byte) error) error {
	return members(data, "", nil, fn)
}

func members(data []byte, split string, elem func([]byte) error, fn func(key, value []byte) error) error {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return syntaxErr("want an object", i)
	}
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		return trailing(data, i+1)
	}
	for {
		if i >= len(data) || data[i] != '"' {
			return syntaxErr("want a key", i)
		}
		end, err := skipString(data, i)
		if err != nil {
			return err
		}
		rawKey := data[i+1 : end-1]
		i = skipSpace(data, end)
		if i >= len(data) || data[i] != ':' {
			return syntaxErr("want ':'", i)
		}
		i = skipSpace(data, i+1)
		key := rawKey
		if bytes.IndexByte(rawKey, '\\') >= 0 {
			key = unescapeKey(rawKey)
		}
		var vend int
		if elem != nil && i < len(data) && data[i] == '[' && string(key) == split {
			vend, err = elements(data, i, elem)
		} else {
			vend, err = skipValue(data, i)
		}
		if err != nil {
			return err
		}
		if err := fn(key, data[i:vend]); err != nil {
			return err
		}
		i = skipSpace(data, vend)
		if i < len(data) && data[i] == ',' {
			i = skipSpace(data, i+1)
			continue
		}
		if i < len(data) && data[i] == '}' {
			return trailing(data, i+1)
		}
		return syntaxErr("want ',' or '}'", i)
	}
}

// MembersSplit is Members, except that when the member named split holds
// an array, elem is called for each of its elements (a slice of data,
// without surrounding spaces) before fn sees the whole array: an envelope
// and its list are split in one pass.
func MembersSplit(data []byte, split string, elem func([]byte) error, fn func(key, value []byte) error) error {
	return members(data, split, elem, fn)
}

// unescapeKey decodes a key holding an escape.
func unescapeKey(rawKey []byte) []byte {
	var s string
	q := make([]byte, 0, len(rawKey)+2)
	q = append(append(append(q, '"'), rawKey...), '"')
	if json.Unmarshal(q, &s) != nil {
		return rawKey
	}
	return []byte(s)
}

// Elements calls fn for each element of the JSON array in data, in order,
// with the element's bytes (a slice of data, without surrounding spaces).
// Like Members, it checks the array's structure, not the elements.
func Elements(data []byte, fn func(elem []byte) error) error {
	i := skipSpace(data, 0)
	if i >= len(data) || data[i] != '[' {
		return syntaxErr("want an array", i)
	}
	end, err := elements(data, i, fn)
	if err != nil {
		return err
	}
	return trailing(data, end)
}

// elements calls fn for each element of the array starting at data[i] (a
// '[') and returns the index just past the array.
func elements(data []byte, i int, fn func(elem []byte) error) (int, error) {
	i = skipSpace(data, i+1)
	if i < len(data) && data[i] == ']' {
		return i + 1, nil
	}
	for {
		end, err := skipValue(data, i)
		if err != nil {
			return 0, err
		}
		if err := fn(data[i:end]); err != nil {
			return 0, err
		}
		i = skipSpace(data, end)
		if i < len(data) && data[i] == ',' {
			i = skipSpace(data, i+1)
			continue
		}
		if i < len(data) && data[i] == ']' {
			return i + 1, nil
		}
		return 0, syntaxErr("want ',' or ']'", i)
	}
}

// IsNull reports whether value is absent or the JSON null.
func IsNull(value []byte) bool {
	value = bytes.TrimSpace(value)
	return len(value) == 0 || string(value) == "null"
}

func trailing(data []byte, i int) error {
	if i = skipSpace(data, i); i != len(data) {
		return syntaxErr("data after the value", i)
	}
	return nil
}

func syntaxErr(what string, at int) error {
	return fmt.Errorf("decjson: %w: %s at offset %d", ErrSyntax, what, at)
}

func skipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\r', '\n':
			i++
		default:
			return i
		}
	}
	return i
}

// skipString returns the index just past the string starting at data[i]
// (a quote).
func skipString(data []byte, i int) (int, error) {
	j := i + 1
	for {
		k := bytes.IndexByte(data[j:], '"')
		if k < 0 {
			return 0, syntaxErr("unterminated string", i)
		}
		j += k
		// The quote is escaped when an odd number of backslashes precede it.
		n := 0
		for b := j - 1; b > i && data[b] == '\\'; b-- {
			n++
		}
		if n%2 == 0 {
			return j + 1, nil
		}
		j++
	}
}

// skipValue returns the index just past the value starting at data[i].
func skipValue(data []byte, i int) (int, error) {
	if i >= len(data) {
		return 0, syntaxErr("want a value", i)
	}
	switch data[i] {
	case '"':
		return skipString(data, i)
	case '{', '[':
		// One tight loop over the container: strings are skipped inline
		// (most bytes of a body are in short strings, where a call per
		// string costs more than the bytes).
		depth := 0
		n := len(data)
		for j := i; j < n; j++ {
			switch data[j] {
			case '"':
				j++
				for j < n && data[j] != '"' {
					if data[j] == '\\' {
						j++
					}
					j++
				}
				if j >= n {
					return 0, syntaxErr("unterminated string", i)
				}
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1, nil
				}
			}
		}
		return 0, syntaxErr("unterminated "+string(data[i]), i)
	default:
		j := i
		for j < len(data) {
			switch data[j] {
			case ',', '}', ']', ' ', '\t', '\r', '\n':
				if j == i {
					return 0, syntaxErr("want a value", i)
				}
				return j, nil
			}
			j++
		}
		if j == i {
			return 0, syntaxErr("want a value", i)
		}
		return j, nil
	}
}

// Str returns the JSON string in value, unescaped, and an error when value
// is not a JSON string. A string without escapes costs one allocation.
func Str(value []byte) (string, error) {
	if inner, ok := unquoteSimple(value); ok && isPlainASCII(inner) {
		return string(inner), nil
	}
	if len(value) == 0 || value[0] != '"' {
		return "", syntaxErr("want a string", 0)
	}
	var s string
	if err := json.Unmarshal(value, &s); err != nil {
		return "", err
	}
	return s, nil
}
