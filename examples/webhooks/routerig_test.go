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

// secretRoute serves the route build makes when only secretVar is set, to
// secret, on a fresh memory store, after checking that without it the
// route names secretVar as missing.
func secretRoute(t *testing.T, build func(getenv func(string) string) verifier, secretVar, secret string) (*httptest.Server, *webhooks.MemoryStore) {
	t.Helper()
	assert.Equal(t, secretVar, build(func(string) string { return "" }).missing, "without %s the route names it", secretVar)
	v := build(only(secretVar, secret))
	require.Empty(t, v.missing, "route not configured")
	store := webhooks.NewMemoryStore()
	return routeServer(t, v.v, store), store
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
