package providertest

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/payments"
)

// WebhookSentinels are the errors a webhook parse may fail with, whatever
// the body: a malformed body, a signature that does not verify, a body over
// the size cap.
var WebhookSentinels = []error{payments.ErrMalformed, payments.ErrInvalidSignature, payments.ErrPayloadTooLarge}

// RequireWebhookSentinel stops the test unless err matches one of
// WebhookSentinels (what a webhook fuzz target checks of every refusal).
func RequireWebhookSentinel(t testing.TB, err error) {
	t.Helper()
	for _, s := range WebhookSentinels {
		if errors.Is(err, s) {
			return
		}
	}
	require.FailNow(t, "the error matches no webhook sentinel", "%v", err)
}
