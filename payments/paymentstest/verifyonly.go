package paymentstest

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/payments"
)

// RunVerifyOnly is Run for a verify-only adapter: one built from the
// webhook signing secret alone, with no API client (C is the provider's
// client type). h.Webhooks must already hold a genuine delivery. Before Run
// it checks what such an adapter is for and what it must refuse: it reports
// CapWebhooks alone, parses the first delivery with its body authenticated,
// answers Refresh and GetPayout with payments.ErrUnsupported, and yields no
// *C through As. It returns the event parsed, for the provider's own checks.
func RunVerifyOnly[C any](t *testing.T, h Harness) *payments.Event {
	t.Helper()
	v := h.Adapter
	require.NotNil(t, v, "paymentstest: Harness needs Adapter")
	require.Equal(t, payments.CapWebhooks, v.Capabilities())
	reqs := h.Webhooks.Requests(0)
	require.NotEmpty(t, reqs, "no delivery recorded to verify")
	ev, err := v.ParseWebhook(reqs[0])
	require.NoError(t, err)
	assert.True(t, ev.BodyAuthenticated)
	_, err = v.Refresh(t.Context(), ev)
	assert.ErrorIs(t, err, payments.ErrUnsupported, "Refresh")
	_, err = v.GetPayout(t.Context(), ev.ObjectID)
	assert.ErrorIs(t, err, payments.ErrUnsupported, "GetPayout")
	var client *C
	assert.False(t, v.As(&client), "As yields an API client")
	Run(t, h)
	return ev
}
