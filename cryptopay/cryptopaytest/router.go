package cryptopaytest

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
)

// maxBody bounds what the sandbox reads of a request body.
const maxBody = 1 << 20

// call is one authenticated request as a handler sees it; handlers run with
// s.mu held and must not block.
type call struct {
	r     *http.Request
	args  map[string]string // path parameters by name
	query url.Values
	p     *params
	now   time.Time
	out   []sandboxkit.Notification // callbacks to deliver once s.mu is released
}

// handler serves one endpoint.
type handler func(s *Server, c *call) sandboxkit.Reply

// route is an endpoint: a method and a pattern of segments where "{name}"
// matches one path segment.
type route struct {
	method  string
	pattern string
	h       handler
	segs    []string
}

// routes lists every endpoint of the notes' resource table (the withdrawn
// risks endpoint excepted).
var routes = func() []*route {
	rs := []*route{
		{method: "GET", pattern: "/api/accounts", h: (*Server).listAccounts},
		{method: "GET", pattern: "/api/accounts/{id}/transactions", h: (*Server).listAccountTransactions},

		{method: "POST", pattern: "/api/channels", h: (*Server).createChannel},
		{method: "GET", pattern: "/api/channels", h: (*Server).listChannels},
		{method: "GET", pattern: "/api/channels/{id}", h: (*Server).getChannel},
		{method: "PATCH", pattern: "/api/channels/{id}", h: (*Server).updateChannel},
		{method: "GET", pattern: "/api/channels/custom_id/{custom_id}", h: (*Server).getChannel},
		{method: "GET", pattern: "/api/channels/{id}/payments", h: (*Server).listChannelPayments},
		{method: "GET", pattern: "/api/channels/{id}/payments/{payment_id}", h: (*Server).getChannelPayment},

		{method: "POST", pattern: "/api/coin_withdrawals", h: (*Server).createWithdrawal},
		{method: "GET", pattern: "/api/coin_withdrawals", h: (*Server).listWithdrawals},
		{method: "GET", pattern: "/api/coin_withdrawals/network_fees", h: (*Server).networkFees},
		{method: "GET", pattern: "/api/coin_withdrawals/{id}", h: (*Server).getWithdrawal},
		{method: "POST", pattern: "/api/coin_withdrawals/{id}/commit", h: (*Server).commitWithdrawal},
		{method: "GET", pattern: "/api/coin_withdrawals/custom_id/{custom_id}", h: (*Server).getWithdrawal},

		{method: "GET", pattern: "/api/coins", h: (*Server).listCoins},

		{method: "POST", pattern: "/api/customers", h: (*Server).createCustomer},
		{method: "GET", pattern: "/api/customers", h: (*Server).listCustomers},
		{method: "GET", pattern: "/api/customers/{id}", h: (*Server).getCustomer},
		{method: "PATCH", pattern: "/api/customers/{id}", h: (*Server).updateCustomer},

		{method: "POST", pattern: "/api/exchange_transfers", h: (*Server).createTransfer},
		{method: "GET", pattern: "/api/exchange_transfers/{id}", h: (*Server).getTransfer},
		{method: "POST", pattern: "/api/exchange_transfers/{id}/commit", h: (*Server).commitTransfer},

		{method: "POST", pattern: "/api/invoices", h: (*Server).createInvoice},
		{method: "GET", pattern: "/api/invoices", h: (*Server).listInvoices},
		{method: "GET", pattern: "/api/invoices/{id}", h: (*Server).getInvoice},
		{method: "GET", pattern: "/api/invoices/custom_id/{custom_id}", h: (*Server).getInvoice},
		{method: "POST", pattern: "/api/invoices/{id}/recalculations", h: (*Server).createRecalculation},
		{method: "POST", pattern: "/api/invoices/{id}/recalculations/{recalculation_id}/commit", h: (*Server).commitRecalculation},
		{method: "POST", pattern: "/api/invoices/{id}/refunds", h: (*Server).createRefund},
		{method: "GET", pattern: "/api/invoices/{id}/refunds", h: (*Server).listRefunds},

		{method: "GET", pattern: "/api/rates", h: (*Server).listRates},
		{method: "GET", pattern: "/api/rates/{base}/{quote}", h: (*Server).getRate},
		{method: "GET", pattern: "/api/rates/{pair}", h: (*Server).getRate},

		{method: "POST", pattern: "/api/subscriptions", h: (*Server).createSubscription},
		{method: "GET", pattern: "/api/subscriptions", h: (*Server).listSubscriptions},
		{method: "GET", pattern: "/api/subscriptions/{id}", h: (*Server).getSubscription},
		{method: "GET", pattern: "/api/subscriptions/custom_id/{custom_id}", h: (*Server).getSubscription},
		{method: "POST", pattern: "/api/subscriptions/{id}/cancel", h: (*Server).cancelSubscription},

		{method: "GET", pattern: "/api/transactions", h: (*Server).listTransactions},
	}
	for _, r := range rs {
		r.segs = strings.Split(strings.Trim(r.pattern, "/"), "/")
	}
	return rs
}()

// match finds the route for a path: the one with the most literal segments
// among those that fit, so /api/coin_withdrawals/network_fees beats
// /api/coin_withdrawals/{id}. pathFits is true when some route fits the path
// with another method (405).
func match(method, escapedPath string) (rt *route, args map[string]string, pathFits bool) {
	segs := strings.Split(strings.Trim(escapedPath, "/"), "/")
	best := -1
	for _, r := range routes {
		if len(r.segs) != len(segs) {
			continue
		}
		score, ok := 0, true
		var a map[string]string
		for i, p := range r.segs {
			if strings.HasPrefix(p, "{") {
				v, err := url.PathUnescape(segs[i])
				if err != nil || v == "" {
					ok = false
					break
				}
				if a == nil {
					a = map[string]string{}
				}
				a[strings.Trim(p, "{}")] = v
				continue
			}
			if p != segs[i] {
				ok = false
				break
			}
			score++
		}
		if !ok {
			continue
		}
		pathFits = true
		if r.method == method && score > best {
			rt, args, best = r, a, score
		}
	}
	return rt, args, pathFits
}

// faultKey lets a Fault.Path name a route pattern
// ("/api/coin_withdrawals/{id}/commit") as well as a concrete path.
func faultKey(r *http.Request) (string, bool) {
	rt, _, _ := match(r.Method, r.URL.EscapedPath())
	if rt == nil {
		return r.URL.Path, true
	}
	return rt.pattern, true
}

// serve is the sandbox's handler behind the kit's middleware (request log,
// faults): route, read, authenticate, rate-limit, run the handler under the
// lock, deliver callbacks, answer.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.handle(w, r).Write(w)
}

func (s *Server) handle(w http.ResponseWriter, r *http.Request) sandboxkit.Reply {
	rt, args, fits := match(r.Method, r.URL.EscapedPath())
	if rt == nil {
		if fits {
			return errReply(http.StatusMethodNotAllowed, "method_not_allowed", "Method not allowed")
		}
		return errReply(http.StatusNotFound, "not_found", "Not found")
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return errReply(http.StatusRequestEntityTooLarge, "request_too_large", "Request entity too large")
		}
		return errReply(http.StatusBadRequest, "bad_request", "The request body could not be read")
	}
	now := s.Now()
	if why := s.authenticate(r, body, now); why != "" {
		return errReply(http.StatusUnauthorized, "unauthenticated", "Authentication failed: "+string(why))
	}
	if wait, limited := s.rateLimit(now); limited {
		return rateLimited(wait)
	}
	s.mu.Lock()
	forbidden := s.st.forbidden
	s.mu.Unlock()
	switch forbidden {
	case "":
	case "ip_not_allowed":
		return errReply(http.StatusForbidden, "ip_not_allowed", "Your IP address is not allowed to access the API")
	default:
		return errReply(http.StatusForbidden, forbidden, "You are not authorized to perform this action")
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return errReply(http.StatusBadRequest, "bad_request", "The query string is malformed")
	}
	p, ok := parseParams(body)
	if !ok {
		return errReply(http.StatusBadRequest, "bad_request", "The request body is not a JSON object")
	}
	c := &call{r: r, args: args, query: q, p: p, now: now}
	s.mu.Lock()
	s.sweepLocked(now, &c.out)
	rep := rt.h(s, c)
	s.mu.Unlock()
	sandboxkit.DeliverAll(s.kit, c.out)
	return rep
}

// rateLimit counts an authenticated call against Options.RateLimitPerMinute
// on the sandbox clock and reports how long to wait when over the limit.
func (s *Server) rateLimit(now time.Time) (time.Duration, bool) {
	if s.opts.RateLimitPerMinute <= 0 {
		return 0, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	cut := now.Add(-time.Minute)
	keep := s.st.calls[:0]
	for _, t := range s.st.calls {
		if t.After(cut) {
			keep = append(keep, t)
		}
	}
	s.st.calls = keep
	if len(keep) >= s.opts.RateLimitPerMinute {
		return keep[0].Sub(cut), true
	}
	s.st.calls = append(s.st.calls, now)
	return 0, false
}

// pageOf cuts one page out of items (newest first) after the item whose id
// is the starting_after query parameter.
func pageOf[T any](s *Server, c *call, items []T, id func(T) string) ([]T, listMeta, *sandboxkit.Reply) {
	start := 0
	if after := c.query.Get("starting_after"); after != "" {
		start = -1
		for i, it := range items {
			if id(it) == after {
				start = i + 1
				break
			}
		}
		if start < 0 {
			rep := invalid(detail{Code: "not_found", Target: "starting_after", Message: "object " + after + " not found"})
			return nil, listMeta{}, &rep
		}
	}
	end := min(start+s.opts.PageSize, len(items))
	out := append([]T{}, items[start:end]...)
	return out, listMeta{Total: len(items), HasMore: end < len(items)}, nil
}

// listOf answers a filtered list page of views.
func listOf[T, V any](s *Server, c *call, items []T, keep func(T) bool, id func(T) string, view func(T) V) sandboxkit.Reply {
	page, meta, bad := pageOf(s, c, sandboxkit.NewestFirst(items, keep), id)
	if bad != nil {
		return *bad
	}
	return listReply(sandboxkit.Views(page, view), meta)
}
