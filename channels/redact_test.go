package channels

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
)

// TestNothingPrintsASecret prints every value a program holds, with every
// verb, including fmt's bad-verb path that prints pointed-to structs by
// reflection. The API key is the account's credential here: at most its
// last four characters may show.
func TestNothingPrintsASecret(t *testing.T) {
	t.Parallel()
	cfg := Config{APIKey: "SECRETKEY-0123456789wxyz", WebhookSecret: "SECRET-callback", PreviousWebhookSecrets: []string{"SECRET-old"}}
	c, err := New(cfg, option.WithBaseURL("https://user:SECRETPASS@api.xgateway.test/"))
	require.NoError(t, err)
	a := newAdapter(t, c, AdapterOptions{})
	values := append(providertest.Reachable(c), providertest.Reachable(a)...)
	values = append(values, NewWebhookVerifier("SECRET-callback"), NewWebhookAdapter("SECRET-callback"), cfg, &cfg)
	values = append(values, providertest.Held(c, a, c.Webhooks)...)
	providertest.NothingPrints(t, values, providertest.ConfigByValue[Config], "SECRET", "0123456789")
}
