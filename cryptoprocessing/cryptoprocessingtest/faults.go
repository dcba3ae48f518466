package cryptoprocessingtest

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// FaultKind says how an injected fault breaks a request.
type FaultKind int

// The fault kinds. The ones "after the work" let a client see that a request
// it believes failed did happen, which is what foreign_id idempotency is for.
// They start at 1, as in cryptochilltest, so a zero Fault injects nothing
// rather than silently meaning the first kind.
const (
	// FaultErrorAfterWork does the work (state changes, callbacks) and then
	// answers 500 {"error":"Server error","code":"server_error"}.
	FaultErrorAfterWork FaultKind = iota + 1
	// FaultTimeout does no work and holds the connection until the client
	// gives up, the server closes, or 30 seconds pass (then the connection
	// is dropped without an answer).
	FaultTimeout
	// FaultRateLimit does no work and answers 429 with a plain-text (non-JSON)
	// body and a Retry-After header.
	FaultRateLimit
	// FaultMalformedBody does the work and answers 200 with the JSON body
	// cut in half.
	FaultMalformedBody
	// FaultUnavailable does no work and answers 503 with an HTML body, as a
	// load balancer would.
	FaultUnavailable
)

// String names the kind, for test output.
func (k FaultKind) String() string {
	switch k {
	case FaultErrorAfterWork:
		return "FaultErrorAfterWork"
	case FaultTimeout:
		return "FaultTimeout"
	case FaultRateLimit:
		return "FaultRateLimit"
	case FaultMalformedBody:
		return "FaultMalformedBody"
	case FaultUnavailable:
		return "FaultUnavailable"
	}
	return "FaultKind(" + strconv.Itoa(int(k)) + ")"
}

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

// timeoutHold is how long FaultTimeout holds a connection at most.
const timeoutHold = 30 * time.Second

// InjectFault queues a fault. Faults are consumed in the order injected by
// the next requests to a matching path that exists, before authentication.
func (s *Server) InjectFault(f Fault) {
	if f.Kind < FaultErrorAfterWork || f.Kind > FaultUnavailable {
		return // an unknown kind is ignored, as in cryptochilltest
	}
	if f.Times <= 0 {
		f.Times = 1
	}
	f.Path = strings.Trim(f.Path, "/")
	s.mu.Lock()
	s.faults = append(s.faults, &f)
	s.mu.Unlock()
}

// takeFault consumes one use of the first fault matching the route key.
func (s *Server) takeFault(key string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if f.Path != "" && f.Path != key {
			continue
		}
		f.Times--
		if f.Times <= 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		hit := *f
		return &hit
	}
	return nil
}

// retryAfterSeconds renders a duration as a Retry-After value.
func retryAfterSeconds(d time.Duration) string {
	return strconv.FormatInt(int64((d+time.Second-1)/time.Second), 10)
}

// faultBeforeWork handles the kinds that answer without doing anything and
// reports whether the request is done.
func (s *Server) faultBeforeWork(w http.ResponseWriter, r *http.Request, f *Fault) bool {
	switch f.Kind {
	case FaultTimeout:
		timer := time.NewTimer(timeoutHold)
		defer timer.Stop()
		select {
		case <-r.Context().Done():
		case <-s.closing:
		case <-timer.C:
		}
		// Drop the connection without an answer, as a dead upstream does.
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			_ = conn.Close()
		} else {
			writeReply(w, reply{status: http.StatusGatewayTimeout, body: []byte("Gateway Timeout"), contentType: "text/plain; charset=utf-8"})
		}
		return true
	case FaultRateLimit:
		ra := f.RetryAfter
		if ra <= 0 {
			ra = time.Second
		}
		writeReply(w, reply{status: http.StatusTooManyRequests, body: []byte(rateLimitBody),
			contentType: "text/plain; charset=utf-8", retryAfter: retryAfterSeconds(ra)})
		return true
	case FaultUnavailable:
		rep := reply{status: http.StatusServiceUnavailable, contentType: "text/html; charset=utf-8",
			body: []byte("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>")}
		if f.RetryAfter > 0 {
			rep.retryAfter = retryAfterSeconds(f.RetryAfter)
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
