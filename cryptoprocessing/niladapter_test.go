package cryptoprocessing_test

import (
	"testing"

	"github.com/coinsdk/coinsdk/cryptoprocessing"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/payments/paymentstest"
	"github.com/stretchr/testify/assert"
)

// TestNewAdapterNilClient: NewAdapter(nil, …) is the shared nil-client
// adapter (see paymentstest.NilClient), and it does not pretend to hold a
// client.
func TestNewAdapterNilClient(t *testing.T) {
	paymentstest.NilClient(t, cryptoprocessing.ProviderName, func() payments.Adapter { return cryptoprocessing.NewAdapter(nil, cryptoprocessing.AdapterOptions{}) })
	var c *cryptoprocessing.Client
	assert.False(t, cryptoprocessing.NewAdapter(nil, cryptoprocessing.AdapterOptions{}).As(&c))
}
