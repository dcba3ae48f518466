package cryptochilltest

import (
	"net/http"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxfault"
)

// FaultKind is a way a request can go wrong; the kinds and their mechanics
// are shared by every coinsdk sandbox (internal/sandboxfault), the answers
// are CryptoChill's own.
type FaultKind = sandboxfault.Kind

// The injectable faults. Those "after the work" change state exactly as a successful request
// would, which is what makes a client's retry dangerous and its unknown-outcome handling
// necessary.
const (
	// FaultErrorAfterWork processes the request, then answers 500 in the error shape.
	FaultErrorAfterWork = sandboxfault.ErrorAfterWork
	// FaultTimeout does nothing and holds the connection until the client gives up (or 30
	// seconds pass, or the server closes), then closes it without an answer.
	FaultTimeout = sandboxfault.Timeout
	// FaultRateLimit answers 429 with a Retry-After header and reason RateLimitExceeded,
	// without doing the work.
	FaultRateLimit = sandboxfault.RateLimit
	// FaultMalformedBody processes the request, then answers 200 with the first half of the
	// JSON body, as a connection cut mid-answer would.
	FaultMalformedBody = sandboxfault.MalformedBody
	// FaultUnavailable answers 503 with reason ServiceUnavailable, without doing the work.
	FaultUnavailable = sandboxfault.Unavailable
)

// Fault describes which requests fail and how.
type Fault struct {
	// Method matches the HTTP method; "" matches any.
	Method string
	// Path matches the exact URL path, such as "/v1/payouts/"; "" matches any.
	Path string
	// Kind is what happens to matching requests.
	Kind FaultKind
	// Times is how many matching requests the fault hits; 0 means 1.
	Times int
	// RetryAfter is sent in the Retry-After header of FaultRateLimit, rounded up to whole
	// seconds; 0 means 1 second.
	RetryAfter time.Duration
}

// InjectFault arms f for the next matching requests. Faults are matched in the order they
// were injected, each request consumes at most one, and a fault with an unknown Kind is
// ignored.
func (s *Server) InjectFault(f Fault) {
	if f.Kind.Valid() {
		s.faults.Add(f, f.Times)
	}
}

// takeFault consumes one hit of the first fault that matches the request, if any.
func (s *Server) takeFault(method, path string) *Fault {
	f, ok := s.faults.Take(func(f Fault) bool {
		return (f.Method == "" || f.Method == method) && (f.Path == "" || f.Path == path)
	})
	if !ok {
		return nil
	}
	return &f
}

// rateLimited is the FaultRateLimit answer.
func rateLimited(f *Fault) reply {
	secs := sandboxfault.RetryAfterSeconds(f.RetryAfter)
	rep := errorReply(http.StatusTooManyRequests, reasonRateLimited, "Too many requests (injected fault); retry after "+secs+" seconds.")
	rep.header = http.Header{"Retry-After": {secs}}
	return rep
}

// truncated is the FaultMalformedBody answer: status 200 and half of the real body, which
// is never valid JSON for an object.
func truncated(rep reply) reply {
	body := rep.body[:len(rep.body)/2]
	if len(body) == 0 {
		body = []byte(`{"result": `)
	}
	return reply{status: http.StatusOK, body: body}
}

// hold is FaultTimeout: the connection is dropped without an answer; where it cannot be
// (HTTP/2, ServeHTTP called with a recorder) a gateway would answer 504, which is the
// closest thing to a dropped connection that can be written.
func (s *Server) hold(w http.ResponseWriter, r *http.Request) {
	if !sandboxfault.Hold(w, r, s.closing) {
		errorReply(http.StatusGatewayTimeout, reasonUnavailable, "Request timed out (injected fault).").write(w)
	}
}
