package sandboxkit

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// FaultKind is a way a request can go wrong. Kinds start at 1, so a zero
// FaultKind arms nothing rather than silently meaning the first one.
type FaultKind int

// The kinds. Those "after the work" change state exactly as a successful
// request would, which is what makes a client's blind retry dangerous and its
// unknown-outcome handling necessary.
const (
	// ErrorAfterWork does the work, then answers 500 (Config.FaultReply).
	ErrorAfterWork FaultKind = iota + 1
	// Timeout does nothing and holds the connection until the client gives
	// up, the server closes or HoldLimit passes, then drops it unanswered.
	Timeout
	// RateLimit answers 429 with Retry-After, without doing the work.
	RateLimit
	// MalformedBody does the work, then answers 200 with half the body.
	MalformedBody
	// Unavailable answers 503, without doing the work.
	Unavailable
)

// String names the kind as the sandboxes export it ("FaultTimeout").
func (k FaultKind) String() string {
	switch k {
	case ErrorAfterWork:
		return "FaultErrorAfterWork"
	case Timeout:
		return "FaultTimeout"
	case RateLimit:
		return "FaultRateLimit"
	case MalformedBody:
		return "FaultMalformedBody"
	case Unavailable:
		return "FaultUnavailable"
	}
	return "FaultKind(" + strconv.Itoa(int(k)) + ")"
}

// Valid reports whether k is one of the kinds above.
func (k FaultKind) Valid() bool { return k >= ErrorAfterWork && k <= Unavailable }

// Fault describes which requests fail and how.
type Fault struct {
	// Method matches the HTTP method; "" matches any.
	Method string
	// Path matches the URL path, or the key the provider gives the request
	// (Config.FaultKey), ignoring leading and trailing slashes; "" matches any.
	Path string
	// Kind is what happens to matching requests.
	Kind FaultKind
	// Times is how many matching requests the fault hits; 0 means 1.
	Times int
	// RetryAfter is sent as Retry-After (whole seconds, rounded up) with
	// RateLimit (0 means 1 second) and, when set, with Unavailable.
	RetryAfter time.Duration
}

// String describes the fault for test failures: "FaultTimeout POST /v1/payouts/".
func (f Fault) String() string {
	m, p := f.Method, f.Path
	if m == "" {
		m = "*"
	}
	if p == "" {
		p = "*"
	}
	return f.Kind.String() + " " + m + " " + p
}

// FaultStatus is an injected fault with what became of it.
type FaultStatus struct {
	Fault
	// Hits is how many requests it failed so far.
	Hits int
	// Remaining is how many more it will fail; 0 once used up.
	Remaining int
}

// String is the fault with its counts: "FaultTimeout POST /v1/payouts/ (hits 0, remaining 1)".
func (s FaultStatus) String() string {
	return fmt.Sprintf("%s (hits %d, remaining %d)", s.Fault, s.Hits, s.Remaining)
}

type armedFault struct {
	f          Fault
	hits, left int
}

// InjectFault arms f for the next f.Times matching requests. Faults are
// matched in the order injected and a request consumes at most one. A fault
// of an unknown Kind is not armed, and is listed by Faults with Remaining 0
// so the mistake shows.
func (k *Kit) InjectFault(f Fault) {
	left := max(f.Times, 1)
	if !f.Kind.Valid() {
		left = 0
	}
	k.mu.Lock()
	k.faults = append(k.faults, &armedFault{f: f, left: left})
	k.mu.Unlock()
}

// ClearFaults disarms and forgets every fault.
func (k *Kit) ClearFaults() {
	k.mu.Lock()
	k.faults = nil
	k.mu.Unlock()
}

// Faults lists every fault injected since the last ClearFaults, in the order
// injected, used up or not, with its Hits and Remaining.
func (k *Kit) Faults() []FaultStatus {
	k.mu.Lock()
	defer k.mu.Unlock()
	out := make([]FaultStatus, len(k.faults))
	for i, a := range k.faults {
		out[i] = FaultStatus{Fault: a.f, Hits: a.hits, Remaining: a.left}
	}
	return out
}

// VerifyFaults returns an error naming every fault still armed (Remaining >
// 0), or nil. Call it at the end of a scenario so a fault the scenario never
// reached does not wait to break a later one.
func (k *Kit) VerifyFaults() error {
	var armed []string
	for _, s := range k.Faults() {
		if s.Remaining > 0 {
			armed = append(armed, s.String())
		}
	}
	if len(armed) == 0 {
		return nil
	}
	return fmt.Errorf("%s: %d fault(s) still armed: %s", k.cfg.Name, len(armed), strings.Join(armed, "; "))
}

// takeFault consumes one hit of the first armed fault that matches.
func (k *Kit) takeFault(r *http.Request) (Fault, bool) {
	key := r.URL.Path
	if k.cfg.FaultKey != nil {
		var ok bool
		if key, ok = k.cfg.FaultKey(r); !ok {
			return Fault{}, false
		}
	}
	path := strings.Trim(r.URL.Path, "/")
	key = strings.Trim(key, "/")
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, a := range k.faults {
		if a.left <= 0 {
			continue
		}
		if a.f.Method != "" && a.f.Method != r.Method {
			continue
		}
		if p := strings.Trim(a.f.Path, "/"); a.f.Path != "" && p != path && p != key {
			continue
		}
		a.left--
		a.hits++
		return a.f, true
	}
	return Fault{}, false
}

// HoldLimit is how long a Timeout fault holds a connection at most.
const HoldLimit = 30 * time.Second

// Hold is the Timeout fault: it waits until the client gives up, closing is
// closed or HoldLimit passes, then drops the connection without an answer.
// It reports false when the connection could not be taken over (HTTP/2, a
// recorder); the caller then answers 504, the nearest thing to a dropped
// connection that can be written.
func Hold(w http.ResponseWriter, r *http.Request, closing <-chan struct{}) bool {
	timer := time.NewTimer(HoldLimit)
	defer timer.Stop()
	select {
	case <-r.Context().Done():
		return true // the client is gone; there is no one to answer
	case <-closing:
	case <-timer.C:
	}
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return false
	}
	_ = conn.Close()
	return true
}

// RetryAfterSeconds renders d as a Retry-After value: whole seconds, rounded
// up, at least 1.
func RetryAfterSeconds(d time.Duration) string {
	return strconv.FormatInt(max(int64((d+time.Second-1)/time.Second), 1), 10)
}

// DefaultFaultReply is a plain-text answer for each kind, for a provider
// without error shapes of its own: 500, 429 with Retry-After, 503 (with
// Retry-After when RetryAfter is set) and 504.
func DefaultFaultReply(f Fault) Reply {
	text := func(status int, msg string) Reply {
		return Reply{Status: status, Body: []byte(msg), Header: http.Header{"Content-Type": {"text/plain; charset=utf-8"}}}
	}
	switch f.Kind {
	case RateLimit:
		rep := text(http.StatusTooManyRequests, "Too Many Requests")
		rep.Header.Set("Retry-After", RetryAfterSeconds(f.RetryAfter))
		return rep
	case Unavailable:
		rep := text(http.StatusServiceUnavailable, "Service Unavailable")
		if f.RetryAfter > 0 {
			rep.Header.Set("Retry-After", RetryAfterSeconds(f.RetryAfter))
		}
		return rep
	case Timeout:
		return text(http.StatusGatewayTimeout, "Gateway Timeout")
	}
	return text(http.StatusInternalServerError, "Internal Server Error")
}
