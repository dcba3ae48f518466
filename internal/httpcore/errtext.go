package httpcore

import (
	"bytes"
	"encoding/json"
	"strings"
)

// MaxMessage is how long an error message taken from a provider's body may
// be once TextMessage has collapsed it.
const MaxMessage = 300

// JSONText renders a JSON value from an error body as text: a string as
// itself, a list of strings joined with "; ", null or nothing as "", and
// anything else as its JSON.
func JSONText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var list []string
	if json.Unmarshal(raw, &list) == nil {
		return strings.Join(list, "; ")
	}
	return string(raw)
}

// TextMessage collapses runs of whitespace in s to one space and caps it at
// MaxMessage bytes (Truncate).
func TextMessage(s string) string {
	return Truncate(strings.Join(strings.Fields(s), " "), MaxMessage)
}

// Truncate caps s at n bytes, cut on a UTF-8 boundary and marked with "…".
func Truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}
