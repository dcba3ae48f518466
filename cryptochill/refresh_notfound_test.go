package cryptochill_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/cryptochill"
	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/payments/paymentstest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRefreshUnknownObjectIsNotFound: a genuine callback (signed with the
// profile's callback token) whose object the API does not know (404
// ObjectNotFound on the refresh) ends in an error matching
// payments.ErrNotFound, for each kind of object, so the webhooks handler can
// answer a 4xx instead of 503 for ever. It is never ErrProviderUnavailable
// (which the handler retries) nor a success.
func TestRefreshUnknownObjectIsNotFound(t *testing.T) {
	t.Parallel()
	sb := cryptochilltest.NewServer(cryptochilltest.Options{})
	t.Cleanup(sb.Close)
	c, err := cryptochill.New(cryptochill.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, WebhookSecret: sb.CallbackToken, ProfileID: sb.ProfileID},
		option.WithBaseURL(sb.URL))
	require.NoError(t, err)
	a := adapterFor(t, c)
	mac := hmac.New(sha256.New, []byte(sb.CallbackToken))
	mac.Write([]byte("cb-unknown-1"))
	sig := hex.EncodeToString(mac.Sum(nil))
	for status, key := range map[string]string{"invoice_complete": "invoice", "transaction_complete": "transaction", "payout_complete": "payout"} {
		t.Run(key, func(t *testing.T) {
			t.Parallel()
			body := `{"callback_id":"cb-unknown-1","callback_status":"` + status + `","signature":"` + sig +
				`","` + key + `":{"id":"00000000-0000-4000-8000-000000000000"}}`
			ev, err := a.ParseWebhook(paymentstest.NewRequest([]byte(body), http.Header{}))
			require.NoError(t, err, "a genuine callback parses")
			got, err := a.Refresh(t.Context(), ev)
			assert.Nil(t, got)
			require.ErrorIs(t, err, payments.ErrNotFound, "refresh of an object the API does not know")
			assert.NotErrorIs(t, err, payments.ErrProviderUnavailable)
			assert.True(t, strings.Contains(err.Error(), "404"), "the error says what the API answered: %v", err)
		})
	}
}
