// shapeDifferences: where cryptochill (and cryptochilltest) differ from the
// shape every provider package shares, each with its reason.
//   - No SandboxBaseURL: testnet and mainnet are separate accounts with
//     separate keys on the one host, ProductionBaseURL.
//   - FindByReference only on Payouts: an invoice's reference travels as its
//     passthrough, which CryptoChill neither keeps unique nor searches, and
//     transactions carry none. Invoice creates are therefore never settled by
//     a lookup, only checked against their answer (settle.go, Find nil).
//   - ConversionStatus has no Normalized: conversions have no counterpart in
//     payments; KindOther is the kind of a callback_status this package does
//     not know.
//   - NewWebhookVerifier and NewWebhookAdapter: a merchant holding only the
//     callback token can verify callbacks (never their content: only
//     callback_id is signed, see below).
//   - Sandbox: Balance and SetBalance name a wallet by kind
//     ("BTC", "ETH_USDT", "USDT-TRX") or native coin, since one currency
//     ("USDT") lives in several wallets; HoldPayout turns a new payout back
//     into a draft and CancelPayout rejects it, both without a callback, as
//     CryptoChill sends none for drafts and rejections; Options and Server
//     keep CallbackToken, the dashboard's term (the client's
//     Config.WebhookSecret); Server.Format (forwarded to the kit, as the
//     embedded kit's was promoted) prints the sandbox without its
//     credentials.

// Package cryptochill is a client for the CryptoChill (Uniwire) API v1:
// invoices, transactions, payouts, conversions, profiles, wallets, automatic
// payouts and conversions, exchange rates and account settings, plus callback
// verification and an adapter for the provider-neutral payments interfaces.
//
//	c, err := cryptochill.New(cryptochill.Config{APIKey: key, APISecret: secret, WebhookSecret: callbackToken})
//	inv, err := c.Invoices.Create(ctx, &cryptochill.InvoiceParams{
//		ProfileID: profileID, Amount: decimal.RequireFromString("10.00"), Currency: "USD", Kind: "BTC"})
//	for inv, err := range c.Invoices.All(ctx, &cryptochill.InvoiceListParams{Status: cryptochill.InvoiceStatusNew}) { … }
//	ev, err := c.Webhooks.Parse(r)
//
// # Signing and nonces
//
// Every request carries its parameters in a base64 JSON payload header
// (X-CC-PAYLOAD) that also holds the request path and a nonce, signed with
// HMAC-SHA256 under the API secret (X-CC-SIGNATURE). The API refuses a nonce
// that is not greater than the last one it saw for the key. This client takes
// nonces from max(now_ms, last+1) held atomically, so no two of its requests
// share a nonce.
//
// # Concurrency
//
// A Client is safe for concurrent use, and one Client shared by many
// goroutines is the intended use. Concurrent requests still reach the API out
// of order (a request signed with nonce n can arrive after one signed with
// n+1), and CryptoChill then refuses the late one with 401 InvalidNonce before
// doing anything. The client resends such a request with a fresh nonce and
// signature, also for creates (nothing was done, so nothing can happen
// twice), up to 10 times with short jittered backoff (10 ms doubling, at most
// 1 s), without counting against the retry policy's attempts; from its third
// refusal on, a call's resend waits until the client's other requests are
// answered (at most 2 s) and goes alone, so it cannot be overtaken. Under heavy
// concurrency this costs extra round trips, not failures; a call still
// refused after that returns the 401 (payments.ErrUnauthorized, Code
// ReasonInvalidNonce). Several processes sharing one API key race each
// other's nonces the same way and are resent the same way, but a clock
// behind another process's can exhaust the resends: give each process its
// own key, or inject a shared source with option.WithNonceSource.
//
// GET filters are sent both as URL query parameters (as documented) and inside
// the signed payload (as the reference code carries every parameter); the
// signed "request" stays the bare path: the path the server decodes, with ids
// escaped once on the wire ("a b" travels as a%20b and is signed as "a b").
//
// # Callbacks are only partly signed
//
// CryptoChill signs only callback_id, not the body. A verified callback proves
// CryptoChill once sent that id; it does not prove the amounts or status in
// the body. Parsed events say so (BodyAuthenticated is false, DedupeKey
// empty), and Webhooks.Refresh fetches the object from the API: credit from
// that, and deduplicate on the refreshed event's DedupeKey (built from the
// fetched object, so a swapped body cannot use up the genuine callback's
// key). Package webhooks runs this whole flow as an http.Handler.
//
// # Payouts are safe to retry
//
// Payouts.Create always sends a reference_id (a UUID when the caller leaves it
// empty). CryptoChill rejects a reused reference_id, so a retry can never pay
// twice; after a timeout (or a "reference_id already exists" answer to a
// retry) the client looks the payout up by its reference and returns it only
// when it matches what was asked. An error matching payments.ErrUnknownOutcome
// carries the reference: repeat Create with it (Payouts.FindByReference reads
// it). When the reference is taken and the lookup that would tell whose
// payout it is fails (a 5xx, a timeout, a cut answer), the error is an
// unknown outcome, never ErrDuplicateReference: the payout may be yours.
// Invoices are not deduplicated: CryptoChill's passthrough is neither
// unique nor searchable, so an invoice create is never retried and a repeated
// one makes a second invoice.
//
// # Events: whose status, whose reference
//
// In the payments adapter an event's Status and Reference describe one
// object. An invoice_* callback carries the invoice's passthrough (the
// order reference) with the invoice's status; a transaction_* callback
// carries the transaction's status ("complete" on a half-paid invoice too)
// and names its invoice in InvoiceID, never the order reference, so the
// README's crediting recipe credits an order only when its invoice is paid.
// A transaction into a deposit address (an invoice without amount) names
// the customer (the passthrough) in Customer and the address in
// DepositAddress.
//
// # Money and decoding
//
// Every amount, fee and rate is a decimal.Decimal, read from a JSON string
// or number (exponent form included) without loss. Each answer and callback
// is decoded once: the envelope is split in one pass, each object decoded
// once into a wire type whose decimals are decjson's guarded types (see
// decode.go), and each model's Raw is a slice of the body. A value decoded
// as a number with more than 200 characters or an exponent beyond ±100 is
// refused as ErrMalformed before it is parsed; a string that merely looks
// like a number (a reference "12e45678", a UUID of digits and "e") is a string.
package cryptochill
