// Package postgres registers PostgreSQL with sqlstore, through pgx's
// database/sql driver (github.com/jackc/pgx/v5/stdlib, driver name "pgx").
// Import it for its side effect:
//
//	import _ "github.com/coinsdk/coinsdk/sqlstore/postgres"
//
//	store, err := sqlstore.Open(ctx, "postgres://shop:secret@db.internal:5432/shop?sslmode=verify-full")
//
// Any connection parameter pgx reads from a URL works (sslmode, search_path,
// pool_max_conns is not one: size the pool with DB().SetMaxOpenConns).
package postgres

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/coinsdk/coinsdk/sqlstore"
)

func init() {
	sqlstore.Register(sqlstore.Driver{
		Dialect:    sqlstore.Postgres,
		DriverName: "pgx",
		DSN:        func(rawURL string) (string, error) { return rawURL, nil }, // pgx reads postgres:// and postgresql://
		Retryable:  Retryable,
	})
}

// Retryable reports a serialization failure (SQLSTATE 40001) or a deadlock
// (40P01): the transaction was rolled back and can run again.
func Retryable(err error) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return false
	}
	return pe.Code == "40001" || pe.Code == "40P01"
}
