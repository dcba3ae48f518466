package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"github.com/coinsdk/coinsdk/internal/hmacsig"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/coinsdk/coinsdk/cryptopay"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/webhooks"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCryptopayRoute: POST /webhooks/cryptopay with the callback secret
// alone answers like the other routes: processed, duplicate on a
// redelivery, 401 for a forged or tampered body, 413 over 1 MiB, 400 for a
// malformed one; a failed withdrawal followed by its completion ends
// completed.
func TestCryptopayRoute(t *testing.T) {
	const secret = "selftest-callback-secret"
	env := map[string]string{"CRYPTOPAY_CALLBACK_SECRET": secret}
	v := cryptopayVerifier(func(k string) string { return env[k] })
	require.Empty(t, v.missing, "route not configured")
	assert.Equal(t, "CRYPTOPAY_CALLBACK_SECRET", cryptopayVerifier(func(string) string { return "" }).missing,
		"without the secret the route names another variable")
	store := webhooks.NewMemoryStore()
	srv := httptest.NewServer(webhooks.NewHandler(v.v, store, process(slog.New(slog.DiscardHandler), nil)))
	defer srv.Close()

	withdrawal := func(status string) []byte {
		return []byte(`{"type":"CoinWithdrawal","event":"status_changed","data":{"id":"w-1","custom_id":"payout-1","status":"` + status +
			`","address":"tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx","charged_amount":"0.0010054","charged_currency":"BTC",` +
			`"received_amount":"0.001","received_currency":"BTC","network_fee":"0.0000054","created_at":"2026-01-02T03:04:05Z"}}`)
	}
	sign := func(s string, b []byte) http.Header {
		_, h, err := cryptopay.SignTestWebhook(s, b)
		require.NoError(t, err)
		return h
	}
	failed, completed := withdrawal("failed"), withdrawal("completed")
	tampered := bytes.Replace(failed, []byte(`"received_amount":"0.001"`), []byte(`"received_amount":"9.001"`), 1)
	huge := bytes.Repeat([]byte(" "), 1<<20+1)
	for _, c := range []struct {
		name   string
		body   []byte
		header http.Header
		want   int
		answer string
	}{
		{"verified callback", failed, sign(secret, failed), http.StatusOK, "processed"},
		{"redelivered", failed, sign(secret, failed), http.StatusOK, "duplicate"},
		{"status change", completed, sign(secret, completed), http.StatusOK, "processed"},
		{"forged signature", failed, sign("not-the-secret", failed), http.StatusUnauthorized, ""},
		{"tampered amount", tampered, sign(secret, failed), http.StatusUnauthorized, ""},
		{"body over 1 MiB", huge, sign(secret, failed), http.StatusRequestEntityTooLarge, ""},
		{"malformed body", []byte(`{"type":`), http.Header{cryptopay.HeaderSignature: {hmacsig.Hex(sha256.New, []byte(secret), []byte(`{"type":`))}}, http.StatusBadRequest, ""},
	} {
		req, err := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(c.body))
		require.NoError(t, err)
		req.Header = c.header
		resp, err := srv.Client().Do(req)
		require.NoError(t, err)
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var answer struct{ Status string }
		_ = json.Unmarshal(raw, &answer)
		assert.Equal(t, c.want, resp.StatusCode, "%s: %s", c.name, raw)
		if c.answer != "" {
			assert.Equal(t, c.answer, answer.Status, "%s: %s", c.name, raw)
		}
	}
	st, err := store.Status(context.Background(), "cryptopay:"+string(payments.EventPayout)+":w-1")
	assert.NoError(t, err, "withdrawal status")
	assert.Equal(t, payments.StatusCompleted, st, "withdrawal recorded")
}
