// shapeDifferences: where this package departs from the provider shape
// every coinsdk provider follows (TestPackageShape), and why.
//
//   - Base URL: BucksBusBaseURL and BucksBusTestBaseURL, no
//     ProductionBaseURL/SandboxBaseURL. The API is white-label (its
//     documentation writes https://api.[service_name]/int) and a store's
//     credentials belong to one operator, so there is no provider-wide host
//     and New requires option.WithBaseURL (no silent default).
//   - Lookups: Payments has Get and FindByReference (+ FindByReferenceBetween);
//     Withdrawals has Get only (the API has no withdrawal list and no lookup
//     by a custom field), so its settlement has no Find; Dedicated and
//     Transfers have neither (the API cannot read them back).
//   - Lists: the API answers a list whole (no pagination), so List returns
//     []T and there is no All (Assets.List, Payments.List,
//     Payments.Transactions).
//   - Sandbox: no HoldPayout (the service documents no withdrawal hold);
//     PayDeposit takes the dedicated address or its dedicate_id, and
//     PaymentOf(txID) names the payment a deposit became; extra simulations
//     Pay (an unconfirmed transaction), Payment(id) and Withdrawal(id)
//     (statuses); Server.Kit for the coinsdk-sandbox server.
//   - Event: Notification (the body's "type") after Raw; EventType also names
//     the bare objects (EventPayment, EventDedicate, EventWithdraw,
//     EventUnknown) the documentation shows without an event name.
//   - Errors: WithdrawalUnknownError wraps a withdrawal's unknown outcome to
//     say that the SDK cannot settle it.
//   - Statuses: DedicatedAddressStatus, TransferStatus and TransactionStatus
//     beside PaymentStatus and WithdrawalStatus: one API vocabulary, one type
//     per status-bearing model.

// Package gateway is a client for the Crypto Payment Gateway Integration API
// v10.2, a white-label API (BucksBus is one operator): assets, balances,
// conversions, payments (crypto and fiat, fixed and open amount) and their
// blockchain transactions, withdrawals, dedicated addresses, transfers
// between stores, webhook verification, and an adapter for the
// provider-neutral payments interfaces.
//
//	c, err := gateway.New(gateway.Config{APIKey: key, APISecret: secret, WebhookSecret: whsec},
//		option.WithBaseURL(gateway.BucksBusTestBaseURL))
//	p, err := c.Payments.Create(ctx, &gateway.PaymentParams{
//		Amount: decimal.RequireFromString("100"), AssetID: "USD", PaymentAssetID: "BTC",
//		Reference: orderID})
//	ev, err := c.Webhooks.Parse(r)
//
// The documentation writes the host as https://api.[service_name]/int, and
// a store's key and secret belong to one operator, so there is no default
// host: New requires option.WithBaseURL (BucksBusBaseURL,
// BucksBusTestBaseURL, or another operator's URL) and refuses to build a
// client without one. The package follows the pattern every coinsdk
// provider package shares: New(Config, ...option.Option),
// one service per resource as a field of the Client, ctx first, local
// validation as *payments.ValidationError naming the API's field, errors as
// *payments.APIError with errors.Is sentinels, Raw kept on every model,
// Webhooks.Parse/ParseBody/Refresh, SignTestWebhook, an Adapter, and a
// stateful sandbox in gateway/gatewaytest.
//
// # Authentication and concurrency
//
// Every request carries HTTP Basic auth (username the API key, password the
// API secret) and Content-Type: application/json. Nothing is signed per
// request (no nonce, no date), so a Client is safe for any number of
// goroutines. Printing a Client, Config, Adapter or service never shows a
// secret. Redirects are refused, so the Authorization header never leaves
// the configured host.
//
// # Retries and unknown outcomes
//
// Reads (GET, and POST /convert, which changes nothing) are retried on
// network errors, 429, 502, 503 and 504, and so is POST
// /dedicate/{id}/release: it does change something (it ends the
// dedication, and the address stops turning deposits into payments), but
// releasing a released address again leaves it released, so a repeat is
// harmless.
//
// The API has no idempotency key. A call that creates an object or moves
// money (POST /payment, /withdraw, /dedicate, /transfer) is therefore sent
// exactly once and never retried: the documentation says that an HTTP 500
// leaves the outcome unknown (the service "may still do it or cancel it"),
// and so does a timeout or a reset after the request went out, or a 2xx
// that cannot be read or does not echo what was sent. Such an error matches
// payments.ErrUnknownOutcome and its *payments.UnknownOutcomeError carries
// the merchant reference.
//
// The merchant reference (PaymentParams.Reference and alike; a UUID when
// empty) travels in custom, under the "idempotence" key the documentation's
// own examples use, added to the merchant's own custom JSON object without
// touching its other keys; when custom holds text that is not a JSON object,
// it goes in the last free customN field, prefixed ReferencePrefix. It comes
// back on every object and webhook (CustomFields.Reference), so a webhook or
// a support answer can be matched to the request.
//
//   - Payments can be found again: PaymentsService.FindByReference searches
//     GET /payments over the last week (FindByReferenceBetween over any
//     range), and Payments.Create settles its own unknown outcome with it
//     (settle.go); when the payment is not found yet, try FindByReference
//     again before creating another payment for the same order.
//   - Withdrawals cannot: the API has no withdrawal list and no lookup by a
//     custom field, and a withdrawal is read only by its withdraw_id, which
//     an unknown outcome never delivered. The SDK cannot resolve an unknown
//     withdrawal outcome; the error is a *WithdrawalUnknownError saying so.
//     Never resend the withdrawal: find it in the store's withdrawal history
//     (dashboard or support) by its reference. The adapter's FindPayout is
//     payments.ErrUnsupported and its capabilities lack payments.CapFindPayout
//     and payments.CapDedupePayout. Send payouts through payouts.Sender: its
//     journal never sends a reference twice (across replicas and restarts)
//     and reports an unknown outcome for a person.
//   - The adapter's FindInvoice is payments.ErrUnsupported too (no
//     payments.CapFindInvoice): the service does not enforce a reference as
//     unique, so CreateInvoice is not safe to repeat. Reach the Client with
//     As and use Payments.FindByReference.
//   - A transfer carries no reference at all (the API has no custom field
//     on transfers): after an unknown outcome, compare both stores' balances.
//
// # Statuses and deposits
//
// The API's status alone cannot tell a partial payment from none, so
// Payment.Normalized reads the amounts too: CLOSING is decided like OPEN
// (nothing paid is pending), and a CANCEL with funds in it is cancelled —
// visible through payments.Advance, never a success — with the funds in
// the invoice's Received. A deposit into a dedicated address (a payment
// the service makes from a transfer to a USES dedication) is a
// payments.EventPayment naming the Customer the adapter recorded and the
// DepositAddress, with no order Reference: the invoice events alone carry
// a reference, with the invoice's own status.
//
// # Money
//
// Every amount, fee and rate is a decimal.Decimal. Request amounts are
// documented as binary floating-point numbers; the SDK sends them as JSON numbers written from the
// decimal's exact text ("0.00000001"), never through binary floating point.
// Response amounts arrive as strings, rates as numbers, sometimes in
// exponent form (3.708847905797581e-05, min_size 1e-08): all decode into
// decimals without losing a digit, and numbers too large to be money are
// refused. Both status spellings (status/status_name and
// status_type/status_type_name) are read, and keys with stray spaces
// (" custom1 ") are tolerated. Amounts are checked locally against the
// asset's precision (Precision) before sending.
//
// # Webhooks: the whole body is signed
//
// The service signs each webhook with X-Webhook-HMAC-SHA256, the lowercase
// hex HMAC-SHA256 of the raw body under the store's webhook secret. The
// signature covers the whole body, so a verified event's every field is the
// service's word (BodyAuthenticated true). Webhooks.Parse reads the body
// under a 1 MiB cap (chunked bodies too), verifies the raw bytes in
// constant time against the current and any previous webhook secrets, and
// only then decodes. A store without a webhook secret gets webhooks without
// the header: those are refused unless Config.AcceptUnsignedWebhooks is
// set (New refuses that option together with a webhook secret: with a
// secret every genuine webhook is signed), and then arrive with
// BodyAuthenticated false and no DedupeKey until Refresh fetches the
// payment from the API.
//
// Events are payment.open, payment.complete and payment.cancel with a
// payment object; any other event, and bare objects without an event (the
// documentation shows dedicated addresses sent that way), parse without
// failing, with Raw kept. Delivery is retried up to ten times until a 200:
// process each Event.DedupeKey once (it changes with the status and the
// amounts paid, so two partial payments are two events) and answer 200 to
// events you do not handle. NewWebhookVerifier and NewWebhookAdapter serve a
// merchant that holds only the webhook secret: the body is signed, so its
// events are processed as received.
package gateway
