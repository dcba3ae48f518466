package cryptochilltest

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Every documented kind must map to a seeded wallet that holds its currency, and every
// currency must have a rate, or the handlers would index missing map entries.
func TestKindTableConsistent(t *testing.T) {
	t.Parallel()
	srv := NewServer(Options{})
	t.Cleanup(srv.Close)
	for _, list := range []map[string]bool{invoiceKinds, payoutKinds, conversionKinds} {
		for kind := range list {
			info, ok := kindTable[kind]
			require.True(t, ok, "kind %s missing from kindTable", kind)
			w := srv.walletForKind(kind)
			require.NotNil(t, w, "kind %s: wallet %q does not hold %s", kind, info.wallet, info.currency)
			require.True(t, w.holds(info.currency), "kind %s: wallet %q does not hold %s", kind, info.wallet, info.currency)
			_, ok = usdRate(info.currency)
			require.True(t, ok, "kind %s: no rate for %s", kind, info.currency)
		}
	}
	for _, set := range []map[string]bool{invoiceCurrencies, payoutCurrencies} {
		for c := range set {
			_, ok := usdRate(c)
			require.True(t, ok, "currency %s has no rate", c)
		}
	}
}
