package cryptoprocessing

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The provider's documented vector, byte for byte.
func TestSignerVector(t *testing.T) {
	t.Parallel()
	const want = "03c25fcf7cd35e7d995e402cd5d51edd72d48e1471e865907967809a0c189ba55b90815f20e2bb10f82c7a9e9d865546fda58989c2ae9e8e2ff7bc29195fa1ec"
	body := []byte(`{"currency":"BTC","foreign_id":"123456"}`)
	require.Equal(t, want, NewSigner("key", "AbCdEfG123456").Sign(body), "Sign")
	require.Equal(t, want, signBody("AbCdEfG123456", body), "signBody")
	r, err := http.NewRequest(http.MethodPost, "https://example.test/", nil)
	require.NoError(t, err)
	NewSigner("key-1", "AbCdEfG123456").SignRequest(r, body)
	assert.Equal(t, "key-1", r.Header.Get(HeaderKey), "SignRequest %s", HeaderKey)
	assert.Equal(t, want, r.Header.Get(HeaderSignature), "SignRequest %s", HeaderSignature)
}

// A parameterless call sends and signs {} (not null, not [] and not nothing).
func TestParameterlessCallSignsEmptyObject(t *testing.T) {
	t.Parallel()
	c, mt := answering(t, "POST", "/accounts/list", 200, `{"data":[]}`, wantBody(t, `{}`))
	_, err := c.Accounts.List(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 1, mt.GetTotalCallCount(), "calls")
}

func TestSecretsNeverPrinted(t *testing.T) {
	t.Parallel()
	cfg := Config{APIKey: "pub_key_0123456789abcdef", APISecret: "top-secret-value", PreviousAPISecrets: []string{"old-secret-value"}}
	c, err := New(cfg)
	require.NoError(t, err)
	s := NewSigner(cfg.APIKey, cfg.APISecret)
	a := newAdapter(t, c, AdapterOptions{})
	holder := struct{ C *Client }{c}
	values := append(providertest.Reachable(c), providertest.Reachable(a)...)
	values = append(values, cfg, &cfg, s, *s, holder, &holder)
	providertest.NothingPrints(t, values, providertest.ConfigByValue[Config], "top-secret-value", "old-secret-value")
	assert.Contains(t, fmt.Sprint(c), "…cdef", "client should show the key's tail to tell keys apart")
}

// A refused signature: the error names the code, never the secret or the
// signature sent.
func TestUnauthorizedErrorHasNoSecret(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var sent string
	mt.RegisterResponder("POST", testBase+"/accounts/list", func(r *http.Request) (*http.Response, error) {
		sent = r.Header.Get(HeaderSignature)
		return respond(t, 403, `{"error":"Bad signature header","code":"bad_header_signature"}`, nil)(r)
	})
	_, err := c.Accounts.List(t.Context())
	require.ErrorIs(t, err, payments.ErrUnauthorized)
	var apiErr *payments.APIError
	require.ErrorAs(t, err, &apiErr)
	require.Equal(t, CodeBadHeaderSignature, apiErr.Code)
	for _, s := range []string{testSecret, sent} {
		assert.NotContains(t, err.Error(), s, "error shows a secret or signature")
		assert.NotContains(t, fmt.Sprintf("%+v", err), s, "error shows a secret or signature")
	}
}
