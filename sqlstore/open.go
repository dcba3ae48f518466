package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Errors Open returns inside an *OpenError.
var (
	// ErrBadURL is a URL Open cannot read, or of a scheme it does not know.
	ErrBadURL = errors.New("sqlstore: bad database URL")
	// ErrUnreachable is a database that did not answer.
	ErrUnreachable = errors.New("sqlstore: database unreachable")
)

// OpenError is every error of Open: which database (the URL with its
// password replaced by "xxxxx"), which step failed, and why. Its text never
// holds the password.
type OpenError struct {
	// URL is the database URL without its password.
	URL string
	// Step is "parse", "driver", "connect" or "migrate".
	Step string
	// Err is the cause: ErrBadURL, ErrNotRegistered, ErrUnreachable (with
	// the driver's error) or a migration error.
	Err error

	password string
}

// Error says what was opened, which step failed and why, without the password.
func (e *OpenError) Error() string {
	msg := e.Err.Error()
	if e.password != "" {
		msg = strings.ReplaceAll(msg, e.password, "xxxxx")
	}
	return "sqlstore: open " + e.URL + ": " + e.Step + ": " + msg
}

// Unwrap returns the cause.
func (e *OpenError) Unwrap() error { return e.Err }

// DefaultConnectTimeout bounds Open's first contact with the database when
// ctx has no earlier deadline.
const DefaultConnectTimeout = 10 * time.Second

// DefaultMaxConns is the size of the pool Open makes.
const DefaultMaxConns = 16

// Open connects to the database at rawURL, checks that it answers, and
// applies the embedded migrations (unless WithoutMigrations):
//
//	sqlite:PATH                                  (sqlite:webhooks.db, sqlite:/var/lib/shop/shop.db)
//	postgres://user:pass@host:5432/db?sslmode=…  (postgresql:// too)
//	mysql://user:pass@host:3306/db               (MariaDB or MySQL)
//
// The dialect's package must be blank-imported (import _
// "github.com/coinsdk/coinsdk/sqlstore/postgres"); the error says which one
// when it is not. A bad URL, an unknown scheme or a server that does not
// answer is an *OpenError, never a panic, and never shows the password.
func Open(ctx context.Context, rawURL string, opts ...Option) (*Store, error) {
	dialect, shown, password, err := parseURL(rawURL)
	if err != nil {
		return nil, &OpenError{URL: shown, Step: "parse", Err: err, password: password}
	}
	fail := func(step string, err error) (*Store, error) {
		return nil, &OpenError{URL: shown, Step: step, Err: err, password: password}
	}
	drv, err := lookup(dialect)
	if err != nil {
		return fail("driver", err)
	}
	dsn, err := drv.DSN(rawURL)
	if err != nil {
		return fail("parse", fmt.Errorf("%w: %w", ErrBadURL, err))
	}
	db, err := sql.Open(drv.DriverName, dsn)
	if err != nil {
		return fail("connect", fmt.Errorf("%w: %w", ErrUnreachable, err))
	}
	// A bounded pool: a burst of deliveries queues here instead of
	// exhausting the server's connections (PostgreSQL allows 100). Change
	// it through DB().
	db.SetMaxOpenConns(DefaultMaxConns)
	db.SetMaxIdleConns(DefaultMaxConns)
	pctx, cancel := context.WithTimeout(ctx, DefaultConnectTimeout)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		_ = db.Close()
		return fail("connect", fmt.Errorf("%w: %w", ErrUnreachable, err))
	}
	s := newStore(db, drv, true, opts)
	if s.migrate {
		if err := s.Migrate(ctx); err != nil {
			_ = db.Close()
			return fail("migrate", err)
		}
	}
	return s, nil
}

// parseURL finds the dialect of rawURL and the URL as it may be shown.
func parseURL(rawURL string) (d Dialect, shown, password string, err error) {
	scheme, rest, ok := strings.Cut(rawURL, ":")
	if !ok || scheme == "" {
		return "", "(no scheme)", "", fmt.Errorf("%w: want sqlite:PATH, postgres://… or mysql://…", ErrBadURL)
	}
	switch strings.ToLower(scheme) {
	case "sqlite", "sqlite3":
		if strings.TrimPrefix(rest, "//") == "" {
			return "", rawURL, "", fmt.Errorf("%w: sqlite: needs a file path (sqlite:webhooks.db)", ErrBadURL)
		}
		return SQLite, rawURL, "", nil
	case "postgres", "postgresql":
		d = Postgres
	case "mysql", "mariadb":
		d = MySQL
	default:
		return "", strings.ToLower(scheme) + ":…", "", fmt.Errorf("%w: unknown scheme %q (want sqlite, postgres, postgresql or mysql)", ErrBadURL, scheme)
	}
	u, perr := url.Parse(rawURL)
	if perr != nil {
		// url.Error quotes the URL, password included: never show it.
		return "", string(d) + "://…", passwordOf(rawURL), fmt.Errorf("%w: cannot parse the %s URL", ErrBadURL, d)
	}
	password, _ = u.User.Password()
	if u.Host == "" {
		return "", u.Redacted(), password, fmt.Errorf("%w: no host in the %s URL", ErrBadURL, d)
	}
	return d, u.Redacted(), password, nil
}

// passwordOf finds the password of a URL that url.Parse refused, so that
// no error shows it.
func passwordOf(raw string) string {
	_, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return ""
	}
	at := strings.LastIndex(rest, "@")
	if at < 0 {
		return ""
	}
	_, pass, ok := strings.Cut(rest[:at], ":")
	if !ok {
		return ""
	}
	return pass
}
