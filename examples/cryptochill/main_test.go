package main

import (
	"testing"

	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/stretchr/testify/require"
)

// TestTourSandbox runs the tour as `go run` does with no environment.
func TestTourSandbox(t *testing.T) {
	// not parallel: t.Setenv changes the process's environment.
	t.Setenv("CRYPTOCHILL_BASE_URL", "")
	require.NoError(t, run(t.Context()))
}

// TestTourLive runs the tour in live mode against a server it does not
// control (here a sandbox standing in for one), as a user with the
// environment variables set would.
func TestTourLive(t *testing.T) {
	// not parallel: its subtests change the process's environment (t.Setenv).
	t.Run("payouts allowed", func(t *testing.T) { tourLive(t, true) })
	// A fresh server: a burst of requests runs the nonce ahead of the clock,
	// and a second client on the same key would start behind it (see the
	// cryptochill package doc on nonces across processes).
	t.Run("read only", func(t *testing.T) { tourLive(t, false) })
}

func tourLive(t *testing.T, payouts bool) {
	sb := cryptochilltest.NewServer(cryptochilltest.Options{})
	defer sb.Close()
	t.Setenv("CRYPTOCHILL_BASE_URL", sb.URL)
	t.Setenv("CRYPTOCHILL_API_KEY", sb.APIKey)
	t.Setenv("CRYPTOCHILL_API_SECRET", sb.APISecret)
	t.Setenv("CRYPTOCHILL_CALLBACK_TOKEN", sb.CallbackToken)
	t.Setenv("CRYPTOCHILL_PROFILE_ID", sb.ProfileID)
	t.Setenv("CRYPTOCHILL_ALLOW_PAYOUT", "")
	t.Setenv("CRYPTOCHILL_APPROVER_KEY", "")
	t.Setenv("CRYPTOCHILL_APPROVER_SECRET", "")
	if payouts {
		t.Setenv("CRYPTOCHILL_ALLOW_PAYOUT", "1")
		t.Setenv("CRYPTOCHILL_APPROVER_KEY", sb.ApproverKey)
		t.Setenv("CRYPTOCHILL_APPROVER_SECRET", sb.ApproverSecret)
	} else {
		t.Setenv("CRYPTOCHILL_PROFILE_ID", "")
	}
	require.NoError(t, run(t.Context()))
}
