package gateway_test

import (
	"encoding/base64"
	"testing"

	"github.com/coinsdk/coinsdk/gateway"
	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/stretchr/testify/require"
)

// TestNothingPrintsASecret prints every value a program holds, with every
// verb, including fmt's bad-verb path that prints pointed-to structs.
func TestNothingPrintsASecret(t *testing.T) {
	t.Parallel()
	cfg := gateway.Config{APIKey: "key_0123456789abcdefKEYFULL", APISecret: "SECRET-api", WebhookSecret: "SECRET-wh",
		PreviousWebhookSecrets: []string{"SECRET-old"}}
	c, err := gateway.New(cfg, option.WithBaseURL("https://user:SECRET-pw@api.example.test/int"))
	require.NoError(t, err)
	a := newAdapter(t, c, gateway.AdapterOptions{})
	basic := base64.StdEncoding.EncodeToString([]byte(cfg.APIKey + ":" + cfg.APISecret))
	values := append(providertest.Reachable(c), providertest.Reachable(a)...)
	values = append(values, cfg, &cfg, gateway.NewWebhookVerifier("SECRET-v"), gateway.NewSigner(cfg.APIKey, cfg.APISecret),
		*gateway.NewSigner(cfg.APIKey, cfg.APISecret), gateway.NewWebhookAdapter("SECRET-wa"))
	values = append(values, providertest.Held(c, a, c.Webhooks)...)
	providertest.NothingPrints(t, values, providertest.ConfigByValue[gateway.Config], "SECRET", "KEYFULL", basic)
}
