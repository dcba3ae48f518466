package cryptochilltest

import "testing"

// Every documented kind must map to a seeded wallet that holds its currency, and every
// currency must have a rate, or the handlers would index missing map entries.
func TestKindTableConsistent(t *testing.T) {
	srv := NewServer(Options{})
	defer srv.Close()
	for _, list := range []map[string]bool{invoiceKinds, payoutKinds, conversionKinds} {
		for kind := range list {
			info, ok := kindTable[kind]
			if !ok {
				t.Fatalf("kind %s missing from kindTable", kind)
			}
			w := srv.walletForKind(kind)
			if w == nil || !w.holds(info.currency) {
				t.Fatalf("kind %s: wallet %q does not hold %s", kind, info.wallet, info.currency)
			}
			if _, ok := usdRate(info.currency); !ok {
				t.Fatalf("kind %s: no rate for %s", kind, info.currency)
			}
		}
	}
	for _, set := range []map[string]bool{invoiceCurrencies, payoutCurrencies} {
		for c := range set {
			if _, ok := usdRate(c); !ok {
				t.Fatalf("currency %s has no rate", c)
			}
		}
	}
}
