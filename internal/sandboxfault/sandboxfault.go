// Package sandboxfault is the fault injection every provider sandbox shares:
// the kinds of fault, a queue of armed faults, and the dropped connection of
// a timeout. What a fault answers (the provider's own error shapes) stays in
// each sandbox; only the mechanics live here, so every sandbox breaks the
// same way and a new provider's sandbox does not write them again.
// Deprecated: use internal/sandboxkit, which absorbs this package (kinds, Hold,
// RetryAfterSeconds) and adds counted, listed faults; this package goes away
// once the existing sandboxes have moved.
package sandboxfault

import (
	"net/http"
	"strconv"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"sync"
	"time"
)

// Kind is a way a request can go wrong; it is sandboxkit.FaultKind.
type Kind = sandboxkit.FaultKind

// The kinds, as defined by sandboxkit.
const (
	// ErrorAfterWork does the work, then answers 500.
	ErrorAfterWork = sandboxkit.ErrorAfterWork
	// Timeout holds the connection, then drops it without an answer.
	Timeout = sandboxkit.Timeout
	// RateLimit answers 429 with Retry-After, without doing the work.
	RateLimit = sandboxkit.RateLimit
	// MalformedBody does the work, then answers 200 with half the body.
	MalformedBody = sandboxkit.MalformedBody
	// Unavailable answers 503, without doing the work.
	Unavailable = sandboxkit.Unavailable
)

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
