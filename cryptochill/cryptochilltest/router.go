package cryptochilltest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// apiRequest is an authenticated request as the handlers see it.
type apiRequest struct {
	method  string
	query   url.Values
	payload map[string]any
	id      string // the <ID> or <SYMBOL> path segment, if the route has one
	role    keyRole
}

// filter returns a GET filter. The documentation names them as query parameters while its
// reference code can only send them inside the signed payload, so the query wins when present
// and the payload is the fallback.
func (q *apiRequest) filter(name string) string {
	if vs, ok := q.query[name]; ok && len(vs) > 0 {
		return vs[0]
	}
	switch v := q.payload[name].(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	}
	return ""
}

// handlerFunc answers one method of one route. It is called without s.mu held.
type handlerFunc func(s *Server, q *apiRequest) reply

// route is one path pattern with its methods.
type route struct {
	name    string
	methods map[string]handlerFunc
}

// approverRoutes are the only routes the approve-only key may use: it must see payouts to
// approve them, and nothing else.
var approverRoutes = map[string]bool{"payouts": true, "payout": true, "payout-confirmations": true}

// serve is the provider's handler inside the kit's middleware (request log, faults).
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.handle(r).kit().Write(w)
}

// handle routes, authenticates and dispatches. Unknown paths answer 404 before
// authentication (URL resolution comes first on the provider, as on most web frameworks);
// a known path with a wrong method answers 405 after it.
func (s *Server) handle(r *http.Request) reply {
	rt, id, ok := matchRoute(r.URL.Path)
	if !ok {
		return errorReply(http.StatusNotFound, reasonNotFound, "The specified endpoint could not be found.")
	}
	role, payload, fail := s.authenticate(r)
	if fail != nil {
		return *fail
	}
	h, ok := rt.methods[r.Method]
	if !ok {
		allowed := make([]string, 0, len(rt.methods))
		for m := range rt.methods {
			allowed = append(allowed, m)
		}
		sort.Strings(allowed)
		rep := errorReply(http.StatusMethodNotAllowed, reasonMethodNotAllowed, "Method \""+r.Method+"\" not allowed.")
		rep.header = http.Header{"Allow": {strings.Join(allowed, ", ")}}
		return rep
	}
	if role == roleApprover && !approverRoutes[rt.name] {
		return errorReply(http.StatusForbidden, reasonPermissionDenied, "This API key only has the Approve permission.")
	}
	q := &apiRequest{method: r.Method, query: r.URL.Query(), payload: payload, id: id, role: role}
	return h(s, q)
}

// matchRoute maps a path to its route. Paths are "/v1/" + segments + "/"; anything else,
// including a missing trailing slash or an empty segment, is unknown.
func matchRoute(path string) (route, string, bool) {
	if !strings.HasPrefix(path, "/v1/") || !strings.HasSuffix(path, "/") || len(path) <= len("/v1/") {
		return route{}, "", false
	}
	segs := strings.Split(strings.TrimSuffix(strings.TrimPrefix(path, "/v1/"), "/"), "/")
	for _, seg := range segs {
		if seg == "" {
			return route{}, "", false
		}
	}
	get := http.MethodGet
	post := http.MethodPost
	put := http.MethodPut
	switch {
	case len(segs) == 2 && segs[0] == "account" && segs[1] == "settings":
		return route{"account", map[string]handlerFunc{get: (*Server).getAccount}}, "", true
	case len(segs) > 2:
		return route{}, "", false
	}
	one := len(segs) == 1
	id := ""
	if !one {
		id = segs[1]
	}
	switch segs[0] {
	case "invoices":
		if one {
			return route{"invoices", map[string]handlerFunc{get: (*Server).listInvoices, post: (*Server).createInvoice}}, "", true
		}
		return route{"invoice", map[string]handlerFunc{get: (*Server).getInvoice}}, id, true
	case "transactions":
		if one {
			return route{"transactions", map[string]handlerFunc{get: (*Server).listTransactions}}, "", true
		}
		if id == "confirmations" {
			return route{"transaction-confirmations", map[string]handlerFunc{post: (*Server).transactionConfirmations}}, "", true
		}
		return route{"transaction", map[string]handlerFunc{get: (*Server).getTransaction}}, id, true
	case "payouts":
		if one {
			return route{"payouts", map[string]handlerFunc{get: (*Server).listPayouts, post: (*Server).createPayout}}, "", true
		}
		if id == "confirmations" {
			return route{"payout-confirmations", map[string]handlerFunc{post: (*Server).payoutConfirmations}}, "", true
		}
		return route{"payout", map[string]handlerFunc{get: (*Server).getPayout, put: (*Server).approvePayout}}, id, true
	case "conversions":
		return conversions.routes("conversions", "conversion", one, id)
	case "automatic-payouts":
		return autoPayouts.routes("automatic-payouts", "automatic-payout", one, id)
	case "automatic-conversions":
		return autoConversions.routes("automatic-conversions", "automatic-conversion", one, id)
	case "profiles":
		if one {
			return route{"profiles", map[string]handlerFunc{get: (*Server).listProfiles}}, "", true
		}
		return route{"profile", map[string]handlerFunc{get: (*Server).getProfile}}, id, true
	case "wallets":
		if one {
			return route{"wallets", map[string]handlerFunc{get: (*Server).listWallets}}, "", true
		}
		return route{"wallet", map[string]handlerFunc{get: (*Server).getWallet}}, id, true
	case "exchange-rates":
		if one {
			return route{"exchange-rates", map[string]handlerFunc{get: (*Server).listRates}}, "", true
		}
		return route{"exchange-rate", map[string]handlerFunc{get: (*Server).getRate}}, id, true
	}
	return route{}, "", false
}
