// Package journaltest checks that a payouts.Journal keeps the contract the
// Sender relies on, the same way for every implementation (the memory
// journal, and the SQL journal on PostgreSQL, MariaDB/MySQL and SQLite):
//
//	func TestJournal(t *testing.T) {
//		journaltest.Run(t, func(t *testing.T) payouts.Journal { return newJournal(t) })
//	}
//
// newJournal must return an empty journal of its own for each call (a fresh
// schema or file), so the checks can run in parallel.
package journaltest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/payouts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// t0 is the checks' clock origin: microseconds only, as every journal keeps.
var t0 = time.Date(2026, 12, 7, 20, 0, 0, 123456000, time.UTC)

// Run runs every check as subtests of t, each on a journal from newJournal.
func Run(t *testing.T, newJournal func(t *testing.T) payouts.Journal) {
	t.Helper()
	checks := []struct {
		name string
		fn   func(*testing.T, payouts.Journal)
	}{
		{"ClaimNew", testClaimNew},
		{"InProgress", testInProgress},
		{"Mismatch", testMismatch},
		{"RecordNeedsOwner", testRecordNeedsOwner},
		{"UnknownThenResume", testUnknownThenResume},
		{"Done", testDone},
		{"RecordDoneBatch", testRecordDone},
		{"FailedClaimedAgain", testFailed},
		{"Attention", testAttention},
		{"Pending", testPending},
		{"GetMissing", testGetMissing},
		{"Limits", testLimits},
		{"ConcurrentClaims", testConcurrentClaims},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.fn(t, newJournal(t))
		})
	}
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return c
}

// entry is a new intent for ref claimed by owner until t0+lease.
func entry(ref, owner string) payouts.Entry {
	return payouts.Entry{Reference: ref, Provider: "testprov", Amount: "0.001", Currency: "BTC", Asset: "BTC-LN",
		Address: "bc1qexampleaddress", Tag: "", State: payouts.StateOpen, Owner: owner, LeaseUntil: t0.Add(time.Minute),
		Attempts: 1, CreatedAt: t0, UpdatedAt: t0}
}

func claim(t *testing.T, j payouts.Journal, e payouts.Entry, now time.Time) (payouts.Entry, payouts.Step) {
	t.Helper()
	got, step, err := j.Claim(ctx(t), e, now)
	require.NoError(t, err, "Claim(%q)", e.Reference)
	return got, step
}

func get(t *testing.T, j payouts.Journal, ref string) payouts.Entry {
	t.Helper()
	e, err := j.Get(ctx(t), ref)
	require.NoError(t, err, "Get(%q)", ref)
	return e
}

func record(t *testing.T, j payouts.Journal, u payouts.Update) bool {
	t.Helper()
	ok, err := j.Record(ctx(t), u)
	require.NoError(t, err, "Record(%+v)", u)
	return ok
}

func testClaimNew(t *testing.T, j payouts.Journal) {
	want := entry("ref-new", "owner-a")
	want.Tag = "memo 7"
	got, step := claim(t, j, want, t0)
	assert.Equal(t, payouts.StepSend, step)
	assert.Equal(t, "owner-a", got.Owner)
	e := get(t, j, "ref-new")
	assert.Equal(t, want.Reference, e.Reference)
	assert.Equal(t, want.Provider, e.Provider)
	assert.Equal(t, want.Amount, e.Amount)
	assert.Equal(t, want.Currency, e.Currency)
	assert.Equal(t, want.Asset, e.Asset)
	assert.Equal(t, want.Address, e.Address)
	assert.Equal(t, want.Tag, e.Tag)
	assert.Equal(t, payouts.StateOpen, e.State)
	assert.Equal(t, "owner-a", e.Owner)
	assert.True(t, want.LeaseUntil.Equal(e.LeaseUntil), "lease %v, want %v", e.LeaseUntil, want.LeaseUntil)
	assert.True(t, t0.Equal(e.CreatedAt), "created %v, want %v", e.CreatedAt, t0)
	assert.Equal(t, 1, e.Attempts)
}

func testInProgress(t *testing.T, j payouts.Journal) {
	claim(t, j, entry("ref-busy", "owner-a"), t0)
	for _, owner := range []string{"owner-b", "owner-a"} {
		_, _, err := j.Claim(ctx(t), entry("ref-busy", owner), t0.Add(30*time.Second))
		var ip *payouts.InProgressError
		require.ErrorAs(t, err, &ip, "a second claim (%s) within the lease", owner)
		assert.Equal(t, "owner-a", ip.Owner)
		assert.ErrorIs(t, err, payouts.ErrInProgress)
		assert.NotErrorIs(t, err, payments.ErrUnknownOutcome)
		assert.NotErrorIs(t, err, payments.ErrDuplicateReference)
	}
	assert.Equal(t, "owner-a", get(t, j, "ref-busy").Owner, "a refused claim changed nothing")
}

func testMismatch(t *testing.T, j payouts.Journal) {
	claim(t, j, entry("ref-mm", "owner-a"), t0)
	for field, change := range map[string]func(*payouts.Entry){
		"provider":        func(e *payouts.Entry) { e.Provider = "other" },
		"amount":          func(e *payouts.Entry) { e.Amount = "0.002" },
		"amount.currency": func(e *payouts.Entry) { e.Currency = "ETH" },
		"asset":           func(e *payouts.Entry) { e.Asset = "BTC" },
		"address":         func(e *payouts.Entry) { e.Address = "bc1qother" },
		"tag":             func(e *payouts.Entry) { e.Tag = "1" },
	} {
		other := entry("ref-mm", "owner-b")
		change(&other)
		// After the lease: a mismatch is refused whatever the claim.
		_, _, err := j.Claim(ctx(t), other, t0.Add(time.Hour))
		var rm *payments.ReferenceMismatchError
		require.ErrorAs(t, err, &rm, field)
		assert.Equal(t, field, rm.Field)
		assert.ErrorIs(t, err, payments.ErrDuplicateReference)
		assert.NotErrorIs(t, err, payments.ErrUnknownOutcome)
	}
	assert.Equal(t, "owner-a", get(t, j, "ref-mm").Owner, "a refused claim changed nothing")
}

func testRecordNeedsOwner(t *testing.T, j payouts.Journal) {
	claim(t, j, entry("ref-own", "owner-a"), t0)
	u := payouts.Update{Reference: "ref-own", From: payouts.StateOpen, Owner: "owner-b", State: payouts.StateFailed, LastError: "x", At: t0}
	assert.False(t, record(t, j, u), "another owner's record applied")
	assert.Equal(t, payouts.StateOpen, get(t, j, "ref-own").State)
	u.Owner = "owner-a"
	assert.True(t, record(t, j, u))
	e := get(t, j, "ref-own")
	assert.Equal(t, payouts.StateFailed, e.State)
	assert.Equal(t, "x", e.LastError)
	assert.Empty(t, e.Owner)
	assert.False(t, record(t, j, payouts.Update{Reference: "ref-missing", State: payouts.StateDone, At: t0}), "a missing entry")
}

func testUnknownThenResume(t *testing.T, j payouts.Journal) {
	claim(t, j, entry("ref-unk", "owner-a"), t0)
	released := t0.Add(5 * time.Second)
	require.True(t, record(t, j, payouts.Update{Reference: "ref-unk", From: payouts.StateOpen, Owner: "owner-a",
		State: payouts.StateOpen, LeaseUntil: released, PayoutID: "prov-1", LastError: "timeout", At: released}))
	e := get(t, j, "ref-unk")
	assert.Equal(t, "prov-1", e.PayoutID)
	assert.Empty(t, e.Owner)
	pending, err := j.Pending(ctx(t), "testprov", released, "", 10)
	require.NoError(t, err)
	require.Len(t, pending, 1, "a released entry is pending at once")
	again := entry("ref-unk", "owner-b")
	again.LeaseUntil = released.Add(time.Minute)
	got, step := claim(t, j, again, released)
	assert.Equal(t, payouts.StepResume, step)
	assert.Equal(t, "owner-b", got.Owner)
	assert.Equal(t, "prov-1", got.PayoutID)
	e = get(t, j, "ref-unk")
	assert.Equal(t, "owner-b", e.Owner)
	assert.True(t, again.LeaseUntil.Equal(e.LeaseUntil))
	_, _, err = j.Claim(ctx(t), entry("ref-unk", "owner-c"), released.Add(time.Second))
	assert.ErrorIs(t, err, payouts.ErrInProgress, "the resumed claim is live")

	// A claimant that died: its lease ends, another takes it over.
	claim(t, j, entry("ref-dead", "owner-a"), t0)
	_, step = claim(t, j, entry("ref-dead", "owner-b"), t0.Add(time.Minute))
	assert.Equal(t, payouts.StepResume, step, "a claim is over when its lease ends")
}

func testDone(t *testing.T, j payouts.Journal) {
	claim(t, j, entry("ref-done", "owner-a"), t0)
	raw := []byte(`{"provider":"testprov","id":"p-1","amount":{"amount":"0.001","currency":"BTC"}}`)
	require.True(t, record(t, j, payouts.Update{Reference: "ref-done", State: payouts.StateDone, PayoutID: "p-1", Payout: raw, At: t0}))
	assert.False(t, record(t, j, payouts.Update{Reference: "ref-done", State: payouts.StateDone, PayoutID: "p-2", At: t0}), "done is final")
	got, step := claim(t, j, entry("ref-done", "owner-b"), t0.Add(time.Hour))
	assert.Equal(t, payouts.StepDone, step)
	assert.Equal(t, "p-1", got.PayoutID)
	assert.JSONEq(t, string(raw), string(got.Payout))
	pending, err := j.Pending(ctx(t), "testprov", t0.Add(time.Hour), "", 10)
	require.NoError(t, err)
	assert.Empty(t, pending)
}

// testRecordDone checks a BatchRecorder's one write for many made payouts:
// each entry gets its own id and payout; one already done keeps its own;
// one in another state than open (attention) is written too (a made payout
// is the truth whoever learned it); other entries are untouched.
func testRecordDone(t *testing.T, j payouts.Journal) {
	br, ok := j.(payouts.BatchRecorder)
	if !ok {
		t.Skip("this journal has no RecordDone: the Sender writes made payouts one Record at a time")
	}
	for _, ref := range []string{"b-1", "b-2", "b-3", "b-done", "b-other"} {
		claim(t, j, entry(ref, "owner-a"), t0)
	}
	first := []byte(`{"id":"p-first"}`)
	require.True(t, record(t, j, payouts.Update{Reference: "b-done", State: payouts.StateDone, PayoutID: "p-first", Payout: first, At: t0}))
	require.True(t, record(t, j, payouts.Update{Reference: "b-3", From: payouts.StateOpen, Owner: "owner-a",
		State: payouts.StateAttention, LastError: "unknown", At: t0}))
	var batch []payouts.Update
	for _, ref := range []string{"b-1", "b-2", "b-3", "b-done"} {
		batch = append(batch, payouts.Update{Reference: ref, State: payouts.StateDone, PayoutID: "p-" + ref,
			Payout: []byte(`{"id":"p-` + ref + `"}`), At: t0.Add(time.Second)})
	}
	require.NoError(t, br.RecordDone(ctx(t), batch))
	for _, ref := range []string{"b-1", "b-2", "b-3"} {
		e := get(t, j, ref)
		assert.Equal(t, payouts.StateDone, e.State, ref)
		assert.Equal(t, "p-"+ref, e.PayoutID, ref)
		assert.JSONEq(t, `{"id":"p-`+ref+`"}`, string(e.Payout), ref)
		assert.Empty(t, e.Owner, ref)
		assert.Empty(t, e.LastError, ref)
	}
	kept := get(t, j, "b-done")
	assert.Equal(t, "p-first", kept.PayoutID, "a done entry is final")
	assert.JSONEq(t, string(first), string(kept.Payout))
	other := get(t, j, "b-other")
	assert.Equal(t, payouts.StateOpen, other.State, "an entry outside the batch is untouched")
	assert.Empty(t, other.PayoutID)
	require.NoError(t, br.RecordDone(ctx(t), nil), "an empty batch writes nothing")
}

func testFailed(t *testing.T, j payouts.Journal) {
	claim(t, j, entry("ref-fail", "owner-a"), t0)
	require.True(t, record(t, j, payouts.Update{Reference: "ref-fail", From: payouts.StateOpen, Owner: "owner-a",
		State: payouts.StateFailed, LastError: "insufficient funds", At: t0}))
	got, step := claim(t, j, entry("ref-fail", "owner-b"), t0.Add(time.Second))
	assert.Equal(t, payouts.StepSend, step, "a refused payout may be sent again")
	assert.Equal(t, 2, got.Attempts)
	assert.Equal(t, payouts.StateOpen, get(t, j, "ref-fail").State)
}

func testAttention(t *testing.T, j payouts.Journal) {
	claim(t, j, entry("ref-att", "owner-a"), t0)
	require.True(t, record(t, j, payouts.Update{Reference: "ref-att", From: payouts.StateOpen, Owner: "owner-a",
		State: payouts.StateAttention, PayoutID: "w-9", LastError: "500 after sending", At: t0}))
	_, _, err := j.Claim(ctx(t), entry("ref-att", "owner-b"), t0.Add(time.Hour))
	var np *payouts.NeedsPersonError
	require.ErrorAs(t, err, &np)
	assert.Equal(t, "w-9", np.ID)
	assert.ErrorIs(t, err, payments.ErrUnknownOutcome)
	assert.NotErrorIs(t, err, payments.ErrDuplicateReference)
	pending, err := j.Pending(ctx(t), "testprov", t0, "", 10)
	require.NoError(t, err)
	require.Len(t, pending, 1, "attention is pending whatever the lease")
	assert.Equal(t, payouts.StateAttention, pending[0].State)
	assert.False(t, record(t, j, payouts.Update{Reference: "ref-att", From: payouts.StateOpen, State: payouts.StateFailed, At: t0}))
	require.True(t, record(t, j, payouts.Update{Reference: "ref-att", From: payouts.StateAttention, State: payouts.StateFailed, At: t0}))
	_, step := claim(t, j, entry("ref-att", "owner-b"), t0.Add(time.Hour))
	assert.Equal(t, payouts.StepSend, step, "settled as not made: the reference is free again")
}

func testPending(t *testing.T, j payouts.Journal) {
	for i := range 7 {
		e := entry(fmt.Sprintf("ref-p%d", i), "owner-a")
		if i%2 == 1 {
			e.Provider = "otherprov"
		}
		claim(t, j, e, t0)
	}
	live := entry("ref-p9", "owner-a")
	live.LeaseUntil = t0.Add(time.Hour)
	claim(t, j, live, t0)
	now := t0.Add(time.Minute) // every lease but ref-p9's has ended
	var refs []string
	after := ""
	for {
		page, err := j.Pending(ctx(t), "testprov", now, after, 2)
		require.NoError(t, err)
		for _, e := range page {
			refs = append(refs, e.Reference)
			assert.Equal(t, "testprov", e.Provider)
		}
		if len(page) < 2 {
			break
		}
		after = page[len(page)-1].Reference
	}
	assert.Equal(t, []string{"ref-p0", "ref-p2", "ref-p4", "ref-p6"}, refs, "lease ended, own provider, in order, paged")
	early, err := j.Pending(ctx(t), "testprov", t0.Add(59*time.Second), "", 100)
	require.NoError(t, err)
	assert.Empty(t, early, "no lease had ended")
}

func testGetMissing(t *testing.T, j payouts.Journal) {
	_, err := j.Get(ctx(t), "ref-none")
	assert.ErrorIs(t, err, payments.ErrNotFound)
}

func testLimits(t *testing.T, j payouts.Journal) {
	long := entry(string(make([]byte, payouts.MaxReferenceLen+1)), "owner-a")
	_, _, err := j.Claim(ctx(t), long, t0)
	assert.ErrorIs(t, err, payments.ErrValidation)
	e := entry("ref-addr", "owner-a")
	e.Address = string(make([]byte, payouts.MaxAddressLen+1))
	_, _, err = j.Claim(ctx(t), e, t0)
	assert.ErrorIs(t, err, payments.ErrValidation)
	utf := entry("ref-ünïcødé-€", "owner-a")
	utf.Address = "адрес"
	claim(t, j, utf, t0)
	assert.Equal(t, "адрес", get(t, j, "ref-ünïcødé-€").Address)
}

// testConcurrentClaims: many claimants for one new reference at once, and
// for many references: exactly one StepSend each.
func testConcurrentClaims(t *testing.T, j payouts.Journal) {
	const refs, claimants = 10, 8
	var mu sync.Mutex
	sends := map[string]int{}
	var wg sync.WaitGroup
	for r := range refs {
		for c := range claimants {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ref := fmt.Sprintf("ref-c%d", r)
				_, step, err := j.Claim(ctx(t), entry(ref, fmt.Sprintf("owner-%d", c)), t0)
				if err != nil {
					assert.ErrorIs(t, err, payouts.ErrInProgress)
					return
				}
				assert.Equal(t, payouts.StepSend, step)
				mu.Lock()
				sends[ref]++
				mu.Unlock()
			}()
		}
	}
	wg.Wait()
	for r := range refs {
		assert.Equal(t, 1, sends[fmt.Sprintf("ref-c%d", r)], "claims that may send ref-c%d", r)
	}
}
