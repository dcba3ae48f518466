// Package cryptopaytest is a stateful, in-process fake of the Cryptopay
// Business API, for tests and runnable examples.
//
// NewServer starts an [net/http/httptest.Server] on loopback that answers
// every endpoint of the provider notes under /api/ (the withdrawn risks
// endpoint excepted): accounts and their transactions; channels and channel
// payments; coin withdrawals (create, commit, get, by custom_id, list,
// network fees); coins; customers; exchange transfers (and commit); invoices
// (recalculations and their commit, refunds, by custom_id, list with
// filters); rates (GET /api/rates/BTC/EUR, /api/rates/BTCEUR and
// /api/rates/BTC%2FEUR); subscriptions (and cancel); transactions with every
// filter. Lists page with starting_after and meta.has_more; successes are
// {"data": ...}; errors are
// {"error":{"code","message","details":[{"code","target","message","args"}]},"meta":{"request_id"}}
// with the provider's status codes (401, 403, 404, 409, 422, 429, 503).
// Give [Server.URL], [Server.APIKey], [Server.APISecret] and
// [Server.CallbackSecret] to a client.
//
// # Authentication
//
// Every request, GET included, must carry Date, Content-Type and
// Authorization: HMAC <api key>:<signature>. The sandbox verifies them with
// its own code, written from the notes and never shared with package
// cryptopay, so that the two check each other: the signature is standard
// base64 of HMAC-SHA1 under the API secret over METHOD, the lowercase hex
// MD5 of the exact body bytes (the empty string when there is no body, never
// the MD5 of nothing), the Content-Type value, the Date value exactly as
// sent and the request target (path and query string as sent), joined with
// "\n". Date must be one of the three spellings the official clients send
// ("Thu, 06 Jan 2022 12:09:25 GMT", "Thu, 6 Jan 2022 12:09:25 GMT",
// "Thu, 06 Jan 2022 12:09:25 +0000") and within [DateSkew] (15 minutes) of
// the sandbox clock. Anything else is 401 unauthenticated.
// [Server.SetForbidden] makes requests answer 403 unauthorized or
// ip_not_allowed.
//
// # Callbacks
//
// State changes post the provider's callback {"type","event","data"} to the
// callback URL, signed with [SignatureHeader] (X-Cryptopay-Signature: hex
// HMAC-SHA256 of the raw body under the callback secret, which is separate
// from the API secret). Every attempt is recorded in [Server.Deliveries]
// (also without a callback URL, with ErrNoCallbackURL) and
// [Server.Redeliver] sends one again byte for byte, as the provider's retries
// do. Callbacks are delivered before the method or request that caused them
// returns, and never while the sandbox's lock is held, so a handler may call
// the API back.
//
// # Simulating the outside world
//
//   - Invoices: [Server.PayInvoice] (exact, short or over; late after
//     expires_at, see [Server.Advance]), [Server.ConfirmInvoice],
//     [Server.PayInvoiceInFull], [Server.FlagInvoiceIllicit],
//     [Server.CompleteRefund]. Recalculations and refunds are API calls.
//   - The names every coinsdk sandbox shares: [Server.PayInvoice] and
//     [Server.PayDeposit] (to a channel's address) return a txid that
//     [Server.Confirm] confirms; [Server.ExpireInvoice] cancels an unpaid
//     invoice at once; [Server.CompletePayout] and [Server.FailPayout] move a
//     coin withdrawal.
//   - Channels: [Server.PayChannel], [Server.ConfirmChannelPayment],
//     [Server.HoldChannelPayment], [Server.RefundChannelPayment],
//     [Server.CancelChannelPayment].
//   - Coin withdrawals: [Server.HoldPayout], [Server.SendPayout],
//     [Server.CompletePayout], [Server.FailPayout] (failed is not final:
//     CompletePayout or CancelPayout moves it on), [Server.CancelPayout],
//     [Server.FailureReason].
//   - Subscriptions: [Server.PaySubscription], [Server.CancelSubscription].
//   - The world: [Server.Advance] moves the sandbox clock (uncommitted
//     withdrawals, transfers and recalculations expire after [CommitWindow];
//     unpaid invoices are cancelled after [UnpaidInvoiceLifetime]),
//     [Server.SetRate], [Server.SetBalance], [Server.Balance],
//     [Server.MarkHighRiskAddress], [Server.SetForbidden].
//   - Faults: [Server.InjectFault] with [FaultErrorAfterWork] (500 after the
//     work), [FaultTimeout], [FaultRateLimit] (429 with Retry-After),
//     [FaultMalformedBody] (200, half the body), [FaultUnavailable] (503
//     maintenance); a Fault's Path may be a path or a route pattern such as
//     "/api/coin_withdrawals/{id}/commit". Faults are counted and listed
//     ([Server.Faults], [Server.VerifyFaults], [Server.ClearFaults]); every
//     request is logged ([Server.Requests], Authorization hidden).
//   - Options.RateLimitPerMinute = [ProviderRateLimit] answers 429 past 200
//     calls a minute of sandbox clock.
//
// Nothing needs a *testing.T; every method is safe for concurrent use.
//
// # Where the notes are silent: the sandbox's choices
//
// A client must not depend on these; they are easy to change here.
//
//   - A reused custom_id (invoices, coin withdrawals, exchange transfers,
//     channels, subscriptions) answers 409 {"error":{"code":"conflict",
//     "details":[{"code":"taken","target":"custom_id"}]}} — the notes say 409
//     without a body. Options.DuplicateCustomIDStatus = 422 answers
//     {"error":{"code":"invalid","details":[{"code":"duplicate_custom_id",
//     "target":"custom_id"}]}} instead. A reused customer id is a 422 "taken".
//   - Committing a withdrawal, transfer or recalculation after its 30 s
//     answers 422 {"error":{"code":"expired"}}; the withdrawal (or transfer)
//     is then cancelled (a status_changed callback for the withdrawal), the
//     recalculation "expired". A second commit is a 422 "invalid" on status.
//   - Invoices: fiat-priced expire after 10 minutes, crypto-priced after 2
//     hours; a payment after expires_at is late (unresolved/paid_late). An
//     invoice with nothing confirmed is cancelled after 14 days. Overpaid
//     completes with status_context overpaid; underpaid, late and illicit
//     are unresolved. Only unresolved underpaid or paid_late invoices can be
//     recalculated: the price becomes what was paid at today's rate, and the
//     commit completes the invoice (callbacks recalculated, status_changed).
//     A refund (completed or unresolved invoices) goes to the given address,
//     else the customer's address in the pay currency, else 422 blank; it
//     sends back what was paid less the average network fee, takes back the
//     merchant's credit and marks the invoice refunded (callback refunded).
//   - Money: one fixed rate table in EUR (BTC 60000, ETH 3000, LTC 80, XRP
//     0.5, USDT and USDC 0.92, USD 0.92, GBP 1.17) with buy/sell at ±0.5%;
//     every conversion uses buy_rate. Withdrawals charge (received + network
//     fee) × rate plus a 1% exchange fee when the currencies differ, have a
//     5 EUR minimum and are limited by the balance (both 422s shaped as in
//     the provider's documentation); network fees per level are fixed per
//     network. Channel payments and transfers pay the same 1%. Starting
//     balances: BTC 1, ETH 10, LTC 100, XRP/USDT/USDC 10000, EUR/USD/GBP
//     10000, each a ManualBalanceTransaction with a null status.
//   - Addresses: checked per network (BTC and LTC base58 or bech32, EVM 0x
//     hex, Tron T…, XRP r… with a required ?dt=<tag>); a bad one is 422
//     invalid_coin_address. Generated addresses look like testnet ones.
//   - Ids are UUIDs; lists are newest first, PageSize (default 20) per page,
//     meta.total counts the filtered set; an unknown starting_after is a 422
//     not_found on starting_after. Accounts and network fees are not paged.
//   - Amounts are JSON strings with at least one decimal ("100.0"); risk
//     scores are JSON numbers; invoice, channel, customer and subscription
//     timestamps end in "+00:00", coin withdrawal and transaction ones in
//     "Z". Request amounts must be JSON strings, as the notes say: a JSON
//     number is a 422 {"code":"invalid","target":<field>,"message":"must be
//     a string"} (the provider's exact refusal is not published); an
//     explicit null counts as absent.
//   - Answers carry exactly the fields the notes list per object. Kept
//     inside but never sent (the notes publish no such field): the status
//     and expiry of recalculations, exchange transfers and refunds; the
//     refund's risk is always low. Missing required fields are 422 "blank".
//   - GET /api/rates keys pairs "BTCEUR" (Options.RateKeysWithSlash:
//     "BTC/EUR").
//   - Coin withdrawal statuses move new → pending (commit or force_commit)
//     → processing → sent (txid) → completed, with on_hold, failed and
//     cancelled reached by the simulations; the charged amount is debited at
//     the commit and returned on cancel. Cancelling a cancelled subscription
//     is a 422.
//   - Errors outside the notes: an unknown path is 404 not_found, a wrong
//     method 405 method_not_allowed, a body over 1 MiB 413
//     request_too_large, a body that is not a JSON object 400 bad_request.
package cryptopaytest
