package main

import (
	"testing"

	"github.com/coinsdk/coinsdk/cryptoprocessing/cryptoprocessingtest"
	"github.com/coinsdk/coinsdk/examples/internal/tour/tourtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tourVars are every variable the tour reads (see tourtest.Setenv).
var tourVars = []string{
	"CRYPTOPROCESSING_BASE_URL", "CRYPTOPROCESSING_API_KEY", "CRYPTOPROCESSING_API_SECRET",
	"CRYPTOPROCESSING_ALLOW_PAYOUT", "CRYPTOPROCESSING_PAYOUT_ADDRESS", "CRYPTOPROCESSING_PAYOUT_CURRENCY",
	"CRYPTOPROCESSING_PAYOUT_AMOUNT", "CRYPTOPROCESSING_PAYOUT_TAG",
	"CRYPTOPROCESSING_URL_SUCCESS", "CRYPTOPROCESSING_URL_FAILED", "CRYPTOPROCESSING_EMAIL_USER",
}

// TestTourSandbox runs the tour as `go run` does with no environment.
func TestTourSandbox(t *testing.T) {
	tourtest.Setenv(t, tourVars, nil)
	require.NoError(t, run(t.Context()))
}

// TestTourLive runs the tour in live mode against a server it does not
// control (here a sandbox standing in for one, with no callback URL: nothing
// makes a deposit arrive), as a user with the environment variables set
// would.
func TestTourLive(t *testing.T) {
	tourtest.PayoutModes(t, tourLive)
}

func tourLive(t *testing.T, payouts bool) {
	sb := cryptoprocessingtest.NewServer(cryptoprocessingtest.Options{})
	defer sb.Close()
	tourtest.Setenv(t, tourVars, map[string]string{"CRYPTOPROCESSING_BASE_URL": sb.URL, "CRYPTOPROCESSING_API_KEY": sb.APIKey,
		"CRYPTOPROCESSING_API_SECRET": sb.APISecret, "CRYPTOPROCESSING_ALLOW_PAYOUT": tourtest.Flag(payouts)})
	require.NoError(t, run(t.Context()))
	if payouts {
		// The payout went to the server: the balance moved by the minimum.
		assert.Equal(t, "0.9999", sb.Balance("BTC").String(), "BTC balance after the payout")
	}
}
