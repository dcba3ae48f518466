// Package sqlstore is the durable store of coinsdk on database/sql, on
// PostgreSQL, MariaDB/MySQL or SQLite, with embedded, versioned migrations:
// the webhook inbox (the Store itself is a webhooks.Store) and the payout
// journal (Store.Journal, a payouts.Journal), in the same database.
//
// Production, on PostgreSQL:
//
//	import _ "github.com/coinsdk/coinsdk/sqlstore/postgres"
//
//	store, err := sqlstore.Open(ctx, "postgres://shop:secret@db.internal:5432/shop?sslmode=verify-full")
//	h := webhooks.NewHandler(adapter, store, credit)
//
// Embedded, on one SQLite file (pure Go, nothing to install):
//
//	import _ "github.com/coinsdk/coinsdk/sqlstore/sqlite"
//
//	store, err := sqlstore.Open(ctx, "sqlite:webhooks.db")
//
// sqlstore imports no driver: sqlstore/postgres (pgx), sqlstore/mysql
// (go-sql-driver/mysql) and sqlstore/sqlite (modernc.org/sqlite) register
// theirs when blank-imported, so a merchant on PostgreSQL never compiles
// SQLite, and Open names the missing import when one is needed. New takes
// the merchant's own pool instead.
//
// # One delivery, one transaction
//
// Transact (webhooks.Store) begins a transaction, inserts the object's row
// if it is new and locks it (SELECT … FOR UPDATE on PostgreSQL and MariaDB;
// on SQLite the write lock, taken at BEGIN IMMEDIATE), and runs the
// Handler's steps in it: the dedupe key, the status, the merchant's
// callback (which writes its own rows through Update.Tx), the new status,
// the audit row, the key; then it commits. Inserting before locking is what
// makes the first delivery of a new object safe when two replicas get it at
// once: SELECT … FOR UPDATE on a row that does not exist yet locks nothing
// (PostgreSQL) or a gap that deadlocks (MariaDB). A serialization failure,
// a deadlock or a lock wait timeout (SQLSTATE 40001, 40P01; MariaDB 1213,
// 1205; SQLITE_BUSY, SQLITE_LOCKED) runs the whole transaction again, at
// most WithAttempts times; any other error (a database that is down, a
// connection cut) is returned, the Handler answers 503, nothing was
// committed, and the provider's redelivery finds everything as it was.
//
// # The payout journal
//
// Journal returns the payout journal on the same database (the table
// coinsdk_payouts): give it to payouts.NewSender, on every replica, and a
// reference is paid once across retries, replicas and crashes.
//
//	store, err := sqlstore.Open(ctx, "postgres://shop:secret@db.internal:5432/shop?sslmode=verify-full")
//	sender, err := payouts.NewSender(adapter, store.Journal())
//	p, err := sender.Send(ctx, &payments.PayoutParams{
//		Amount: payments.MustMoney("0.001", "BTC"), Address: addr, Reference: withdrawalID,
//	})
//	results, err := sender.Resolve(ctx) // at start-up and every minute
//
// A new payout costs two statements, one before the request (the intent
// and the claim: one INSERT) and one after (the outcome: one UPDATE), the
// floor the guarantee allows (the payouts package doc says why). A claim
// that only reads (the payout is done, waits for a person, is in progress
// elsewhere, or the parameters differ) takes no lock; one that takes an
// ended claim over runs in a transaction holding the row's lock, so two
// replicas never both send. Journal rows are never pruned: they are the
// record of money sent.
//
// # Migrations
//
// The SQL files are in migrations/<dialect>/NNNN_name.sql, readable in the
// repository and embedded in the binary. Open applies the pending ones
// (WithoutMigrations leaves them to the merchant; Migrate applies them on a
// pool given to New), recording each version in coinsdk_schema_migrations,
// under a lock that makes two processes starting at once safe: one applies,
// the other waits and finds them applied (see Migrate).
//
// # Retention
//
// Keys, statuses and audit rows are kept DefaultRetention (30 days, far
// longer than any provider retries; WithRetention changes it); Prune
// deletes older ones. Run it from a daily job.
//
// # SQLite durability
//
// The SQLite pool runs in WAL mode with synchronous=FULL: a commit is on
// disk when it returns, across a crash or a power loss (see sqlstore/sqlite).
package sqlstore
