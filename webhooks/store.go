package webhooks

import (
	"context"
	"database/sql"

	"github.com/coinsdk/coinsdk/payments"
)

// Store runs each delivery as one unit of work. Package sqlstore implements
// it on PostgreSQL, MariaDB/MySQL and SQLite; MemoryStore keeps the same
// contract inside one process, for tests and examples.
//
// The contract, which the Handler relies on for "credit once" across
// replicas and crashes:
//   - Transact runs fn inside one transaction that holds object's lock for
//     its whole life: a second Transact for the same object, in this process
//     or another one on the same database, waits until the first has
//     committed or rolled back, and then sees what it wrote.
//   - The lock exists even for an object never seen before (an
//     implementation locks a row it has just inserted, never a row that may
//     not exist).
//   - Everything written through tx, and through tx.SQL() by the merchant's
//     callback, commits when fn returns nil, and nothing does when fn returns
//     an error (or the process dies first).
//   - Transact may run fn again, after rolling back, when the database
//     reports a serialization failure or a deadlock; it gives up after a
//     bounded number of attempts and returns the last error.
type Store interface {
	// Transact runs fn in one transaction holding the lock of object (see
	// ObjectKey) and commits when fn returns nil. An error from fn is
	// returned as it is (wrapped at most), after the rollback.
	Transact(ctx context.Context, object string, fn func(ctx context.Context, tx Tx) error) error
}

// Tx is one delivery's transaction, bound to the object whose lock it holds.
// It is valid only inside the function given to Store.Transact.
type Tx interface {
	// Seen reports whether key (see DedupeKey) was remembered.
	Seen(ctx context.Context, key string) (bool, error)
	// Status returns the object's recorded status, "" when nothing was
	// recorded for it yet.
	Status(ctx context.Context) (payments.Status, error)
	// Record stores status as the object's status, with the update that led
	// to it (for audits). The Handler calls it with the result of
	// payments.Advance, also when it equals the stored status.
	Record(ctx context.Context, u Update) error
	// Remember marks key as processed.
	Remember(ctx context.Context, key string) error
	// SQL is the database transaction, for the merchant's own rows; nil for
	// a store that is not on database/sql (MemoryStore).
	SQL() *sql.Tx
}

// DedupeKey is the key the Handler remembers for ev: its provider and its
// DedupeKey, so that two providers' keys never collide.
func DedupeKey(ev *payments.Event) string { return ev.Provider + ":" + ev.DedupeKey }

// ObjectKey is the key the Handler records ev's object status under: its
// provider, its kind and the provider's id of the object.
func ObjectKey(ev *payments.Event) string {
	return ev.Provider + ":" + string(ev.Kind) + ":" + ev.ObjectID
}
