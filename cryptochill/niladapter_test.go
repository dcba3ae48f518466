package cryptochill_test

import (
	"testing"

	"github.com/coinsdk/coinsdk/cryptochill"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/payments/paymentstest"
	"github.com/stretchr/testify/assert"
)

// TestNewAdapterNilClient: NewAdapter(nil, …) is the shared nil-client
// adapter (see paymentstest.NilClient), and it does not pretend to hold a
// client.
func TestNewAdapterNilClient(t *testing.T) {
	paymentstest.NilClient(t, cryptochill.ProviderName, func() payments.Adapter { return cryptochill.NewAdapter(nil, cryptochill.AdapterOptions{}) })
	var c *cryptochill.Client
	assert.False(t, cryptochill.NewAdapter(nil, cryptochill.AdapterOptions{}).As(&c))
}
