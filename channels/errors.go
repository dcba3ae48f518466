package channels

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/coinsdk/coinsdk/internal/httpcore"
	"github.com/coinsdk/coinsdk/payments"
)

// apiErrorItem is one entry of "errors". The shape was seen in examples
// only; an entry may also be a bare string.
type apiErrorItem struct {
	Code    json.RawMessage `json:"code"`
	Message json.RawMessage `json:"message"`
	Field   json.RawMessage `json:"field"`
	Path    json.RawMessage `json:"property"`
}

// decodeError turns a non-2xx answer into a *payments.APIError. The API
// answers 400, 401, 404, 422 or 500; the body {"success": false, "errors":
// [{"code": …, "message": …}]} is decoded when it is there (several errors
// are joined with "; ", the first code kept), a "message" or "error" member
// is read too, and any other body becomes the message as text (the core
// keeps it whole in Raw).
//
// Kinds: 401 ErrUnauthorized, 404 ErrNotFound, 400/422 ErrInvalidRequest,
// 5xx ErrProviderUnavailable; an error that says an orderId is already used
// ErrDuplicateReference.
func decodeError(status int, header http.Header, body []byte) *payments.APIError {
	e := &payments.APIError{Kind: payments.KindForStatus(status)}
	for _, h := range []string{"X-Request-Id", "X-Correlation-Id", "X-Amzn-Requestid"} {
		if v := header.Get(h); v != "" {
			e.RequestID = httpcore.Truncate(v, 100)
			break
		}
	}
	trimmed := bytes.TrimSpace(body)
	var obj struct {
		Errors  json.RawMessage `json:"errors"`
		Message json.RawMessage `json:"message"`
		Error   json.RawMessage `json:"error"`
		Code    json.RawMessage `json:"code"`
	}
	if len(trimmed) == 0 || trimmed[0] != '{' || json.Unmarshal(trimmed, &obj) != nil {
		e.Message = httpcore.TextMessage(string(trimmed))
		return e
	}
	var items []json.RawMessage
	if json.Unmarshal(obj.Errors, &items) != nil && len(obj.Errors) > 0 {
		items = []json.RawMessage{obj.Errors}
	}
	var msgs []string
	for _, raw := range items {
		var it apiErrorItem
		if json.Unmarshal(raw, &it) != nil {
			if s := httpcore.JSONText(raw); s != "" {
				msgs = append(msgs, s)
			}
			continue
		}
		code, msg := httpcore.JSONText(it.Code), httpcore.JSONText(it.Message)
		if e.Code == "" {
			e.Code = httpcore.Truncate(code, 100)
		}
		if msg == "" {
			msg = code
		}
		if msg != "" {
			msgs = append(msgs, msg)
		}
		field := httpcore.JSONText(it.Field)
		if field == "" {
			field = httpcore.JSONText(it.Path)
		}
		if field != "" && msg != "" {
			if e.Details == nil {
				e.Details = map[string]string{}
			}
			e.Details[httpcore.Truncate(field, 100)] = httpcore.TextMessage(msg)
		}
	}
	for _, raw := range []json.RawMessage{obj.Message, obj.Error} {
		if s := httpcore.JSONText(raw); s != "" && len(msgs) == 0 {
			msgs = append(msgs, s)
		}
	}
	if e.Code == "" {
		e.Code = httpcore.Truncate(httpcore.JSONText(obj.Code), 100)
	}
	e.Message = httpcore.TextMessage(strings.Join(msgs, "; "))
	if status < 500 && status != http.StatusNotFound && status != http.StatusUnauthorized && isDuplicateOrder(e.Code+" "+e.Message) {
		e.Kind = payments.ErrDuplicateReference
	}
	return e
}

// isDuplicateOrder recognises an answer saying an orderId was used before.
func isDuplicateOrder(text string) bool {
	t := strings.ToLower(text)
	if !strings.Contains(t, "order") {
		return false
	}
	return strings.Contains(t, "already") || strings.Contains(t, "duplicate") || strings.Contains(t, "exists") || strings.Contains(t, "unique")
}
