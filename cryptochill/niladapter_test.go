package cryptochill_test

import (
	"testing"

	"github.com/coinsdk/coinsdk/cryptochill"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/payments/paymentstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNewAdapterNilClient: NewAdapter(nil, …) is a validation error, and an
// adapter without a client (the zero Adapter) is the shared nil-client
// adapter (see paymentstest.NilClient), which does not pretend to hold one.
func TestNewAdapterNilClient(t *testing.T) {
	t.Parallel()
	a, err := cryptochill.NewAdapter(nil, cryptochill.AdapterOptions{})
	var ve *payments.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "client", ve.Field)
	assert.Nil(t, a)
	paymentstest.NilClient(t, cryptochill.ProviderName, func() payments.Adapter { return &cryptochill.Adapter{} })
	var c *cryptochill.Client
	assert.False(t, (&cryptochill.Adapter{}).As(&c))
}
