package cryptochill

import (
	"testing"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The two vectors of the notes, computed with the documentation's Python
// reference code and secret "my_api_secret".
func TestSignerVectors(t *testing.T) {
	t.Parallel()
	s := NewSigner("my_api_key", "my_api_secret")
	cases := []struct {
		name        string
		params      any
		path        string
		nonce       int64
		wantPayload string
		wantSig     string
	}{
		{"GET profiles", nil, "/v1/profiles/", 1700000000000,
			"eyJyZXF1ZXN0IjogIi92MS9wcm9maWxlcy8iLCAibm9uY2UiOiAiMTcwMDAwMDAwMDAwMCJ9",
			"16a1cb621947a1a9e678412a0cf9bbcdbf7f14f022dd3f3c3b54b40dff36c7a0"},
		{"PUT approve payout", struct {
			Approve bool `json:"approve"`
		}{true}, "/v1/payouts/42dbee1d-8659-44c3-aab2-6e414c5825a5/", 1700000000002,
			"eyJhcHByb3ZlIjogdHJ1ZSwgInJlcXVlc3QiOiAiL3YxL3BheW91dHMvNDJkYmVlMWQtODY1OS00NGMzLWFhYjItNmU0MTRjNTgyNWE1LyIsICJub25jZSI6ICIxNzAwMDAwMDAwMDAyIn0=",
			"f8217b64ab66ec35585b769bba7bcd6f58e1f78ea7fb75f6c9cce66c6359a41b"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			payload, err := Payload(tc.params, tc.path, tc.nonce)
			require.NoError(t, err)
			gotPayload, gotSig := s.Sign(payload)
			assert.Equal(t, tc.wantPayload, gotPayload, "payload (json %s)", payload)
			assert.Equal(t, tc.wantSig, gotSig, "signature")
		})
	}
}

func TestPythonSpacingKeepsStrings(t *testing.T) {
	t.Parallel()
	got := string(pythonSpacing([]byte(`{"a":"x,y:z\"q,","b":[1,2]}`)))
	want := `{"a": "x,y:z\"q,", "b": [1, 2]}`
	require.Equal(t, want, got)
}

func TestSignerNeverPrintsSecret(t *testing.T) {
	t.Parallel()
	s := NewSigner("my_api_key_0123456789", "my_api_secret")
	cfg := Config{APIKey: "k", APISecret: "my_api_secret", WebhookSecret: "tok-secret", PreviousWebhookSecrets: []string{"old-secret"}}
	providertest.NothingPrints(t, []any{s, cfg, &cfg}, providertest.ConfigByValue[Config], "my_api_secret", "tok-secret", "old-secret")
}
