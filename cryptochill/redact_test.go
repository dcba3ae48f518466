package cryptochill

import (
	"fmt"
	"testing"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNothingPrintsASecret prints every value a program holds (the client,
// every service on it, the webhook service, the adapter, a verifier, the
// signer, the config), with every verb, and checks that no secret shows: not
// the API secret, not the callback tokens, not the password in the base
// URL's userinfo, and not the API key in full.
func TestNothingPrintsASecret(t *testing.T) {
	t.Parallel()
	const key = "SECRETKEY_0123456789abcdef"
	c, err := New(Config{APIKey: key, APISecret: "SECRET-api", WebhookSecret: "SECRET-token",
		PreviousWebhookSecrets: []string{"SECRET-old"}}, option.WithBaseURL("https://user:SECRETPW@api.cryptochill.test/"))
	require.NoError(t, err)
	a := newAdapter(t, c, AdapterOptions{})
	values := providertest.Reachable(c)
	require.Greater(t, len(values), 20, "every service is printed")
	values = append(values, providertest.Reachable(a)...)
	values = append(values, providertest.Reachable(NewWebhookVerifier("SECRET-token"))...)
	values = append(values, providertest.Reachable(NewWebhookAdapter("SECRET-token", "SECRET-old"))...)
	values = append(values, c.pipe, *c.pipe, NewSigner(key, "SECRET-api"))
	values = append(values, providertest.Held(c, a, c.Invoices, c.Webhooks)...)
	providertest.NothingPrints(t, values, providertest.ConfigByValue[Config], "SECRET")
}

// The adapter prints what its client prints, and a client-less one says so.
func TestAdapterFormat(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t)
	a := newAdapter(t, c, AdapterOptions{})
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		out := fmt.Sprintf(verb, a)
		assert.Contains(t, out, "cryptochill.Adapter", verb)
		assert.Contains(t, out, testBase, verb)
		assert.NotContains(t, out, testKey, verb)
		assert.NotContains(t, out, testSecret, verb)
	}
	assert.Contains(t, fmt.Sprint(&Adapter{}), "apiClient: false")
}
