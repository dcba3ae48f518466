// Package cryptochill is a client for the CryptoChill (Uniwire) API v1:
// invoices, transactions, payouts, conversions, profiles, wallets, automatic
// payouts and conversions, exchange rates and account settings, plus callback
// verification and an adapter for the provider-neutral payments interfaces.
//
//	c, err := cryptochill.New(cryptochill.Config{APIKey: key, APISecret: secret, CallbackToken: token})
//	inv, err := c.Invoices.Create(ctx, &cryptochill.InvoiceParams{
//		ProfileID: profileID, Amount: decimal.RequireFromString("10.00"), Currency: "USD", Kind: "BTC"})
//	for inv, err := range c.Invoices.All(ctx, &cryptochill.InvoiceListParams{Status: "new"}) { … }
//	ev, err := c.Webhooks.Parse(r)
//
// # Signing and nonces
//
// Every request carries its parameters in a base64 JSON payload header
// (X-CC-PAYLOAD) that also holds the request path and a nonce, signed with
// HMAC-SHA256 under the API secret (X-CC-SIGNATURE). The API refuses a nonce
// that is not greater than the last one it saw for the key. This client takes
// nonces from max(now_ms, last+1) held atomically, so concurrent calls never
// collide; but several processes sharing one API key can still race each
// other's nonces. Give each process its own key, or inject a shared source
// with WithNonceSource.
//
// GET filters are sent both as URL query parameters (as documented) and inside
// the signed payload (as the reference code carries every parameter); the
// signed "request" stays the bare path.
//
// # Callbacks are only partly signed
//
// CryptoChill signs only callback_id, not the body. A verified callback proves
// CryptoChill once sent that id; it does not prove the amounts or status in
// the body. Parsed events say so (BodyAuthenticated is false), and
// Webhooks.Refresh fetches the object from the API: credit from that.
//
// # Payouts are safe to retry
//
// Payouts.Create always sends a reference_id (a UUID when the caller leaves it
// empty). CryptoChill rejects a reused reference_id, so a retry can never pay
// twice; after a timeout the client looks the payout up by its reference, and
// an error matching payments.ErrUnknownOutcome carries the reference for the
// caller to look up later (Payouts.FindByReference).
package cryptochill
