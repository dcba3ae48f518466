package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// migrationFiles are the versioned migrations, one directory per dialect:
// migrations/<dialect>/NNNN_name.sql, applied in the order of NNNN. Each
// file is plain SQL, statements ending with ';' at the end of a line, no
// ';' inside a literal; on MariaDB every statement must be safe to run
// again (DDL is not transactional there: see Migrate).
//
//go:embed migrations
var migrationFiles embed.FS

// Migration is one versioned SQL file.
type Migration struct {
	// Version is the file's NNNN prefix.
	Version int
	// Name is the file name.
	Name string
	// SQL is the file's text.
	SQL string
}

// Migrations returns the embedded migrations of dialect, in order.
func Migrations(d Dialect) ([]Migration, error) {
	dir := path.Join("migrations", string(d))
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: no migrations for dialect %q", string(d))
	}
	var out []Migration
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".sql") {
			continue
		}
		prefix, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(prefix)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("sqlstore: migration %s/%s: name must be NNNN_name.sql", dir, name)
		}
		text, err := fs.ReadFile(migrationFiles, path.Join(dir, name))
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(text)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i := 1; i < len(out); i++ {
		if out[i].Version == out[i-1].Version {
			return nil, fmt.Errorf("sqlstore: migrations %s and %s share version %d", out[i-1].Name, out[i].Name, out[i].Version)
		}
	}
	return out, nil
}

// statements splits a migration into statements: each ends with ';' at
// the end of a line; "--" comment lines are dropped.
func statements(text string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "--") {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(trimmed, ";") {
			if st := strings.TrimSuffix(strings.TrimSpace(cur.String()), ";"); st != "" {
				out = append(out, st)
			}
			cur.Reset()
		}
	}
	if st := strings.TrimSpace(cur.String()); st != "" {
		out = append(out, st)
	}
	return out
}

const versionTable = "coinsdk_schema_migrations"

// Migrate applies the embedded migrations not applied yet, in order, and
// records each version in coinsdk_schema_migrations. Two processes may run
// it at once: one waits for the other under a lock held on one connection
// (pg_advisory_lock on PostgreSQL, GET_LOCK on MariaDB, the write lock of
// BEGIN IMMEDIATE on SQLite), then finds the versions applied.
//
// On PostgreSQL and SQLite each migration commits together with its
// version row. MariaDB commits every DDL statement on its own: a migration
// interrupted half way is run again from its start next time, which is why
// its statements are written to be safe to repeat, and its version is
// recorded only after its last statement.
func (s *Store) Migrate(ctx context.Context) error {
	ms, err := Migrations(s.dialect)
	if err != nil {
		return err
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	defer conn.Close()
	if s.dialect == SQLite {
		return s.migrateSQLite(ctx, conn, ms)
	}
	unlock, err := s.lockMigrations(ctx, conn)
	if err != nil {
		return err
	}
	defer unlock()
	if _, err := conn.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS "+versionTable+
		" (version INTEGER NOT NULL PRIMARY KEY, name VARCHAR(255) NOT NULL, applied_at BIGINT NOT NULL)"); err != nil {
		return fmt.Errorf("sqlstore: migrate: version table: %w", err)
	}
	done, err := appliedVersions(ctx, conn)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if done[m.Version] {
			continue
		}
		if err := s.apply(ctx, conn, m); err != nil {
			return err
		}
	}
	return nil
}

// lockMigrations takes the database-wide migration lock on conn and returns
// its release, which runs even when ctx has ended.
func (s *Store) lockMigrations(ctx context.Context, conn *sql.Conn) (func(), error) {
	switch s.dialect {
	case Postgres:
		// One lock per schema, so tests on separate schemas do not wait.
		const key = "hashtextextended('coinsdk_sqlstore_migrate:' || current_schema(), 0)"
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock("+key+")"); err != nil {
			return nil, fmt.Errorf("sqlstore: migrate: lock: %w", err)
		}
		return func() { _, _ = conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock("+key+")") }, nil
	case MySQL:
		const name = "CONCAT('coinsdk_migrate_', LEFT(SHA1(COALESCE(DATABASE(), '')), 32))"
		var got sql.NullInt64
		if err := conn.QueryRowContext(ctx, "SELECT GET_LOCK("+name+", 120)").Scan(&got); err != nil {
			return nil, fmt.Errorf("sqlstore: migrate: lock: %w", err)
		}
		if !got.Valid || got.Int64 != 1 {
			return nil, errors.New("sqlstore: migrate: another process held the migration lock for 120 s")
		}
		return func() { _, _ = conn.ExecContext(context.Background(), "SELECT RELEASE_LOCK("+name+")") }, nil
	}
	return nil, fmt.Errorf("sqlstore: migrate: no lock for dialect %q", string(s.dialect))
}

func appliedVersions(ctx context.Context, q interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}) (map[int]bool, error) {
	rows, err := q.QueryContext(ctx, "SELECT version FROM "+versionTable)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: migrate: read versions: %w", err)
	}
	defer rows.Close()
	done := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("sqlstore: migrate: read versions: %w", err)
		}
		done[v] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: migrate: read versions: %w", err)
	}
	return done, nil
}

// apply runs one migration on PostgreSQL (one transaction with its version
// row) or MariaDB (statement by statement, the version recorded after).
func (s *Store) apply(ctx context.Context, conn *sql.Conn, m Migration) error {
	record := s.dialect.Bind("INSERT INTO " + versionTable + " (version, name, applied_at) VALUES (?, ?, ?)")
	if s.dialect == MySQL {
		for _, st := range statements(m.SQL) {
			if _, err := conn.ExecContext(ctx, st); err != nil {
				return fmt.Errorf("sqlstore: migrate %s: %w", m.Name, err)
			}
		}
		if _, err := conn.ExecContext(ctx, record, m.Version, m.Name, s.micros()); err != nil {
			return fmt.Errorf("sqlstore: migrate %s: record version: %w", m.Name, err)
		}
		return nil
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlstore: migrate %s: %w", m.Name, err)
	}
	defer func() { _ = tx.Rollback() }()
	for _, st := range statements(m.SQL) {
		if _, err := tx.ExecContext(ctx, st); err != nil {
			return fmt.Errorf("sqlstore: migrate %s: %w", m.Name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, record, m.Version, m.Name, s.micros()); err != nil {
		return fmt.Errorf("sqlstore: migrate %s: record version: %w", m.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlstore: migrate %s: %w", m.Name, err)
	}
	return nil
}

// migrateSQLite applies every pending migration in one BEGIN IMMEDIATE
// transaction on conn: the write lock it takes at once is the migration
// lock (a second process waits on its busy timeout), and SQLite's DDL is
// transactional, so all of it commits with its version rows or none does.
func (s *Store) migrateSQLite(ctx context.Context, conn *sql.Conn, ms []Migration) (err error) {
	// The pool may lack a busy timeout (New): this connection waits.
	if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = 30000"); err != nil {
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return fmt.Errorf("sqlstore: migrate: lock: %w", err)
	}
	defer func() {
		if err != nil {
			_, _ = conn.ExecContext(context.Background(), "ROLLBACK")
		}
	}()
	if _, err := conn.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS "+versionTable+
		" (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)"); err != nil {
		return fmt.Errorf("sqlstore: migrate: version table: %w", err)
	}
	done, err := appliedVersions(ctx, conn)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if done[m.Version] {
			continue
		}
		for _, st := range statements(m.SQL) {
			if _, err := conn.ExecContext(ctx, st); err != nil {
				return fmt.Errorf("sqlstore: migrate %s: %w", m.Name, err)
			}
		}
		if _, err := conn.ExecContext(ctx, "INSERT INTO "+versionTable+" (version, name, applied_at) VALUES (?, ?, ?)",
			m.Version, m.Name, s.micros()); err != nil {
			return fmt.Errorf("sqlstore: migrate %s: record version: %w", m.Name, err)
		}
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("sqlstore: migrate: commit: %w", err)
	}
	return nil
}
