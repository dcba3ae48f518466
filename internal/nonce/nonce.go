// Package nonce hands out strictly increasing nonces.
package nonce

import (
	"sync/atomic"
	"time"
)

// Source returns nonces that are millisecond timestamps when requests are
// sparse and last+1 when they are not: max(now_ms, last+1), held atomically,
// so concurrent callers in one millisecond never collide and a clock that
// steps back never produces a smaller nonce.
type Source struct {
	now  func() time.Time
	last atomic.Int64
}

// NewSource returns a Source reading the given clock (time.Now when nil).
func NewSource(now func() time.Time) *Source {
	if now == nil {
		now = time.Now
	}
	return &Source{now: now}
}

// Next returns a nonce strictly greater than every nonce this Source returned before.
func (s *Source) Next() int64 {
	for {
		last := s.last.Load()
		n := s.now().UnixMilli()
		if n <= last {
			n = last + 1
		}
		if s.last.CompareAndSwap(last, n) {
			return n
		}
	}
}
