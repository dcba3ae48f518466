package cryptopaytest

import (
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/shopspring/decimal"
)

// amount is a decimal written as the provider writes amounts: a JSON string
// with at least one decimal place ("100.0", "0.00103102").
type amount decimal.Decimal

// MarshalJSON implements json.Marshaler.
func (a amount) MarshalJSON() ([]byte, error) {
	s := decimal.Decimal(a).String()
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return []byte(`"` + s + `"`), nil
}

// amt builds an amount for a view.
func amt(d decimal.Decimal) amount { return amount(d) }

// optAmt is an amount, or null for zero (a field the provider sends as null
// when it has no value).
func optAmt(d decimal.Decimal) *amount {
	if d.IsZero() {
		return nil
	}
	a := amount(d)
	return &a
}

// stamp is a timestamp written "2019-06-25T09:10:35+00:00" (zulu false) or
// "2019-05-02T12:08:46Z" (zulu true): the provider uses both.
type stamp struct {
	t    time.Time
	zulu bool
}

// MarshalJSON implements json.Marshaler.
func (s stamp) MarshalJSON() ([]byte, error) {
	layout := "2006-01-02T15:04:05-07:00"
	if s.zulu {
		layout = "2006-01-02T15:04:05Z"
	}
	return []byte(`"` + s.t.UTC().Format(layout) + `"`), nil
}

// at and atZ build stamps; optAt gives null for the zero time.
func at(t time.Time) stamp  { return stamp{t: t} }
func atZ(t time.Time) stamp { return stamp{t: t, zulu: true} }
func optAt(t time.Time) *stamp {
	if t.IsZero() {
		return nil
	}
	return &stamp{t: t}
}

// optStr is null for "".
func optStr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// detail is one entry of an error's details: the field (target) and why.
type detail struct {
	Code    string         `json:"code"`
	Target  string         `json:"target"`
	Message string         `json:"message"`
	Args    map[string]any `json:"args"`
}

// errorBody is the provider's error shape.
type errorBody struct {
	Error struct {
		Code    string   `json:"code"`
		Message string   `json:"message"`
		Details []detail `json:"details"`
	} `json:"error"`
	Meta struct {
		RequestID string `json:"request_id"`
	} `json:"meta"`
}

// errReply answers {"error":{code,message,details},"meta":{request_id}} with
// a fresh request id, also sent as X-Request-Id.
func errReply(status int, code, message string, details ...detail) sandboxkit.Reply {
	var b errorBody
	b.Error.Code, b.Error.Message = code, message
	b.Error.Details = details
	if b.Error.Details == nil {
		b.Error.Details = []detail{}
	}
	for i := range b.Error.Details {
		if b.Error.Details[i].Args == nil {
			b.Error.Details[i].Args = map[string]any{}
		}
	}
	b.Meta.RequestID = sandboxkit.RandomHex(16)
	rep := sandboxkit.JSON(status, b)
	rep.Header.Set("X-Request-Id", b.Meta.RequestID)
	return rep
}

// invalid is the provider's 422 validation answer.
func invalid(details ...detail) sandboxkit.Reply {
	return errReply(http.StatusUnprocessableEntity, "invalid", "invalid", details...)
}

// notFound is the provider's 404.
func notFound(what string) sandboxkit.Reply {
	return errReply(http.StatusNotFound, "not_found", what+" not found")
}

// refused ends a create's checks: the parameters' own failures first (the
// provider's 422), then a custom_id already taken in byCustom; ok is false
// when the create may go on.
func refused[T any](s *Server, p *params, customID string, byCustom map[string]*T) (rep sandboxkit.Reply, ok bool) {
	if !p.ok() {
		return p.reply(), true
	}
	if customID != "" && byCustom[customID] != nil {
		return s.duplicateCustomID(), true
	}
	return sandboxkit.Reply{}, false
}

// checkCustomer fails p when customerID is set and names no customer.
func (s *Server) checkCustomer(p *params, customerID string) {
	if customerID != "" && s.st.customerByID[customerID] == nil {
		p.fail("not_found", "customer_id", "customer not found", nil)
	}
}

// getOne answers a GET of one object, as view renders it: by its custom_id
// (in byCustom) on a route with a {custom_id} argument, else by its id (in
// byID); the provider's 404 naming what when there is none. A resource's
// GET and GET-by-custom_id routes are one handler.
func getOne[T, V any](c *call, byID, byCustom map[string]*T, what string, view func(*T) V) sandboxkit.Reply {
	var x *T
	if customID, ok := c.args["custom_id"]; ok {
		x = byCustom[customID]
	} else {
		x = byID[c.args["id"]]
	}
	if x == nil {
		return notFound(what)
	}
	return dataReply(http.StatusOK, view(x))
}

// store keeps a created object x in the list and under its id and, when
// it has one, its custom_id: the create routes of every resource end so.
func store[T any](list *[]*T, byID, byCustom map[string]*T, x *T, id, customID string) {
	*list = append(*list, x)
	byID[id] = x
	if customID != "" {
		byCustom[customID] = x
	}
}

// toCommit finds the quote a commit route names (its id argument) in byID;
// ok is false, with the answer, when there is none (404 naming what, as
// "Coin withdrawal"), when it expired, or when it is no longer new.
// Withdrawals and exchange transfers share the rule; state reads a quote's
// expiry and status.
func toCommit[T any](c *call, byID map[string]*T, what string, state func(*T) (expired bool, status string)) (x *T, rep sandboxkit.Reply, ok bool) {
	x = byID[c.args["id"]]
	if x == nil {
		return nil, notFound(what), false
	}
	lower := strings.ToLower(what)
	switch expired, status := state(x); {
	case expired:
		return nil, errReply(http.StatusUnprocessableEntity, "expired", "The "+lower+" was not committed within 30 seconds and has expired"), false
	case status != "new":
		return nil, invalid(detail{Code: "invalid", Target: "status", Message: "the " + lower + " is already committed", Args: map[string]any{"status": status}}), false
	}
	return x, sandboxkit.Reply{}, true
}

// dataReply wraps v as {"data": v}.
func dataReply(status int, v any) sandboxkit.Reply {
	return sandboxkit.JSON(status, struct {
		Data any `json:"data"`
	}{v})
}

// listMeta is a list's meta.
type listMeta struct {
	Total   int  `json:"total"`
	HasMore bool `json:"has_more"`
}

// listReply is {"data": [...], "meta": {"total", "has_more"}}.
func listReply(items any, meta listMeta) sandboxkit.Reply {
	return sandboxkit.JSON(http.StatusOK, struct {
		Data any      `json:"data"`
		Meta listMeta `json:"meta"`
	}{items, meta})
}

// faultReply is what an injected fault answers, in the provider's shapes:
// 500 after the work, 429 with Retry-After, 503 maintenance, and 504 when a
// held connection cannot be dropped.
func faultReply(f sandboxkit.Fault) sandboxkit.Reply {
	switch f.Kind {
	case sandboxkit.RateLimit:
		rep := rateLimited(f.RetryAfter)
		return rep
	case sandboxkit.Unavailable:
		rep := errReply(http.StatusServiceUnavailable, "maintenance", "The service is under maintenance, please try again later")
		if f.RetryAfter > 0 {
			rep.Header.Set("Retry-After", sandboxkit.RetryAfterSeconds(f.RetryAfter))
		}
		return rep
	case sandboxkit.Timeout:
		return errReply(http.StatusGatewayTimeout, "gateway_timeout", "Gateway timeout")
	}
	return errReply(http.StatusInternalServerError, "internal_server_error", "Internal server error")
}

// rateLimited is the 429 answer, with Retry-After.
func rateLimited(after time.Duration) sandboxkit.Reply {
	rep := errReply(http.StatusTooManyRequests, "too_many_requests", "Rate limit exceeded: 200 requests per minute")
	rep.Header.Set("Retry-After", sandboxkit.RetryAfterSeconds(after))
	return rep
}

// mustJSON encodes one of the sandbox's own views; they always encode.
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		return []byte("null")
	}
	return b
}
