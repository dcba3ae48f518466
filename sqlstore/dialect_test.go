package sqlstore

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A dialect whose package was not imported: the error names the import.
func TestNotRegisteredNamesTheImport(t *testing.T) {
	for _, d := range []Dialect{Postgres, MySQL, SQLite} {
		_, err := lookupIn(map[Dialect]Driver{}, d)
		require.ErrorIs(t, err, ErrNotRegistered)
		assert.Contains(t, err.Error(), `import _ "github.com/coinsdk/coinsdk/sqlstore/`+string(d)+`"`)
	}
}

func TestBind(t *testing.T) {
	assert.Equal(t, "SELECT a FROM b WHERE c = $1 AND d = $2", Postgres.Bind("SELECT a FROM b WHERE c = ? AND d = ?"))
	assert.Equal(t, "SELECT a FROM b WHERE c = ?", MySQL.Bind("SELECT a FROM b WHERE c = ?"))
	assert.Equal(t, "INSERT INTO t (a, b) VALUES (?, ?) ON DUPLICATE KEY UPDATE a = a", MySQL.insertIgnore("t", "a, b", "a"))
	assert.Equal(t, "INSERT INTO t (a, b) VALUES ($1, $2) ON CONFLICT (a) DO NOTHING", Postgres.insertIgnore("t", "a, b", "a"))
}

func TestLongKeys(t *testing.T) {
	short := "cryptochill:abc"
	assert.Equal(t, short, dbKey(short))
	long := string(make([]byte, 300))
	assert.LessOrEqual(t, len(dbKey(long)), maxKey)
	assert.NotEqual(t, dbKey(long+"a"), dbKey(long+"b"))
}

func TestStatements(t *testing.T) {
	got := statements("-- comment\nCREATE TABLE a (\n  x INT\n);\n\n-- two\nCREATE INDEX i ON a (x);\n")
	assert.Equal(t, []string{"CREATE TABLE a (\n  x INT\n)", "CREATE INDEX i ON a (x)"}, got)
}
