package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/channels/channelstest"
	"github.com/coinsdk/coinsdk/examples/internal/tour/tourtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// tourVars are every variable the tour reads (see tourtest.Setenv).
var tourVars = []string{"CHANNELS_BASE_URL", "CHANNELS_API_KEY", "CHANNELS_SECRET_KEY", "CHANNELS_ALLOW_PAYOUT",
	"CHANNELS_PAYOUT_AMOUNT", "CHANNELS_PAYOUT_CURRENCY", "CHANNELS_PAYOUT_ADDRESS"}

// TestTourSandbox runs the tour as `go run` does with no environment.
func TestTourSandbox(t *testing.T) {
	tourtest.Setenv(t, tourVars, nil)
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), &out))
	s := out.String()
	assert.Contains(t, s, "offline sandbox")
	assert.Contains(t, s, "API says confirmed")
	assert.Contains(t, s, "orderId")
	assert.Contains(t, s, "read back:")
}

// TestTourLive runs the tour in live mode against a server it does not
// control (a sandbox standing in for one), with and without payouts, and
// checks that no key is ever printed.
func TestTourLive(t *testing.T) {
	tourtest.PayoutModes(t, func(t *testing.T, payouts bool) {
		sb := channelstest.NewServer(channelstest.Options{})
		defer sb.Close()
		tourtest.Setenv(t, tourVars, map[string]string{"CHANNELS_BASE_URL": sb.URL, "CHANNELS_API_KEY": sb.APIKey,
			"CHANNELS_SECRET_KEY": sb.SecretKey, "CHANNELS_ALLOW_PAYOUT": tourtest.Flag(payouts)})
		var out bytes.Buffer
		require.NoError(t, run(t.Context(), &out), out.String())
		s := out.String()
		assert.Contains(t, s, "live server")
		assert.Contains(t, s, "test callback signed with your secret key verified")
		assert.Equal(t, payouts, strings.Contains(s, "read back:"), s)
		assert.NotContains(t, s, sb.APIKey)
		assert.NotContains(t, s, sb.SecretKey)
		assert.Equal(t, payouts, sb.PayoutsMade() == 1)
	})
}

// A wrong key fails the tour (non-zero exit from main).
func TestTourFails(t *testing.T) {
	sb := channelstest.NewServer(channelstest.Options{})
	defer sb.Close()
	tourtest.Setenv(t, tourVars, map[string]string{"CHANNELS_BASE_URL": sb.URL, "CHANNELS_API_KEY": "wrong-key"})
	var out bytes.Buffer
	err := run(t.Context(), &out)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "wrong-key")
}
