// Package coinsdk is the root of a Go module for merchant backends that accept
// and send crypto through five payment providers, with one vocabulary over all
// of them ([github.com/coinsdk/coinsdk/payments]) and each provider's complete
// API underneath. This package holds no code: it is where the pattern every
// provider package follows is written down, so that the next provider copies
// one shape.
//
// # Packages
//
//	payments               provider-neutral vocabulary, interfaces, MatchPayout/MatchInvoice, Advance
//	payments/paymentstest  conformance suite every adapter runs against its sandbox
//	webhooks               the webhook flow as an http.Handler: verify, refresh, Advance, record, remember
//	option                 the client options, defined once for every provider
//	cryptochill, cryptoprocessing, gateway, cryptopay, channels
//	                       one package per provider, each with its sandbox in <pkg>/<pkg>test
//	internal/...           HTTP core, decimal JSON, HMAC, nonces, pager, redaction, sandbox kit
//
// Imports go one way: examples → providers → internal → payments (and option).
//
// # The shape of a provider package
//
// A merchant who learned one provider knows them all:
//
//   - New(cfg Config, opts ...option.Option) (*Client, error). Config holds
//     the credentials and prints them masked under every verb; options come
//     from package option only (base URL, HTTP client, logger, clock, retry
//     policy, user agent, webhook body cap). Named hosts are constants in the
//     provider package (ProductionBaseURL, SandboxBaseURL, …).
//   - Services are fields of the Client, one file per resource
//     (c.Invoices.Create, c.Withdrawals.Create). Every call takes a context
//     first; its doc names the endpoint. Bad input is a
//     *payments.ValidationError naming the provider's field before any request.
//   - Lookups by the merchant's reference are named FindByReference on the
//     service that has one; adapters expose FindPayout and FindInvoice.
//     Whatever such a lookup finds is compared with what was asked through
//     payments.MatchPayout / MatchInvoice before it is returned as ours.
//   - Lists are a page call and an All iterator (iter.Seq2) that stops with
//     an error on a repeated page or cursor.
//   - Webhooks: Client.Webhooks.Parse(r), ParseBody(body, header), Refresh(ctx,
//     ev), NewWebhookVerifier(secrets...) for a verify-only service, and
//     SignTestWebhook(secret, body) (body, header, err) for the merchant's own
//     tests. Every Event says in SignatureCovers what its signature covers and
//     in BodyAuthenticated whether that is the whole body; its DedupeKey is the
//     same for redeliveries and different for two notifications, and for a
//     body the signature does not cover it is empty until Refresh fills it
//     from the API's answer.
//   - An Adapter (NewAdapter) meets the payments interfaces and says through
//     Capabilities what it cannot do; a missing capability is ErrUnsupported.
//   - Ids are strings in every public API; amounts, fees and rates are
//     decimal.Decimal, decoded once through guarded wire types (a number past
//     200 characters or an exponent past ±100 is refused where it is decoded;
//     a string is never taken for a number) and sent as the provider expects.
//   - The sandbox <pkg>test.NewServer embeds the shared kit, so every sandbox
//     has the same surface: SetCallbackURL(url), PayInvoice, PayDeposit,
//     Confirm, ExpireInvoice, CompletePayout, FailPayout, Deliveries,
//     Redeliver(id), InjectFault, ClearFaults, Faults, VerifyFaults, Requests,
//     Advance. It verifies requests with its own code, never the client's
//     signer.
//
// # Where the code differs from the design card, and why
//
//   - Options live in package option, not as WithX functions in each provider:
//     one definition means one behaviour and one place to fix it.
//   - The webhook test helper is SignTestWebhook(secret, body) on every
//     provider, returning the body and headers the provider would send,
//     because some providers sign in a header and some inside the body.
//   - payments.InvoiceProvider has FindInvoice, and capabilities carry
//     CapFindPayout and CapFindInvoice, because "can pay out" and "can settle
//     an unknown payout outcome" are different promises (the gateway can do
//     the first, not the second).
//   - The HTTP core refuses every redirect, also on a caller's own client (a
//     copy is used), and resends an attempt the provider refused before doing
//     anything (a stale CryptoChill nonce) freshly signed; those resends do not
//     count as retries.
//   - Benchmarks report an SDK/floor ratio (make bench) against a hand-written
//     client doing the same signed call and decode, instead of bare timings.
package coinsdk
