package cryptoprocessing

import (
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/payments"
)

// TestForeignIDEscapedOnce: a foreign_id holding a space, a slash and a
// percent sign arrives escaped once, as one segment of
// invoices/{foreign_id}/cancel/ (the only call with an id in its path;
// lookups carry ids in the signed body).
func TestForeignIDEscapedOnce(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var escaped, decoded string
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		signedBody(t, r) // checks key and signature independently
		escaped, decoded = r.URL.EscapedPath(), r.URL.Path
		return httpmock.NewStringResponse(200, `{"data":{"foreign_id":"a b/c%d","status":"cancelled"}}`), nil
	})
	inv, err := c.Invoices.Cancel(t.Context(), "a b/c%d")
	require.NoError(t, err)
	assert.Equal(t, "a b/c%d", inv.ForeignID)
	assert.Equal(t, "/api/v2/invoices/a%20b%2Fc%25d/cancel/", escaped)
	assert.Equal(t, "/api/v2/invoices/a b/c%d/cancel/", decoded)

	for _, bad := range []string{"", "..", "../accounts/list", `..\accounts`} {
		_, err := c.Invoices.Cancel(t.Context(), bad)
		assert.ErrorIs(t, err, payments.ErrValidation, bad)
	}
	assert.Equal(t, 1, mt.GetTotalCallCount())
}
