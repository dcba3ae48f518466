package sqlstore_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/coinsdk/coinsdk/internal/dbtest"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/payouts"
	"github.com/coinsdk/coinsdk/sqlstore"
	mysqldialect "github.com/coinsdk/coinsdk/sqlstore/mysql"
	sqlitedialect "github.com/coinsdk/coinsdk/sqlstore/sqlite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestJournalRoundTrips counts what the SQL journal sends the database per
// payout, at the database/sql driver (each statement, BEGIN, COMMIT,
// ROLLBACK and PREPARE is at least one round trip), on every database:
//
//   - a new payout: one statement on Send's path, the intent and the claim
//     in one INSERT before the request. The outcome is group-committed
//     behind Send's return (payouts package doc, "What it costs"): one
//     UPDATE for the payout made alone, one for all the payouts made while
//     the previous write was in flight (here: 20 concurrent payouts whose
//     outcomes are held, then written in one statement);
//   - on a provider that can neither deduplicate nor look a payout up (the
//     gateway), two statements on Send's path: the outcome is written before
//     Send returns, as the journal is that payout's only record;
//   - Send again for a paid reference: nothing sent, and one statement on
//     PostgreSQL (the claim's INSERT reads the recorded payout back in the
//     same statement); two on MariaDB, which has no INSERT … RETURNING for
//     a row it did not insert, and on SQLite, where a statement is a call
//     inside the process, not a round trip.
//
// A change that adds a statement to any path fails here.
func TestJournalRoundTrips(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, db dbtest.DB) {
		dbtest.Open(t, db) // migrated
		pool, statements := countingPool(t, db)
		store, err := sqlstore.New(pool, db.Dialect, sqlstore.WithoutMigrations())
		require.NoError(t, err)
		ctx := t.Context()
		sender := func(caps payments.Capabilities) (*payouts.Sender, *instantProvider, func(string)) {
			p := &instantProvider{caps: caps}
			s, err := payouts.NewSender(p, store.Journal())
			require.NoError(t, err)
			return s, p, func(ref string) {
				_, err := s.Send(ctx, &payments.PayoutParams{Amount: payments.MustMoney("0.001", "BTC"), Address: "bc1qpayee", Reference: ref})
				require.NoError(t, err, ref)
			}
		}
		s, p, send := sender(payments.CapPayouts | payments.CapDedupePayout)
		// Warm up: the connection is opened and pgx prepares each statement
		// once (cached per connection), which is not per payout.
		for i := range 3 {
			send(fmt.Sprintf("warm-%d", i))
			require.NoError(t, s.Flush(ctx))
			send(fmt.Sprintf("warm-%d", i))
		}
		const n = 20
		// One at a time: one statement on the path, one written behind it
		// (held until the path is counted: it runs beside the caller).
		for i := range n {
			gj := &gatedJournal{Journal: store.Journal(), gate: make(chan struct{})}
			one, err := payouts.NewSender(p, gj)
			require.NoError(t, err)
			statements.Store(0)
			_, err = one.Send(ctx, &payments.PayoutParams{Amount: payments.MustMoney("0.001", "BTC"), Address: "bc1qpayee", Reference: fmt.Sprintf("new-%d", i)})
			require.NoError(t, err)
			path := statements.Load()
			close(gj.gate)
			require.NoError(t, one.Flush(ctx))
			assert.EqualValues(t, 1, path, "statements on Send's path for a new payout: the intent and claim")
			assert.EqualValues(t, 2, statements.Load(), "statements in all for a payout made alone: the intent, then its outcome")
		}
		// Concurrent: the outcomes made while a write is in flight share
		// the next write. The first write is held (gatedJournal) until all
		// n payouts are made.
		gj := &gatedJournal{Journal: store.Journal(), gate: make(chan struct{})}
		bs, err := payouts.NewSender(p, gj)
		require.NoError(t, err)
		statements.Store(0)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				_, err := bs.Send(ctx, &payments.PayoutParams{Amount: payments.MustMoney("0.001", "BTC"), Address: "bc1qpayee", Reference: fmt.Sprintf("burst-%d", i)})
				assert.NoError(t, err)
			})
		}
		wg.Wait()
		close(gj.gate)
		require.NoError(t, bs.Flush(ctx))
		// The first write takes what was handed over when it began (one
		// outcome or a few) and is held; everything made meanwhile goes in
		// the second.
		require.LessOrEqual(t, len(gj.sizes), 2, "outcome writes for %d concurrent payouts: %v", n, gj.sizes)
		assert.Equal(t, n, sum(gj.sizes), "outcomes written")
		assert.EqualValues(t, n+len(gj.sizes), statements.Load(), "statements for %d concurrent new payouts: %d intents and one per outcome write %v", n, n, gj.sizes)
		// A paid reference again: answered by the journal.
		statements.Store(0)
		for i := range n {
			send(fmt.Sprintf("new-%d", i))
		}
		perRepeat := 1
		if db.Dialect != sqlstore.Postgres {
			perRepeat = 2
		}
		assert.EqualValues(t, perRepeat*n, statements.Load(), "statements for %d repeats of paid references", n)
		assert.EqualValues(t, 2*n+3, p.creates.Load(), "creates sent: one per reference")
		// The gateway's shape: the outcome before Send returns.
		_, _, sendSync := sender(payments.CapPayouts)
		sendSync("gw-warm")
		statements.Store(0)
		for i := range n {
			sendSync(fmt.Sprintf("gw-%d", i))
		}
		assert.EqualValues(t, 2*n, statements.Load(), "statements on Send's path for %d new payouts that no provider can settle", n)
	})
}

func sum(xs []int) int {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}

// gatedJournal holds the first group-commit write until gate is closed.
type gatedJournal struct {
	*sqlstore.Journal
	gate  chan struct{}
	mu    sync.Mutex
	sizes []int
}

func (g *gatedJournal) RecordDone(ctx context.Context, us []payouts.Update) error {
	g.mu.Lock()
	first := len(g.sizes) == 0
	g.sizes = append(g.sizes, len(us))
	g.mu.Unlock()
	if first {
		<-g.gate
	}
	return g.Journal.RecordDone(ctx, us)
}

// instantProvider makes every payout at once, with no network: only the
// journal's work is left to count.
type instantProvider struct {
	caps    payments.Capabilities
	creates atomic.Int64
}

func (p *instantProvider) Name() string                        { return "instant" }
func (p *instantProvider) Capabilities() payments.Capabilities { return p.caps }
func (p *instantProvider) As(any) bool                         { return false }
func (p *instantProvider) CreatePayout(_ context.Context, in *payments.PayoutParams) (*payments.Payout, error) {
	n := p.creates.Add(1)
	return &payments.Payout{Provider: "instant", ID: fmt.Sprintf("po-%d", n), Reference: in.Reference, Status: payments.StatusProcessing,
		Amount: in.Amount, Address: in.Address}, nil
}
func (p *instantProvider) GetPayout(context.Context, string) (*payments.Payout, error) {
	return nil, payments.ErrUnsupported
}
func (p *instantProvider) FindPayout(context.Context, string) (*payments.Payout, error) {
	return nil, payments.ErrUnsupported
}

// countingPool opens db through its driver wrapped so that every call that
// reaches the server is counted.
func countingPool(t *testing.T, db dbtest.DB) (*sql.DB, *atomic.Int64) {
	t.Helper()
	var dsn string
	switch db.Dialect {
	case sqlstore.Postgres:
		dsn = db.URL
	case sqlstore.MySQL:
		var err error
		dsn, err = mysqldialect.DSN(db.URL)
		require.NoError(t, err)
	case sqlstore.SQLite:
		dsn = sqlitedialect.DSN(strings.TrimPrefix(db.URL, "sqlite:"))
	}
	name := map[sqlstore.Dialect]string{sqlstore.Postgres: "pgx", sqlstore.MySQL: "mysql", sqlstore.SQLite: "sqlite"}[db.Dialect]
	base, err := sql.Open(name, dsn)
	require.NoError(t, err)
	drv := base.Driver()
	require.NoError(t, base.Close())
	c := &countingConnector{drv: drv, dsn: dsn, n: new(atomic.Int64)}
	pool := sql.OpenDB(c)
	t.Cleanup(func() { _ = pool.Close() })
	return pool, c.n
}

type countingConnector struct {
	drv driver.Driver
	dsn string
	n   *atomic.Int64
}

func (c *countingConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := c.drv.Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &countingConn{Conn: conn, n: c.n}, nil
}

func (c *countingConnector) Driver() driver.Driver { return c.drv }

// countingConn counts the calls of a driver connection that go to the
// server. database/sql uses the context forms when the driver has them (all
// three do); the fallbacks are counted too.
type countingConn struct {
	driver.Conn
	n *atomic.Int64
}

func (c *countingConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	c.n.Add(1)
	return c.Conn.(driver.ExecerContext).ExecContext(ctx, q, args)
}

func (c *countingConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	c.n.Add(1)
	return c.Conn.(driver.QueryerContext).QueryContext(ctx, q, args)
}

func (c *countingConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	c.n.Add(1)
	return c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, q)
}

func (c *countingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	c.n.Add(1)
	tx, err := c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &countingTx{Tx: tx, n: c.n}, nil
}

// CheckNamedValue keeps the driver's own argument conversion.
func (c *countingConn) CheckNamedValue(v *driver.NamedValue) error {
	if nvc, ok := c.Conn.(driver.NamedValueChecker); ok {
		return nvc.CheckNamedValue(v)
	}
	return driver.ErrSkip
}

type countingTx struct {
	driver.Tx
	n *atomic.Int64
}

func (t *countingTx) Commit() error   { t.n.Add(1); return t.Tx.Commit() }
func (t *countingTx) Rollback() error { t.n.Add(1); return t.Tx.Rollback() }
