// Package sandboxfault is the fault injection every provider sandbox shares:
// the kinds of fault, a queue of armed faults, and the dropped connection of
// a timeout. What a fault answers (the provider's own error shapes) stays in
// each sandbox; only the mechanics live here, so every sandbox breaks the
// same way and a new provider's sandbox does not write them again.
package sandboxfault

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Kind is a way a request can go wrong. Kinds start at 1, so a zero Kind
// arms nothing rather than silently meaning the first one.
type Kind int

// The kinds. Those "after the work" change state exactly as a successful
// request would, which is what makes a client's blind retry dangerous and its
// unknown-outcome handling necessary.
const (
	// ErrorAfterWork does the work, then answers 500.
	ErrorAfterWork Kind = iota + 1
	// Timeout does nothing and holds the connection until the client gives
	// up (or HoldLimit passes), then drops it without an answer.
	Timeout
	// RateLimit answers 429 with Retry-After, without doing the work.
	RateLimit
	// MalformedBody does the work, then answers 200 with half the JSON body.
	MalformedBody
	// Unavailable answers 503, without doing the work.
	Unavailable
)

// String names the kind as the sandboxes export it ("FaultTimeout").
func (k Kind) String() string {
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
func (k Kind) Valid() bool { return k >= ErrorAfterWork && k <= Unavailable }

// Queue holds armed faults of a sandbox's own Fault type. It is safe for
// concurrent use.
type Queue[F any] struct {
	mu    sync.Mutex
	armed []*armed[F]
}

type armed[F any] struct {
	fault F
	left  int
}

// Add arms f for the next times matching requests (times <= 0 means 1).
func (q *Queue[F]) Add(f F, times int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.armed = append(q.armed, &armed[F]{fault: f, left: max(times, 1)})
}

// Take consumes one hit of the first armed fault, in the order armed, that
// match accepts.
func (q *Queue[F]) Take(match func(F) bool) (F, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for i, a := range q.armed {
		if !match(a.fault) {
			continue
		}
		a.left--
		if a.left <= 0 {
			q.armed = append(q.armed[:i], q.armed[i+1:]...)
		}
		return a.fault, true
	}
	var zero F
	return zero, false
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
