package main

import (
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseSchedule(t *testing.T) {
	got, err := parseSchedule("200ms, 1s,5s")
	require.NoError(t, err)
	assert.Equal(t, []time.Duration{200 * time.Millisecond, time.Second, 5 * time.Second}, got)
	got, err = parseSchedule("none")
	require.NoError(t, err)
	assert.Nil(t, got)
	for _, bad := range []string{"", "1s,,2s", "-1s", "0s", "soon", "200h"} {
		_, err := parseSchedule(bad)
		assert.Error(t, err, bad)
	}
}

func TestScheduleFor(t *testing.T) {
	assert.Equal(t, []time.Duration{(30 + 1 + 1) * time.Second, (30 + 16 + 2) * time.Second},
		scheduleFor("cryptopay", 1, nil, false)[:2], "30 + n^4 + n seconds")
	assert.Len(t, scheduleFor("cryptopay", 1, nil, false), 20)
	assert.Equal(t, time.Second, scheduleFor("cryptoprocessing", 60, nil, false)[0], "-retry-scale 60: minutes become seconds")
	assert.Equal(t, time.Hour, scheduleFor("gateway", 1, nil, false)[9], "gateway: at most one hour apart")
	assert.Nil(t, scheduleFor("channels", 0, nil, false), "-retry-scale 0: no retries")
	override := []time.Duration{time.Second}
	assert.Equal(t, override, scheduleFor("channels", 60, override, true))
	assert.Nil(t, scheduleFor("channels", 60, nil, true), "-retry-schedule none")
}

// The env file is valid shell: sourced by sh, it sets exactly what the
// server wrote, quotes included.
func TestEnvFileSourcedByShell(t *testing.T) {
	assert.Equal(t, `'it'\''s'`, shellQuote("it's"))
	srv := startServer(t, []string{"CHANNELS_API_KEY=it's $HOME `x`"})
	assert.Equal(t, "it's $HOME `x`", srv.env["CHANNELS_API_KEY"])
	out, err := exec.Command("sh", "-c", `. "$1" && printf '%s\n%s\n' "$CHANNELS_API_KEY" "$CRYPTOPAY_BASE_URL"`, "sh", srv.envPath).CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Equal(t, "it's $HOME `x`\n"+srv.url+"/cryptopay\n", string(out))
	info, err := os.Stat(srv.envPath)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "credentials: owner only")
	status, _, raw := srv.call(http.MethodGet, "/_sandbox/env", nil)
	assert.Equal(t, http.StatusOK, status)
	b, err := os.ReadFile(srv.envPath)
	require.NoError(t, err)
	assert.Equal(t, string(b), string(raw))
	assert.Contains(t, string(b), "SANDBOX credentials")
}

// SIGTERM (and SIGINT) stop the server gracefully: exit status 0.
func TestGracefulShutdown(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGINT} {
		t.Run(sig.String(), func(t *testing.T) {
			srv := startServer(t, nil)
			status, m, _ := srv.call(http.MethodGet, "/healthz", nil)
			require.Equal(t, http.StatusOK, status)
			assert.Equal(t, "ok", m["status"])
			require.NoError(t, srv.cmd.Process.Signal(sig))
			select {
			case <-srv.done:
			case <-time.After(15 * time.Second):
				t.Fatal("no exit 15s after the signal")
			}
			assert.True(t, srv.cmd.ProcessState.Success(), "exit status %v; stderr:\n%s", srv.cmd.ProcessState, srv.stderr.String())
			assert.Contains(t, srv.stderr.String(), "stopped")
		})
	}
}

// Bad flags are refused with a clear message and exit status 1.
func TestBadFlags(t *testing.T) {
	bin := buildBinary(t)
	for _, args := range [][]string{
		{"-retry-schedule", "soon"},
		{"-retry-scale", "-1"},
		{"-set", "NOT_A_CREDENTIAL=x"},
		{"-addr", "not an address"},
		{"-log", "xml"},
		{"extra"},
	} {
		out, err := exec.Command(bin, args...).CombinedOutput()
		require.Error(t, err, "%v", args)
		assert.Contains(t, string(out), "coinsdk-sandbox", "%v", args)
		assert.NotContains(t, string(out), "panic", "%v", args)
		assert.False(t, strings.Contains(string(out), "listening"), "%v", args)
	}
}

// Reset keeps the credentials, ids and callback URL and forgets the objects;
// it is safe while the APIs are in use.
func TestResetKeepsCredentials(t *testing.T) {
	t.Parallel()
	srv := startServer(t, nil, "-callback-url", "http://127.0.0.1:9/cb")
	inv := createInvoice(t, srv)
	require.NotEmpty(t, srv.list("/_sandbox/cryptopay/invoices"))
	_, before, _ := srv.call(http.MethodGet, "/_sandbox/cryptochill", nil)

	done := make(chan struct{})
	go func() { // readers while resetting
		defer close(done)
		for i := 0; i < 20; i++ {
			resp, err := http.Get(srv.url + "/_sandbox/cryptochill")
			if err == nil {
				resp.Body.Close()
			}
		}
	}()
	status, _, raw := srv.call(http.MethodPost, "/_sandbox/reset", nil)
	require.Equal(t, http.StatusOK, status, string(raw))
	<-done

	assert.Empty(t, srv.list("/_sandbox/cryptopay/invoices"))
	_, after, _ := srv.call(http.MethodGet, "/_sandbox/cryptochill", nil)
	assert.Equal(t, before["credentials"], after["credentials"], "same credentials and profile id")
	assert.Equal(t, "http://127.0.0.1:9/cb", after["callback_url"])
	again := createInvoice(t, srv) // the same credentials still work
	assert.NotEqual(t, inv.ID, again.ID)
}

func TestAdvertised(t *testing.T) {
	assert.Equal(t, "127.0.0.1:8420", advertised(&net.TCPAddr{IP: net.IPv6unspecified, Port: 8420}))
	assert.Equal(t, "127.0.0.1:8420", advertised(&net.TCPAddr{IP: net.IPv4zero, Port: 8420}))
	assert.Equal(t, "[::1]:9", advertised(&net.TCPAddr{IP: net.IPv6loopback, Port: 9}))
}
