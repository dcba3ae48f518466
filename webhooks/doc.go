// Package webhooks is the webhook flow every merchant needs, over any
// provider's [payments.WebhookVerifier]: an [http.Handler] that verifies a
// delivery, refreshes it from the provider's API when its body is not signed,
// hands it to the merchant's callback with the status it moves the object
// to, records that status, and only then remembers the delivery as done.
//
//	h := webhooks.NewHandler(adapter, store, func(ctx context.Context, u webhooks.Update) error {
//		if u.Changed() && u.Status.IsSuccess() {
//			return shipOrder(ctx, u.Event.Reference) // idempotent, see below
//		}
//		return nil
//	})
//	mux.Handle("POST /webhooks/cryptochill", h)
//
// # The flow, and why
//
//  1. Read the body through a cap and verify it (the verifier compares the
//     raw bytes in constant time). Bad or missing signature: 401. Over the
//     cap (a declared Content-Length or a chunked body): 413. Not a webhook
//     body: 400. Providers retry anything that is not 2xx, so only a
//     verified delivery (or one that can never be processed) gets 200.
//  2. An event type the provider package does not know (payments.EventOther)
//     is acknowledged with 200: answering an error would make the provider
//     retry it for days. WithUnknown sees it.
//  3. When the signature does not cover the body (CryptoChill signs only
//     callback_id), Refresh fetches the object from the provider's API and
//     the event is built from that. A verifier that cannot refresh (no API
//     credentials configured) or a refresh that fails answers 503, so the
//     provider delivers again later: an unsigned body is never processed.
//  4. The dedupe key (payments.Event.DedupeKey: the same for redeliveries,
//     different for another partial payment, confirmation or status; for
//     unsigned bodies taken from the refreshed object) already remembered:
//     200, nothing else happens.
//  5. The stored status of the object and payments.Advance give the status
//     this event moves it to (never backwards: a late "paid" after
//     "refunded" changes nothing). The merchant's callback gets both as an
//     Update; it acts when Update.Changed().
//  6. The new status is recorded; only then is the dedupe key remembered.
//     A crash between 5 and 6 leaves the key unremembered: the provider
//     delivers again and the callback runs again for the same Update, so
//     its effect must be idempotent, or written in the same database
//     transaction as Record (implement Store on your database). A crash
//     between Record and Remember is harmless: the redelivery finds the
//     status already recorded and Update.Changed() is false.
//
// Failures of the store answer 503 and of the callback 500: the provider
// retries. Deliveries for one object are serialized inside one Handler;
// across processes, make Store.Status and Store.Record one transaction with
// a row lock (SELECT … FOR UPDATE) or equivalent.
//
// Keys handed to the Store are namespaced by provider (see [DedupeKey] and
// [ObjectKey]), so one store serves every provider.
//
// This package imports only payments and the standard library.
package webhooks
