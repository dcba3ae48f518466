// Package gatewaytest is an in-process, stateful sandbox of the Crypto
// Payment Gateway Integration API v10.2, for tests and examples: no network,
// no real funds.
//
//	sb := gatewaytest.NewServer(gatewaytest.Options{})
//	defer sb.Close()
//	c, _ := gateway.New(gateway.Config{APIKey: sb.APIKey, APISecret: sb.APISecret,
//		WebhookSecret: sb.WebhookSecret}, option.WithBaseURL(sb.URL))
//	sb.SetCallbackURL(myWebhookURL)
//	p, _ := c.Payments.Create(ctx, params)
//	sb.PayInvoice(p.PaymentID, p.PaymentAmount) // payment.open, then payment.complete, signed
//
// It checks HTTP Basic auth with its own code (401 otherwise) and
// Content-Type: application/json on every request, answers business errors
// as the API does (HTTP 422 {"code", "message"}, ERR_NO_PAYMENT and alike),
// and refuses an amount sent as a JSON string with 422, as the service's
// numeric fields do. It keeps assets, accounts with balances (seeded; see
// SetBalance), payments (fixed and open amount) and their transactions,
// withdrawals, dedicated addresses and transfers.
//
// Simulations move the outside world: PayInvoice (exact, partial or over;
// after a cancel, a late payment that the sandbox accepts), Pay and Confirm
// for an unconfirmed then confirmed transaction, ExpireInvoice (cancel),
// PayDeposit to a dedicated address, CompletePayout and FailPayout for
// withdrawals. Each sends the webhooks the service documents (payment.open,
// payment.complete, payment.cancel, and dedicated-address objects on create
// and release), signed with X-Webhook-HMAC-SHA256 when WebhookSecret is set
// (Options.Unsigned sends them without, like a store without a webhook
// secret). No withdrawal webhooks are documented, so none are sent unless
// Options.WithdrawalWebhooks asks for the bare withdrawal object (to test
// that a handler copes if one ever comes).
//
// The embedded Kit gives the surface every coinsdk sandbox shares: Close,
// SetCallbackURL, Deliveries, Redeliver(id), InjectFault (FaultErrorAfterWork
// does the work and answers 500, as the documentation warns), ClearFaults,
// Faults, VerifyFaults, Requests, Now and Advance. Fault paths are relative
// to /int ("withdraw", "payment"). Ids are strings (UUIDs, like the service's).
package gatewaytest
