package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/sqlstore"
	_ "github.com/coinsdk/coinsdk/sqlstore/mysql"    // mysql:// URLs
	_ "github.com/coinsdk/coinsdk/sqlstore/postgres" // postgres:// URLs
	_ "github.com/coinsdk/coinsdk/sqlstore/sqlite"   // sqlite:PATH, the default
	"github.com/coinsdk/coinsdk/webhooks"
)

// ordersTable is the shop's own table: one row per order (an invoice, by
// its reference) credited, and how
// many times it was (a shop would keep its orders there before payment;
// here a row appears with the first credit). credits above 1 would be a
// double credit: the delivery's transaction makes that impossible.
const ordersTable = `CREATE TABLE IF NOT EXISTS orders (
    reference  VARCHAR(255) NOT NULL PRIMARY KEY,
    provider   VARCHAR(64)  NOT NULL,
    object_id  VARCHAR(255) NOT NULL,
    amount     VARCHAR(100) NOT NULL,
    currency   VARCHAR(64)  NOT NULL,
    credits    INTEGER      NOT NULL
)`

// openStore opens the database at url (sqlite:PATH, postgres://…,
// mysql://…), with the webhook tables (sqlstore's migrations) and the
// orders table.
func openStore(ctx context.Context, url string) (*sqlstore.Store, error) {
	store, err := sqlstore.Open(ctx, url)
	if err != nil {
		return nil, err
	}
	if _, err := store.DB().ExecContext(ctx, ordersTable); err != nil {
		_ = store.Close()
		return nil, fmt.Errorf("orders table: %w", err)
	}
	return store, nil
}

// process is the merchant's part: credit the order once, when its payment
// becomes a success, in the delivery's own transaction (u.Tx()): the
// credit, the recorded status and the remembered delivery commit together
// or not at all, across replicas and crashes. bind rewrites '?'
// placeholders for the database (nil: '?' as is). On a store without a
// transaction (webhooks.MemoryStore, in tests) it only logs.
func process(logger *slog.Logger, bind func(string) string) webhooks.ProcessFunc {
	if bind == nil {
		bind = func(q string) string { return q }
	}
	return func(ctx context.Context, u webhooks.Update) error {
		ev := u.Event
		if !u.Changed() {
			logger.InfoContext(ctx, "no change", "provider", ev.Provider, "object", ev.ObjectID, "status", u.Status)
			return nil
		}
		logger.InfoContext(ctx, "status changed", "provider", ev.Provider, "kind", ev.Kind, "object", ev.ObjectID,
			"reference", ev.Reference, "from", u.Previous, "to", u.Status, "amount", ev.Amount.String())
		if !u.Status.IsSuccess() {
			return nil
		}
		logger.InfoContext(ctx, "credit", "provider", ev.Provider, "kind", ev.Kind, "object", ev.ObjectID, "reference", ev.Reference)
		tx := u.Tx()
		if tx == nil || ev.Kind != payments.EventInvoice {
			// An order is an invoice: its payments' own events (a
			// transaction, a deposit to a customer's address) are logged
			// here; a shop crediting customer balances from deposits
			// would write them to its own table the same way, keyed by
			// the payment.
			return nil
		}
		return creditOrder(ctx, tx, bind, u)
	}
}

// creditOrder counts one credit of the event's order in tx. An e-mail to
// the customer would go into an outbox table here, in the same
// transaction, and be sent from there: sent from here, a rollback or a
// crash before the commit could send it twice.
func creditOrder(ctx context.Context, tx *sql.Tx, bind func(string) string, u webhooks.Update) error {
	ev := u.Event
	ref := ev.Reference
	if ref == "" {
		ref = ev.Provider + ":" + ev.ObjectID // a payment without the shop's reference
	}
	res, err := tx.ExecContext(ctx, bind("UPDATE orders SET credits = credits + 1 WHERE reference = ?"), ref)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return err
	}
	_, err = tx.ExecContext(ctx, bind("INSERT INTO orders (reference, provider, object_id, amount, currency, credits) VALUES (?, ?, ?, ?, ?, 1)"),
		ref, ev.Provider, ev.ObjectID, ev.Amount.Amount.String(), ev.Amount.Currency)
	return err
}
