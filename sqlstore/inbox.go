package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/webhooks"
)

var _ webhooks.Store = (*Store)(nil)

// maxKey is the longest dedupe or object key stored as it is: the columns
// are VARCHAR(255) on MariaDB (an index limit). A longer key is stored as
// its first 160 bytes and the SHA-256 of the whole: still one key per
// notification, and still readable.
const maxKey = 255

func dbKey(k string) string {
	if len(k) <= maxKey {
		return k
	}
	sum := sha256.Sum256([]byte(k))
	cut := 160
	for cut > 0 && !utf8.RuneStart(k[cut]) {
		cut-- // never split a character: MariaDB refuses invalid UTF-8
	}
	return k[:cut] + "#sha256:" + hex.EncodeToString(sum[:])
}

// Transact runs one webhook delivery (see webhooks.Store): it begins a
// transaction, inserts the object's row if it is new (so that there is a
// row to lock, even for the first delivery of an object that two replicas
// receive at once), locks it (SELECT … FOR UPDATE; on SQLite the write
// lock taken by the insert), runs fn and commits. It runs fn again on a
// serialization failure or deadlock, at most WithAttempts times.
func (s *Store) Transact(ctx context.Context, object string, fn func(ctx context.Context, tx webhooks.Tx) error) error {
	obj := dbKey(object)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.q.insertObject, obj, "", s.micros()); err != nil {
			return fmt.Errorf("sqlstore: insert object: %w", err)
		}
		var status string
		err := tx.QueryRowContext(ctx, s.q.lockObject, obj).Scan(&status)
		if err != nil {
			return fmt.Errorf("sqlstore: lock object: %w", err)
		}
		return fn(ctx, &inboxTx{s: s, tx: tx, object: obj, status: payments.Status(status)})
	})
}

// Status returns an object's recorded status (committed), "" when none.
func (s *Store) Status(ctx context.Context, object string) (payments.Status, error) {
	var status string
	err := s.db.QueryRowContext(ctx, s.q.status, dbKey(object)).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("sqlstore: status: %w", err)
	}
	return payments.Status(status), nil
}

// Seen reports whether a dedupe key was remembered (committed).
func (s *Store) Seen(ctx context.Context, key string) (bool, error) {
	return seen(ctx, s.db, s.q.seen, key)
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func seen(ctx context.Context, q querier, query, key string) (bool, error) {
	var one int
	err := q.QueryRowContext(ctx, query, dbKey(key)).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("sqlstore: seen: %w", err)
	}
	return true, nil
}

// inboxTx is one delivery's transaction, holding its object's row lock.
type inboxTx struct {
	s      *Store
	tx     *sql.Tx
	object string
	status payments.Status // read under the lock
}

func (t *inboxTx) Seen(ctx context.Context, key string) (bool, error) {
	return seen(ctx, t.tx, t.s.q.seen, key)
}

func (t *inboxTx) Status(context.Context) (payments.Status, error) { return t.status, nil }

func (t *inboxTx) Record(ctx context.Context, u webhooks.Update) error {
	now := t.s.micros()
	if _, err := t.tx.ExecContext(ctx, t.s.q.updateStatus, string(u.Status), now, t.object); err != nil {
		return fmt.Errorf("sqlstore: record status: %w", err)
	}
	t.status = u.Status
	ev := u.Event
	if ev == nil {
		ev = &payments.Event{}
	}
	var received int64
	if !ev.ReceivedAt.IsZero() {
		received = ev.ReceivedAt.UnixMicro()
	}
	if _, err := t.tx.ExecContext(ctx, t.s.q.insertEvent, t.object, dbKey(webhooks.DedupeKey(ev)), string(u.Previous),
		string(u.Status), ev.Provider, ev.ID, string(ev.Kind), ev.Type, ev.ProviderStatus, ev.Reference,
		ev.Amount.Amount.String(), ev.Amount.Currency, ev.Confirmations, ev.BodyAuthenticated, []byte(ev.Raw), received, now); err != nil {
		return fmt.Errorf("sqlstore: record event: %w", err)
	}
	return nil
}

// queries are the statements of a delivery and of the journal, written
// once per store in its dialect: a delivery runs eight statements, and
// building their text (placeholders, ON CONFLICT or ON DUPLICATE KEY) on
// every call was work the hand-written floor never does.
type queries struct {
	insertObject, lockObject, status, seen, updateStatus, insertEvent, remember string
	claim, get                                                                  string
}

func newQueries(d Dialect) queries {
	q := queries{
		insertObject: d.insertIgnore("coinsdk_webhook_objects", "object, status, updated_at", "object"),
		lockObject:   d.Bind("SELECT status FROM coinsdk_webhook_objects WHERE object = ?" + d.forUpdate()),
		status:       d.Bind("SELECT status FROM coinsdk_webhook_objects WHERE object = ?"),
		seen:         d.Bind("SELECT 1 FROM coinsdk_webhook_keys WHERE dedupe_key = ?"),
		updateStatus: d.Bind("UPDATE coinsdk_webhook_objects SET status = ?, updated_at = ? WHERE object = ?"),
		insertEvent:  d.Bind(insertEvent),
		remember:     d.Bind("INSERT INTO coinsdk_webhook_keys (dedupe_key, object, created_at) VALUES (?, ?, ?)"),
		claim:        d.insertIgnore("coinsdk_payouts", journalCols, "reference"),
		get:          d.Bind("SELECT " + journalCols + " FROM coinsdk_payouts WHERE reference = ?"),
	}
	if d == Postgres {
		// One statement: the INSERT's row when it wrote one, else the
		// stored row (see Journal.insertOrRead).
		q.claim = "WITH ins AS (" + q.claim + " RETURNING " + journalCols + ")" +
			" SELECT " + journalCols + ", TRUE FROM ins UNION ALL SELECT " + journalCols + ", FALSE FROM coinsdk_payouts WHERE reference = $17"
	}
	return q
}

const insertEvent = "INSERT INTO coinsdk_webhook_events (object, dedupe_key, previous, status, provider, event_id, kind, type, " +
	"provider_status, reference, amount, currency, confirmations, body_authenticated, raw, received_at, recorded_at) " +
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"

func (t *inboxTx) Remember(ctx context.Context, key string) error {
	if _, err := t.tx.ExecContext(ctx, t.s.q.remember, dbKey(key), t.object, t.s.micros()); err != nil {
		return fmt.Errorf("sqlstore: remember key: %w", err)
	}
	return nil
}

func (t *inboxTx) SQL() *sql.Tx { return t.tx }
