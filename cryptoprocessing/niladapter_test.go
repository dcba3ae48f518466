package cryptoprocessing_test

import (
	"testing"

	"github.com/coinsdk/coinsdk/cryptoprocessing"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/payments/paymentstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNewAdapterNilClient: NewAdapter(nil, …) is a *payments.ValidationError,
// not an adapter; an Adapter without a client (its zero value) is still
// the shared nil-client adapter (see paymentstest.NilClient): it never
// panics and does not pretend to hold a client.
func TestNewAdapterNilClient(t *testing.T) {
	t.Parallel()
	a, err := cryptoprocessing.NewAdapter(nil, cryptoprocessing.AdapterOptions{})
	var verr *payments.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Nil(t, a)

	paymentstest.NilClient(t, cryptoprocessing.ProviderName, func() payments.Adapter { return new(cryptoprocessing.Adapter) })
	var c *cryptoprocessing.Client
	assert.False(t, new(cryptoprocessing.Adapter).As(&c))
}
