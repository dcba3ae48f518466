// Package cryptochilltest is a stateful, in-process fake of the CryptoChill API v1, for
// tests and runnable examples. It needs no network and no *testing.T.
//
// NewServer starts an httptest.Server that behaves like api.cryptochill.com on a testnet
// account: it authenticates every request the way the provider documents (X-CC-KEY,
// X-CC-PAYLOAD, X-CC-SIGNATURE and a strictly increasing nonce per key), keeps invoices,
// transactions, payouts, wallets, profiles, conversions and automatic payouts and
// conversions in memory, answers in the documented JSON shapes, and delivers signed
// callbacks. Its verification code is written from the provider's documentation and does
// not share code with the coinsdk client, so each checks the other.
//
//	srv := cryptochilltest.NewServer(cryptochilltest.Options{})
//	defer srv.Close()
//	// point a client at srv.URL with srv.APIKey / srv.APISecret, create an invoice, then:
//	txID, _ := srv.PayInvoice(invoiceID, amount) // callbacks are delivered before it returns
//	_ = srv.Confirm(txID)
//
// PayInvoice and PayDeposit (full, partial or over), Confirm (to 6 confirmations) or
// SetConfirmations (step by step), ExpireInvoice, CompletePayout (to 6) or
// SetPayoutConfirmations, FailPayout, HoldPayout (back to a draft) and CancelPayout
// (rejected) play the outside world; Balance and SetBalance read and set the
// wallets, PayoutsMade counts payouts. The surface every coinsdk sandbox shares is declared
// on Server in kit.go (go doc lists it), with the same names and string ids on every
// provider: SetCallbackURL (the seeded profile's callback_url; SetProfileCallbackURL for
// others), Deliveries and Redeliver(callbackID) show and repeat callbacks; InjectFault makes
// requests fail the ways real networks do, ClearFaults disarms them, and Faults lists every
// fault with its hits and remaining uses (VerifyFaults errors while one is still armed, so a
// fault a scenario never reached cannot silently break a later one); Requests is the request
// log (API key and signature hidden) for retry tests; Now and Advance are the sandbox clock.
//
// # What a client must know
//
//   - Signing: payload = JSON object with "request" (the URL path exactly, e.g.
//     "/v1/invoices/") and "nonce" (integer as string or number, strictly increasing per key).
//     X-CC-PAYLOAD is its padded standard base64; X-CC-SIGNATURE is lowercase hex
//     HMAC-SHA256(secret, base64 text). POST/PUT parameters are read from the payload only;
//     GET filters from the query string, falling back to the payload.
//   - Errors: {"result":"error","reason":...,"message":...}. 401 InvalidApiKey,
//     InvalidSignature (also when "request" does not match the path), InvalidNonce;
//     400 InvalidPayload (signed payload not base64 / not a JSON object), InvalidValue (every
//     validation failure, e.g. "Payout with this reference_id already exists."),
//     InsufficientFunds; 403 PermissionDenied (approver key outside payouts, main key
//     approving); 404 NotFound (unknown endpoint, answered before authentication),
//     ObjectNotFound (unknown id), InvalidPage; 405 MethodNotAllowed (after authentication);
//     and from faults 429 RateLimitExceeded, 500 InternalServerError, 503 ServiceUnavailable.
//   - Invoice statuses: new, pending, confirmed, complete, incomplete, expired (15 minutes
//     after creation when unpaid; invoices without amount never expire and stay "new").
//     Transaction statuses: pending, confirmed (1+), complete (6+). Payout statuses: draft
//     (worth more than Options.MaxPayout in USD), new, pending, confirmed, complete,
//     rejected, failed.
//   - DELETE of conversions, automatic payouts and automatic conversions answers
//     204 No Content with an empty body.
//   - Get Wallet answers the bare wallet object without the "result" wrapper, exactly as
//     the documentation's example does; every other endpoint wraps in "result".
//   - Lists of invoices, transactions and payouts are paginated (25 per page, parameter p,
//     newest first); the other lists are not.
//   - Callbacks are POSTed as {"callback_id", "callback_status", "signature", "invoice" |
//     "transaction" | "payout": <object as its Get endpoint returns it>}, with signature =
//     hex HMAC-SHA256(CallbackToken, callback_id). That signature does not cover the body.
//
// Exchange rates are fixed (1 BTC = 50000 USD, 1 EUR = 1.08 USD, 1 USDT = 1 USD, ...), so
// converted amounts are predictable. Addresses look like testnet addresses but are random.
//
// # Where it still differs from the provider
//
// A test that passes here should pass against the provider; these are the
// ways it may not, every one known:
//
//   - Callbacks are delivered once, when the change happens. The provider
//     retries a non-2xx answer with exponential backoff for up to 72 hours,
//     with the same callback_id; here Redeliver(callbackID) repeats one by hand.
//   - Some documented statuses are never reached by the simulation:
//     transaction "unconfirmed" (24 hours without a confirmation) and
//     "failed", payout "unconfirmed" and "awaiting_funds" (reserve wallets),
//     the invoice status "paid" of the Get Invoice example, and the
//     "payment_complete" callback the official plugin handles. A client must
//     still map them (the coinsdk adapter's status tables do).
//   - Zero-confirmation verification always succeeds for invoices created
//     with zero_conf_enabled ("confirmed"); the provider may answer
//     "unconfirmed" or "unknown".
//   - Exchange rates, fees and the USD value of "Max Payout" come from the
//     fixed table above, not from the market.
//   - Addresses look like testnet addresses but are random: nothing checks
//     a checksum, and a payout to a malformed address is accepted.
//   - The nonce must increase per key as on the provider, but the sandbox
//     keeps no window of recently used nonces across restarts.
//   - Error texts are the provider's where its documentation or a recorded
//     answer shows them (ObjectNotFound, "Payout with this reference_id
//     already exists."); other messages follow the same shape but are not
//     taken from the provider.
package cryptochilltest
