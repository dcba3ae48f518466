package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// DefaultRetention is how long Prune keeps dedupe keys, statuses and audit
// rows: 30 days, ten times the longest retry window of the five providers
// (CryptoChill retries for 72 hours). A redelivery later than that would be
// processed again, so keep it longer than any provider retries.
const DefaultRetention = 30 * 24 * time.Hour

// DefaultAttempts is how many times a transaction runs when the database
// reports a serialization failure, a deadlock or a lock wait timeout.
const DefaultAttempts = 8

// Store is the durable store on database/sql: webhooks.Store (the inbox:
// statuses, dedupe keys, audit rows) and the tables of the migrations in
// migrations/<dialect>. It is safe for concurrent use, and for use by
// several processes on one database.
type Store struct {
	db        *sql.DB
	dialect   Dialect
	q         queries // the dialect's statements
	driver    Driver
	owned     bool // Open made db: Close closes it
	retention time.Duration
	attempts  int
	migrate   bool
	now       func() time.Time
}

// Option configures a Store.
type Option func(*Store)

// WithRetention keeps keys, statuses and audit rows for d before Prune
// deletes them (default DefaultRetention). Non-positive values are ignored.
func WithRetention(d time.Duration) Option {
	return func(s *Store) {
		if d > 0 {
			s.retention = d
		}
	}
}

// WithoutMigrations leaves the migrations to the merchant: Open applies
// none, and the SQL files under migrations/<dialect> (or Migrate) are
// theirs to run.
func WithoutMigrations() Option { return func(s *Store) { s.migrate = false } }

// WithAttempts sets how many times a transaction runs on a serialization
// failure or deadlock (default DefaultAttempts, at least 1).
func WithAttempts(n int) Option {
	return func(s *Store) {
		if n >= 1 {
			s.attempts = n
		}
	}
}

// WithClock sets the clock that stamps rows and that Prune measures the
// retention against (default time.Now).
func WithClock(now func() time.Time) Option {
	return func(s *Store) {
		if now != nil {
			s.now = now
		}
	}
}

// New returns a Store over the merchant's own pool. The dialect's package
// must be blank-imported (it registers the driver's error codes). New runs
// no query and applies no migration: call Migrate (or run the SQL files).
//
// For SQLite, open the pool with the DSN of sqlite.DSN (busy timeout,
// WAL, immediate transactions): without a busy timeout a second writer
// fails at once instead of waiting.
func New(db *sql.DB, dialect Dialect, opts ...Option) (*Store, error) {
	if db == nil {
		return nil, errors.New("sqlstore: New needs a *sql.DB")
	}
	drv, err := lookup(dialect)
	if err != nil {
		return nil, err
	}
	return newStore(db, drv, false, opts), nil
}

func newStore(db *sql.DB, drv Driver, owned bool, opts []Option) *Store {
	s := &Store{db: db, dialect: drv.Dialect, q: newQueries(drv.Dialect), driver: drv, owned: owned, retention: DefaultRetention,
		attempts: DefaultAttempts, migrate: true, now: time.Now}
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
	return s
}

// DB is the pool the store runs on.
func (s *Store) DB() *sql.DB { return s.db }

// Dialect is the database family the store speaks.
func (s *Store) Dialect() Dialect { return s.dialect }

// Close closes the pool when Open made it; a pool given to New is the
// merchant's to close.
func (s *Store) Close() error {
	if s.owned {
		return s.db.Close()
	}
	return nil
}

// micros is the store's time format: unix microseconds in a BIGINT, the
// same on every dialect (no driver time parsing, no 2038 limit).
func (s *Store) micros() int64 { return s.now().UnixMicro() }

// inTx runs fn in one transaction and commits it, running it again (after
// a rollback and a short jittered pause) while the database reports a
// serialization failure, a deadlock or a lock wait timeout, at most
// s.attempts times. fn's error is returned as it is after the rollback.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	var err error
	for attempt := 1; ; attempt++ {
		err = s.once(ctx, fn)
		if err == nil || attempt >= s.attempts || !s.driver.Retryable(err) || ctx.Err() != nil {
			return err
		}
		pause := time.Duration(1<<min(attempt, 6)) * time.Millisecond
		pause += rand.N(pause) // jitter: two replicas that collided do not collide again
		t := time.NewTimer(pause)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
	}
}

func (s *Store) once(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlstore: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlstore: commit: %w", err)
	}
	return nil
}

// Prune deletes the dedupe keys, object statuses and audit rows older than
// the retention (WithRetention) and returns how many rows went.
func (s *Store) Prune(ctx context.Context) (int64, error) {
	cut := s.now().Add(-s.retention).UnixMicro()
	var total int64
	for _, q := range []string{
		"DELETE FROM coinsdk_webhook_keys WHERE created_at < ?",
		"DELETE FROM coinsdk_webhook_events WHERE recorded_at < ?",
		"DELETE FROM coinsdk_webhook_objects WHERE updated_at < ?",
	} {
		res, err := s.db.ExecContext(ctx, s.dialect.Bind(q), cut)
		if err != nil {
			return total, fmt.Errorf("sqlstore: prune: %w", err)
		}
		n, _ := res.RowsAffected()
		total += n
	}
	return total, nil
}
