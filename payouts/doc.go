// Package payouts sends payouts once per reference, across retries, replicas
// and crashes, over any provider's [payments.PayoutProvider].
//
//	j := payouts.NewMemoryJournal()                 // tests; production: sqlstore's journal
//	s, err := payouts.NewSender(adapter, j)
//	p, err := s.Send(ctx, &payments.PayoutParams{
//		Amount: payments.MustMoney("0.001", "BTC"), Address: addr, Reference: withdrawalID,
//	})
//	results, err := s.Resolve(ctx)                  // at start-up and every minute
//
// # What a Sender does, and why
//
// A [Sender] writes the payout's intent (reference, provider, parameters)
// into a [Journal] and claims it before the request leaves, and writes the
// outcome after. The journal is what survives: a process killed between
// "the provider answered" and "we wrote it down" leaves an open entry, never
// a forgotten one, and [Sender.Resolve] finishes it.
//
//   - One reference is one payout: a second intent under a used reference
//     with other parameters (or another provider) is refused with a
//     [*payments.ReferenceMismatchError] (payments.ErrDuplicateReference)
//     before anything is sent; the same parameters return the payout made.
//   - Two replicas asking for the same reference at the same moment: exactly
//     one request leaves. The claim (an owner and a lease on the journal's
//     row) is taken in one database transaction; the other caller gets an
//     [*InProgressError] at once and nothing is sent. It does not wait:
//     waiting would mean holding a database lock (and, on SQLite, every
//     writer) or a connection across a provider call that can take a minute,
//     and the caller, who asked for a payout being made right now by someone
//     else, has nothing useful to wait for; Send again later returns it.
//   - A request never outlives its claim: the create runs under a deadline
//     shortly before the lease ends, so a takeover never races a request
//     still in flight. Replicas' clocks must agree to well within the lease
//     (DefaultLease, or WithLease).
//
// # Unknown outcomes, per provider
//
// What settles an unknown outcome (a timeout, a reset, a 5xx after sending,
// a crash) depends on the provider's capabilities, and Send (called again
// with the same reference) and Resolve do the same:
//
//   - CryptoChill, CryptoProcessing, Cryptopay (payments.CapFindPayout and
//     payments.CapDedupePayout): look the payout up by reference; if not
//     listed, repeat the create with the same reference, which the provider
//     refuses to make twice.
//   - Channels (payments.CapDedupePayout, no lookup): repeat the create with
//     the same orderId.
//   - The gateway (neither): never sent again. The entry waits for a person
//     ([StateAttention]) and Send and Resolve report it as a
//     [*NeedsPersonError] (errors.Is [ErrNeedsPerson] and
//     payments.ErrUnknownOutcome), with the provider's id when one was seen.
//     The person finds the withdrawal in the gateway's history by the
//     reference (carried in its custom field) and records the answer with
//     [Sender.Settle] (made: its id) or [Sender.SettleNotMade].
//
// A definite refusal (validation, insufficient funds, a reference the
// provider holds for another payout) made nothing: the entry is failed and
// Send may try the same reference again.
//
// # What it costs
//
// A new payout costs one database round trip on Send's path: the intent
// and the claim, in one INSERT, before the request. That one cannot be
// dropped: the intent must be durable before the money can leave, or a
// crash in flight forgets a payout that may exist.
//
// The outcome (one conditional UPDATE) is group-committed behind Send's
// return wherever the provider can settle an open entry without a person
// (every provider but the gateway): Send hands it over and returns, and one
// writer writes all the outcomes handed over while its previous write was
// in flight in one statement ([BatchRecorder]). Alone, a payout's outcome
// is written at once, beside the caller; under load, many share a round
// trip. This costs no guarantee: a process that dies before the write
// leaves an open entry, and once its lease ends Resolve settles it with the
// provider (a lookup, or a repeat it deduplicates) without paying again.
// Call [Sender.Flush] before a graceful exit, and before reading the
// journal for a payout Send just returned; until it is written, another
// replica asking for the same reference gets an [InProgressError], and this
// process answers it from memory.
//
// On the gateway, which can neither deduplicate nor look a withdrawal up,
// the journal is the payout's only record, so its outcome is written before
// Send returns (two round trips on the path). Behind the return, a write
// still in flight overlaps the next payout, and a crash then leaves two
// payouts for a person instead of one: tried, sqlstore's TestJournalCrash
// found 5 and 6 gateway payouts waiting for a person after 4 kills, where
// it finds at most one per kill with the write before the return.
// [WithSyncOutcomes] asks for the write before the return on every
// provider (a journal that cannot record a made payout is then Send's
// error, not Flush's).
//
// Send again for a reference already paid costs one statement on
// PostgreSQL (the claim's INSERT reads the stored row back) and two on
// MariaDB and SQLite; taking over an ended claim (Resolve) runs a short
// transaction that holds the row's lock. sqlstore's TestJournalRoundTrips
// counts the statements (on the path, and in the group commit), so a change
// that adds one fails.
//
// # Journals
//
// [MemoryJournal] keeps the contract within one process and is lost with it:
// use it in tests and examples. The SQL journal in package sqlstore
// (PostgreSQL, MariaDB/MySQL, SQLite) is the durable one. Both apply the
// same rules ([Decide], [Applies]); payouts/journaltest checks any Journal
// against them.
package payouts
