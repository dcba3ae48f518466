// Package channelstest is a stateful, in-process fake of XGateway's channel
// payment flow API (the provider of package channels), for tests and
// runnable examples. It is built on the sandbox kit every coinsdk sandbox
// shares, so it has the same surface as the others, with the same names
// and signatures: Close, ServeHTTP, Now, Advance, SetCallbackURL,
// CallbackURL, Deliveries, Redeliver, Requests, InjectFault, ClearFaults,
// Faults and VerifyFaults (declared in kit.go, each forwarding to the kit),
// and PayInvoice(invoiceID, amount) (txID, err), PayDeposit(address,
// amount) (txID, err), Confirm(txID), ExpireInvoice(invoiceID),
// CompletePayout(id), FailPayout(id, reason), PayoutsMade() and
// ErrInvalidState, string ids and decimal amounts.
//
// What it lacks beside the other sandboxes, and why: no Balance or
// SetBalance (XGateway publishes no balance call, so a client could not
// observe one; Options.Demo stands for an account without funds, whose
// every withdrawal fails first), and no CancelPayout or HoldPayout (an
// XGateway withdrawal only confirms or fails).
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
// [Server.PayDepositIn], in a currency the address receives; the amount is
// written with the places the decimal holds, "10.50" stays "10.50") and
// [Server.PayInvoice] make a deposit arrive ([Server.ExpireInvoice] ends an
// invoice's time to live) (in processing; its callback is
// sent only with Options.ProcessingCallbacks, as the provider sends final
// states only unless enabled), [Server.Confirm] and [Server.FailDeposit]
// settle it, [Server.PaySettlement] records a deposit
// without a customer, [Server.CompletePayout] and [Server.FailPayout]
// settle a withdrawal. Each delivers its callback to the callback URL before
// returning, and records it in Deliveries.
//
// For paymentstest's harness: PayoutsMade is [Server.PayoutsMade];
// InjectPayoutUnknownOutcome is a FaultErrorAfterWork on POST
// /api/v2/withdrawal; InjectPayoutLookupFault is
// [Server.AnswerMinimalWithdrawals](1) with a FaultErrorAfterWork on
// [FaultTransactionRead] (the read-back the minimal answer forces).
//
// What it does as the provider does (channels-notes.md):
//
//   - The zero Options is a live account: a withdrawal stays processing
//     until [Server.CompletePayout] or [Server.FailPayout], and simulate
//     answers 400 NOT_DEMO_ACCOUNT. Options.Demo is a demo account: a
//     withdrawal fails at once (no funds) and its failed callback is
//     delivered before the create is answered; simulate (or CompletePayout)
//     confirms it later, so a failed callback precedes the confirmed one.
//   - Callbacks are sent for final states (confirmed, failed) only, unless
//     Options.ProcessingCallbacks; every value is a string, the amount
//     exactly as sent; hash = base64(SHA-512("{id}.{customerId}.{amount}.{currency}.{secretKey}")),
//     "N/A" for a missing customerId (settlements, [Server.PaySettlement]).
//     A customerId may hold '.' (e-mail-style ids), as the provider allows.
//   - Withdrawals refuse any member besides amount, currency, customerId,
//     address, orderId and applicationId (400 "property X should not
//     exist"); an orderId already used answers the withdrawal made for it,
//     whatever else the repeat asks (the client must compare); a
//     withdrawal creates a linked invoice whose id simulate takes.
//   - One address per customer and address family: every EVM currency
//     shares one 0x address; BTC, Tron and Solana have their own.
//   - A floating-rate (v1) invoice is refused with 422 while the customer
//     has another open.
//   - Transactions (answers and callbacks) carry only the published field
//     names; errors are {"success": false, "errors": [{"code", "message"}]}.
//
// Every way it still differs from the provider, or chooses where the notes
// are silent (a client must cope with the provider's own choice):
//
//   - Withdrawal answers: the provider does not publish their shape. The
//     sandbox answers the whole transaction unless
//     Options.MinimalWithdrawalAnswers (or [Server.AnswerMinimalWithdrawals]
//     for the next few) makes it answer {"id", "status"} only.
//   - Invoice answers ({"id", "url", "status", "amount", "baseCurrency",
//     "customerId", "orderId"}), simulate answers ({"invoiceId", "status"})
//     and the older /wallet/address answer ("data" is the address,
//     qrCodeURL beside it) are its own choices: the shapes are not published.
//     There is no call to read an invoice back, here as there.
//   - Simulate on a checkout invoice makes a deposit of the amount given, in
//     the invoice's base currency when that is a coin, else tUSDT.
//   - Values it invents: ids are UUID-shaped; network names ("TRON", "BSC",
//     "POLYGON", …); info carries exchangeRate 1 and the amount as the
//     reference and transaction amount; fees are 0; eur and usd equal the
//     amount; transactionHash is random hex. Addresses look like their
//     chain's but are not valid (no checksums).
//   - POST answers are 201, GETs 200; unknown paths and methods 404.
//   - A callback is delivered once; the provider retries up to 10 times with
//     backoff. [Server.Redeliver] sends one again, by hand.
//   - Amounts are accepted as JSON numbers or numeric strings; the provider's
//     own rule is not published.
//   - Decimals per currency (BTC 8, tokens 6, EVM coins 18) are the
//     sandbox's, and so is its refusal of a currency code in another case.
//   - Any API key but its own is refused with 401; demo and live keys are not
//     told apart by the key (Options.Demo decides). No rate limit.
//   - No senderDetails or additionalParams in transactions.
package channelstest
