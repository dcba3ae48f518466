package channelstest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/shopspring/decimal"
)

// rawValue is one member of a request body, kept as sent.
type rawValue = json.RawMessage

// errorItem and errorBody are the provider's error shape:
// {"success": false, "errors": [{"code": …, "message": …}]}.
type errorItem struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

func errorBody(code, msg string) map[string]any {
	return map[string]any{"success": false, "errors": []errorItem{{Code: code, Message: msg}}}
}

func fail(w http.ResponseWriter, status int, code, msg string) {
	sandboxkit.JSON(status, errorBody(code, msg)).Write(w)
}

func failField(w http.ResponseWriter, status int, code, field, msg string) {
	sandboxkit.JSON(status, map[string]any{"success": false, "errors": []errorItem{{Code: code, Message: msg, Field: field}}}).Write(w)
}

func ok(w http.ResponseWriter, status int, data any) {
	sandboxkit.JSON(status, map[string]any{"success": true, "data": data}).Write(w)
}

// post checks the method and Content-Type, reads the JSON object body (1 MiB
// at most) and hands its members to h.
func (s *Server) post(w http.ResponseWriter, r *http.Request, h func(http.ResponseWriter, map[string]rawValue)) {
	if r.Method != http.MethodPost {
		fail(w, http.StatusNotFound, "NOT_FOUND", "Cannot "+r.Method+" "+r.URL.Path)
		return
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(strings.ToLower(ct), "application/json") {
		fail(w, http.StatusBadRequest, "BAD_REQUEST", "Content-Type must be application/json")
		return
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, 1<<20+1))
	if err != nil || len(b) > 1<<20 {
		fail(w, http.StatusBadRequest, "BAD_REQUEST", "Unreadable or oversized body")
		return
	}
	var body map[string]rawValue
	if err := json.Unmarshal(b, &body); err != nil || body == nil {
		fail(w, http.StatusBadRequest, "BAD_REQUEST", "Body must be a JSON object")
		return
	}
	h(w, body)
}

// text reads a member as a string (a number keeps its literal text); ok is
// false for another JSON type.
func text(body map[string]rawValue, key string) (string, bool) {
	raw, present := body[key]
	raw = bytes.TrimSpace(raw)
	if !present || len(raw) == 0 || string(raw) == "null" {
		return "", true
	}
	if raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return "", false
		}
		return s, true
	}
	if numberRE.Match(raw) {
		return string(raw), true
	}
	return "", false
}

var numberRE = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// amount reads a positive amount (number or numeric string) within decimals
// places, returning its text as sent; msg says what is wrong.
func amount(body map[string]rawValue, decimals int32) (string, decimal.Decimal, string) {
	t, good := text(body, "amount")
	if !good || t == "" {
		return "", decimal.Decimal{}, "amount must be a positive number"
	}
	if !numberRE.MatchString(t) || len(t) > 40 {
		return "", decimal.Decimal{}, "amount must be a positive number"
	}
	d, err := decimal.NewFromString(t)
	if err != nil || !d.IsPositive() {
		return "", decimal.Decimal{}, "amount must be a positive number"
	}
	if i := strings.IndexByte(t, '.'); i >= 0 && int32(len(strings.TrimRight(t[i+1:], "0"))) > decimals {
		return "", decimal.Decimal{}, "amount has too many decimal places"
	}
	return t, d, ""
}

// required reads a member that must be a non-empty string, answering 400
// (and false) when it is not.
func required(w http.ResponseWriter, body map[string]rawValue, key string) (string, bool) {
	v, good := text(body, key)
	if !good || strings.TrimSpace(v) == "" {
		failField(w, http.StatusBadRequest, "VALIDATION_ERROR", key, key+" should not be empty")
		return "", false
	}
	return v, true
}

// amountField is amount, answering 400 (and false) when it is not usable.
func amountField(w http.ResponseWriter, body map[string]rawValue, decimals int32) (string, decimal.Decimal, bool) {
	t, d, msg := amount(body, decimals)
	if msg != "" {
		failField(w, http.StatusBadRequest, "VALIDATION_ERROR", "amount", msg)
		return "", decimal.Decimal{}, false
	}
	return t, d, true
}

// onlyFields refuses members outside allowed, as the API does for
// withdrawals ("no additional parameters").
func onlyFields(w http.ResponseWriter, body map[string]rawValue, allowed ...string) bool {
	for k := range body {
		known := false
		for _, a := range allowed {
			if k == a {
				known = true
				break
			}
		}
		if !known {
			failField(w, http.StatusBadRequest, "VALIDATION_ERROR", k, "property "+k+" should not exist")
			return false
		}
	}
	return true
}
