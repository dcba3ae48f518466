package sqlstore_test

import (
	"context"
	"database/sql"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/internal/storetest"
	"github.com/coinsdk/coinsdk/sqlstore"
	"github.com/coinsdk/coinsdk/sqlstore/sqlite"
	"github.com/coinsdk/coinsdk/webhooks"
)

// A transaction that meets a lock it cannot get (SQLITE_BUSY here, a
// deadlock or serialization failure on the servers) runs again, a bounded
// number of times: it succeeds once the lock is free, and gives up with the
// database's error when it never is.
func TestBusyIsRetriedBoundedly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "busy.db")
	setup, err := sqlstore.Open(context.Background(), "sqlite:"+path)
	require.NoError(t, err)
	require.NoError(t, setup.Close())
	// A pool that waits only 20 ms for a lock, so that BUSY comes quickly.
	db, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(20)&_pragma=journal_mode(WAL)&_txlock=immediate")
	require.NoError(t, err)
	defer db.Close()
	holder, err := sql.Open("sqlite", sqlite.DSN(path))
	require.NoError(t, err)
	defer holder.Close()

	ctx := context.Background()
	noop := func(context.Context, webhooks.Tx) error { return nil }
	lock, err := holder.BeginTx(ctx, nil) // BEGIN IMMEDIATE: the write lock
	require.NoError(t, err)

	s, err := sqlstore.New(db, sqlstore.SQLite, sqlstore.WithAttempts(3))
	require.NoError(t, err)
	start := time.Now()
	err = s.Transact(ctx, "o", noop)
	require.Error(t, err, "the lock is never free: give up")
	assert.True(t, sqlite.Retryable(err), "the database's busy error comes back: %v", err)
	assert.Less(t, time.Since(start), 5*time.Second, "bounded")

	s, err = sqlstore.New(db, sqlstore.SQLite, sqlstore.WithAttempts(50))
	require.NoError(t, err)
	go func() { time.Sleep(150 * time.Millisecond); _ = lock.Rollback() }()
	require.NoError(t, s.Transact(ctx, "o", noop), "runs again until the lock is free")
}

// A database that is down answers 503: the provider delivers again, and
// nothing was recorded.
func TestDatabaseDownAnswers503(t *testing.T) {
	s, err := sqlstore.Open(context.Background(), "sqlite:"+filepath.Join(t.TempDir(), "down.db"))
	require.NoError(t, err)
	h := webhooks.NewHandler(storetest.Verifier(), s, storetest.Credit(s.Dialect().Bind, nil))
	require.NoError(t, s.Close())
	d := storetest.Invoice(1)[0]
	assert.Equal(t, http.StatusServiceUnavailable, d.Serve(h))
}
