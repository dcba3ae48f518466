package cryptoprocessingtest

import (
	"net/http"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxfault"
)

// FaultKind says how an injected fault breaks a request; the kinds and their
// mechanics are shared by every coinsdk sandbox (internal/sandboxfault), the
// answers are CryptoProcessing's own.
type FaultKind = sandboxfault.Kind

// The fault kinds. The ones "after the work" let a client see that a request
// it believes failed did happen, which is what foreign_id idempotency is for.
const (
	// FaultErrorAfterWork does the work (state changes, callbacks) and then
	// answers 500 {"error":"Server error","code":"server_error"}.
	FaultErrorAfterWork = sandboxfault.ErrorAfterWork
	// FaultTimeout does no work and holds the connection until the client
	// gives up, the server closes, or 30 seconds pass (then the connection
	// is dropped without an answer).
	FaultTimeout = sandboxfault.Timeout
	// FaultRateLimit does no work and answers 429 with a plain-text (non-JSON)
	// body and a Retry-After header.
	FaultRateLimit = sandboxfault.RateLimit
	// FaultMalformedBody does the work and answers 200 with the JSON body
	// cut in half.
	FaultMalformedBody = sandboxfault.MalformedBody
	// FaultUnavailable does no work and answers 503 with an HTML body, as a
	// load balancer would.
	FaultUnavailable = sandboxfault.Unavailable
)

// Fault is an injected failure for the next matching requests.
type Fault struct {
	// Path is the endpoint under /api/v2/, e.g. "withdrawal/crypto" or
	// "invoices/INV-1/cancel"; "" matches every path, ping included.
	Path string
	// Kind says what goes wrong.
	Kind FaultKind
	// Times is how many requests the fault hits; 0 means 1.
	Times int
	// RetryAfter is sent as Retry-After (whole seconds, rounded up) with
	// FaultRateLimit (default 1s) and FaultUnavailable (omitted when 0).
	RetryAfter time.Duration
}

// InjectFault queues a fault. Faults are consumed in the order injected by
// the next requests to a matching path that exists, before authentication.
// A fault of an unknown kind is ignored.
func (s *Server) InjectFault(f Fault) {
	if !f.Kind.Valid() {
		return
	}
	f.Path = strings.Trim(f.Path, "/")
	s.faults.Add(f, f.Times)
}

// takeFault consumes one use of the first fault matching the route key.
func (s *Server) takeFault(key string) *Fault {
	f, ok := s.faults.Take(func(f Fault) bool { return f.Path == "" || f.Path == key })
	if !ok {
		return nil
	}
	return &f
}

// faultBeforeWork handles the kinds that answer without doing anything and
// reports whether the request is done.
func (s *Server) faultBeforeWork(w http.ResponseWriter, r *http.Request, f *Fault) bool {
	switch f.Kind {
	case FaultTimeout:
		// Drop the connection without an answer, as a dead upstream does.
		if !sandboxfault.Hold(w, r, s.closing) {
			writeReply(w, reply{status: http.StatusGatewayTimeout, body: []byte("Gateway Timeout"), contentType: "text/plain; charset=utf-8"})
		}
		return true
	case FaultRateLimit:
		writeReply(w, reply{status: http.StatusTooManyRequests, body: []byte(rateLimitBody),
			contentType: "text/plain; charset=utf-8", retryAfter: sandboxfault.RetryAfterSeconds(f.RetryAfter)})
		return true
	case FaultUnavailable:
		rep := reply{status: http.StatusServiceUnavailable, contentType: "text/html; charset=utf-8",
			body: []byte("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>")}
		if f.RetryAfter > 0 {
			rep.retryAfter = sandboxfault.RetryAfterSeconds(f.RetryAfter)
		}
		writeReply(w, rep)
		return true
	}
	return false
}

// faultAfterWork replaces the reply of a request whose work is already done.
func faultAfterWork(f *Fault, rep reply) reply {
	switch f.Kind {
	case FaultErrorAfterWork:
		return codeReply(http.StatusInternalServerError, "Server error", "server_error")
	case FaultMalformedBody:
		cut := rep.body[:len(rep.body)/2]
		return reply{status: http.StatusOK, body: cut, contentType: "application/json"}
	}
	return rep
}
