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
// Simulations move the outside world: PayInvoice (exact, partial or over),
// Pay and Confirm for an unconfirmed then confirmed transaction (a
// fixed-amount payment whose amount due has arrived is CLOSING until the
// confirmation completes it), ExpireInvoice (cancel; a later payment is
// recorded, delivered as payment.cancel, and never completes it), PayDeposit
// to a dedicated address (by its address or dedicate_id; PaymentOf names the
// payment a deposit became), CompletePayout, and FailPayout or CancelPayout
// (both CANCEL) for withdrawals. PayoutsMade counts the withdrawals the
// sandbox holds. Simulations a state does not allow fail with
// ErrInvalidState, unknown ids with ErrNotFound. Each sends the webhooks the service documents (payment.open,
// payment.complete, payment.cancel, and dedicated-address objects on create
// and release), signed with X-Webhook-HMAC-SHA256 when WebhookSecret is set
// (Options.Unsigned sends them without, like a store without a webhook
// secret). No withdrawal webhooks are documented, so none are sent unless
// Options.WithdrawalWebhooks asks for the bare withdrawal object (to test
// that a handler copes if one ever comes).
//
// Every coinsdk sandbox shares Close, ServeHTTP, SetCallbackURL,
// CallbackURL, Deliveries, Redeliver(id), InjectFault (FaultErrorAfterWork
// does the work and answers 500, as the documentation warns), ClearFaults,
// Faults, VerifyFaults, Requests, Now and Advance (kit.go). Fault paths are
// relative to /int ("withdraw", "payment"). Ids are strings (UUIDs, like
// the service's).
//
// # How it still differs from the service
//
// The documentation leaves these open, or the sandbox simplifies them; a
// merchant's test that depends on one of them proves less than it seems:
//   - Rates are a fixed table, with no markup and no underpayment threshold
//     (store settings): a fixed-amount payment completes only when the full
//     amount due is confirmed, never a little under it.
//   - When CLOSING happens is not documented. The sandbox shows it for a
//     fixed-amount payment whose amount due has arrived unconfirmed, never
//     for an open-amount payment, a dedication or a withdrawal.
//   - What a late payment to a cancelled payment does is not documented. The
//     sandbox records it (ip_amount and the transactions grow, the balance
//     is credited on Confirm) and keeps the payment CANCEL.
//   - Payments never expire on their own: ExpireInvoice ends one, whatever
//     end_date says. Withdrawals stay OPEN until CompletePayout or
//     FailPayout; nothing moves on its own.
//   - A payment a USES dedication makes from a deposit copies the
//     dedication's custom fields (so deposit events name the customer the
//     adapter recorded there); the documentation does not say whether the
//     service does, and without it the adapter's deposit events carry no
//     Customer.
//   - There is no HoldPayout: the service documents no hold of a
//     withdrawal (OPEN, CLOSING, COMPLETE and CANCEL only).
//   - After FaultErrorAfterWork (the documented 500) the work stays done:
//     the service "will also try to cancel the operation", the sandbox
//     never cancels it.
//   - EVM addresses are echoed as sent, never in EIP-55 checksum case (the
//     SDK compares them case-insensitively either way); addresses are
//     random strings of the network's shape, not valid on chain.
//   - Error codes other than ERR_NO_PAYMENT (ERR_NO_WITHDRAW,
//     ERR_NO_DEDICATE, ERR_NO_ASSET, ERR_VALIDATION …) and their messages
//     are the same family guessed, not published.
//   - The TOTP code of a withdrawal is not checked; balances are seeded
//     (SetBalance) and a withdrawal needs the available balance.
//   - GET /payments answers the whole date range at once (the API documents
//     no pagination either); dates are the sandbox clock's UTC days.
//   - Webhooks are delivered at once, in order, once (Redeliver repeats
//     one); the service retries up to ten times, at most an hour apart.
//     Withdrawal webhooks (Options.WithdrawalWebhooks) are not documented
//     and the service may never send them.
package gatewaytest
