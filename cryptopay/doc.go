// Package cryptopay is a client for the Cryptopay Business API
// (cryptopay.me): accounts and their transactions, channels (static deposit
// addresses) and their payments, coin withdrawals (payouts) with their
// network fees, coins, customers, exchange transfers, invoices with
// recalculations and refunds, rates, subscriptions and transactions; plus
// callback verification and an adapter for the provider-neutral payments
// interfaces.
//
//	c, err := cryptopay.New(cryptopay.Config{APIKey: key, APISecret: secret, WebhookSecret: cbSecret},
//		option.WithBaseURL(cryptopay.SandboxBaseURL))
//	inv, err := c.Invoices.Create(ctx, &cryptopay.InvoiceParams{
//		PriceAmount: decimal.RequireFromString("10.00"), PriceCurrency: "EUR", PayCurrency: "BTC"})
//	w, err := c.CoinWithdrawals.Send(ctx, &cryptopay.CoinWithdrawalParams{Address: dest,
//		ChargedCurrency: "BTC", ReceivedCurrency: "BTC", ReceivedAmount: &amount})
//	for tx, err := range c.Transactions.All(ctx, &cryptopay.TransactionListParams{ReferenceType: cryptopay.RefInvoice}) { … }
//	ev, err := c.Webhooks.Parse(r)
//
// The client talks to ProductionBaseURL by default; pass SandboxBaseURL (or
// any other absolute URL: a proxy, the cryptopaytest sandbox) to
// option.WithBaseURL. Every path starts with /api/.
//
// # Authentication
//
// Every request, GET included, carries Date, Content-Type:
// application/json and Authorization: HMAC <api key>:<signature>. The
// signature is the standard base64 HMAC-SHA1, under the API secret, of
// five lines: the method, the lowercase hex MD5 of the exact body bytes (the
// empty string when there is no body, never the MD5 of an empty string),
// the Content-Type, the Date value exactly as sent, and the request path
// with its query string. The body is encoded once per call; signing runs on
// every attempt (httpcore's Sign hook, after the retry decision), so each
// retry carries a fresh Date — the server accepts about 15 minutes of skew —
// and the same body. Date is written in Go's http.TimeFormat (RFC 1123, GMT).
//
// # The request path
//
// A call is described, never hand-run: a service method builds an
// apicall.Call (method, path, query, body, the custom_id it carries) and
// calls apicall.Object, apicall.List or apicall.Create. The client's one
// apicall.Pipeline does the rest: encode the body once and sign each
// attempt (signer.go), send, classify, split the {"data", "meta"} envelope
// (decode.go: unwrap, strict about its keys and JSON validity) and decode
// each object once into its model, keeping its bytes once as Raw (decode).
// A coin withdrawal is CoinWithdrawalsService.Send → create (one copy of
// the params, the one UUID) → apicall.Create with the settlement of
// settle.go.
//
// # Concurrency
//
// A Client is safe for concurrent use by many goroutines: it holds no
// per-request state, and the signature depends on no counter or nonce, so
// concurrent calls cannot invalidate each other. The default HTTP client's
// transport is sized for concurrent use (see package option). Cryptopay
// allows 200 requests per minute per API key: beyond that it answers 429.
//
// # Retries, custom_id and unknown outcomes
//
// Reads are retried on network errors, 429 (Retry-After honoured), 502,
// 503 (Cryptopay's maintenance answer, ErrMaintenance) and 504, with
// capped jittered backoff, bounded attempts, never past the context.
//
// Every create that moves money or makes an object (invoices, coin
// withdrawals, exchange transfers, channels, subscriptions) carries a
// custom_id, Cryptopay's unique merchant reference, filled in with a UUID
// when the caller gives none (on a copy of the parameters). Such creates
// are retried on timeouts and 5xx answers. A reused custom_id (409, or a 422
// duplicate_custom_id) matches payments.ErrDuplicateReference. When the
// outcome of a create is unknown (payments.ErrUnknownOutcome, carrying the
// custom_id) or a retry meets a duplicate custom_id, the client looks the
// object up through /custom_id/{custom_id} and returns it when it is what was
// asked (amounts, currencies, address: every comparison is in settle.go, one
// apicall.Settlement per create); a different object is a
// *payments.ReferenceMismatchError. Not found keeps the unknown outcome:
// retry with the same custom_id, never with a new one.
//
// # Two-step withdrawals
//
// A coin withdrawal created without force_commit must be committed within
// 30 seconds (CommitWindow) or it expires and pays nothing. The safe path
// is the easy one: CoinWithdrawalsService.Send creates with force_commit
// (sent at once), and CreateAndCommit quotes, lets a callback inspect the
// quote and commits at once. The explicit two-step API is Quote (a
// CoinWithdrawalQuote with its Deadline) then CommitQuote, which refuses a
// late commit with ErrCommitExpired before any request.
//
// # Money
//
// Every amount, fee and rate is a decimal.Decimal, decoded from the API's
// decimal strings (and from JSON numbers, such as risk scores) without loss,
// and sent as a decimal string. Request amounts are checked for sign and
// for the currency's decimal places (payments.Precision) before any request.
// Numbers too long or with absurd exponents are refused when decoding.
//
// # Callbacks
//
// X-Cryptopay-Signature is the lowercase hex HMAC-SHA256 of the raw body
// under the callback secret, a secret separate from the API secret. The
// signature covers the whole body, so a verified callback is the provider's
// word: events are BodyAuthenticated. WebhooksService.Parse reads the body
// through a cap (1 MiB by default), verifies the exact bytes in constant time
// against the current secret and any previous ones (rotation), and only then
// decodes {"type", "event", "data"} into the typed Invoice, CoinWithdrawal,
// ChannelPayment or Subscription. Cryptopay retries a callback 20 times over
// about a day and a half until answered 200 within 10 s: deduplicate on
// Event.DedupeKey, which differs for two notifications (a status change,
// another partial payment) and is the same for redeliveries.
//
// # Statuses
//
// Statuses are typed per model (InvoiceStatus, CoinWithdrawalStatus,
// ChannelPaymentStatus, ChannelStatus, SubscriptionStatus,
// ExchangeTransferStatus, TransactionStatus), with their status_context, and
// mapped to payments.Status in one file (status.go) by each model's
// Normalized method. A failed coin withdrawal is not final on Cryptopay (it
// moves on to completed or cancelled) and normalizes to processing, never to
// a terminal failure.
//
// # Where this package departs from the notes
//
// Cryptopay does not publish the body of its 409 to a reused custom_id nor
// of its answer to a late commit: any 409, a duplicate_custom_id code, and
// (for a commit) an error mentioning expiry or arriving after the deadline
// are read that way. Model fields beyond the notes' are decoded where
// present and every model keeps its JSON in Raw.
//
// # Shape differences
//
// Where this package differs from the shape every provider package follows
// (TestPackageShape), and why:
//
//	shapeDifferences:
//	- EventKind constants are named for Cryptopay's callback types
//	  (KindInvoice, KindCoinWithdrawal, KindChannelPayment, KindSubscription,
//	  KindOther): the body's "type" is the kind; Event.ObjectType keeps the
//	  type as sent (for KindOther, the one this package does not know).
//	- Status types are named for the API's objects: CoinWithdrawalStatus
//	  (the payout), ChannelPaymentStatus (the deposit payment), plus
//	  ChannelStatus, SubscriptionStatus, ExchangeTransferStatus and
//	  TransactionStatus. ChannelStatus (a setting) and TransactionStatus (the
//	  object behind it spells it; no documented list, so no constants) have
//	  no Normalized.
//	- CustomersService has no FindByReference: a customer's reference is the
//	  merchant's own id, so Get is the lookup (and its settlement's Find).
//	- ExchangeTransfersService has no FindByReference: the API offers no
//	  lookup of transfers by custom_id, so a "custom_id taken" answer stays
//	  an unknown outcome (settle.go).
//	- Refunds are a sub-resource of an invoice: ListRefunds/AllRefunds take
//	  the invoice id, and the lookup by custom_id is FindRefund(invoiceID,
//	  customID), which walks the invoice's refunds (no API lookup exists).
//	- AccountsService.List, CoinsService.List and RatesService.List answer
//	  everything at once (no All); RatesService.List is a map of pairs
//	  (Rates), the API's {"BTCEUR": {…}} object.
//	- RatesService.Get takes the pair (base, quote), not an id: a rate has
//	  none (GET /api/rates/{base}/{quote}).
//	- TransactionsService has no Get: the API reads transactions only as
//	  lists (GET /api/transactions, GET /api/accounts/{id}/transactions).
//	- NewAdapter(nil, …) is a *payments.ValidationError; the zero Adapter
//	  is the nil-client adapter paymentstest.NilClient checks.
//	- models.go holds what several services share (Exchange, Risk,
//	  Beneficiary, the Raw holder, SplitTag/JoinTag): no one service owns it.
//	- cryptopaytest.Server has Kit(), the shared machinery, for
//	  cmd/coinsdk-sandbox (its retry schedule and delivery hook), and Format
//	  on the value receiver: a Server printed by value must not show its
//	  exported APISecret and CallbackSecret (internal/leakcheck); its
//	  credential field keeps the dashboard's name, CallbackSecret.
package cryptopay
