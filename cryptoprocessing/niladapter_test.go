package cryptoprocessing_test

import (
	"testing"

	"github.com/coinsdk/coinsdk/cryptoprocessing"
	"github.com/coinsdk/coinsdk/payments/paymentstest"
)

// NewAdapter(nil, …): the shared nil-client behaviour (paymentstest.NilClient).
func TestNewAdapterNilClient(t *testing.T) {
	t.Parallel()
	paymentstest.NilClient(t, cryptoprocessing.ProviderName, func() (*cryptoprocessing.Adapter, error) {
		return cryptoprocessing.NewAdapter(nil, cryptoprocessing.AdapterOptions{})
	})
}
