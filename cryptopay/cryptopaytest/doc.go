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
//     A refund takes custom_id (answered back; a reused one is refused as
//     taken, over every refund, before the invoice's state is looked at) and
//     the travel-rule fields (travel_rule_compliant, beneficiary, checked as
//     on coin withdrawals).
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
//
// # Every way it still differs from the provider
//
// Section by section of the provider notes; a merchant's test must not
// depend on any of these.
//
//   - Request signing: only the three Date spellings of the official
//     clients are accepted, within exactly [DateSkew] (the provider says
//     "about 15 minutes" and may take other spellings). 403 is answered
//     only after [Server.SetForbidden]; the provider decides it from the
//     key's permissions and IP allow-list.
//   - Callbacks: each state change is delivered once, synchronously, before
//     the call that caused it returns; a non-200 answer is recorded, not
//     retried (the provider retries 20 times over about 1.5 days,
//     30 + n^4 + n seconds apart): retries are [Server.Redeliver] by hand. The 10 s
//     deadline is the delivering client's timeout. Events are those of the
//     notes; the order and grouping of several events for one change
//     (transaction_created, transaction_confirmed, status_changed) is the
//     sandbox's.
//   - Resources: every endpoint of the notes' table, no other (the removed
//     risks endpoint is absent). Objects live in memory for the server's
//     life; there are no projects (project_id is fixed).
//   - Request fields: optional text fields (name, description, e-mails,
//     redirect URLs, metadata) are stored and echoed unchecked; the
//     provider's own limits on them are not published. The refund create's
//     custom_id and travel-rule fields are accepted and enforced here; the
//     notes list custom_id on the refund model and the beneficiary for
//     "coin withdrawals and invoice refunds", but no client sends them on a
//     refund, so whether the provider enforces a refund custom_id's
//     uniqueness is not published. The travel-rule checks are presence and
//     the type's two values; the provider's checks of country codes and of
//     which destinations need the rule are not published.
//     [Server.MarkHighRiskAddress] is the only way to get high_risk_address
//     (coin withdrawals only; a refund to such an address is accepted).
//   - Statuses: every status, status_context and event of the notes is
//     reachable, but only through the simulations above, at once (no
//     blockchain time: confirmations are [Server.Confirm] calls).
//     Transactions of reference_type BankDeposit, BankWithdrawal and
//     CoinDeposit are accepted as filters but never made. A refund is
//     pending until [Server.CompleteRefund] (its status is not sent: the
//     notes publish none).
//   - Response conventions: the rate limit is off unless
//     Options.RateLimitPerMinute is set; 503 maintenance and 429 come only
//     from injected faults or that option. Error codes are those of the
//     notes, with the messages and args the sandbox chose where the
//     documentation gives no example. A reused custom_id's body is the
//     sandbox's (see above). Rates, fees and limits are the fixed table
//     above, not the market.
//   - Response models: the fields of the notes, with the values the
//     sandbox chose: risk is always level low (score 0.9, no resource
//     named); hosted_page_url and uri point at
//     the sandbox; generated addresses are testnet-like; customers also
//     answer the older refund_addresses map built from their addresses.
package cryptopaytest
