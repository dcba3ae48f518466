// Package dbtest gives tests a fresh database of each dialect sqlstore
// speaks: a schema of its own on PostgreSQL, a database of its own on
// MariaDB, a file of its own for SQLite, dropped when the test ends, so
// tests run in parallel on one server.
//
// The servers are named by COINSDK_TEST_POSTGRES (default
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable) and
// COINSDK_TEST_MYSQL (default mysql://root@127.0.0.1:3306/test). A server
// that does not answer skips the test with a message naming the variable,
// and fails it under CI=true.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/sqlstore"
	mysqldialect "github.com/coinsdk/coinsdk/sqlstore/mysql"
	_ "github.com/coinsdk/coinsdk/sqlstore/postgres" // registers pgx
	_ "github.com/coinsdk/coinsdk/sqlstore/sqlite"   // registers sqlite
)

// The environment variables naming the test servers, and their defaults.
const (
	PostgresEnv     = "COINSDK_TEST_POSTGRES"
	MySQLEnv        = "COINSDK_TEST_MYSQL"
	DefaultPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	DefaultMySQL    = "mysql://root@127.0.0.1:3306/test"
)

// Dialects is every dialect, in the order tests run them.
var Dialects = []sqlstore.Dialect{sqlstore.SQLite, sqlstore.Postgres, sqlstore.MySQL}

// DB is one fresh database for one test.
type DB struct {
	// Dialect is its family.
	Dialect sqlstore.Dialect
	// URL opens it with sqlstore.Open.
	URL string
}

// Each runs fn as a subtest per dialect, each on a fresh database.
func Each(t *testing.T, fn func(t *testing.T, db DB)) {
	for _, d := range Dialects {
		t.Run(string(d), func(t *testing.T) { fn(t, Fresh(t, d)) })
	}
}

// Fresh returns a database of dialect d of the test's own, dropped at the
// end of the test; it skips (fails under CI=true) when the server is down.
func Fresh(t testing.TB, d sqlstore.Dialect) DB {
	t.Helper()
	name := "t_" + randomHex(6)
	switch d {
	case sqlstore.SQLite:
		return DB{Dialect: d, URL: "sqlite:" + filepath.Join(t.TempDir(), "test.db")}
	case sqlstore.Postgres:
		base, admin := server(t, PostgresEnv, DefaultPostgres, "pgx")
		exec(t, admin, "CREATE SCHEMA "+name)
		t.Cleanup(func() { _, _ = admin.Exec("DROP SCHEMA " + name + " CASCADE") })
		u, _ := url.Parse(base)
		q := u.Query()
		q.Set("search_path", name)
		u.RawQuery = q.Encode()
		return DB{Dialect: d, URL: u.String()}
	case sqlstore.MySQL:
		base, admin := server(t, MySQLEnv, DefaultMySQL, "mysql")
		exec(t, admin, "CREATE DATABASE "+name)
		t.Cleanup(func() { _, _ = admin.Exec("DROP DATABASE " + name) })
		u, _ := url.Parse(base)
		u.Path = "/" + name
		return DB{Dialect: d, URL: u.String()}
	}
	t.Fatalf("dbtest: unknown dialect %q", d)
	return DB{}
}

// Open opens db through sqlstore.Open (migrations applied), closed at the
// end of the test.
func Open(t testing.TB, db DB, opts ...sqlstore.Option) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.Open(context.Background(), db.URL, opts...)
	if err != nil {
		t.Fatalf("dbtest: open %s: %v", db.Dialect, err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func exec(t testing.TB, db *sql.DB, q string) {
	t.Helper()
	if _, err := db.Exec(q); err != nil {
		t.Fatalf("dbtest: %s: %v", q, err)
	}
}

type admin struct {
	once sync.Once
	base string
	db   *sql.DB
	err  error
}

var admins sync.Map // env name → *admin

// server returns the base URL and an admin pool of the server env names,
// shared by the tests of this process; down → skip, or fail under CI.
func server(t testing.TB, env, def, driver string) (string, *sql.DB) {
	t.Helper()
	v, _ := admins.LoadOrStore(env, &admin{})
	a := v.(*admin)
	a.once.Do(func() {
		a.base = os.Getenv(env)
		if a.base == "" {
			a.base = def
		}
		dsn := a.base
		if driver == "mysql" {
			if dsn, a.err = mysqldialect.DSN(a.base); a.err != nil {
				return
			}
		}
		if a.db, a.err = sql.Open(driver, dsn); a.err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		a.err = a.db.PingContext(ctx)
	})
	if a.err != nil {
		msg := "dbtest: no server at " + env + " (" + redact(a.base) + "): " + a.err.Error() +
			"; start it, or set " + env + " to a reachable server"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return a.base, a.db
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
