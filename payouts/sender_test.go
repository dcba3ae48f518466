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

// fake is a PayoutProvider that keeps its payouts by reference and
// deduplicates like a real provider when its capabilities say so.
type fake struct {
	caps payments.Capabilities

	mu      sync.Mutex
	made    map[string]*payments.Payout // by reference, the latest
	all     []*payments.Payout          // every payout made
	creates atomic.Int64
	finds   atomic.Int64
	// fault, when set, decides a create's error after the work (nil: none).
	fault func(p *payments.PayoutParams) error
	// before, when set, runs before a create does anything.
	before func(ctx context.Context)
}

func newFake(caps payments.Capabilities) *fake {
	return &fake{caps: caps | payments.CapPayouts, made: map[string]*payments.Payout{}}
}

func (f *fake) Name() string                        { return "fake" }
func (f *fake) Capabilities() payments.Capabilities { return f.caps }
func (f *fake) As(any) bool                         { return false }

func (f *fake) CreatePayout(ctx context.Context, p *payments.PayoutParams) (*payments.Payout, error) {
	f.creates.Add(1)
	if f.before != nil {
		f.before(ctx)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, &payments.UnknownOutcomeError{Provider: "fake", Operation: "create payout", Reference: p.Reference, Err: err}
	}
	f.mu.Lock()
	out, dup := f.made[p.Reference]
	if !dup || !f.caps.Has(payments.CapDedupePayout) {
		out = &payments.Payout{Provider: "fake", ID: fmt.Sprintf("p-%d", f.creates.Load()), Reference: p.Reference,
			Status: payments.StatusProcessing, Amount: p.Amount, Asset: p.Asset, Address: p.Address, Tag: p.Tag}
		f.all = append(f.all, out)
		f.made[p.Reference] = out
	}
	f.mu.Unlock()
	if dup && f.caps.Has(payments.CapDedupePayout) {
		if err := payments.MatchPayout(p, out); err != nil {
			return nil, err
		}
	}
	if f.fault != nil {
		if err := f.fault(p); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (f *fake) GetPayout(_ context.Context, id string) (*payments.Payout, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, p := range f.all {
		if p.ID == id {
			return p, nil
		}
	}
	return nil, payments.ErrNotFound
}

func (f *fake) FindPayout(_ context.Context, ref string) (*payments.Payout, error) {
	f.finds.Add(1)
	if !f.caps.Has(payments.CapFindPayout) {
		return nil, payments.ErrUnsupported
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if p, ok := f.made[ref]; ok {
		return p, nil
	}
	return nil, payments.ErrNotFound
}

// payoutsMade counts the payouts made.
func (f *fake) payoutsMade() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.all)
}

// afterWork is a fault: the payout is made, the answer lost.
func afterWork(id string) func(*payments.PayoutParams) error {
	return func(p *payments.PayoutParams) error {
		return &payments.UnknownOutcomeError{Provider: "fake", Operation: "create payout", Reference: p.Reference, ID: id,
			Err: &payments.APIError{Provider: "fake", StatusCode: 500, Kind: payments.ErrProviderUnavailable}}
	}
}

func tctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

func params(ref string) *payments.PayoutParams {
	return &payments.PayoutParams{Amount: payments.MustMoney("0.0010", "BTC"), Address: "bc1qpayee", Reference: ref}
}

func newSender(t *testing.T, p payments.PayoutProvider, j payouts.Journal, opts ...payouts.Option) *payouts.Sender {
	t.Helper()
	s, err := payouts.NewSender(p, j, opts...)
	require.NoError(t, err)
	return s
}

const (
	dedupeFind = payments.CapDedupePayout | payments.CapFindPayout
	dedupeOnly = payments.CapDedupePayout
	neither    = payments.Capabilities(0)
)

func TestSendOnce(t *testing.T) {
	for _, caps := range []payments.Capabilities{dedupeFind, dedupeOnly, neither} {
		t.Run(caps.String(), func(t *testing.T) {
			f := newFake(caps)
			s := newSender(t, f, payouts.NewMemoryJournal())
			p, err := s.Send(tctx(t), params("order-1"))
			require.NoError(t, err)
			again, err := s.Send(tctx(t), params("order-1"))
			require.NoError(t, err)
			assert.Equal(t, p.ID, again.ID)
			assert.Equal(t, "0.001", again.Amount.Amount.String())
			assert.EqualValues(t, 1, f.creates.Load(), "a paid reference is answered from the journal")
			_, err = s.Send(tctx(t), &payments.PayoutParams{Amount: payments.MustMoney("0.002", "BTC"), Address: "bc1qpayee", Reference: "order-1"})
			var rm *payments.ReferenceMismatchError
			require.ErrorAs(t, err, &rm)
			assert.Equal(t, "amount", rm.Field)
			assert.Equal(t, p.ID, rm.ID)
			assert.EqualValues(t, 1, f.creates.Load(), "other parameters under a used reference are never sent")
		})
	}
}

func TestSendValidation(t *testing.T) {
	f := newFake(dedupeFind)
	s := newSender(t, f, payouts.NewMemoryJournal())
	for name, p := range map[string]*payments.PayoutParams{
		"nil":          nil,
		"no reference": {Amount: payments.MustMoney("1", "BTC"), Address: "x"},
		"blank ref":    {Amount: payments.MustMoney("1", "BTC"), Address: "x", Reference: "  "},
		"no amount":    {Address: "x", Reference: "r"},
		"long address": {Amount: payments.MustMoney("1", "BTC"), Address: string(make([]byte, 300)), Reference: "r"},
	} {
		_, err := s.Send(tctx(t), p)
		assert.ErrorIs(t, err, payments.ErrValidation, name)
	}
	//lint:ignore SA1012 a nil context is hostile input the Sender must refuse
	_, err := s.Send(nil, params("r")) //nolint:staticcheck
	assert.ErrorIs(t, err, payments.ErrValidation)
	assert.Zero(t, f.creates.Load())

	_, err = payouts.NewSender(nil, payouts.NewMemoryJournal())
	assert.ErrorIs(t, err, payments.ErrValidation)
	var typedNil *fake
	_, err = payouts.NewSender(typedNil, payouts.NewMemoryJournal())
	assert.ErrorIs(t, err, payments.ErrValidation)
	_, err = payouts.NewSender(f, nil)
	assert.ErrorIs(t, err, payments.ErrValidation)
	var nilJournal *payouts.MemoryJournal
	_, err = payouts.NewSender(f, nilJournal)
	assert.ErrorIs(t, err, payments.ErrValidation)
	_, err = payouts.NewSender(f, payouts.NewMemoryJournal(), payouts.WithLease(0))
	assert.ErrorIs(t, err, payments.ErrValidation)
	_, err = payouts.NewSender(&fake{}, payouts.NewMemoryJournal())
	assert.ErrorIs(t, err, payments.ErrUnsupported, "an adapter without CapPayouts")
}

// Two Senders (two replicas over one journal) asked for the same reference
// while the first request is in flight: the second is refused at once and
// nothing more is sent.
func TestSendInProgress(t *testing.T) {
	f := newFake(dedupeFind)
	entered, release := make(chan struct{}), make(chan struct{})
	f.before = func(context.Context) {
		close(entered)
		<-release
	}
	j := payouts.NewMemoryJournal()
	a := newSender(t, f, j, payouts.WithOwner("replica-a"))
	b := newSender(t, f, j, payouts.WithOwner("replica-b"))
	done := make(chan error, 1)
	go func() {
		_, err := a.Send(tctx(t), params("order-2"))
		done <- err
	}()
	<-entered
	_, err := b.Send(tctx(t), params("order-2"))
	var ip *payouts.InProgressError
	require.ErrorAs(t, err, &ip)
	assert.Equal(t, "replica-a", ip.Owner)
	assert.NotErrorIs(t, err, payments.ErrUnknownOutcome)
	assert.NotErrorIs(t, err, payments.ErrDuplicateReference)
	results, err := b.Resolve(tctx(t))
	require.NoError(t, err)
	assert.Empty(t, results, "a live claim is not Resolve's")
	close(release)
	require.NoError(t, <-done)
	require.NoError(t, a.Flush(tctx(t)), "a's outcome is written behind its Send: in progress to b until then")
	p, err := b.Send(tctx(t), params("order-2"))
	require.NoError(t, err)
	assert.Equal(t, "p-1", p.ID)
	assert.EqualValues(t, 1, f.creates.Load())
}

// An unknown outcome on each kind of provider, settled by Send again and by Resolve.
func TestUnknownOutcome(t *testing.T) {
	for _, viaResolve := range []bool{false, true} {
		for _, caps := range []payments.Capabilities{dedupeFind, dedupeOnly} {
			t.Run(fmt.Sprintf("%s/resolve=%v", caps, viaResolve), func(t *testing.T) {
				f := newFake(caps)
				f.fault = afterWork("")
				s := newSender(t, f, payouts.NewMemoryJournal())
				_, err := s.Send(tctx(t), params("order-3"))
				require.ErrorIs(t, err, payments.ErrUnknownOutcome)
				assert.NotErrorIs(t, err, payments.ErrDuplicateReference)
				f.fault = nil
				var p *payments.Payout
				if viaResolve {
					results, err := s.Resolve(tctx(t))
					require.NoError(t, err)
					require.Len(t, results, 1)
					require.NoError(t, results[0].Err)
					assert.Equal(t, payouts.StateDone, results[0].State)
					p = results[0].Payout
				} else {
					p, err = s.Send(tctx(t), params("order-3"))
					require.NoError(t, err)
				}
				require.NotNil(t, p)
				assert.Equal(t, "order-3", p.Reference)
				assert.Equal(t, 1, f.payoutsMade(), "paid once")
				if caps.Has(payments.CapFindPayout) {
					assert.EqualValues(t, 1, f.creates.Load(), "found by the lookup, not created again")
				} else {
					assert.EqualValues(t, 2, f.creates.Load(), "repeated with the same reference")
				}
				results, err := s.Resolve(tctx(t))
				require.NoError(t, err)
				assert.Empty(t, results, "nothing left open")
			})
		}
	}
}

// The gateway's case: no dedupe, no lookup. Never sent again; reported for
// a person with the provider's id; the person's answer frees or closes it.
func TestUnknownOutcomeNeedsPerson(t *testing.T) {
	f := newFake(neither)
	f.fault = afterWork("w-77")
	s := newSender(t, f, payouts.NewMemoryJournal())
	_, err := s.Send(tctx(t), params("order-4"))
	var np *payouts.NeedsPersonError
	require.ErrorAs(t, err, &np)
	assert.Equal(t, "w-77", np.ID)
	assert.Equal(t, "order-4", np.Reference)
	assert.ErrorIs(t, err, payouts.ErrNeedsPerson)
	assert.ErrorIs(t, err, payments.ErrUnknownOutcome)
	assert.NotErrorIs(t, err, payments.ErrDuplicateReference)
	f.fault = nil
	for range 3 {
		_, err = s.Send(tctx(t), params("order-4"))
		require.ErrorAs(t, err, &np)
		assert.Equal(t, "w-77", np.ID)
		results, err := s.Resolve(tctx(t))
		require.NoError(t, err)
		require.Len(t, results, 1)
		assert.Equal(t, payouts.StateAttention, results[0].State)
		require.ErrorAs(t, results[0].Err, &np)
		assert.Equal(t, "w-77", np.ID)
	}
	assert.EqualValues(t, 1, f.creates.Load(), "never sent again")

	// A person finds it made: Settle checks it against the intent.
	_, err = s.Settle(tctx(t), "order-4", "no-such-id")
	assert.ErrorIs(t, err, payments.ErrNotFound)
	p, err := s.Settle(tctx(t), "order-4", "p-1")
	require.NoError(t, err)
	assert.Equal(t, "p-1", p.ID)
	again, err := s.Send(tctx(t), params("order-4"))
	require.NoError(t, err)
	assert.Equal(t, "p-1", again.ID)
	_, err = s.Settle(tctx(t), "order-4", "p-1")
	assert.Error(t, err, "a done payout is not settled twice")

	// Another one that a person finds not made: the reference is free again.
	f.fault = afterWork("")
	_, err = s.Send(tctx(t), params("order-5"))
	require.ErrorIs(t, err, payouts.ErrNeedsPerson)
	f.fault = nil
	require.NoError(t, s.SettleNotMade(tctx(t), "order-5"))
	_, err = s.Send(tctx(t), params("order-5"))
	require.NoError(t, err)
	assert.EqualValues(t, 3, f.creates.Load())
}

// A definite refusal made nothing: the same reference may be sent again.
func TestDefiniteRefusal(t *testing.T) {
	for _, caps := range []payments.Capabilities{dedupeFind, neither} {
		f := newFake(caps)
		f.fault = func(*payments.PayoutParams) error {
			return &payments.APIError{Provider: "fake", StatusCode: 422, Message: "insufficient funds", Kind: payments.ErrInvalidRequest}
		}
		j := payouts.NewMemoryJournal()
		s := newSender(t, f, j)
		_, err := s.Send(tctx(t), params("order-6"))
		require.ErrorIs(t, err, payments.ErrInvalidRequest)
		e, err := j.Get(tctx(t), "order-6")
		require.NoError(t, err)
		assert.Equal(t, payouts.StateFailed, e.State)
		assert.Contains(t, e.LastError, "insufficient funds")
		f.fault = nil
		_, err = s.Send(tctx(t), params("order-6"))
		require.NoError(t, err, caps.String())
	}
}

// A Sender that died holding its claim: after the lease another Sender's
// Resolve settles it per capabilities (never resending on the gateway).
func TestResolveAfterCrash(t *testing.T) {
	for _, caps := range []payments.Capabilities{dedupeFind, dedupeOnly, neither} {
		t.Run(caps.String(), func(t *testing.T) {
			f := newFake(caps)
			j := payouts.NewMemoryJournal()
			now := time.Now()
			clock := func() time.Time { return now }
			// "dead" claims and its request leaves (the payout is made), then
			// it dies before recording: simulated by making the payout
			// directly and leaving the claim.
			dead := newSender(t, f, j, payouts.WithOwner("dead"), payouts.WithClock(clock), payouts.WithLease(time.Minute))
			f.before = func(context.Context) { panic("dies") }
			require.Panics(t, func() { _, _ = dead.Send(tctx(t), params("order-7")) })
			f.before = nil
			_, err := f.CreatePayout(tctx(t), params("order-7")) // what the lost request did
			require.NoError(t, err)
			made := f.creates.Load()

			live := newSender(t, f, j, payouts.WithOwner("live"), payouts.WithClock(clock), payouts.WithLease(time.Minute))
			results, err := live.Resolve(tctx(t))
			require.NoError(t, err)
			assert.Empty(t, results, "the dead claim's lease still runs")
			_, err = live.Send(tctx(t), params("order-7"))
			require.ErrorIs(t, err, payouts.ErrInProgress)

			now = now.Add(time.Minute)
			results, err = live.Resolve(tctx(t))
			require.NoError(t, err)
			require.Len(t, results, 1)
			assert.Equal(t, 1, f.payoutsMade(), "paid once")
			if caps == neither {
				assert.Equal(t, payouts.StateAttention, results[0].State)
				assert.ErrorIs(t, results[0].Err, payouts.ErrNeedsPerson)
				assert.Equal(t, made, f.creates.Load(), "never sent again")
				return
			}
			require.NoError(t, results[0].Err)
			assert.Equal(t, payouts.StateDone, results[0].State)
			assert.Equal(t, "order-7", results[0].Payout.Reference)
		})
	}
}

// A create is given until shortly before the claim's lease ends.
func TestCreateEndsBeforeLease(t *testing.T) {
	f := newFake(dedupeFind)
	var deadline time.Time
	f.before = func(ctx context.Context) { deadline, _ = ctx.Deadline() }
	start := time.Now()
	s := newSender(t, f, payouts.NewMemoryJournal(), payouts.WithLease(10*time.Second))
	_, err := s.Send(context.Background(), params("order-8"))
	require.NoError(t, err)
	require.False(t, deadline.IsZero(), "the create had no deadline")
	assert.True(t, deadline.Before(start.Add(10*time.Second)), "deadline %v is not before the lease's end", deadline.Sub(start))
}

// Many goroutines through one Sender, some on the same references.
func TestSendConcurrent(t *testing.T) {
	f := newFake(dedupeFind)
	s := newSender(t, f, payouts.NewMemoryJournal())
	var wg sync.WaitGroup
	var failures atomic.Int64
	for i := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Send(tctx(t), params(fmt.Sprintf("order-c%d", i%16)))
			if err != nil && !errors.Is(err, payouts.ErrInProgress) {
				failures.Add(1)
			}
		}()
	}
	wg.Wait()
	assert.Zero(t, failures.Load())
	assert.Equal(t, 16, f.payoutsMade())
	assert.EqualValues(t, 16, f.creates.Load())
}

// Only a refusal proves nothing was made: a 5xx, an unreadable 2xx, a bare
// network error are unknown outcomes, and on a provider that cannot settle
// them they wait for a person rather than being sent again.
func TestOnlyRefusalsAreDefinite(t *testing.T) {
	for name, fault := range map[string]error{
		"5xx":        &payments.APIError{Provider: "fake", StatusCode: 502, Kind: payments.ErrProviderUnavailable},
		"unreadable": &payments.APIError{Provider: "fake", StatusCode: 200, Kind: payments.ErrMalformed},
		"network":    &payments.NetworkError{Provider: "fake", Operation: "POST /payouts", Err: errors.New("connection reset")},
		"untyped":    errors.New("something"),
	} {
		t.Run(name, func(t *testing.T) {
			f := newFake(neither)
			f.fault = func(*payments.PayoutParams) error { return fault }
			s := newSender(t, f, payouts.NewMemoryJournal())
			_, err := s.Send(tctx(t), params("order-9"))
			require.ErrorIs(t, err, payouts.ErrNeedsPerson)
			f.fault = nil
			_, err = s.Send(tctx(t), params("order-9"))
			require.ErrorIs(t, err, payouts.ErrNeedsPerson)
			assert.EqualValues(t, 1, f.creates.Load())
		})
	}
}

// A context that ended before the create left sends nothing and keeps the
// reference free.
func TestEndedContextSendsNothing(t *testing.T) {
	f := newFake(neither)
	s := newSender(t, f, payouts.NewMemoryJournal())
	c, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := s.Send(c, params("order-10"))
	require.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, f.creates.Load())
	_, err = s.Send(tctx(t), params("order-10"))
	require.NoError(t, err)
}

// TestRecoveryFor: the recovery follows the capabilities, lookup first.
func TestRecoveryFor(t *testing.T) {
	assert.Equal(t, payouts.RecoverByLookup, payouts.RecoveryFor(payments.CapPayouts|payments.CapFindPayout|payments.CapDedupePayout))
	assert.Equal(t, payouts.RecoverByLookup, payouts.RecoveryFor(payments.CapPayouts|payments.CapFindPayout))
	assert.Equal(t, payouts.RecoverByRepeat, payouts.RecoveryFor(payments.CapPayouts|payments.CapDedupePayout))
	assert.Equal(t, payouts.RecoverByPerson, payouts.RecoveryFor(payments.CapPayouts))
	assert.Contains(t, payouts.RecoverByPerson.String(), "needs a person")
	assert.Equal(t, "unknown recovery", payouts.Recovery(0).String())
}
