package payouts

import "github.com/coinsdk/coinsdk/payments"

// Recovery is how a Sender settles a payout whose outcome is unknown (a
// timeout, a 5xx after sending, a crash), fixed by its provider's
// capabilities. Send (called again with the same reference) and Resolve
// both follow it.
type Recovery int

// The recoveries.
const (
	// RecoverByLookup: look the payout up by reference
	// (payments.CapFindPayout); if it is not listed, repeat the create with
	// the same reference, which the provider refuses to make twice
	// (CryptoChill, CryptoProcessing, Cryptopay).
	RecoverByLookup Recovery = iota + 1
	// RecoverByRepeat: repeat the create with the same reference, which the
	// provider deduplicates (payments.CapDedupePayout without a lookup:
	// Channels' orderId).
	RecoverByRepeat
	// RecoverByPerson: never send it again; it waits for a person
	// (a *NeedsPersonError, StateAttention) who settles it with Sender.Settle
	// or Sender.SettleNotMade (the gateway's withdrawals).
	RecoverByPerson
)

// RecoveryFor returns the recovery a provider with capabilities c gets.
func RecoveryFor(c payments.Capabilities) Recovery {
	switch {
	case c.Has(payments.CapFindPayout):
		return RecoverByLookup
	case c.Has(payments.CapDedupePayout):
		return RecoverByRepeat
	}
	return RecoverByPerson
}

// String says what the recovery does, in a few words.
func (r Recovery) String() string {
	switch r {
	case RecoverByLookup:
		return "look it up by reference, else repeat it (the provider dedupes)"
	case RecoverByRepeat:
		return "repeat it with the same reference (the provider dedupes)"
	case RecoverByPerson:
		return "never resent: needs a person"
	}
	return "unknown recovery"
}

// Recovery returns how this Sender settles an unknown outcome on its
// provider.
func (s *Sender) Recovery() Recovery { return RecoveryFor(s.p.Capabilities()) }
