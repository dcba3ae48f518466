package main

import (
	"bytes"
	"testing"

	"github.com/coinsdk/coinsdk/gateway/gatewaytest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// clearEnv empties the tour's variables. Every test here sets the process
// environment (t.Setenv), which is why none of them runs in parallel.
func clearEnv(t *testing.T) {
	for _, k := range envVars {
		t.Setenv(k, "")
	}
}

// TestTourSandbox runs the tour as `go run` does with no environment.
func TestTourSandbox(t *testing.T) {
	clearEnv(t)
	var out bytes.Buffer
	require.NoError(t, run(t.Context(), &out))
	assert.Contains(t, out.String(), "tour complete")
	assert.Contains(t, out.String(), "verified payment.complete")
}

// TestTourLive runs the tour in live mode against a server it does not
// control (a sandbox standing in for one), as a user with the variables set.
func TestTourLive(t *testing.T) {
	for _, payouts := range []bool{false, true} {
		t.Run(map[bool]string{false: "read only", true: "payouts allowed"}[payouts], func(t *testing.T) {
			sb := gatewaytest.NewServer(gatewaytest.Options{})
			defer sb.Close()
			clearEnv(t)
			t.Setenv("GATEWAY_BASE_URL", sb.URL)
			t.Setenv("GATEWAY_API_KEY", sb.APIKey)
			t.Setenv("GATEWAY_API_SECRET", sb.APISecret)
			t.Setenv("GATEWAY_WEBHOOK_SECRET", sb.WebhookSecret)
			if payouts {
				t.Setenv("GATEWAY_ALLOW_PAYOUT", "1")
				t.Setenv("GATEWAY_PAYOUT_ADDRESS", "bc1qlivetourpayee")
			}
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
}

// A withdrawal whose outcome is unknown fails the tour and is not resent.
func TestTourLiveUnknownWithdrawal(t *testing.T) {
	sb := gatewaytest.NewServer(gatewaytest.Options{})
	defer sb.Close()
	sb.InjectFault(gatewaytest.Fault{Path: "withdraw", Kind: gatewaytest.FaultErrorAfterWork})
	clearEnv(t)
	t.Setenv("GATEWAY_BASE_URL", sb.URL)
	t.Setenv("GATEWAY_API_KEY", sb.APIKey)
	t.Setenv("GATEWAY_API_SECRET", sb.APISecret)
	t.Setenv("GATEWAY_WEBHOOK_SECRET", sb.WebhookSecret)
	t.Setenv("GATEWAY_ALLOW_PAYOUT", "1")
	t.Setenv("GATEWAY_PAYOUT_ADDRESS", "bc1qlivetourpayee")
	var out bytes.Buffer
	err := run(t.Context(), &out)
	require.Error(t, err)
	assert.Contains(t, out.String(), "NOT resending")
	assert.Equal(t, 1, sb.PayoutsMade())
}

func TestTourRefusesPartialConfig(t *testing.T) {
	clearEnv(t)
	t.Setenv("GATEWAY_BASE_URL", "https://devapi.bucksbus.com/int")
	assert.Error(t, run(t.Context(), &bytes.Buffer{}))
}

func TestTourLiveWrongSecret(t *testing.T) {
	sb := gatewaytest.NewServer(gatewaytest.Options{})
	defer sb.Close()
	clearEnv(t)
	t.Setenv("GATEWAY_BASE_URL", sb.URL)
	t.Setenv("GATEWAY_API_KEY", sb.APIKey)
	t.Setenv("GATEWAY_API_SECRET", "not-the-secret")
	t.Setenv("GATEWAY_WEBHOOK_SECRET", "x")
	var out bytes.Buffer
	err := run(t.Context(), &out)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "not-the-secret")
}
