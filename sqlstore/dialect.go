package sqlstore

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// Dialect names a database family: the SQL the store writes and the driver
// package that registers it.
type Dialect string

// The dialects sqlstore speaks.
const (
	// Postgres is PostgreSQL through pgx (blank-import sqlstore/postgres).
	Postgres Dialect = "postgres"
	// MySQL is MariaDB or MySQL through go-sql-driver/mysql (blank-import
	// sqlstore/mysql).
	MySQL Dialect = "mysql"
	// SQLite is SQLite through modernc.org/sqlite, pure Go (blank-import
	// sqlstore/sqlite).
	SQLite Dialect = "sqlite"
)

// importPath is the package that registers d's driver.
func (d Dialect) importPath() string { return "github.com/coinsdk/coinsdk/sqlstore/" + string(d) }

// Driver is what a dialect package registers (see Register): how to reach
// the database through database/sql and which of its errors are worth
// running a transaction again for. Merchants do not use it.
type Driver struct {
	// Dialect is the family the driver serves.
	Dialect Dialect
	// DriverName is the database/sql driver name ("pgx", "mysql", "sqlite").
	DriverName string
	// DSN turns the URL given to Open into the driver's data source name.
	// It must not put the URL's password in an error.
	DSN func(rawURL string) (string, error)
	// Retryable reports a serialization failure, a deadlock or a lock wait
	// timeout: the transaction did nothing and can run again.
	Retryable func(error) bool
}

var (
	driversMu sync.RWMutex
	drivers   = map[Dialect]Driver{}
)

// Register makes a dialect usable by Open and New. The dialect packages
// (sqlstore/postgres, sqlstore/mysql, sqlstore/sqlite) call it from init;
// registering a dialect twice keeps the last.
func Register(d Driver) {
	driversMu.Lock()
	defer driversMu.Unlock()
	drivers[d.Dialect] = d
}

// ErrNotRegistered is returned by Open and New for a dialect whose package
// was not blank-imported; the error names the import.
var ErrNotRegistered = errors.New("sqlstore: dialect not registered")

func lookup(d Dialect) (Driver, error) {
	driversMu.RLock()
	defer driversMu.RUnlock()
	return lookupIn(drivers, d)
}

func lookupIn(drivers map[Dialect]Driver, d Dialect) (Driver, error) {
	drv, ok := drivers[d]
	if !ok || drv.DSN == nil || drv.Retryable == nil {
		switch d {
		case Postgres, MySQL, SQLite:
			return Driver{}, fmt.Errorf("%w: %s: add import _ %q", ErrNotRegistered, d, d.importPath())
		}
		return Driver{}, fmt.Errorf("%w: unknown dialect %q (want postgres, mysql or sqlite)", ErrNotRegistered, string(d))
	}
	return drv, nil
}

// Bind rewrites the '?' placeholders of q into $1, $2… for PostgreSQL.
// Queries are written with '?' once, for every dialect; none of them holds
// a '?' in a literal.
func (d Dialect) Bind(q string) string {
	if d != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// insertIgnore returns an INSERT of one row into table that does nothing
// (and, on MariaDB, takes the row's exclusive lock) when key is taken.
func (d Dialect) insertIgnore(table, cols, key string) string {
	ph := strings.TrimSuffix(strings.Repeat("?, ", strings.Count(cols, ",")+1), ", ")
	q := "INSERT INTO " + table + " (" + cols + ") VALUES (" + ph + ")"
	if d == MySQL {
		// ON DUPLICATE KEY takes the exclusive lock at once; INSERT IGNORE
		// takes a shared one, and two waiters upgrading it deadlock.
		return d.Bind(q + " ON DUPLICATE KEY UPDATE " + key + " = " + key)
	}
	return d.Bind(q + " ON CONFLICT (" + key + ") DO NOTHING")
}

// forUpdate is the suffix of a SELECT that locks the rows it reads; SQLite
// has none: its write lock, taken at BEGIN IMMEDIATE or at the first write,
// already covers the whole file.
func (d Dialect) forUpdate() string {
	if d == SQLite {
		return ""
	}
	return " FOR UPDATE"
}
