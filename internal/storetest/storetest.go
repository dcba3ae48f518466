// Package storetest checks that a webhooks.Store keeps its contract, the
// same way for MemoryStore and for sqlstore on each database: one delivery
// is one transaction holding its object's lock (also for an object never
// seen before), its writes commit together or not at all, a second store
// over the same data (a replica) waits and then sees them, and the
// merchant's rows written through Update.Tx commit with the delivery.
package storetest

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/webhooks"
)

// Harness is the store under test.
type Harness struct {
	// Open returns a store over the test's data; each call is another
	// replica (its own pool on the same database), or the same store for
	// MemoryStore.
	Open func(t *testing.T) webhooks.Store
	// DB is a pool on the same database for the checks, nil for a store not
	// on database/sql.
	DB *sql.DB
	// Bind rewrites '?' placeholders for DB (nil: as they are).
	Bind func(string) string
}

// Run runs every contract test against h.
func Run(t *testing.T, h Harness) {
	if h.Bind == nil {
		h.Bind = func(q string) string { return q }
	}
	if h.DB != nil {
		_, err := h.DB.Exec(CreditsTable)
		require.NoError(t, err)
	}
	t.Run("CommitAndRollback", func(t *testing.T) { testCommitAndRollback(t, h) })
	t.Run("LockOnANewObject", func(t *testing.T) { testLock(t, h) })
	t.Run("KeysAreExact", func(t *testing.T) { testKeys(t, h) })
	t.Run("CallbackRowsCommitWithTheDelivery", func(t *testing.T) { testCallbackRows(t, h) })
	t.Run("TwoReplicasCreditOnce", func(t *testing.T) { testReplicas(t, h) })
}

var errBoom = errors.New("storetest: fn failed")

// read returns the object's status and whether key is remembered, in a
// transaction of s.
func read(t *testing.T, s webhooks.Store, object, key string) (payments.Status, bool) {
	t.Helper()
	var st payments.Status
	var seen bool
	require.NoError(t, s.Transact(context.Background(), object, func(ctx context.Context, tx webhooks.Tx) error {
		var err error
		if st, err = tx.Status(ctx); err != nil {
			return err
		}
		seen, err = tx.Seen(ctx, key)
		return err
	}))
	return st, seen
}

func update(object string, prev, st payments.Status) webhooks.Update {
	return webhooks.Update{Event: &payments.Event{Provider: "storetest", ObjectID: object, DedupeKey: object + ":" + string(st),
		Kind: payments.EventInvoice, Status: st}, Previous: prev, Status: st}
}

func testCommitAndRollback(t *testing.T, h Harness) {
	s := h.Open(t)
	ctx := context.Background()
	st, seen := read(t, s, "o:1", "k:1")
	assert.Empty(t, st, "a new object has no status")
	assert.False(t, seen)

	err := s.Transact(ctx, "o:1", func(ctx context.Context, tx webhooks.Tx) error {
		require.NoError(t, tx.Record(ctx, update("o:1", "", payments.StatusPaid)))
		require.NoError(t, tx.Remember(ctx, "k:1"))
		return errBoom
	})
	require.ErrorIs(t, err, errBoom, "fn's error comes back")
	st, seen = read(t, s, "o:1", "k:1")
	assert.Empty(t, st, "rolled back: no status")
	assert.False(t, seen, "rolled back: no key")

	require.NoError(t, s.Transact(ctx, "o:1", func(ctx context.Context, tx webhooks.Tx) error {
		if err := tx.Record(ctx, update("o:1", "", payments.StatusPaid)); err != nil {
			return err
		}
		return tx.Remember(ctx, "k:1")
	}))
	st, seen = read(t, s, "o:1", "k:1")
	assert.Equal(t, payments.StatusPaid, st)
	assert.True(t, seen)
	// Another replica sees the commit.
	st, seen = read(t, h.Open(t), "o:1", "k:1")
	assert.Equal(t, payments.StatusPaid, st)
	assert.True(t, seen)
}

// testLock: many transactions on two replicas, on an object nobody has seen
// yet, each read the status as a counter and record it plus one. Without
// the lock (or with a lock on a row that does not exist yet) two read the
// same value and the count ends short.
func testLock(t *testing.T, h Harness) {
	stores := []webhooks.Store{h.Open(t), h.Open(t)}
	const n = 24
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- stores[i%2].Transact(context.Background(), "o:counter", func(ctx context.Context, tx webhooks.Tx) error {
				st, err := tx.Status(ctx)
				if err != nil {
					return err
				}
				c := 0
				if st != "" {
					if c, err = strconv.Atoi(string(st)); err != nil {
						return err
					}
				}
				next := payments.Status(strconv.Itoa(c + 1))
				return tx.Record(ctx, update("o:counter", st, next))
			})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	st, _ := read(t, stores[0], "o:counter", "-")
	assert.Equal(t, payments.Status(strconv.Itoa(n)), st, "every transaction saw the one before it")
}

func testKeys(t *testing.T, h Harness) {
	s := h.Open(t)
	long := strings.Repeat("é", 200) // 400 bytes, longer than any index allows
	for _, k := range []string{"k:Case", "k:long:" + long + "a"} {
		require.NoError(t, s.Transact(context.Background(), "o:keys", func(ctx context.Context, tx webhooks.Tx) error {
			return tx.Remember(ctx, k)
		}))
	}
	for k, want := range map[string]bool{"k:Case": true, "k:case": false, "k:CASE": false,
		"k:long:" + long + "a": true, "k:long:" + long + "b": false, "k:long:" + long: false} {
		_, seen := read(t, s, "o:keys", k)
		assert.Equal(t, want, seen, "key %.40q", k)
	}
}

func testCallbackRows(t *testing.T, h Harness) {
	if h.DB == nil {
		t.Skip("the store is not on database/sql: Update.Tx is nil by contract")
	}
	s := h.Open(t)
	ctx := context.Background()
	insert := h.Bind("INSERT INTO storetest_credits (ref, status) VALUES (?, ?)")
	err := s.Transact(ctx, "o:rows", func(ctx context.Context, tx webhooks.Tx) error {
		require.NotNil(t, tx.SQL())
		if _, err := tx.SQL().ExecContext(ctx, insert, "rows-1", "paid"); err != nil {
			return err
		}
		return errBoom
	})
	require.ErrorIs(t, err, errBoom)
	assert.Equal(t, 0, credits(t, h, "rows-1"), "rolled back with the delivery")
	require.NoError(t, s.Transact(ctx, "o:rows", func(ctx context.Context, tx webhooks.Tx) error {
		_, err := tx.SQL().ExecContext(ctx, insert, "rows-1", "paid")
		return err
	}))
	assert.Equal(t, 1, credits(t, h, "rows-1"), "committed with the delivery")
}

// credits counts the credit rows of ref.
func credits(t *testing.T, h Harness, ref string) int {
	t.Helper()
	var n int
	require.NoError(t, h.DB.QueryRow(h.Bind("SELECT COUNT(*) FROM storetest_credits WHERE ref = ?"), ref).Scan(&n))
	return n
}

// testReplicas: two handlers on two replicas of the store get every
// notification of 40 invoices at once, each twice: every invoice paid in
// full is credited exactly once, none paid in part.
func testReplicas(t *testing.T, h Harness) {
	var mu sync.Mutex
	memCredits := map[string]int{}
	process := Credit(h.Bind, func(ref string) { mu.Lock(); memCredits[ref]++; mu.Unlock() })
	handlers := []http.Handler{webhooks.NewHandler(Verifier(), h.Open(t), process), webhooks.NewHandler(Verifier(), h.Open(t), process)}
	const invoices = 40
	var wg sync.WaitGroup
	sem := make(chan struct{}, 32) // 32 concurrent senders
	for n := range invoices {
		for _, d := range Invoice(1000 + n) {
			for i := range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					sem <- struct{}{}
					defer func() { <-sem }()
					assert.Equal(t, http.StatusOK, d.Serve(handlers[i%2]), "invoice %d %s", d.Object, d.Stage)
				}()
			}
		}
	}
	wg.Wait()
	for n := range invoices {
		ref := Reference(1000 + n)
		want := 0
		if Paid(1000 + n) {
			want = 1
		}
		got := memCredits[ref]
		if h.DB != nil {
			got = credits(t, h, ref)
		}
		assert.Equal(t, want, got, "%s credited %d times", ref, got)
	}
}
