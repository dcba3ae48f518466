package cryptochilltest

import (
	"net/http"
	"strconv"
	"time"
)

// FaultKind is a way a request can go wrong.
type FaultKind int

// The injectable faults. Those "after the work" change state exactly as a successful request
// would, which is what makes a client's retry dangerous and its unknown-outcome handling
// necessary.
const (
	// FaultErrorAfterWork processes the request, then answers 500 in the error shape.
	FaultErrorAfterWork FaultKind = iota + 1
	// FaultTimeout does nothing and holds the connection until the client gives up (or 30
	// seconds pass, or the server closes), then closes it without an answer.
	FaultTimeout
	// FaultRateLimit answers 429 with a Retry-After header and reason RateLimitExceeded,
	// without doing the work.
	FaultRateLimit
	// FaultMalformedBody processes the request, then answers 200 with the first half of the
	// JSON body, as a connection cut mid-answer would.
	FaultMalformedBody
	// FaultUnavailable answers 503 with reason ServiceUnavailable, without doing the work.
	FaultUnavailable
)

// String names the fault kind.
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

// faultEntry is an injected fault with its remaining hits.
type faultEntry struct {
	Fault
	left int
}

// holdLimit is how long FaultTimeout holds a connection at most.
const holdLimit = 30 * time.Second

// InjectFault arms f for the next matching requests. Faults are matched in the order they
// were injected, each request consumes at most one, and a fault with an unknown Kind is
// ignored.
func (s *Server) InjectFault(f Fault) {
	if f.Kind < FaultErrorAfterWork || f.Kind > FaultUnavailable {
		return
	}
	left := f.Times
	if left <= 0 {
		left = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.faults = append(s.st.faults, &faultEntry{Fault: f, left: left})
}

// takeFault consumes one hit of the first fault that matches the request, if any.
func (s *Server) takeFault(method, path string) *Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, fe := range s.st.faults {
		if (fe.Method == "" || fe.Method == method) && (fe.Path == "" || fe.Path == path) {
			fe.left--
			if fe.left <= 0 {
				s.st.faults = append(s.st.faults[:i], s.st.faults[i+1:]...)
			}
			f := fe.Fault
			return &f
		}
	}
	return nil
}

// rateLimited is the FaultRateLimit answer.
func rateLimited(f *Fault) reply {
	secs := int64(1)
	if f.RetryAfter > 0 {
		secs = int64((f.RetryAfter + time.Second - 1) / time.Second)
	}
	rep := errorReply(http.StatusTooManyRequests, reasonRateLimited, "Too many requests (injected fault); retry after "+strconv.FormatInt(secs, 10)+" seconds.")
	rep.header = http.Header{"Retry-After": {strconv.FormatInt(secs, 10)}}
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

// hold is FaultTimeout: wait for the client to give up, the server to close, or the limit,
// then drop the connection without writing anything.
func (s *Server) hold(w http.ResponseWriter, r *http.Request) {
	timer := time.NewTimer(holdLimit)
	defer timer.Stop()
	select {
	case <-r.Context().Done():
		return // the client is gone; there is no one to answer
	case <-s.closing:
	case <-timer.C:
	}
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	// Not hijackable (HTTP/2, or ServeHTTP called with a recorder): a gateway would answer
	// 504 here, which is the closest thing to a dropped connection that can be written.
	errorReply(http.StatusGatewayTimeout, reasonUnavailable, "Request timed out (injected fault).").write(w)
}
