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
// This package imports only the standard library, decimal and uuid, so that it
// can be imported by anything without pulling a provider in.
package payments
