// Package sqlite registers SQLite with sqlstore, through modernc.org/sqlite
// (pure Go, no cgo; driver name "sqlite"). Import it for its side effect:
//
//	import _ "github.com/coinsdk/coinsdk/sqlstore/sqlite"
//
//	store, err := sqlstore.Open(ctx, "sqlite:webhooks.db")
//
// Every connection of the pool is opened with DSN's settings: a 10 s busy
// timeout (a second writer waits instead of failing), WAL (readers go on
// while one writes; needs a local file system, not NFS), synchronous=FULL
// (a commit is on disk when it returns, also across a power loss) and
// BEGIN IMMEDIATE for every transaction (the write lock is taken at BEGIN,
// so two replicas never read and then fail to upgrade: one waits).
package sqlite

import (
	"errors"
	"strings"

	"modernc.org/sqlite"

	"github.com/coinsdk/coinsdk/sqlstore"
)

func init() {
	sqlstore.Register(sqlstore.Driver{
		Dialect:    sqlstore.SQLite,
		DriverName: "sqlite",
		DSN: func(rawURL string) (string, error) {
			_, path, _ := strings.Cut(rawURL, ":")
			path = strings.TrimPrefix(path, "//")
			if path == "" || strings.HasPrefix(path, ":memory:") {
				return "", errors.New("sqlite needs a file (sqlite:webhooks.db): an in-memory database is lost on exit")
			}
			return DSN(path), nil
		},
		Retryable: Retryable,
	})
}

// Settings are the connection settings DSN adds to a path.
const Settings = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_txlock=immediate"

// DSN is the data source name sqlstore uses for the SQLite file at path:
// path with Settings. Use it for a pool given to sqlstore.New.
func DSN(path string) string {
	if strings.Contains(path, "?") {
		return path + "&" + Settings
	}
	return path + "?" + Settings
}

// Retryable reports SQLITE_BUSY and SQLITE_LOCKED (with their extended
// codes): another connection held the lock past the busy timeout, and the
// transaction did nothing.
func Retryable(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	code := se.Code() & 0xff
	return code == 5 || code == 6
}
