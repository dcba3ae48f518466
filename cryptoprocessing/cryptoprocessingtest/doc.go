// Package cryptoprocessingtest is a stateful, in-process fake of the
// CryptoProcessing (CoinsPaid) API v2, for tests and runnable examples.
//
// NewServer starts an [net/http/httptest.Server] that answers every path under
// /api/v2/ the way the provider does: it checks the X-Processing-Key header and
// the X-Processing-Signature header (lowercase hex HMAC-SHA512 of the raw body
// under the API secret), keeps balances, deposit addresses, withdrawals,
// exchanges and invoices, and answers in the provider's shapes: successes
// wrapped in {"data": ...}, validation failures as 400 {"errors": {...}},
// authentication failures as 403 {"error": ..., "code": ...}. The verifier is
// written from the provider's documentation, not shared with the client
// package, so that the two check each other.
//
// The outside world is driven from Go: [Server.PayDeposit] (a deposit, of any
// amount), [Server.Confirm], [Server.CancelDeposit], [Server.PayInvoice]
// (full, partial or over), [Server.ExpireInvoice], [Server.CompletePayout],
// [Server.FailPayout] and [Server.CancelPayout] change state and deliver the
// signed callbacks to the callback URL before they return. Ids are the
// decimal text of the JSON numbers the API answers with. The confirmed
// callback of exchange/fixed and exchange/now, and the failed callbacks of
// invoices that expire lazily, are delivered before the HTTP answer is
// written.
//
// The rest is the surface every coinsdk sandbox shares (internal/sandboxkit),
// with the same names on every provider: SetCallbackURL; Deliveries records
// every callback (even when no callback URL is set, so examples can inspect
// bodies) and Redeliver(id) sends one again byte for byte; InjectFault arms
// faults (500 after the work, timeouts, rate limits, truncated bodies, 503),
// ClearFaults disarms them and Faults lists every fault with its hits and
// remaining uses (VerifyFaults errors while one is still armed); Requests is
// the request log (key and signature hidden); Now and Advance are the sandbox
// clock. Nothing needs a *testing.T.
//
// Choices where the provider's documentation is silent or inconsistent (a
// client must cope with all of them):
//
//   - Ids are JSON numbers. Top-level records (deposits, withdrawals,
//     exchanges, invoices) share one id space starting at 2686001, inner
//     transactions start at 714001 and addresses at 381001, so a client that
//     confuses them fails fast.
//   - Amounts are JSON strings with 8 decimals ("0.01000000") in responses and
//     callbacks; requests may send amounts as strings or numbers.
//   - tag is a JSON number for XRP deposit addresses and null otherwise; a
//     withdrawal's tag is echoed as a number when it is all digits, else as a
//     string.
//   - confirmations is a JSON number in deposit callbacks and a JSON string in
//     withdrawal and invoice callbacks, as in the provider's own examples.
//   - error is "" when empty, except in invoice callbacks where it is null.
//   - addresses/take, withdrawal/crypto, exchange/fixed and exchange/now
//     answer 201; everything else answers 200.
//   - addresses/take returns the same address (same id) for the same
//     foreign_id, currency and convert_to, since the provider says an address
//     may be reused without limit. XRP addresses share one r-address and differ
//     by tag; [Server.PayDeposit] takes "address?dt=TAG" for them.
//   - The rate table is fixed (in EUR: BTC 60000, ETH 3000, LTC 80, USDT 0.9,
//     XRP 0.5, USD 0.9, EUR 1); exchanges charge 1% of the received amount in
//     the received currency; crypto deposits pay deposit_fee_percent (1%);
//     withdrawals pay no fee. Fiat to fiat cannot be exchanged.
//   - Starting balances: BTC 1, ETH 10, LTC 100, USDT 10000, XRP 10000,
//     EUR 10000, USD 10000 (change them with [Server.SetBalance]).
//   - Invoices: PayInvoice amounts are in the paying currency (sender_currency,
//     else the invoice currency when it is crypto, else BTC). A short payment
//     leaves the invoice pending; expiry then fails it with error
//     "paid less than requested", or "timer expired" when nothing was paid.
//     With timer false the 15 minutes start at the first payment.
//     invoices/{foreign_id}/cancel/ on an unknown invoice answers 404
//     {"errors":{"error":"Invoice not found","code":"invoice_not_found"}}.
//   - transactions/info by foreign_id looks at withdrawals, exchanges and
//     invoices first, then at the latest deposit to an address taken with
//     that foreign_id; unknown answers 404 {"errors":{"<field>":"Transaction
//     not found."}}.
//   - Unknown paths answer 404 {"error":"Not found","code":"not_found"}, a
//     wrong method 405 {"error":"Method not allowed","code":"method_not_allowed"},
//     a body over 1 MiB 413 {"error":"Request entity too large",
//     "code":"request_too_large"}.
//
// # Where it still differs from the provider
//
// A test that passes here should pass against the provider; these are the
// ways it may not, every one known:
//
//   - Callbacks are delivered once, when the change happens. The provider
//     retries a non-200 answer after 1, 5, 10, 15, 20, 30, 60, 90, 120, 150,
//     180, 210 and 240 minutes; here Redeliver repeats one by hand.
//   - Withdrawals are never held for approval by themselves: the provider
//     holds one (status pending, a pending callback) under its withdrawal
//     limits; here [Server.HoldPayout] does it. Nothing is declined by
//     itself either ([Server.FailPayout], [Server.CancelPayout]).
//   - Deposits are never double spent by themselves ([Server.CancelDeposit]);
//     under the minimum amount they are cancelled, as the provider does.
//   - Rates, fees and minimums are the fixed table above, not the
//     provider's; riskscore is never set on deposit legs.
//   - Invoice pages (url) are placeholders on the sandbox host; the refund
//     flow an invoice page offers to a payer is not simulated.
//   - exchange/calculate's 30 calls a minute are counted per sandbox, not
//     per client IP.
//   - Error texts are the provider's where its documentation shows them
//     ("The foreign id has already been taken.", "Bad content format",
//     bad_header_signature…); other validation messages follow the same
//     pattern but are not taken from the provider.
package cryptoprocessingtest
