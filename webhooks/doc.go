// Package webhooks is the webhook flow every merchant needs, over any
// provider's [payments.WebhookVerifier]: an [http.Handler] that verifies a
// delivery, refreshes it from the provider's API when its body is not signed,
// and then, as one database transaction holding the object's lock, hands
// it to the merchant's callback with the status it moves the object to,
// records that status and remembers the delivery as done.
//
//	store, err := sqlstore.Open(ctx, "postgres://app@db/shop") // or "sqlite:shop.db"
//	h := webhooks.NewHandler(adapter, store, func(ctx context.Context, u webhooks.Update) error {
//		if u.Changed() && u.Status.IsSuccess() {
//			// Same transaction as the recorded status: credited once.
//			_, err := u.Tx().ExecContext(ctx, "UPDATE orders SET paid = TRUE WHERE id = $1", u.Event.Reference)
//			return err
//		}
//		return nil
//	})
//	mux.Handle("POST /webhooks/cryptochill", h)
//
// # The flow, and why
//
//  1. Read the body through a cap and verify it (the verifier compares the
//     raw bytes in constant time). A missing or bad signature answers 401,
//     for every provider; a body over the cap (a declared Content-Length or
//     a chunked body) 413; a body that is not a webhook 400. Providers retry
//     anything that is not 2xx, so only a verified delivery (or one that can
//     never be processed) gets 200.
//  2. An event type the provider package does not know (payments.EventOther)
//     is acknowledged with 200: answering an error would make the provider
//     retry it for days. WithUnknown sees it.
//  3. When the signature does not cover the body (CryptoChill signs only
//     callback_id), Refresh fetches the object from the provider's API and
//     the event is built from that. An object the API does not know answers
//     422 and uses up no dedupe key (the provider's retries settle it once
//     the object exists); a verifier that cannot refresh (no API
//     credentials configured) or a refresh that fails otherwise answers 503,
//     so the provider delivers again later: an unsigned body is never
//     processed.
//  4. Store.Transact opens one transaction holding the object's lock. In
//     it: the dedupe key (payments.Event.DedupeKey: the same for
//     redeliveries, different for another partial payment, confirmation or
//     status; for unsigned bodies taken from the refreshed object) already
//     remembered answers 200 and nothing else happens.
//  5. The recorded status of the object and payments.Advance give the
//     status this event moves it to (never backwards: a late "paid" after
//     "refunded" changes nothing). The merchant's callback gets both as an
//     Update, with the transaction (Update.Tx); it acts when
//     Update.Changed().
//  6. The new status and the event (an audit row) are recorded, the key is
//     remembered, and the transaction commits: the merchant's rows, the
//     status and the key together or not at all.
//
// A second delivery about the same object, in this process or in another
// replica on the same database, waits for the first one's commit and then
// sees its status (Changed() false) or its key (a duplicate): it never runs
// on a stale status. A crash before the commit leaves nothing behind, and
// the provider delivers again. What the callback does outside the
// transaction (an e-mail, an HTTP call) is not covered and can run twice:
// write it to an outbox table through Update.Tx and send it from there.
//
// Failures of the store (a database that is down, a deadlock retried too
// often) answer 503 and of the callback 500; both roll back, and the
// provider retries.
//
// Keys handed to the Store are namespaced by provider (see [DedupeKey] and
// [ObjectKey]), so one store serves every provider.
//
// This package imports only payments and the standard library (database/sql
// for the transaction type, no driver): the durable stores are in package
// sqlstore.
package webhooks
