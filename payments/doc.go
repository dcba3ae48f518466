// Package payments is the provider-neutral vocabulary of coinsdk: money, invoices,
// payouts, deposit addresses, webhook events, normalized statuses, capabilities,
// errors, and the small interfaces every provider adapter meets.
//
// A merchant that wants one code path over several providers programs against
// [InvoiceProvider], [PayoutProvider], [DepositProvider] and [WebhookVerifier];
// each provider package (cryptochill, cryptoprocessing, …) offers an adapter that
// meets them and, through [Provider.As], the provider's full client underneath.
//
// Money is always [github.com/shopspring/decimal.Decimal]: no binary floating point ever
// touches an amount, a fee or a rate.
//
// # Unknown outcomes
//
// A create that moves money or makes an object may end without an answer (a
// timeout, a reset, a 5xx): the error matches [ErrUnknownOutcome] and its
// [UnknownOutcomeError] carries the reference the call sent (and the
// provider's id of the object when any answer named one). Such an error
// never also matches [ErrDuplicateReference]: "it may exist" and "the
// reference is someone else's" are opposite instructions ([OneMeaning]).
// What a merchant may do next depends on the provider's capabilities:
//
//  1. With [CapDedupePayout] (or [CapFindInvoice] for invoices): repeat the
//     same call with the same Reference and the same parameters, now or
//     later. This never makes a second object: the provider refuses the
//     reference, and the adapter answers with the existing object when it
//     matches what was asked ([MatchPayout], [MatchInvoice]), with an error
//     matching [ErrDuplicateReference] when the reference belongs to
//     something else, or with another unknown outcome when it still cannot
//     tell (repeat again later).
//  2. With [CapFindPayout] (or [CapFindInvoice]): or look it up with
//     FindPayout / FindInvoice. Found means made. Not found ([ErrNotFound])
//     means "not listed now", never "will never exist": keep the reference
//     reserved and go back to 1; do not send the money again under a new
//     reference.
//  3. Without [CapDedupePayout] (the gateway's withdrawals): never repeat the
//     call, with this reference or another. The provider cannot recognise a
//     repeat, so a repeat is a second payment. Settle the payout with the
//     provider (its dashboard or support, with the provider id when the
//     error carries one) and record the answer before paying anything
//     again. The payouts package of this module keeps that rule across
//     restarts and replicas with a journal.
//
// # Shared checks
//
// [MatchPayout] and [MatchInvoice] are the one place that compares an object
// found by reference (or returned by a create) with what was asked; every
// adapter calls them after any lookup by reference. [Advance] is the one
// place that says which status may follow which. The webhooks package of this
// module builds the webhook flow (verify, refresh, process, record through
// Advance, remember the dedupe key) on [WebhookVerifier] and [Event.DedupeKey].
//
// This package imports only the standard library, decimal and uuid, so that it
// can be imported by anything without pulling a provider in.
package payments
