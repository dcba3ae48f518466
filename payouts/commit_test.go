package payouts_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/payouts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gatedJournal is a MemoryJournal whose batch writes are counted, can be
// held (gate) and can fail (fail).
type gatedJournal struct {
	*payouts.MemoryJournal
	claims  atomic.Int64
	batches atomic.Int64
	mu      sync.Mutex
	sizes   []int
	gate    chan struct{} // when set, the first batch write waits for it
	entered chan struct{} // closed when the first batch write starts
	fail    error
}

func newGated() *gatedJournal {
	return &gatedJournal{MemoryJournal: payouts.NewMemoryJournal(), entered: make(chan struct{})}
}

func (g *gatedJournal) Claim(ctx context.Context, want payouts.Entry, now time.Time) (payouts.Entry, payouts.Step, error) {
	g.claims.Add(1)
	return g.MemoryJournal.Claim(ctx, want, now)
}

func (g *gatedJournal) RecordDone(ctx context.Context, us []payouts.Update) error {
	if g.batches.Add(1) == 1 {
		close(g.entered)
		if g.gate != nil {
			<-g.gate
		}
	}
	g.mu.Lock()
	g.sizes = append(g.sizes, len(us))
	g.mu.Unlock()
	if g.fail != nil {
		return g.fail
	}
	return g.MemoryJournal.RecordDone(ctx, us)
}

// Outcomes handed over while a write is in flight share the next write: a
// group commit. Send returns before its outcome is written, answers a
// repeat from memory meanwhile (no journal round trip), and Flush waits for
// the writes.
func TestGroupCommit(t *testing.T) {
	f := newFake(dedupeFind)
	j := newGated()
	j.gate = make(chan struct{})
	s := newSender(t, f, j)
	first, err := s.Send(tctx(t), params("gc-0"))
	require.NoError(t, err, "Send returns while its outcome's write is held")
	<-j.entered
	const n = 10
	var wg sync.WaitGroup
	for i := 1; i <= n; i++ {
		wg.Go(func() {
			_, err := s.Send(tctx(t), params(fmt.Sprintf("gc-%d", i)))
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	claims := j.claims.Load()
	again, err := s.Send(tctx(t), params("gc-0"))
	require.NoError(t, err)
	assert.Equal(t, first.ID, again.ID)
	assert.Equal(t, claims, j.claims.Load(), "a repeat of a payout made here and not yet written is answered from memory")
	_, err = s.Send(tctx(t), &payments.PayoutParams{Amount: payments.MustMoney("0.5", "BTC"), Address: "bc1qpayee", Reference: "gc-0"})
	require.ErrorIs(t, err, payments.ErrDuplicateReference, "other parameters under a reference made here")
	close(j.gate)
	require.NoError(t, s.Flush(tctx(t)))
	assert.Equal(t, []int{1, n}, j.sizes, "the first outcome alone, then the ten made while it was written, in one write")
	for i := 0; i <= n; i++ {
		e, err := j.Get(tctx(t), fmt.Sprintf("gc-%d", i))
		require.NoError(t, err)
		assert.Equal(t, payouts.StateDone, e.State, e.Reference)
		assert.NotEmpty(t, e.PayoutID, e.Reference)
	}
	assert.EqualValues(t, n+1, f.creates.Load())
}

// A write that fails loses nothing but the shortcut: Flush says so, the
// entry stays open, and once its lease ends Resolve (here on another
// replica) finds the payout at the provider and records it without paying
// again.
func TestGroupCommitWriteFails(t *testing.T) {
	for _, caps := range []payments.Capabilities{dedupeFind, dedupeOnly} {
		t.Run(caps.String(), func(t *testing.T) {
			f := newFake(caps)
			j := newGated()
			j.fail = errors.New("connection reset")
			now := time.Now()
			clock := func() time.Time { return now }
			a := newSender(t, f, j, payouts.WithClock(clock), payouts.WithOwner("a"))
			p, err := a.Send(tctx(t), params("gc-lost"))
			require.NoError(t, err)
			require.ErrorContains(t, a.Flush(tctx(t)), "connection reset")
			require.NoError(t, a.Flush(tctx(t)), "a failure is reported once")
			e, err := j.Get(tctx(t), "gc-lost")
			require.NoError(t, err)
			assert.Equal(t, payouts.StateOpen, e.State)
			j.fail = nil
			now = now.Add(payouts.DefaultLease + time.Second)
			b := newSender(t, f, j, payouts.WithClock(clock), payouts.WithOwner("b"))
			results, err := b.Resolve(tctx(t))
			require.NoError(t, err)
			require.Len(t, results, 1)
			require.NoError(t, results[0].Err)
			require.NoError(t, b.Flush(tctx(t)))
			e, err = j.Get(tctx(t), "gc-lost")
			require.NoError(t, err)
			assert.Equal(t, payouts.StateDone, e.State)
			assert.Equal(t, p.ID, e.PayoutID)
			assert.Equal(t, 1, f.payoutsMade(), "paid once")
		})
	}
}

// Where the provider can neither deduplicate nor look a payout up (the
// gateway), and under WithSyncOutcomes, the outcome is written before Send
// returns: no Flush needed, no batch write used.
func TestSyncOutcomes(t *testing.T) {
	for _, tc := range []struct {
		name string
		caps payments.Capabilities
		opts []payouts.Option
	}{
		{"no dedupe, no lookup", neither, nil},
		{"WithSyncOutcomes, dedupe and lookup", dedupeFind, []payouts.Option{payouts.WithSyncOutcomes()}},
		{"WithSyncOutcomes, dedupe only", dedupeOnly, []payouts.Option{payouts.WithSyncOutcomes()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			j := newGated()
			s := newSender(t, newFake(tc.caps), j, tc.opts...)
			_, err := s.Send(tctx(t), params("sync-1"))
			require.NoError(t, err)
			e, err := j.Get(tctx(t), "sync-1")
			require.NoError(t, err)
			assert.Equal(t, payouts.StateDone, e.State)
			assert.Zero(t, j.batches.Load())
			require.NoError(t, s.Flush(tctx(t)))
		})
	}
}

// Flush gives up when its context ends while a write is held, and reports
// the context's error.
func TestFlushContext(t *testing.T) {
	j := newGated()
	j.gate = make(chan struct{})
	defer close(j.gate)
	s := newSender(t, newFake(dedupeFind), j)
	_, err := s.Send(tctx(t), params("gc-held"))
	require.NoError(t, err)
	<-j.entered
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Millisecond)
	defer cancel()
	require.ErrorIs(t, s.Flush(ctx), context.DeadlineExceeded)
	var none context.Context
	var ve *payments.ValidationError
	require.ErrorAs(t, s.Flush(none), &ve)
}

// A journal without RecordDone gets the group commit's outcomes one Record
// at a time.
func TestGroupCommitWithoutBatchRecorder(t *testing.T) {
	mem := payouts.NewMemoryJournal()
	j := struct{ payouts.Journal }{mem} // hides RecordDone
	_, isBatch := any(j).(payouts.BatchRecorder)
	require.False(t, isBatch)
	s := newSender(t, newFake(dedupeFind), j)
	for i := range 3 {
		_, err := s.Send(tctx(t), params(fmt.Sprintf("rec-%d", i)))
		require.NoError(t, err)
	}
	require.NoError(t, s.Flush(tctx(t)))
	for i := range 3 {
		e, err := mem.Get(tctx(t), fmt.Sprintf("rec-%d", i))
		require.NoError(t, err)
		assert.Equal(t, payouts.StateDone, e.State, e.Reference)
		assert.NotEmpty(t, e.PayoutID, e.Reference)
	}
}
