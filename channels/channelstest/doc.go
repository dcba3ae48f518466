// Package channelstest is a stateful, in-process fake of XGateway's channel
// payment flow API (the provider of package channels), for tests and
// runnable examples. It is built on the sandbox kit every coinsdk sandbox
// shares, so it has the same surface as the others, with the same names
// and signatures: Close, SetCallbackURL, Deliveries, Redeliver(id string),
// InjectFault, ClearFaults, Faults, VerifyFaults, Requests (promoted from
// the kit: faults are the kit's, counted and listed there), and
// PayInvoice(invoiceID, amount) (txID, err), PayDeposit(address, amount)
// (txID, err), Confirm(txID), ExpireInvoice(invoiceID),
// CompletePayout(id) and FailPayout(id, reason), string ids.
//
// NewServer starts an [net/http/httptest.Server] that answers the API the
// way the provider documents it. It checks x-api-key with its own code
// (401 {"success": false, "errors": [...]} otherwise), keeps channel
// addresses, deposits, withdrawals and invoices, and answers
// {"success": true, "data": …}. Callbacks are hashed with its own code,
// written from the documentation and not shared with the client package:
// hash = base64(SHA-512("{id}.{customerId}.{amount}.{currency}.{secretKey}")),
// "N/A" standing in for a missing customerId.
//
// The outside world is driven from Go: [Server.PayDeposit] (and
// [Server.PayDepositIn], with a currency and the amount's exact text) and
// [Server.PayInvoice] make a deposit arrive ([Server.ExpireInvoice] ends an
// invoice's time to live) (in processing; its callback is
// sent only with Options.ProcessingCallbacks, as the provider sends final
// states only unless enabled), [Server.Confirm] and [Server.FailDeposit]
// settle it, [Server.PaySettlement] records a deposit
// without a customer, [Server.CompletePayout] and [Server.FailPayout]
// settle a withdrawal. Each delivers its callback to the callback URL before
// returning, and records it in Deliveries.
//
// Choices where the documentation is silent (a client must cope with all of them):
//
//   - The zero Options is a demo account, like the provider's own sandbox: a
//     withdrawal fails at once (no funds) and its failed callback is
//     delivered before the create call is answered; simulate (or
//     CompletePayout) then confirms it. Options.Live behaves as a live
//     account: withdrawals stay processing until CompletePayout, and
//     simulate answers 400.
//   - One address per customer and address family: every EVM currency (BNB,
//     bUSDT, ETH, eUSDC, eUSDT, FTN, POL, pUSDC, wpUSDC, wpUSDT) shares one
//     0x address, as the provider does; BTC, Tron and Solana have their own.
//   - Withdrawals refuse any member besides amount, currency, customerId,
//     address, orderId and applicationId (400 "property X should not
//     exist"). A repeated orderId answers the withdrawal already made for it,
//     whatever else the repeat asks: the client must compare.
//   - Amounts are accepted as JSON numbers or numeric strings; callbacks and
//     answers carry every value as a string, the amount exactly as sent.
//     Withdrawal answers (not callbacks) also carry the destination address.
//   - Ids are UUID-shaped strings. POST answers are 201.
//   - A floating-rate (v1) invoice is refused with 422 while the customer has
//     another open; invoice answers are {"id", "url", "status", …}. Simulate
//     on a checkout invoice makes a deposit of the amount given (in the
//     invoice's base currency when it is a coin, else tUSDT).
//   - Unknown paths and methods answer 404 {"success": false, "errors": […]}.
package channelstest
