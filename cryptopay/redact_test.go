package cryptopay

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
)

// TestNothingPrintsASecret prints every value a program holds, with every
// verb, including fmt's bad-verb path that prints pointed-to structs.
func TestNothingPrintsASecret(t *testing.T) {
	t.Parallel()
	cfg := Config{APIKey: "key_0123456789abcdef", APISecret: "SECRET-api", WebhookSecret: "SECRET-callback",
		PreviousWebhookSecrets: []string{"SECRET-old"}}
	c, err := New(cfg, option.WithBaseURL("https://user:SECRET-pw@business.cryptopay.test"))
	require.NoError(t, err)
	a := mustAdapter(t, c, AdapterOptions{})
	values := append(providertest.Reachable(c), providertest.Reachable(a)...)
	values = append(values, cfg, &cfg, c.signer, *c.signer, NewWebhookVerifier("SECRET-callback"))
	values = append(values, providertest.Held(c, a, c.Webhooks)...)
	providertest.NothingPrints(t, values, providertest.ConfigByValue[Config], "SECRET", "0123456789abcdef")
}
