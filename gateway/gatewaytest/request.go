package gatewaytest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/shopspring/decimal"
)

// apiError is the API's business error: HTTP 422 {"code", "message"}.
type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *apiError) Error() string { return e.Code + ": " + e.Message }

// writeErr answers 422 with the API's error shape.
func writeErr(w http.ResponseWriter, code, msg string) {
	sandboxkit.JSON(http.StatusUnprocessableEntity, apiError{code, msg}).Write(w)
}

func writeAPIErr(w http.ResponseWriter, e *apiError) { writeErr(w, e.Code, e.Message) }

// writeJSON answers 200 with v.
func writeJSON(w http.ResponseWriter, v any) { sandboxkit.JSON(http.StatusOK, v).Write(w) }

// parsed reads the request's body and parses it with parse: every create
// handler starts so, answering the API's error when either step fails.
func parsed[T any](w http.ResponseWriter, r *http.Request, parse func(body) (T, *apiError)) (T, bool) {
	b, e := readBody(r)
	var v T
	if e == nil {
		v, e = parse(b)
	}
	if e != nil {
		writeAPIErr(w, e)
		return v, false
	}
	return v, true
}

// body is a request's JSON object, keys trimmed of stray spaces.
type body map[string]json.RawMessage

// readBody decodes the request's JSON object (at most 1 MiB).
func readBody(r *http.Request) (body, *apiError) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return nil, &apiError{"ERR_VALIDATION", "cannot read the request body"}
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil || m == nil {
		return nil, &apiError{"ERR_VALIDATION", "request body is not a JSON object"}
	}
	b := make(body, len(m))
	for k, v := range m {
		b[strings.TrimSpace(k)] = v
	}
	return b, nil
}

func (b body) raw(key string) (json.RawMessage, bool) {
	v, ok := b[key]
	v = bytes.TrimSpace(v)
	if !ok || len(v) == 0 || string(v) == "null" {
		return nil, false
	}
	return v, true
}

// str reads a string field the way a Go struct field of type string does.
func (b body) str(key string) (string, *apiError) {
	v, ok := b.raw(key)
	if !ok {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return "", typeErr(key, v, "string")
	}
	return s, nil
}

// strs reads string fields in order; the first that is not a string is
// the error.
func (b body) strs(keys ...string) ([]string, *apiError) {
	out := make([]string, len(keys))
	for i, k := range keys {
		v, e := b.str(k)
		if e != nil {
			return nil, e
		}
		out[i] = v
	}
	return out, nil
}

// num reads an amount the way the service's numeric fields do: a JSON number
// only (a string is refused with 422), kept exactly as decimal text.
func (b body) num(key string) (decimal.Decimal, bool, *apiError) {
	v, ok := b.raw(key)
	if !ok {
		return decimal.Decimal{}, false, nil
	}
	if v[0] == '"' || v[0] == '{' || v[0] == '[' || v[0] == 't' || v[0] == 'f' {
		return decimal.Decimal{}, true, typeErr(key, v, "number")
	}
	if len(v) > 64 {
		return decimal.Decimal{}, true, &apiError{"ERR_VALIDATION", key + ": number out of range"}
	}
	d, err := decimal.NewFromString(string(v))
	if err != nil || d.Exponent() < -30 || d.Exponent() > 30 {
		return decimal.Decimal{}, true, &apiError{"ERR_VALIDATION", key + ": number out of range"}
	}
	return d, true, nil
}

// integer reads an int field.
func (b body) integer(key string) (int, *apiError) {
	v, ok := b.raw(key)
	if !ok {
		return 0, nil
	}
	var n int
	if err := json.Unmarshal(v, &n); err != nil {
		return 0, typeErr(key, v, "integer")
	}
	return n, nil
}

// boolean reads a bool field.
func (b body) boolean(key string) (bool, *apiError) {
	v, ok := b.raw(key)
	if !ok {
		return false, nil
	}
	var x bool
	if err := json.Unmarshal(v, &x); err != nil {
		return false, typeErr(key, v, "boolean")
	}
	return x, nil
}

// text reads custom: a string, or an object kept as its JSON text.
func (b body) text(key string) string {
	v, ok := b.raw(key)
	if !ok {
		return ""
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	return string(v)
}

// typeErr is encoding/json's message for a value of the wrong type.
func typeErr(key string, v json.RawMessage, want string) *apiError {
	kind := "number"
	switch v[0] {
	case '"':
		kind = "string"
	case '{':
		kind = "object"
	case '[':
		kind = "array"
	case 't', 'f':
		kind = "bool"
	}
	// The documentation gives no text for a mistyped field, only that the
	// field is typed (a number field refuses a string): the message names
	// the field, what it wants and what it got.
	return &apiError{"ERR_VALIDATION", key + ": expected a JSON " + want + ", got " + kind}
}

// customs reads custom and custom1…custom9.
func (b body) customs() map[string]string {
	out := map[string]string{}
	for _, k := range []string{"custom", "custom1", "custom2", "custom3", "custom4", "custom5", "custom6", "custom7", "custom8", "custom9"} {
		if v := b.text(k); v != "" {
			out[k] = v
		}
	}
	return out
}

// putCustoms writes custom fields into an answer.
func putCustoms(m map[string]any, c map[string]string) {
	for k, v := range c {
		m[k] = v
	}
}
