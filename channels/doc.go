// shapeDifferences: where package channels and channelstest differ from
// the shape every provider package follows (PROVIDER.md §3), and why.
//
//   - Config.APISecret, NewSigner: requests carry only the x-api-key
//     header; there is no API secret and nothing to sign (signer.go holds
//     the pipeline's Encode, which sets the header).
//   - SandboxBaseURL: none; demo and live accounts share the production
//     host and are told apart by their API keys.
//   - Config.ExtraCurrencies, Currencies, LookupCurrency: the documented
//     currency list is closed and amounts are checked against each
//     currency's decimals; a currency added later needs its decimals.
//   - RefreshedCovers: the SignatureCovers of a refreshed event (the hash
//     covers four fields; Refresh reads the whole transaction).
//   - FindByReference: none anywhere; the API looks nothing up by the
//     merchant's orderId. A withdrawal settles through the provider's
//     idempotency instead (settle.go: the answer for a repeated orderId),
//     so its apicall.Settlement.Find is that, not a lookup.
//   - InvoicesService: CreateFloating and CreateFixed (two endpoints with
//     different rules), no Create; no Get, List or All (no invoice read or
//     list in the API). Invoice.Normalized is always payments.StatusUnknown
//     (no published invoice status words), and InvoiceStatus has no
//     constants.
//   - TransactionsService: Get only (and Simulate); no List or All.
//   - ChannelsService: Create and WalletAddress answer a customer's
//     deposit address, the same every time; there is no channel object to
//     Get, List or find.
//   - EventType holds the transaction type (EventDeposit, EventWithdrawal):
//     XGateway's callbacks have no other event names. EventKind is
//     KindDeposit, KindWithdrawal or KindOther, the objects a callback is
//     about.
//   - NewWebhookVerifier, NewWebhookAdapter, NoCustomer: a merchant may
//     hold only the callback secret; "N/A" is the hash's stand-in for a
//     missing customerId.
//   - channelstest: no Balance or SetBalance (no balance call in the API;
//     Options.Demo is an account without funds), no CancelPayout or
//     HoldPayout (a withdrawal only confirms or fails); Options.SecretKey
//     and Server.SecretKey keep the dashboard's own name of the callback
//     secret (the client's Config.WebhookSecret); FailDeposit, PayDepositIn,
//     PaySettlement, Transaction, WithdrawalByOrderID, FaultTransactionRead
//     and AnswerMinimalWithdrawals drive what only this provider has; Kit
//     hands the shared machinery to cmd/coinsdk-sandbox.

// Package channels is a client for XGateway's channel payment flow API
// (https://api.xgateway.tech): a deposit address per customer and currency
// (channels, and the older wallet-address call), transactions by id (the
// authoritative state), crypto withdrawals, simulation on demo accounts, and
// hosted checkout invoices (floating and fixed rate); plus callback
// verification and an adapter for the provider-neutral payments interfaces.
// No other client library for this API exists; this one follows the
// provider's documentation and the notes in the repository's
// shared/providers/channels-notes.md.
//
//	c, err := channels.New(channels.Config{APIKey: key, WebhookSecret: secret})
//	ch, err := c.Channels.Create(ctx, &channels.ChannelParams{Currency: channels.TUSDT, CustomerID: "customer-42"})
//	tx, err := c.Withdrawals.Create(ctx, &channels.WithdrawalParams{Amount: amount, Currency: channels.TUSDT,
//		CustomerID: "customer-42", Address: to})
//	ev, err := c.Webhooks.Parse(r)          // verified: id, customer, amount, currency only
//	ev, err = c.Webhooks.Refresh(ctx, ev)   // the API's word: credit from this
//
// # Authentication and accounts
//
// Every request carries the API key in x-api-key. Demo and live accounts use
// the same host (ProductionBaseURL) with different keys. The key is the
// account's whole credential (anyone holding it can withdraw): it is kept as
// a redacted secret, and printing a Client, Config, service or Adapter shows
// at most its last four characters.
//
// # Concurrency and retries
//
// A Client is safe for concurrent use; requests are independent (no nonce).
// Reads (GET transaction, and the channel calls, which return the same
// address every time) are retried on network errors, 429, 502, 503 and 504
// with capped, jittered backoff. Withdrawals are retried on those and on 500
// because they always carry an orderId (below). Invoices and simulate are
// never resent after they may have reached the provider: invoices have no
// dedupe key, and a simulate repeat sends one more callback.
//
// # Withdrawals are safe to resend
//
// XGateway uses a withdrawal's orderId as its idempotency key. Create always
// sends one (a UUID when the caller leaves it empty), and nothing but the
// allowed fields (amount, currency, customerId, address, orderId,
// applicationId): the API refuses any other. A timeout or 5xx is resolved by
// resending the same body; the answer is checked against what was asked
// (one compare, in settle.go), and a withdrawal that differs (an orderId
// used before) is an error matching payments.ErrDuplicateReference. When no
// answer comes, or the provider refuses the orderId as taken (which may be
// our own earlier attempt), the error matches payments.ErrUnknownOutcome
// and carries the orderId: repeat Create with it later. There is no documented lookup of a withdrawal by orderId,
// so the adapter's FindPayout returns payments.ErrUnsupported.
//
// # Money and currencies
//
// Amounts are decimal.Decimal, sent as JSON numbers written from their exact
// text and decoded exactly from strings or numbers. Each answer is decoded
// once, into unexported wire types whose amounts are guarded decimals (a
// hostile "1e999999999" or million-digit amount is refused before any
// parsing) and whose ids, orderIds, customerIds and addresses are only
// strings ("12e45678" stays "12e45678"); every model's Raw is a slice of
// the body. The documented
// currencies are typed constants (BTC, TUSDT, BUSDT, …) with their chain,
// token standard and decimals (Currencies, LookupCurrency); codes are
// case-sensitive ("bUSDT" is Tether on BNB Smart Chain). Requests are
// checked locally: a listed currency (or one in Config.ExtraCurrencies), a
// positive amount within its decimals, a customer id and an address. A
// currency the provider sends that is not listed still decodes.
//
// # Callbacks are only partly signed
//
// A callback carries hash = base64(SHA-512 of
// "{id}.{customerId}.{amount}.{currency}.{secretKey}"), "N/A" standing in for
// a missing customerId: a plain hash with the secret appended, not an HMAC.
// The values are hashed exactly as received (an amount of "10.50" is hashed
// as "10.50"), compared in constant time against Config.WebhookSecret and every
// PreviousWebhookSecrets (rotation). Since the values are joined with '.', a
// '.' inside one shifts a field boundary without changing the hash: the
// hash binds the transaction id exactly (a callback whose id holds '.' is
// refused as payments.ErrInvalidSignature; provider ids are UUIDs), and the
// customerId, amount and currency only as one text, since customerIds may
// hold '.' (e-mail-style ids of customers created outside the SDK; 10.50
// from customer "c" verifies again as 50 from customer "c.10"). A callback
// without its hash is refused as payments.ErrInvalidSignature, like a
// wrong one. The hash covers those four values
// only, not the status, the type, the orderId, the time or anything else
// (a captured callback can be replayed with another status): a verified
// Event says so
// (BodyAuthenticated false, SignatureCovers), has no DedupeKey, and Refresh
// reads the transaction from the API, which XGateway itself calls the
// source of truth (callbacks may arrive out of order). Deduplicate and
// credit from the refreshed Event. Deposits and withdrawals arrive on one
// URL, told apart by type. SignTestWebhook signs a body as XGateway would,
// for merchants' tests.
//
// # Demo accounts
//
// On a demo account a withdrawal first fails (no funds), so a failed
// callback arrives before the confirmed one, which Transactions.Simulate
// (with the withdrawal's InvoiceID) produces. payments.Advance never lets a
// completed payout replace a failed one: on a demo account only, give the
// adapter AdapterOptions.DemoFailedWithdrawalsAreProcessing so a
// withdrawal's failed is normalized as processing. Never on a live account:
// there a real failure would read as in progress for ever (demo and live
// keys use the same host, so the SDK cannot tell them apart).
//
// Package channelstest is a stateful sandbox of this API for tests and examples.
package channels
