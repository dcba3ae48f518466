package cryptochill_test

import (
	"testing"

	"github.com/coinsdk/coinsdk/cryptochill"
	"github.com/coinsdk/coinsdk/payments/paymentstest"
)

// NewAdapter(nil, …): the shared nil-client behaviour (paymentstest.NilClient).
func TestNewAdapterNilClient(t *testing.T) {
	t.Parallel()
	paymentstest.NilClient(t, cryptochill.ProviderName, func() (*cryptochill.Adapter, error) {
		return cryptochill.NewAdapter(nil, cryptochill.AdapterOptions{})
	})
}
