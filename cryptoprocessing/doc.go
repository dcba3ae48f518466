// shapeDifferences: where this package departs from the shape every
// provider package shares (TestPackageShape's documented differences), and why.
//
//	Config.WebhookSecret, Config.PreviousWebhookSecrets: absent; APISecret and
//	  PreviousAPISecrets instead. CryptoProcessing signs callbacks with the API
//	  secret (X-Processing-Signature, HMAC-SHA512 of the body): there is no
//	  separate callback secret to configure.
//	Get/FindByReference: only on Transactions. The API has one lookup,
//	  transactions/info, for withdrawals, invoices, exchanges and deposits
//	  alike (by id, foreign_id or txid: Get, FindByReference, ByTxID, Info).
//	List: Accounts.List, Currencies.List, Currencies.Pairs answer everything
//	  at once ([]T, no All); the API has no other list.
//	EventKind: KindDeposit, KindWithdrawal, KindExchange, KindInvoice,
//	  KindOther; EventType: the transaction types (EventDeposit …
//	  EventInvoice). A callback has no name of its own, only its
//	  transaction's type, and Event holds one *Transaction for every kind
//	  (all callbacks share the transactions/info shape).
//	NewWebhookAdapter, NewWebhookVerifier: a verify-only adapter and webhook
//	  service for a merchant who holds the API secret but no client.
//	cryptoprocessingtest.Server.PayDeposit takes a deposit address (with
//	  "?dt=TAG" for tagged currencies); CancelDeposit (a double spend) is
//	  this provider's own.

// Package cryptoprocessing is a client for the CryptoProcessing API v2 (the
// CoinsPaid API, also offered white-label): balances, currencies and pairs,
// deposit addresses, crypto withdrawals, exchanges, invoices and transaction
// lookups, plus callback verification and an adapter for the
// provider-neutral payments interfaces.
//
//	c, err := cryptoprocessing.New(cryptoprocessing.Config{APIKey: key, APISecret: secret})
//	addr, err := c.Addresses.Take(ctx, &cryptoprocessing.AddressParams{Currency: "BTC", ForeignID: "customer-42"})
//	w, err := c.Withdrawals.Crypto(ctx, &cryptoprocessing.WithdrawalParams{
//		Amount: decimal.RequireFromString("0.01"), Currency: "BTC", Address: dest})
//	ev, err := c.Webhooks.Parse(r)
//
// The client talks to ProductionBaseURL by default; WithSandbox selects the
// provider's sandbox and WithBaseURL any other host.
//
// # Signing
//
// Every call but ping sends a JSON body (calls without parameters send {})
// with X-Processing-Key (the API key) and X-Processing-Signature, the
// lowercase hex HMAC-SHA512 of the exact body bytes under the API secret.
// The body is encoded once per call; those same bytes are signed and sent on
// every attempt. transactions/info is a GET that carries such a body too.
//
// # Dedupe and unknown outcomes
//
// Withdrawals, exchanges and invoices always carry a foreign_id, the
// merchant's unique reference: when the caller leaves it empty a UUID is
// filled in (on a copy of the parameters). The API refuses a reused
// foreign_id ("The foreign id has already been taken.", which matches
// payments.ErrDuplicateReference), so these calls are retried on timeouts
// and 5xx answers without risk of doing the work twice.
//
// When a call may or may not have taken effect (every attempt timed out or
// failed with a 5xx after the request went out, or a retry was answered
// "already taken"), the error matches payments.ErrUnknownOutcome and its
// *payments.UnknownOutcomeError carries the foreign_id. The client settles
// this itself, for withdrawals, invoices and exchanges alike (settle.go,
// through apicall.Settle): it looks the object up by foreign_id
// (Transactions.FindByReference) and returns it when it is what was asked
// (a withdrawal: payments.MatchPayout's amount, currency, asset, address,
// tag; an invoice: amount and currency; an exchange: the currencies); one
// that differs is payments.ErrDuplicateReference; when that lookup fails
// the outcome stays unknown (never ErrDuplicateReference). A 200 that does
// not echo the foreign_id (or a withdrawal's amount) sent is settled the
// same way. Do not create a new object with a new foreign_id after an
// unknown outcome: look the old one up, or retry with the same foreign_id.
//
// Reads: transactions/info is a GET, and the provider's other reads
// (accounts/list, currencies/*, exchange/calculate) are POSTs that change
// nothing; all are retried on network errors, 429, 502, 503 and 504, and
// never reported as unknown outcomes. addresses/take is treated the same way:
// repeating it at worst hands the customer one more address.
//
// # Callbacks are fully signed
//
// Callbacks carry the same two headers, and X-Processing-Signature covers the
// whole raw body, so a verified callback's every field (amounts, status,
// addresses) is the provider's word: events are BodyAuthenticated.
// Webhooks.Parse verifies before decoding anything, in constant time, under
// a body cap, against the current secret and any previous ones during a
// rotation. Delivery is at least once, usually not_confirmed then confirmed:
// deduplicate on Event.DedupeKey (id, status and a digest of the amounts,
// legs and confirmations, so two partial payments to one invoice are two
// events). Package webhooks runs the whole flow as an http.Handler. In the
// payments adapter a deposit's event names the customer (the address's
// foreign_id) in Customer and the address in DepositAddress, and carries no
// order Reference; an invoice's event carries its foreign_id with the
// invoice's own status.
//
// # Lenient decoding
//
// The provider's own examples send ids, foreign_ids, tags, confirmations and
// amounts both as numbers and as strings, and leave optional fields out.
// Models accept every documented spelling and expose plain Go types
// (string, int, decimal.Decimal, time.Time); every model keeps its JSON in
// Raw (a slice of the body read once; each answer and callback is decoded
// once). A value decoded as a number with more than 200 characters or an
// exponent beyond ±100 is refused as ErrMalformed before it is parsed; a
// string that merely looks like a number (a reference "12e45678") is a string.
package cryptoprocessing
