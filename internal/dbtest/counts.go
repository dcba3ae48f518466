package dbtest

import (
	"database/sql"
	"testing"

	"github.com/stretchr/testify/require"
)

// Counts runs query, whose rows are a key and a number (credits per order
// reference, say), and returns them as a map.
func Counts(t testing.TB, db *sql.DB, query string) map[string]int {
	t.Helper()
	rows, err := db.Query(query)
	require.NoError(t, err)
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var key string
		var n int
		require.NoError(t, rows.Scan(&key, &n))
		out[key] = n
	}
	require.NoError(t, rows.Err())
	return out
}
