package httpcore

import (
	"context"
	"sync"
	"time"
)

// exclusiveAfter is how many refusals of one call (Config.Refused) are
// resent alongside the client's other requests; later resends go alone.
const exclusiveAfter = 2

// maxDrain bounds how long an exclusive attempt waits for the attempts in
// flight: a hung request must not stall the client for its whole timeout.
const maxDrain = 2 * time.Second

// orderGate orders attempts for a provider that refuses requests arriving
// out of order (a nonce below the last one seen). Attempts normally run
// concurrently; an exclusive attempt waits until none is in flight, runs
// alone, and holds back new attempts meanwhile, so nothing signed after it
// can overtake it. Waiting ends with the context.
type orderGate struct {
	mu      sync.Mutex
	active  int           // attempts in flight
	excl    bool          // an exclusive attempt holds or awaits the gate
	waiting int           // goroutines waiting for a change
	changed chan struct{} // closed (and replaced) when active or excl changes
}

func newOrderGate() *orderGate { return &orderGate{changed: make(chan struct{})} }

// enter admits one attempt; on error (ctx ended) nothing is held.
func (g *orderGate) enter(ctx context.Context, exclusive bool) error {
	g.mu.Lock()
	for g.excl {
		if err := g.wait(ctx); err != nil {
			return err
		}
	}
	if exclusive {
		g.excl = true
		// Wait for the attempts in flight to finish, but not for a hung one:
		// after maxDrain go anyway (new attempts stay held back).
		drain, cancel := context.WithTimeout(ctx, maxDrain)
		defer cancel()
		for g.active > 0 {
			if err := g.wait(drain); err != nil {
				g.mu.Lock()
				if ctx.Err() == nil { // only the drain wait ended
					break
				}
				g.excl = false
				g.broadcast()
				g.mu.Unlock()
				return err
			}
		}
	}
	g.active++
	g.mu.Unlock()
	return nil
}

// leave ends an attempt admitted by enter.
func (g *orderGate) leave(exclusive bool) {
	g.mu.Lock()
	g.active--
	if exclusive {
		g.excl = false
	}
	g.broadcast()
	g.mu.Unlock()
}

// wait releases g.mu until the gate changes or ctx ends; it returns with
// g.mu held on success and released on error.
func (g *orderGate) wait(ctx context.Context) error {
	ch := g.changed
	g.waiting++
	g.mu.Unlock()
	select {
	case <-ch:
		g.mu.Lock()
		g.waiting--
		return nil
	case <-ctx.Done():
		g.mu.Lock()
		g.waiting--
		g.mu.Unlock()
		return ctx.Err()
	}
}

// broadcast wakes every waiter; g.mu is held. Without waiters it costs nothing.
func (g *orderGate) broadcast() {
	if g.waiting == 0 {
		return
	}
	close(g.changed)
	g.changed = make(chan struct{})
}
