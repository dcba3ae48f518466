package sqlstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/internal/dbtest"
	"github.com/coinsdk/coinsdk/sqlstore"
	"github.com/coinsdk/coinsdk/webhooks"
)

// A bad URL, an unknown scheme or a server that does not answer is a clear
// *OpenError, never a panic, and never shows the password.
func TestOpenErrors(t *testing.T) {
	t.Parallel()
	closed := freeAddr(t) // nobody listens there
	for name, tc := range map[string]struct {
		url  string
		want error
	}{
		"empty":              {"", sqlstore.ErrBadURL},
		"no scheme":          {"webhooks.db", sqlstore.ErrBadURL},
		"unknown scheme":     {"oracle://scott:tiger-pass@db/x", sqlstore.ErrBadURL},
		"sqlite without":     {"sqlite:", sqlstore.ErrBadURL},
		"sqlite memory":      {"sqlite::memory:", sqlstore.ErrBadURL},
		"postgres no host":   {"postgres:///db", sqlstore.ErrBadURL},
		"postgres bad":       {"postgres://u:tiger-pass@[::1/db", sqlstore.ErrBadURL},
		"mysql no db":        {"mysql://root:tiger-pass@127.0.0.1:3306", sqlstore.ErrBadURL},
		"postgres down":      {"postgres://u:tiger-pass@" + closed + "/db?sslmode=disable&connect_timeout=2", sqlstore.ErrUnreachable},
		"mysql down":         {"mysql://u:tiger-pass@" + closed + "/db?timeout=2s", sqlstore.ErrUnreachable},
		"sqlite unreachable": {"sqlite:/nonexistent-dir/x/y.db", sqlstore.ErrUnreachable},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			var s *sqlstore.Store
			var err error
			require.NotPanics(t, func() { s, err = sqlstore.Open(ctx, tc.url) })
			require.Error(t, err)
			assert.Nil(t, s)
			assert.ErrorIs(t, err, tc.want)
			var oe *sqlstore.OpenError
			require.ErrorAs(t, err, &oe)
			assert.NotContains(t, err.Error(), "tiger-pass", "no password in the error")
			assert.NotContains(t, oe.URL, "tiger-pass")
		})
	}
}

func TestNewErrors(t *testing.T) {
	_, err := sqlstore.New(nil, sqlstore.Postgres)
	require.Error(t, err)
	s := dbtest.Open(t, dbtest.Fresh(t, sqlstore.SQLite))
	_, err = sqlstore.New(s.DB(), sqlstore.Dialect("oracle"))
	require.ErrorIs(t, err, sqlstore.ErrNotRegistered)
	assert.Contains(t, err.Error(), "want postgres, mysql or sqlite")
}

// Prune deletes keys, statuses and audit rows older than the retention and
// keeps the newer ones.
func TestPrune(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		t.Parallel()
		now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		s := dbtest.Open(t, db, sqlstore.WithClock(clock), sqlstore.WithRetention(48*time.Hour))
		ctx := context.Background()
		deliver := func(object, key string) {
			require.NoError(t, s.Transact(ctx, object, func(ctx context.Context, tx webhooks.Tx) error {
				if err := tx.Record(ctx, webhooks.Update{Status: "paid"}); err != nil {
					return err
				}
				return tx.Remember(ctx, key)
			}))
		}
		deliver("old", "k-old")
		now = now.Add(47 * time.Hour)
		deliver("new", "k-new")
		now = now.Add(2 * time.Hour) // "old" is 49 h old, "new" 2 h
		n, err := s.Prune(ctx)
		require.NoError(t, err)
		assert.Equal(t, int64(3), n, "one key, one audit row, one status")
		for object, want := range map[string]bool{"old": false, "new": true} {
			seen, err := s.Seen(ctx, "k-"+object)
			require.NoError(t, err)
			assert.Equal(t, want, seen, object)
			st, err := s.Status(ctx, object)
			require.NoError(t, err)
			assert.Equal(t, want, st == "paid", object)
		}
	})
}

func TestOpenErrorText(t *testing.T) {
	err := &sqlstore.OpenError{URL: "mysql://u:xxxxx@h/db", Step: "connect", Err: errors.New("boom")}
	assert.Equal(t, "sqlstore: open mysql://u:xxxxx@h/db: connect: boom", err.Error())
}
