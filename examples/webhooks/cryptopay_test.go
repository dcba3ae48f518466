package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"github.com/coinsdk/coinsdk/internal/hmacsig"
	"net/http"
	"testing"

	"github.com/coinsdk/coinsdk/cryptopay"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/stretchr/testify/assert"
)

// TestCryptopayRoute: POST /webhooks/cryptopay with the callback secret
// alone answers like the other routes: processed, duplicate on a
// redelivery, 401 for a forged or tampered body, 413 over 1 MiB, 400 for a
// malformed one; a failed withdrawal followed by its completion ends
// completed.
func TestCryptopayRoute(t *testing.T) {
	const secret = "selftest-callback-secret"
	srv, store := secretRoute(t, cryptopayVerifier, "CRYPTOPAY_CALLBACK_SECRET", secret)

	withdrawal := func(status string) []byte {
		return []byte(`{"type":"CoinWithdrawal","event":"status_changed","data":{"id":"w-1","custom_id":"payout-1","status":"` + status +
			`","address":"tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx","charged_amount":"0.0010054","charged_currency":"BTC",` +
			`"received_amount":"0.001","received_currency":"BTC","network_fee":"0.0000054","created_at":"2026-01-02T03:04:05Z"}}`)
	}
	sign := headerSigner(cryptopay.SignTestWebhook)
	failed, completed := withdrawal("failed"), withdrawal("completed")
	tampered := bytes.Replace(failed, []byte(`"received_amount":"0.001"`), []byte(`"received_amount":"9.001"`), 1)
	huge := oversized()
	sendCases(t, srv,
		selfCase{"verified callback", "", failed, sign(secret, failed), http.StatusOK, "processed"},
		selfCase{"redelivered", "", failed, sign(secret, failed), http.StatusOK, "duplicate"},
		selfCase{"status change", "", completed, sign(secret, completed), http.StatusOK, "processed"},
		selfCase{"forged signature", "", failed, sign("not-the-secret", failed), http.StatusUnauthorized, ""},
		selfCase{"tampered amount", "", tampered, sign(secret, failed), http.StatusUnauthorized, ""},
		selfCase{"body over 1 MiB", "", huge, sign(secret, failed), http.StatusRequestEntityTooLarge, ""},
		selfCase{"malformed body", "", []byte(`{"type":`), http.Header{cryptopay.HeaderSignature: {hmacsig.Hex(sha256.New, []byte(secret), []byte(`{"type":`))}}, http.StatusBadRequest, ""},
	)
	st, err := store.Status(context.Background(), "cryptopay:"+string(payments.EventPayout)+":w-1")
	assert.NoError(t, err, "withdrawal status")
	assert.Equal(t, payments.StatusCompleted, st, "withdrawal recorded")
}
