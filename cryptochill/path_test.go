package cryptochill

import (
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/payments"
)

// TestIDEscapedOnceAndSignedAsSeen: an id holding a space, a slash and a
// percent sign arrives escaped once, as one segment, and the signed
// payload's "request" is the path the server decodes from it (what the
// server compares it with).
func TestIDEscapedOnceAndSignedAsSeen(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var escaped, decoded, signed string
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		payload := signedPayload(t, r) // checks key and signature independently
		escaped, decoded = r.URL.EscapedPath(), r.URL.Path
		signed, _ = payload["request"].(string)
		return httpmock.NewStringResponse(200, fixture(t, "invoice.json")), nil
	})
	_, err := c.Invoices.Get(t.Context(), "a b/c%d")
	require.NoError(t, err)
	assert.Equal(t, "/v1/invoices/a%20b%2Fc%25d/", escaped)
	assert.Equal(t, "/v1/invoices/a b/c%d/", decoded)
	assert.Equal(t, decoded, signed, `payload "request" is the path the server sees`)

	for _, bad := range []string{"", "..", "../payouts", "a/../../b"} {
		_, err := c.Invoices.Get(t.Context(), bad)
		assert.ErrorIs(t, err, payments.ErrValidation, bad)
	}
	assert.Equal(t, 1, mt.GetTotalCallCount())
}
