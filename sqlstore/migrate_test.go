package sqlstore_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/internal/dbtest"
	"github.com/coinsdk/coinsdk/sqlstore"
)

func versions(t *testing.T, s *sqlstore.Store) []int {
	t.Helper()
	rows, err := s.DB().Query("SELECT version FROM coinsdk_schema_migrations ORDER BY version")
	require.NoError(t, err)
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		require.NoError(t, rows.Scan(&v))
		out = append(out, v)
	}
	require.NoError(t, rows.Err())
	return out
}

func wantVersions(t *testing.T, d sqlstore.Dialect) []int {
	ms, err := sqlstore.Migrations(d)
	require.NoError(t, err)
	require.NotEmpty(t, ms)
	var out []int
	for _, m := range ms {
		out = append(out, m.Version)
	}
	return out
}

// From empty, then again (a no-op), then from two processes at once on a
// fresh database: every version once, tables usable.
func TestMigrations(t *testing.T) {
	t.Parallel()
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		t.Parallel()
		ctx := context.Background()
		s, err := sqlstore.Open(ctx, db.URL, sqlstore.WithoutMigrations())
		require.NoError(t, err)
		defer s.Close()
		_, err = s.Status(ctx, "x")
		require.Error(t, err, "WithoutMigrations applied nothing")

		require.NoError(t, s.Migrate(ctx))
		assert.Equal(t, wantVersions(t, db.Dialect), versions(t, s), "from empty")
		require.NoError(t, s.Migrate(ctx))
		assert.Equal(t, wantVersions(t, db.Dialect), versions(t, s), "re-applied: no-op")
		st, err := s.Status(ctx, "x")
		require.NoError(t, err)
		assert.Empty(t, st)

		// Two processes applying at once on a fresh database, twice over.
		for range 2 {
			fresh := dbtest.Fresh(t, db.Dialect)
			var wg sync.WaitGroup
			errs := make([]error, 2)
			outs := make([][]byte, 2)
			for i := range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					cmd := helper(t, "migrate", fresh.URL, "")
					cmd.Stderr = nil
					outs[i], errs[i] = cmd.CombinedOutput()
				}()
			}
			wg.Wait()
			for i := range 2 {
				require.NoError(t, errs[i], "process %d: %s", i, outs[i])
			}
			s2 := dbtest.Open(t, fresh)
			assert.Equal(t, wantVersions(t, db.Dialect), versions(t, s2), "two processes at once")
		}
	})
}

func TestMigrationFilesAreReadable(t *testing.T) {
	for _, d := range dbtest.Dialects {
		ms, err := sqlstore.Migrations(d)
		require.NoError(t, err)
		for i, m := range ms {
			assert.Equal(t, i+1, m.Version, "%s: versions follow each other", m.Name)
			assert.True(t, strings.HasPrefix(m.SQL, "--"), "%s starts with a comment saying what it is", m.Name)
		}
	}
}
