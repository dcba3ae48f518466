package main

import (
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/webhooks"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The route tests' rig: a route served on its own, and the selftest's cases
// sent to it with the selftest's own checks.

// routeServer serves v's route, processing into store, for the test's
// lifetime.
func routeServer(t *testing.T, v payments.WebhookVerifier, store webhooks.Store) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(webhooks.NewHandler(v, store, process(slog.New(slog.DiscardHandler), nil)))
	t.Cleanup(srv.Close)
	return srv
}

// sendCases sends cases to srv in order, as the selftest does, and fails
// the test with the selftest's report when an answer is not the one wanted.
func sendCases(t *testing.T, srv *httptest.Server, cases ...selfCase) {
	t.Helper()
	var report strings.Builder
	r := &selfRun{url: srv.URL, client: srv.Client(), out: &report}
	require.NoError(t, r.send(cases...))
	assert.Zero(t, r.failed, report.String())
}
