package main

import (
	"testing"

	"github.com/coinsdk/coinsdk/cryptoprocessing/cryptoprocessingtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tourVars are every variable the tour reads; each test sets them all so
// that the developer's own environment cannot change what is tested.
var tourVars = []string{
	"CRYPTOPROCESSING_BASE_URL", "CRYPTOPROCESSING_API_KEY", "CRYPTOPROCESSING_API_SECRET",
	"CRYPTOPROCESSING_ALLOW_PAYOUT", "CRYPTOPROCESSING_PAYOUT_ADDRESS", "CRYPTOPROCESSING_PAYOUT_CURRENCY",
	"CRYPTOPROCESSING_PAYOUT_AMOUNT", "CRYPTOPROCESSING_PAYOUT_TAG",
	"CRYPTOPROCESSING_URL_SUCCESS", "CRYPTOPROCESSING_URL_FAILED", "CRYPTOPROCESSING_EMAIL_USER",
}

func clearEnv(t *testing.T) {
	for _, k := range tourVars {
		t.Setenv(k, "")
	}
}

// TestTourSandbox runs the tour as `go run` does with no environment.
func TestTourSandbox(t *testing.T) {
	// Not parallel: it sets process-wide environment variables (t.Setenv).
	clearEnv(t)
	require.NoError(t, run(t.Context()))
}

// TestTourLive runs the tour in live mode against a server it does not
// control (here a sandbox standing in for one, with no callback URL: nothing
// makes a deposit arrive), as a user with the environment variables set
// would.
func TestTourLive(t *testing.T) {
	// Not parallel, nor its subtests: they set process-wide environment
	// variables (t.Setenv).
	t.Run("payouts allowed", func(t *testing.T) { tourLive(t, true) })
	t.Run("read only", func(t *testing.T) { tourLive(t, false) })
}

func tourLive(t *testing.T, payouts bool) {
	sb := cryptoprocessingtest.NewServer(cryptoprocessingtest.Options{})
	defer sb.Close()
	clearEnv(t)
	t.Setenv("CRYPTOPROCESSING_BASE_URL", sb.URL)
	t.Setenv("CRYPTOPROCESSING_API_KEY", sb.APIKey)
	t.Setenv("CRYPTOPROCESSING_API_SECRET", sb.APISecret)
	if payouts {
		t.Setenv("CRYPTOPROCESSING_ALLOW_PAYOUT", "1")
	}
	require.NoError(t, run(t.Context()))
	if payouts {
		// The payout went to the server: the balance moved by the minimum.
		assert.Equal(t, "0.9999", sb.Balance("BTC").String(), "BTC balance after the payout")
	}
}
