package main

import (
	"bytes"
	"context"
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
	verifyOnly := channelsVerifier(only("CHANNELS_SECRET_KEY", sb.SecretKey))
	assert.Contains(t, verifyOnly.note, "verify only")
	mux.Handle("POST /verify-only/channels", webhooks.NewHandler(verifyOnly.v, store, process(slog.New(slog.DiscardHandler), nil)))
	srv := httptest.NewServer(mux)
	defer srv.Close()

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

	const path, verifyOnlyPath = "/webhooks/channels", "/verify-only/channels"
	good, h := d[0].Body, http.Header{"Content-Type": {"application/json"}}
	amount := func(to string) []byte {
		return bytes.Replace(good, []byte(`"amount":"10.50"`), []byte(`"amount":"`+to+`"`), 1)
	}
	// A swapped status still verifies (the hash does not cover it), but the
	// handler believes the API: a "failed" body for a confirmed deposit
	// records nothing new.
	swapped := bytes.Replace(good, []byte(`"status":"confirmed"`), []byte(`"status":"failed"`), 1)
	forged := forge(t, "not-the-secret", txID)
	sendCases(t, srv,
		selfCase{"redelivered", path, good, h, http.StatusOK, "duplicate"},
		selfCase{"changed amount", path, amount("1050"), h, http.StatusUnauthorized, ""},
		selfCase{"trailing zero", path, amount("10.5"), h, http.StatusUnauthorized, ""},
		selfCase{"changed id", path, bytes.Replace(good, []byte(txID), []byte("00000000-0000-4000-a000-000000000000"), 1), h, http.StatusUnauthorized, ""},
		selfCase{"forged with key", path, forged, h, http.StatusUnauthorized, ""},
		selfCase{"body over 1 MiB", path, oversized(), h, http.StatusRequestEntityTooLarge, ""},
		selfCase{"malformed body", path, []byte(`{"id":`), h, http.StatusBadRequest, ""},
		selfCase{"swapped status: refreshed, the same confirmed state", path, swapped, h, http.StatusOK, "duplicate"},
		// Without the API key: genuine callbacks cannot be refreshed (503), forged ones are 401.
		selfCase{"no API key: cannot refresh", verifyOnlyPath, good, h, http.StatusServiceUnavailable, ""},
		selfCase{"no API key: forged", verifyOnlyPath, forged, h, http.StatusUnauthorized, ""},
	)
	st, _ = store.Status(ctx, "channels:payment:"+txID)
	assert.Equal(t, payments.StatusPaid, st)

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
