package cryptoprocessingtest

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
)

// apiPrefix is where every endpoint lives, as on the provider's hosts.
const apiPrefix = "/api/v2/"

// maxBody bounds what the sandbox reads, so a hostile client cannot exhaust memory.
const maxBody = 1 << 20

// call is one authenticated request as seen by a handler, which runs with
// s.mu held.
type call struct {
	path string // route key, e.g. "withdrawal/crypto"
	arg  string // the invoice foreign_id in invoices/{foreign_id}/cancel/
	form *form
	now  time.Time
	out  []outgoing // callbacks to deliver once s.mu is released
}

// reply is a complete HTTP answer, built before anything is written so that
// faults can replace or truncate it after the work is done.
type reply struct {
	status      int
	body        []byte
	contentType string
	retryAfter  string
}

// handler serves one endpoint; it runs with s.mu held and must not block.
type handler func(s *Server, c *call) reply

// route binds an endpoint to its method and handler.
type route struct {
	method string
	h      handler
	noAuth bool
}

// routes lists the endpoints by their path under /api/v2/.
var routes = map[string]route{
	"ping":               {method: http.MethodGet, noAuth: true},
	"accounts/list":      {method: http.MethodPost, h: (*Server).accountsList},
	"currencies/list":    {method: http.MethodPost, h: (*Server).currenciesList},
	"currencies/pairs":   {method: http.MethodPost, h: (*Server).currenciesPairs},
	"addresses/take":     {method: http.MethodPost, h: (*Server).addressesTake},
	"withdrawal/crypto":  {method: http.MethodPost, h: (*Server).withdrawalCrypto},
	"exchange/calculate": {method: http.MethodPost, h: (*Server).exchangeCalculate},
	"exchange/fixed":     {method: http.MethodPost, h: (*Server).exchangeFixed},
	"exchange/now":       {method: http.MethodPost, h: (*Server).exchangeNow},
	"invoices/create":    {method: http.MethodPost, h: (*Server).invoicesCreate},
	"transactions/info":  {method: http.MethodGet, h: (*Server).transactionsInfo},
}

// cancelRoute serves invoices/{foreign_id}/cancel/, the one path with a parameter.
var cancelRoute = route{method: http.MethodPost, h: (*Server).invoicesCancel}

// findRoute resolves a path under /api/v2/ to its route, its key (used to
// match faults) and the path parameter.
func findRoute(escapedPath string) (route, string, string, bool) {
	key := strings.Trim(escapedPath, "/")
	if rt, ok := routes[key]; ok {
		return rt, key, "", true
	}
	parts := strings.Split(key, "/")
	if len(parts) == 3 && parts[0] == "invoices" && parts[2] == "cancel" && parts[1] != "" {
		id, err := url.PathUnescape(parts[1])
		if err != nil {
			return route{}, "", "", false
		}
		return cancelRoute, key, id, true
	}
	return route{}, "", "", false
}

// serveHTTP is the provider's handler inside the kit's middleware (request
// log, faults): route, authenticate, parse, run the handler under the lock,
// deliver callbacks, answer.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	escaped := r.URL.EscapedPath()
	if !strings.HasPrefix(escaped, apiPrefix) {
		writeReply(w, codeReply(http.StatusNotFound, "Not found", "not_found"))
		return
	}
	rt, key, arg, ok := findRoute(escaped[len(apiPrefix):])
	if !ok {
		writeReply(w, codeReply(http.StatusNotFound, "Not found", "not_found"))
		return
	}
	if r.Method != rt.method {
		w.Header().Set("Allow", rt.method)
		writeReply(w, codeReply(http.StatusMethodNotAllowed, "Method not allowed", "method_not_allowed"))
		return
	}

	if rt.noAuth { // ping
		writeReply(w, reply{status: http.StatusOK, body: []byte("OK"), contentType: "text/plain; charset=utf-8"})
		return
	}

	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			writeReply(w, codeReply(http.StatusRequestEntityTooLarge, "Request entity too large", "request_too_large"))
			return
		}
		writeReply(w, badContentFormat())
		return
	}
	if rep, ok := s.authenticate(r.Header, body); !ok {
		writeReply(w, rep)
		return
	}
	fields, ok := parseObject(body)
	if !ok {
		writeReply(w, badContentFormat())
		return
	}

	c := &call{path: key, arg: arg, form: newForm(fields)}
	s.mu.Lock()
	c.now = s.Now()
	s.expireDueLocked(c.now, &c.out)
	rep := rt.h(s, c)
	s.mu.Unlock()

	sandboxkit.DeliverAll(s.kit, c.out)
	writeReply(w, rep)
}

// kit converts rep to the shared kit's Reply.
func (rep reply) kit() sandboxkit.Reply {
	ct := rep.contentType
	if ct == "" {
		ct = "application/json"
	}
	h := http.Header{"Content-Type": {ct}}
	if rep.retryAfter != "" {
		h.Set("Retry-After", rep.retryAfter)
	}
	return sandboxkit.Reply{Status: rep.status, Header: h, Body: rep.body}
}

// writeReply sends a reply; write errors mean the client left, which is its business.
func writeReply(w http.ResponseWriter, rep reply) {
	rep.kit().Write(w)
}

// parseObject accepts only a JSON object, as the provider does ("{}" for
// parameterless calls); it keeps values raw so that numbers are never turned
// into floats and every field can be checked for its type.
func parseObject(body []byte) (map[string]json.RawMessage, bool) {
	trimmed := strings.TrimLeft(string(body), " \t\r\n")
	if !strings.HasPrefix(trimmed, "{") {
		return nil, false
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil || fields == nil {
		return nil, false
	}
	return fields, true
}

// jsonReply marshals v as the whole body.
func jsonReply(status int, v any) reply {
	b, err := json.Marshal(v)
	if err != nil {
		return codeReply(http.StatusInternalServerError, "Server error", "server_error")
	}
	return reply{status: status, body: b}
}

// dataReply wraps v in {"data": ...} like every provider success but transactions/info.
func dataReply(status int, v any) reply {
	return jsonReply(status, struct {
		Data any `json:"data"`
	}{v})
}

// errorsReply is the provider's validation shape {"errors": {field: message}}.
func errorsReply(status int, errs map[string]string) reply {
	return jsonReply(status, struct {
		Errors map[string]string `json:"errors"`
	}{errs})
}

// fieldError is errorsReply for a single field.
func fieldError(status int, field, msg string) reply {
	return errorsReply(status, map[string]string{field: msg})
}

// codeReply is the provider's {"error": ..., "code": ...} shape (403s, bad content).
func codeReply(status int, msg, code string) reply {
	return jsonReply(status, struct {
		Error string `json:"error"`
		Code  string `json:"code"`
	}{msg, code})
}

// badContentFormat answers a body that is not a JSON object.
func badContentFormat() reply {
	return codeReply(http.StatusBadRequest, "Bad content format", "bad_content_format")
}
