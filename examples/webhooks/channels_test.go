package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/channels"
	"github.com/coinsdk/coinsdk/channels/channelstest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/webhooks"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The channels route against the channels sandbox (a demo account):
// genuine callbacks are refreshed and processed, redeliveries are
// duplicates, a changed amount or a forged hash is 401, an oversized body
// 413, a malformed one 400, and without CHANNELS_API_KEY genuine callbacks
// answer 503.
func TestChannelsRoute(t *testing.T) {
	sb := channelstest.NewServer(channelstest.Options{Demo: true})
	defer sb.Close()
	env := map[string]string{"CHANNELS_SECRET_KEY": sb.SecretKey, "CHANNELS_API_KEY": sb.APIKey,
		"CHANNELS_BASE_URL": sb.URL, "CHANNELS_DEMO": "1"}
	store := webhooks.NewMemoryStore()
	mux, notes := newMux(func(k string) string { return env[k] }, store, slog.New(slog.DiscardHandler))
	assert.Contains(t, strings.Join(notes, "\n"), "POST /webhooks/channels: ready")
	verifyOnly := channelsVerifier(func(k string) string {
		if k == "CHANNELS_SECRET_KEY" {
			return sb.SecretKey
		}
		return ""
	})
	assert.Contains(t, verifyOnly.note, "verify only")
	mux.Handle("POST /verify-only/channels", webhooks.NewHandler(verifyOnly.v, store, process(slog.New(slog.DiscardHandler), nil)))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	post := func(path string, body []byte) (int, string) {
		resp, err := srv.Client().Post(srv.URL+path, "application/json", bytes.NewReader(body))
		require.NoError(t, err)
		defer resp.Body.Close()
		var answer struct{ Status string }
		raw, _ := io.ReadAll(resp.Body)
		_ = json.Unmarshal(raw, &answer)
		return resp.StatusCode, answer.Status
	}

	// A deposit arrives and is confirmed: the sandbox delivers its callback.
	ctx := context.Background()
	c, err := channels.New(channels.Config{APIKey: sb.APIKey}, option.WithBaseURL(sb.URL))
	require.NoError(t, err)
	ch, err := c.Channels.Create(ctx, &channels.ChannelParams{Currency: channels.TUSDT, CustomerID: "customer-1"})
	require.NoError(t, err)
	sb.SetCallbackURL(srv.URL + "/webhooks/channels")
	txID, err := sb.PayDepositIn(ch.Address, "tUSDT", decimal.RequireFromString("10.50"))
	require.NoError(t, err)
	require.NoError(t, sb.Confirm(txID))
	d := sb.Deliveries()
	require.Len(t, d, 1)
	assert.Equal(t, http.StatusOK, d[0].StatusCode)
	st, err := store.Status(ctx, "channels:payment:"+txID)
	require.NoError(t, err)
	assert.Equal(t, payments.StatusPaid, st)

	good := d[0].Body
	status, answer := post("/webhooks/channels", good)
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, "duplicate", answer)
	for name, body := range map[string][]byte{
		"changed amount":  bytes.Replace(good, []byte(`"amount":"10.50"`), []byte(`"amount":"1050"`), 1),
		"trailing zero":   bytes.Replace(good, []byte(`"amount":"10.50"`), []byte(`"amount":"10.5"`), 1),
		"changed id":      bytes.Replace(good, []byte(txID), []byte("00000000-0000-4000-a000-000000000000"), 1),
		"forged with key": forge(t, "not-the-secret", txID),
	} {
		status, _ := post("/webhooks/channels", body)
		assert.Equal(t, http.StatusUnauthorized, status, name)
	}
	status, _ = post("/webhooks/channels", bytes.Repeat([]byte(" "), 1<<20+1))
	assert.Equal(t, http.StatusRequestEntityTooLarge, status)
	status, _ = post("/webhooks/channels", []byte(`{"id":`))
	assert.Equal(t, http.StatusBadRequest, status)

	// A swapped status still verifies (the hash does not cover it), but the
	// handler believes the API: a "failed" body for a confirmed deposit
	// records nothing new.
	swapped := bytes.Replace(good, []byte(`"status":"confirmed"`), []byte(`"status":"failed"`), 1)
	status, answer = post("/webhooks/channels", swapped)
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, "duplicate", answer, "refreshed, it is the same confirmed state")
	st, _ = store.Status(ctx, "channels:payment:"+txID)
	assert.Equal(t, payments.StatusPaid, st)

	// Without the API key: genuine callbacks cannot be refreshed (503), forged ones are 401.
	status, _ = post("/verify-only/channels", good)
	assert.Equal(t, http.StatusServiceUnavailable, status)
	status, _ = post("/verify-only/channels", forge(t, "not-the-secret", txID))
	assert.Equal(t, http.StatusUnauthorized, status)

	// A demo withdrawal: failed first, then confirmed through simulate; the
	// payout ends completed.
	tx, err := c.Withdrawals.Create(ctx, &channels.WithdrawalParams{Amount: decimal.RequireFromString("5"), Currency: channels.TUSDT,
		CustomerID: "payee-1", Address: "TQ5NiR7pXrGGmLb6S3qDt8dZ8wQ1d9Ecfo"})
	require.NoError(t, err)
	require.NoError(t, c.Transactions.Simulate(ctx, &channels.SimulateParams{Amount: tx.Amount, InvoiceID: tx.InvoiceID, Status: channels.TransactionStatusConfirmed}))
	st, err = store.Status(ctx, "channels:payout:"+tx.ID)
	require.NoError(t, err)
	assert.Equal(t, payments.StatusCompleted, st)
	for _, d := range sb.Deliveries() {
		assert.Equal(t, http.StatusOK, d.StatusCode, "%s %s", d.Type, d.Status)
	}
}

func forge(t *testing.T, secret, id string) []byte {
	b, _, err := channels.SignTestWebhook(secret, []byte(`{"callbackType":"transaction","id":"`+id+
		`","type":"deposit","status":"confirmed","amount":"10.50","currency":"tUSDT","customerId":"customer-1"}`))
	require.NoError(t, err)
	return b
}
