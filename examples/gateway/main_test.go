package main

import (
	"bytes"
	"testing"

	"github.com/coinsdk/coinsdk/examples/internal/tour/tourtest"
	"github.com/coinsdk/coinsdk/gateway/gatewaytest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// liveEnv sets the tour's variables for live mode against sb, allowed to
// send a payout or not (see tourtest.Setenv).
func liveEnv(t *testing.T, sb *gatewaytest.Server, payouts bool) {
	vars := map[string]string{"GATEWAY_BASE_URL": sb.URL, "GATEWAY_API_KEY": sb.APIKey,
		"GATEWAY_API_SECRET": sb.APISecret, "GATEWAY_WEBHOOK_SECRET": sb.WebhookSecret}
	if payouts {
		vars["GATEWAY_ALLOW_PAYOUT"], vars["GATEWAY_PAYOUT_ADDRESS"] = "1", "bc1qlivetourpayee"
	}
	tourtest.Setenv(t, envVars, vars)
}

// TestTourSandbox runs the tour as `go run` does with no environment.
func TestTourSandbox(t *testing.T) {
	tourtest.Setenv(t, envVars, nil)
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), &out))
	assert.Contains(t, out.String(), "tour complete")
	assert.Contains(t, out.String(), "verified payment.complete")
}

// TestTourLive runs the tour in live mode against a server it does not
// control (a sandbox standing in for one), as a user with the variables set.
func TestTourLive(t *testing.T) {
	tourtest.PayoutModes(t, func(t *testing.T, payouts bool) {
		sb := gatewaytest.NewServer(gatewaytest.Options{})
		defer sb.Close()
		liveEnv(t, sb, payouts)
		var out bytes.Buffer
		require.NoError(t, run(t.Context(), &out))
		s := out.String()
		assert.Contains(t, s, "live mode")
		assert.Contains(t, s, "verified test webhook")
		for _, secret := range []string{sb.APISecret, sb.WebhookSecret} {
			assert.NotContains(t, s, secret, "never prints a secret")
		}
		if payouts {
			assert.Equal(t, 1, sb.PayoutsMade(), "one withdrawal of the minimum, left open: nothing completes it live")
		} else {
			assert.Equal(t, 0, sb.PayoutsMade())
		}
	})
}

// A withdrawal whose outcome is unknown fails the tour and is not resent.
func TestTourLiveUnknownWithdrawal(t *testing.T) {
	sb := gatewaytest.NewServer(gatewaytest.Options{})
	defer sb.Close()
	sb.InjectFault(gatewaytest.Fault{Path: "withdraw", Kind: gatewaytest.FaultErrorAfterWork})
	liveEnv(t, sb, true)
	var out bytes.Buffer
	err := run(t.Context(), &out)
	require.Error(t, err)
	assert.Contains(t, out.String(), "NOT resending")
	assert.Equal(t, 1, sb.PayoutsMade())
}

func TestTourRefusesPartialConfig(t *testing.T) {
	tourtest.Setenv(t, envVars, map[string]string{"GATEWAY_BASE_URL": "https://devapi.bucksbus.com/int"})
	assert.Error(t, run(t.Context(), &bytes.Buffer{}))
}

func TestTourLiveWrongSecret(t *testing.T) {
	sb := gatewaytest.NewServer(gatewaytest.Options{})
	defer sb.Close()
	tourtest.Setenv(t, envVars, map[string]string{"GATEWAY_BASE_URL": sb.URL, "GATEWAY_API_KEY": sb.APIKey,
		"GATEWAY_API_SECRET": "not-the-secret", "GATEWAY_WEBHOOK_SECRET": "x"})
	var out bytes.Buffer
	err := run(t.Context(), &out)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "not-the-secret")
}
