package httpcore

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOrderGate(t *testing.T) {
	g := newOrderGate()
	ctx := context.Background()
	require.NoError(t, g.enter(ctx, false))
	require.NoError(t, g.enter(ctx, false))

	var exclusiveIn atomic.Bool
	done := make(chan struct{})
	go func() {
		defer close(done)
		assert.NoError(t, g.enter(ctx, true))
		exclusiveIn.Store(true)
		time.Sleep(10 * time.Millisecond)
		exclusiveIn.Store(false)
		g.leave(true)
	}()
	// The exclusive attempt waits for both in-flight attempts; a new one
	// waits behind it (a timeout here is the gate holding it back).
	for {
		g.mu.Lock()
		excl := g.excl
		g.mu.Unlock()
		if excl {
			break
		}
		time.Sleep(time.Millisecond)
	}
	short, cancel := context.WithTimeout(ctx, 5*time.Millisecond)
	defer cancel()
	assert.ErrorIs(t, g.enter(short, false), context.DeadlineExceeded)
	assert.False(t, exclusiveIn.Load())
	g.leave(false)
	g.leave(false)
	require.NoError(t, g.enter(ctx, false)) // admitted after the exclusive one left
	assert.False(t, exclusiveIn.Load())
	<-done
	g.leave(false)

	// An exclusive waiter whose context ends releases the gate.
	require.NoError(t, g.enter(ctx, false))
	short2, cancel2 := context.WithTimeout(ctx, 5*time.Millisecond)
	defer cancel2()
	assert.ErrorIs(t, g.enter(short2, true), context.DeadlineExceeded)
	g.leave(false)
	require.NoError(t, g.enter(ctx, false))
	g.leave(false)
	assert.Zero(t, g.active)
	assert.False(t, g.excl)
}

// TestOrderGateDoesNotWaitForAHungAttempt: an exclusive attempt waits for
// the attempts in flight at most maxDrain, then goes anyway.
func TestOrderGateDoesNotWaitForAHungAttempt(t *testing.T) {
	if testing.Short() {
		t.Skip("waits maxDrain")
	}
	g := newOrderGate()
	ctx := context.Background()
	require.NoError(t, g.enter(ctx, false)) // hung: never leaves during the test
	require.NoError(t, g.enter(ctx, true))
	g.leave(true)
	g.leave(false)
	assert.Zero(t, g.active)
}
