package cryptoprocessing

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/payments"
)

// A callback is signed whole, so a key given twice or in another case was
// signed too; it is read the way encoding/json reads it — the last
// occurrence wins, whatever its case — once, for the Event, its
// Transaction and its DedupeKey alike. Appending a member to a signed body
// breaks the signature.
func TestWebhooksDuplicateAndCaseKeys(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t)
	base := strings.TrimSuffix(strings.TrimSpace(fixture(t, "callback_deposit_confirmed.json")), "}")
	for _, extra := range []string{`"status":"pending"`, `"Status":"pending"`, `"STATUS":"pending"`} {
		body := []byte(base + `,` + extra + `}`)
		ev, err := c.Webhooks.Parse(callbackRequest(t, body, testSecret))
		require.NoError(t, err, extra)
		assert.Equal(t, TransactionStatusPending, ev.Transaction.Status, "%s: the last occurrence wins", extra)
		assert.True(t, strings.HasPrefix(ev.DedupeKey(), "2686563:pending:"), "%s: the key is built from what was parsed: %s", extra, ev.DedupeKey())

		// The same member appended to a body signed without it.
		signed, header, err := SignTestWebhook(testSecret, []byte(base+`}`))
		require.NoError(t, err)
		tampered := []byte(strings.TrimSuffix(strings.TrimSpace(string(signed)), "}") + `,` + extra + `}`)
		_, err = c.Webhooks.ParseBody(tampered, header)
		assert.ErrorIs(t, err, payments.ErrInvalidSignature, extra)
	}
}
