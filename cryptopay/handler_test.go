package cryptopay_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/coinsdk/coinsdk/cryptopay"
	"github.com/coinsdk/coinsdk/cryptopay/cryptopaytest"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/webhooks"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestThroughTheWebhookHandler: the library's webhook Handler over the
// adapter: hostile deliveries are refused and never processed, a genuine
// callback is processed once, its replays never again.
func TestThroughTheWebhookHandler(t *testing.T) {
	t.Parallel()
	c, sb := newSandbox(t, cryptopaytest.Options{})
	a := newAdapter(t, c, cryptopay.AdapterOptions{})
	ctx := t.Context()
	inv, err := a.CreateInvoice(ctx, &payments.InvoiceParams{Amount: payments.MustMoney("10", "EUR"), Asset: "BTC"})
	require.NoError(t, err)
	require.NoError(t, sb.PayInvoiceInFull(inv.ID))
	ds := sb.Deliveries()
	require.NotEmpty(t, ds)
	genuine := ds[len(ds)-1]
	body, header := genuine.Body, genuine.Header

	var processed atomic.Int64
	h := webhooks.NewHandler(a, webhooks.NewMemoryStore(), func(context.Context, webhooks.Update) error {
		processed.Add(1)
		return nil
	})
	post := func(b []byte, length int64) int {
		r := httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(b))
		for k, v := range header {
			r.Header[k] = v
		}
		r.ContentLength = length
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	extend := func(tail string) []byte {
		trimmed := bytes.TrimSuffix(bytes.TrimSpace(body), []byte("}"))
		return append(append([]byte(nil), trimmed...), tail...)
	}
	over := extend(`,"pad":"` + strings.Repeat("x", 1<<20) + `"}`)
	for name, tc := range map[string]struct {
		body   []byte
		length int64
		want   int
	}{
		"empty":                {nil, 0, 400},
		"not JSON":             {[]byte("hello"), 5, 401},
		"oversized, announced": {over, int64(len(over)), 413},
		"oversized, unknown":   {over, -1, 413},
		"hostile exponent":     {[]byte(`{"type":"Invoice","event":"created","data":{"id":"x","paid_amount":1e999999999}}`), -1, 401},
		"appended amount":      {extend(`,"paid_amount":"1000"}`), -1, 401},
	} {
		assert.Equal(t, tc.want, post(tc.body, tc.length), name)
	}
	assert.Zero(t, processed.Load(), "nothing refused was processed")

	// Chunked over a real connection.
	srv := httptest.NewServer(h)
	defer srv.Close()
	pr, pw := io.Pipe()
	go func() { _, _ = pw.Write(over); _ = pw.Close() }()
	req, err := http.NewRequest(http.MethodPost, srv.URL, pr)
	require.NoError(t, err)
	req.Header = header.Clone()
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusRequestEntityTooLarge, resp.StatusCode)

	require.Equal(t, http.StatusOK, post(body, int64(len(body))), "genuine")
	for range 3 {
		assert.Equal(t, http.StatusOK, post(body, int64(len(body))), "replay")
	}
	assert.Equal(t, int64(1), processed.Load(), "processed exactly once")

	// A signed body with a hostile number is malformed (400), never processed.
	hostile := []byte(`{"type":"Invoice","event":"created","data":{"id":"x","paid_amount":1e999999999}}`)
	_, hh, err := cryptopay.SignTestWebhook(sb.CallbackSecret, hostile)
	require.NoError(t, err)
	r := httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(hostile))
	r.Header = hh
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	assert.Equal(t, http.StatusBadRequest, w.Code)
	assert.Equal(t, int64(1), processed.Load())
}
