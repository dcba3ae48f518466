package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/payouts"
)

// Journal is the payout journal on the store's database: a payouts.Journal
// over the table coinsdk_payouts (migrations/<dialect>/0002_payouts.sql).
// Any number of processes may share it: a claim is taken in one transaction
// holding the row's lock (SELECT … FOR UPDATE on PostgreSQL and MariaDB,
// the write lock of an immediate transaction on SQLite), so two replicas
// asking for one reference at the same moment get one claim between them.
//
//	j := store.Journal()
//	sender, err := payouts.NewSender(adapter, j)
type Journal struct {
	s *Store
}

var (
	_ payouts.Journal       = (*Journal)(nil)
	_ payouts.BatchRecorder = (*Journal)(nil)
)

// Journal returns the store's payout journal.
func (s *Store) Journal() *Journal { return &Journal{s: s} }

// journalCols are the columns of coinsdk_payouts, in scan order.
const journalCols = "reference, provider, amount, currency, asset, address, tag, state, owner, lease_until, attempts, payout_id, payout, last_error, created_at, updated_at"

// Claim writes want for a new reference in one statement (one round trip),
// and otherwise decides with payouts.Decide:
//
//   - a decision that writes nothing (the payout is done, waits for a
//     person, is claimed by a live lease, or the parameters differ) is made
//     on the row as the claim's statement read it, with no lock: none of
//     them sends anything, and the facts they rest on (a done payout, the
//     intent's parameters) never change once written. On PostgreSQL that
//     is still one statement (insertOrRead); on MariaDB and SQLite a second
//     (a SELECT of the row, in-process on SQLite);
//   - a decision that takes the claim over (an ended lease, a refused
//     attempt) runs in a transaction that holds the row's lock and decides
//     again on what it reads there, so two claimants never both win.
//
// The row is inserted before it is locked, so two claimants of a new
// reference never both see "no row" (see databases.md: the row that does
// not exist yet).
func (j *Journal) Claim(ctx context.Context, want payouts.Entry, now time.Time) (payouts.Entry, payouts.Step, error) {
	if err := payouts.CheckEntry(want); err != nil {
		return payouts.Entry{}, 0, err
	}
	have, inserted, err := j.insertOrRead(ctx, want)
	if err != nil {
		return payouts.Entry{}, 0, fmt.Errorf("sqlstore: claim payout %q: %w", want.Reference, err)
	}
	if inserted {
		return want, payouts.StepSend, nil
	}
	if have.Reference != "" {
		got, step, decided := payouts.Decide(have, want, now)
		if decided != nil || step == payouts.StepDone {
			return got, step, decided
		}
	}
	return j.claimLocked(ctx, want, now)
}

// insertOrRead inserts want if its reference is new (inserted), else reads
// the stored row (have; a zero Entry when the row, inserted by another
// claimant, was not visible to the statement: claimLocked reads it then).
func (j *Journal) insertOrRead(ctx context.Context, want payouts.Entry) (have payouts.Entry, inserted bool, err error) {
	d := j.s.dialect
	err = j.s.retry(ctx, func() error {
		have, inserted = payouts.Entry{}, false
		if d == Postgres {
			// One statement: the INSERT's row when it wrote one, else the
			// stored row. A row committed by another claimant after this
			// statement began is not in its snapshot: no row then.
			rows, err := j.s.db.QueryContext(ctx, j.s.q.claim, append(entryArgs(want), want.Reference)...)
			if err != nil {
				return err
			}
			defer rows.Close()
			if rows.Next() {
				if have, err = scanEntry(rows, &inserted); err != nil {
					return err
				}
			}
			return rows.Err()
		}
		res, err := j.s.db.ExecContext(ctx, j.s.q.claim, entryArgs(want)...)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil || n == 1 {
			inserted = n == 1
			return err
		}
		have, err = scanEntry(j.s.db.QueryRowContext(ctx, j.s.q.get, want.Reference))
		if errors.Is(err, sql.ErrNoRows) {
			return nil // claimLocked finds out
		}
		return err
	})
	return have, inserted, err
}

// claimLocked decides with payouts.Decide in a transaction that holds the
// row's lock, and writes the claim when Decide takes it.
func (j *Journal) claimLocked(ctx context.Context, want payouts.Entry, now time.Time) (payouts.Entry, payouts.Step, error) {
	d := j.s.dialect
	var (
		got     payouts.Entry
		step    payouts.Step
		decided error
	)
	err := j.s.inTx(ctx, func(tx *sql.Tx) error {
		have, err := scanEntry(tx.QueryRowContext(ctx, d.Bind("SELECT "+journalCols+" FROM coinsdk_payouts WHERE reference = ?"+d.forUpdate()), want.Reference))
		if err != nil {
			return err
		}
		got, step, decided = payouts.Decide(have, want, now)
		if decided != nil || step == payouts.StepDone {
			return nil // nothing to write: the transaction only read
		}
		_, err = tx.ExecContext(ctx, d.Bind("UPDATE coinsdk_payouts SET state = ?, owner = ?, lease_until = ?, attempts = ?, updated_at = ? WHERE reference = ?"),
			string(got.State), got.Owner, got.LeaseUntil.UnixMicro(), got.Attempts, got.UpdatedAt.UnixMicro(), got.Reference)
		return err
	})
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			err = fmt.Errorf("the row was deleted while being claimed: %w", err)
		}
		return payouts.Entry{}, 0, fmt.Errorf("sqlstore: claim payout %q: %w", want.Reference, err)
	}
	return got, step, decided
}

// Record applies u in one conditional UPDATE: the WHERE clause is
// payouts.Applies written in SQL.
func (j *Journal) Record(ctx context.Context, u payouts.Update) (bool, error) {
	set := []string{"state = ?", "owner = ?", "lease_until = ?", "last_error = ?", "updated_at = ?"}
	args := []any{string(u.State), u.NewOwner, u.LeaseUntil.UnixMicro(), u.LastError, u.At.UnixMicro()}
	if u.PayoutID != "" {
		set, args = append(set, "payout_id = ?"), append(args, u.PayoutID)
	}
	if u.Payout != nil {
		set, args = append(set, "payout = ?"), append(args, string(u.Payout))
	}
	where := " WHERE reference = ?"
	args = append(args, u.Reference)
	switch {
	case u.From == "":
		where += " AND state <> ?"
		args = append(args, string(payouts.StateDone))
	case u.Owner == "":
		where += " AND state = ?"
		args = append(args, string(u.From))
	default:
		where += " AND state = ? AND owner = ?"
		args = append(args, string(u.From), u.Owner)
	}
	q := j.s.dialect.Bind("UPDATE coinsdk_payouts SET " + strings.Join(set, ", ") + where)
	var n int64
	err := j.s.retry(ctx, func() error {
		res, err := j.s.db.ExecContext(ctx, q, args...)
		if err != nil {
			return err
		}
		// MariaDB counts changed rows, not matched ones: an update that
		// writes exactly what is stored reports 0. Every update writes a
		// new state or updated_at, so a matched row is a changed one.
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return false, fmt.Errorf("sqlstore: record payout %q: %w", u.Reference, err)
	}
	return n == 1, nil
}

// RecordDone writes made payouts (the Sender's group commit) in one UPDATE
// per payouts.maxBatch: the outcome of every payout whose entry is not
// already done, each with its own provider id and payout, picked out by
// CASE on the reference. It is Record's rule for a made payout (From ""),
// written once for the whole batch, so that payouts made at the same time
// share one round trip.
func (j *Journal) RecordDone(ctx context.Context, us []payouts.Update) error {
	if len(us) == 0 {
		return nil
	}
	for _, u := range us {
		if u.State != payouts.StateDone || u.From != "" || u.PayoutID == "" || u.Payout == nil {
			return fmt.Errorf("sqlstore: record payouts: %q is not a made payout's outcome", u.Reference)
		}
	}
	var id, payout, in strings.Builder
	args := make([]any, 0, 4+5*len(us))
	last := us[len(us)-1]
	args = append(args, string(payouts.StateDone), last.LeaseUntil.UnixMicro(), last.At.UnixMicro())
	ids := make([]any, 0, 2*len(us))
	raws := make([]any, 0, 2*len(us))
	refs := make([]any, 0, len(us))
	for i, u := range us {
		id.WriteString(" WHEN ? THEN ?")
		payout.WriteString(" WHEN ? THEN ?")
		if i > 0 {
			in.WriteString(", ")
		}
		in.WriteString("?")
		ids = append(ids, u.Reference, u.PayoutID)
		raws = append(raws, u.Reference, string(u.Payout))
		refs = append(refs, u.Reference)
	}
	args = append(append(append(args, ids...), raws...), refs...)
	args = append(args, string(payouts.StateDone))
	q := j.s.dialect.Bind("UPDATE coinsdk_payouts SET state = ?, owner = '', lease_until = ?, last_error = '', updated_at = ?" +
		", payout_id = CASE reference" + id.String() + " ELSE payout_id END" +
		", payout = CASE reference" + payout.String() + " ELSE payout END" +
		" WHERE reference IN (" + in.String() + ") AND state <> ?")
	err := j.s.retry(ctx, func() error {
		_, err := j.s.db.ExecContext(ctx, q, args...)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlstore: record %d payouts: %w", len(us), err)
	}
	return nil
}

// Get returns the entry for reference, or an error matching payments.ErrNotFound.
func (j *Journal) Get(ctx context.Context, reference string) (payouts.Entry, error) {
	var e payouts.Entry
	err := j.s.retry(ctx, func() error {
		var err error
		e, err = scanEntry(j.s.db.QueryRowContext(ctx, j.s.q.get, reference))
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return payouts.Entry{}, payouts.NotFound(reference)
	}
	if err != nil {
		return payouts.Entry{}, fmt.Errorf("sqlstore: get payout %q: %w", reference, err)
	}
	return e, nil
}

// Pending lists provider's open entries whose lease ended at or before now
// and those waiting for a person, in reference order after after.
func (j *Journal) Pending(ctx context.Context, provider string, now time.Time, after string, limit int) ([]payouts.Entry, error) {
	if limit <= 0 {
		limit = 100
	}
	q := j.s.dialect.Bind("SELECT " + journalCols + " FROM coinsdk_payouts WHERE provider = ? AND reference > ?" +
		" AND (state = ? OR (state = ? AND lease_until <= ?)) ORDER BY reference LIMIT ?")
	var out []payouts.Entry
	err := j.s.retry(ctx, func() error {
		out = out[:0]
		rows, err := j.s.db.QueryContext(ctx, q, provider, after, string(payouts.StateAttention), string(payouts.StateOpen), now.UnixMicro(), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanEntry(rows)
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("sqlstore: pending payouts: %w", err)
	}
	return out, nil
}

// retry runs fn (one statement, autocommitted) again while the database
// reports a serialization failure, a deadlock or a lock wait timeout, like
// inTx does for a transaction.
func (s *Store) retry(ctx context.Context, fn func() error) error {
	var err error
	for attempt := 1; ; attempt++ {
		err = fn()
		if err == nil || attempt >= s.attempts || !s.driver.Retryable(err) || ctx.Err() != nil {
			return err
		}
		t := time.NewTimer(time.Duration(attempt) * time.Millisecond)
		select {
		case <-ctx.Done():
			t.Stop()
			return err
		case <-t.C:
		}
	}
}

// entryArgs are e's values in journalCols order.
func entryArgs(e payouts.Entry) []any {
	var payout any
	if e.Payout != nil {
		payout = string(e.Payout)
	}
	return []any{e.Reference, e.Provider, e.Amount, e.Currency, e.Asset, e.Address, e.Tag, string(e.State), e.Owner,
		e.LeaseUntil.UnixMicro(), e.Attempts, e.PayoutID, payout, e.LastError, e.CreatedAt.UnixMicro(), e.UpdatedAt.UnixMicro()}
}

// scanEntry reads one row of journalCols, and then the columns extra
// points to (insertOrRead's "inserted").
func scanEntry(row interface{ Scan(...any) error }, extra ...any) (payouts.Entry, error) {
	var (
		e                       payouts.Entry
		state                   string
		lease, created, updated int64
		payout                  sql.NullString
	)
	err := row.Scan(append([]any{&e.Reference, &e.Provider, &e.Amount, &e.Currency, &e.Asset, &e.Address, &e.Tag, &state, &e.Owner,
		&lease, &e.Attempts, &e.PayoutID, &payout, &e.LastError, &created, &updated}, extra...)...)
	if err != nil {
		return payouts.Entry{}, err
	}
	e.State = payouts.State(state)
	e.LeaseUntil, e.CreatedAt, e.UpdatedAt = time.UnixMicro(lease).UTC(), time.UnixMicro(created).UTC(), time.UnixMicro(updated).UTC()
	if payout.Valid {
		e.Payout = []byte(payout.String)
	}
	return e, nil
}
