package cryptoprocessing

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
)

// TestNothingPrintsASecret prints every value a program holds (the client,
// every service on it, the webhook service, the adapter, a verifier, the
// signer, the config), with every verb, and checks that no secret shows: not
// the API secrets, not the password in the base
// URL's userinfo, and not the API key in full.
func TestNothingPrintsASecret(t *testing.T) {
	t.Parallel()
	const key = "SECRETKEY_0123456789abcdef"
	c, err := New(Config{APIKey: key, APISecret: "SECRET-api", PreviousAPISecrets: []string{"SECRET-old"}},
		option.WithBaseURL("https://user:SECRETPW@app.cryptoprocessing.test/api/v2"))
	require.NoError(t, err)
	a := newAdapter(t, c, AdapterOptions{})
	values := providertest.Reachable(c)
	require.Greater(t, len(values), 16, "every service is printed")
	values = append(values, providertest.Reachable(a)...)
	values = append(values, providertest.Reachable(NewWebhookVerifier("SECRET-api", "SECRET-old"))...)
	values = append(values, c.signer, *c.signer, c.apiKey, NewSigner(key, "SECRET-api"))
	values = append(values, providertest.Held(c, a, c.Withdrawals, c.Webhooks)...)
	providertest.NothingPrints(t, values, providertest.ConfigByValue[Config], "SECRET")
	assert.Contains(t, fmt.Sprint(c), "…cdef", "the key's tail tells keys apart")
}
