package main

import (
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/webhooks"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSelfTest(t *testing.T) {
	var out strings.Builder
	require.NoError(t, runSelfTest(&out), out.String())
	assert.NotContains(t, out.String(), "FAIL")
}

func TestUnconfiguredRouteAnswers503(t *testing.T) {
	mux, notes := newMux(func(string) string { return "" }, webhooks.NewMemoryStore(), slog.New(slog.DiscardHandler))
	require.Len(t, notes, len(routes))
	for _, rt := range routes {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/webhooks/"+rt.name, strings.NewReader("{}")))
		assert.Equal(t, http.StatusServiceUnavailable, w.Code, rt.name)
		assert.Contains(t, w.Body.String(), "not configured", rt.name)
	}
}

// startServer serves the routes (CryptoProcessing configured) with short
// timeouts on a loopback port.
func startServer(t *testing.T) string {
	env := map[string]string{"CRYPTOPROCESSING_API_KEY": "k", "CRYPTOPROCESSING_API_SECRET": "s"}
	mux, _ := newMux(func(k string) string { return env[k] }, webhooks.NewMemoryStore(), slog.New(slog.DiscardHandler))
	srv := newServer("", mux, timeouts{readHeader: 200 * time.Millisecond, read: 500 * time.Millisecond,
		write: time.Second, idle: time.Second})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ln.Addr().String()
}

// readUntilClosed reads until the server closes the connection. The 10 s
// deadline is not a measurement: it only turns a hang into a failure.
func readUntilClosed(t *testing.T, conn net.Conn) string {
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(10*time.Second)))
	got, err := io.ReadAll(conn)
	var ne net.Error
	require.False(t, errors.As(err, &ne) && ne.Timeout(), "the server held the connection open: %v", err)
	return string(got)
}

// A Content-Length larger than the body does not hang the server.
func TestShortBodyDoesNotHang(t *testing.T) {
	conn, err := net.Dial("tcp", startServer(t))
	require.NoError(t, err)
	defer conn.Close()
	_, err = io.WriteString(conn, "POST /webhooks/cryptoprocessing HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\n"+
		"X-Processing-Signature: 00\r\nContent-Length: 1000\r\n\r\n{\"id\":")
	require.NoError(t, err)
	readUntilClosed(t, conn)
}

// A client sending its request one byte at a time is cut off.
func TestSlowClientIsCutOff(t *testing.T) {
	conn, err := net.Dial("tcp", startServer(t))
	require.NoError(t, err)
	defer conn.Close()
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		// Far longer than the test's deadline at this pace: only the
		// server's timeouts can end it.
		req := "POST /webhooks/cryptoprocessing HTTP/1.1\r\nHost: shop\r\nX-Pad: " + strings.Repeat("x", 1000) + "\r\n\r\n"
		for i := 0; i < len(req); i++ {
			select {
			case <-stop:
				return
			case <-time.After(100 * time.Millisecond):
			}
			if _, err := conn.Write([]byte{req[i]}); err != nil {
				return // the server hung up: what we want
			}
		}
	}()
	got := readUntilClosed(t, conn)
	assert.NotContains(t, got, "200 OK")
}
