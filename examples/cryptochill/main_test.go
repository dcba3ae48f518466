package main

import (
	"testing"

	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/coinsdk/coinsdk/examples/internal/tour/tourtest"
	"github.com/stretchr/testify/require"
)

// tourVars are every variable the tour reads (see tourtest.Setenv).
var tourVars = []string{"CRYPTOCHILL_BASE_URL", "CRYPTOCHILL_API_KEY", "CRYPTOCHILL_API_SECRET", "CRYPTOCHILL_CALLBACK_TOKEN",
	"CRYPTOCHILL_PROFILE_ID", "CRYPTOCHILL_ALLOW_PAYOUT", "CRYPTOCHILL_PAYOUT_ADDRESS",
	"CRYPTOCHILL_APPROVER_KEY", "CRYPTOCHILL_APPROVER_SECRET"}

// TestTourSandbox runs the tour as `go run` does with no environment.
func TestTourSandbox(t *testing.T) {
	tourtest.Setenv(t, tourVars, nil)
	require.NoError(t, run(t.Context()))
}

// TestTourLive runs the tour in live mode against a server it does not
// control (here a sandbox standing in for one), as a user with the
// environment variables set would.
func TestTourLive(t *testing.T) {
	tourtest.PayoutModes(t, tourLive)
}

func tourLive(t *testing.T, payouts bool) {
	// A fresh server for each mode: a burst of requests runs the nonce ahead
	// of the clock, and a second client on the same key would start behind
	// it (see the cryptochill package doc on nonces across processes).
	sb := cryptochilltest.NewServer(cryptochilltest.Options{})
	defer sb.Close()
	vars := map[string]string{"CRYPTOCHILL_BASE_URL": sb.URL, "CRYPTOCHILL_API_KEY": sb.APIKey,
		"CRYPTOCHILL_API_SECRET": sb.APISecret, "CRYPTOCHILL_CALLBACK_TOKEN": sb.CallbackToken}
	if payouts {
		vars["CRYPTOCHILL_PROFILE_ID"], vars["CRYPTOCHILL_ALLOW_PAYOUT"] = sb.ProfileID, "1"
		vars["CRYPTOCHILL_APPROVER_KEY"], vars["CRYPTOCHILL_APPROVER_SECRET"] = sb.ApproverKey, sb.ApproverSecret
	}
	tourtest.Setenv(t, tourVars, vars)
	require.NoError(t, run(t.Context()))
}
