package cryptoprocessing

import (
	"crypto/hmac"
	"crypto/sha512"
	"encoding/hex"
	"io"
	"net/http"
	"testing"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testKey    = "test_api_key_0123456789"
	testSecret = "test_api_secret_never_printed"
	testBase   = "https://api.cryptoprocessing.test/api/v2"
)

// testNow is the fixed clock providertest.Setup gives the test clients.
var testNow = providertest.Now

// newTestClient returns a client whose requests go to a per-test mock
// transport (never the global one, so tests run in parallel), with retries
// that do not sleep.
func newTestClient(t testing.TB, opts ...option.Option) (*Client, *httpmock.MockTransport) {
	t.Helper()
	mt, all := providertest.Setup(t, testBase, opts...)
	c, err := New(Config{APIKey: testKey, APISecret: testSecret}, all...)
	require.NoError(t, err)
	return c, mt
}

// offlineClient is newTestClient for tests of invalid input: when the test
// ends it asserts that no request went out.
func offlineClient(t testing.TB) *Client {
	t.Helper()
	c, mt := newTestClient(t)
	t.Cleanup(func() { assert.Zero(t, mt.GetTotalCallCount(), "requests sent for invalid input") })
	return c
}

// signedBody checks a request the way the server does, independently of
// Signer: the key header, and the signature recomputed with crypto/hmac over
// the exact body bytes received. It returns the body.
func signedBody(t testing.TB, r *http.Request) []byte {
	t.Helper()
	var body []byte
	if r.Body != nil {
		var err error
		body, err = io.ReadAll(r.Body)
		require.NoError(t, err, "reading body")
	}
	assert.Equal(t, testKey, r.Header.Get("X-Processing-Key"), "X-Processing-Key")
	mac := hmac.New(sha512.New, []byte(testSecret))
	mac.Write(body)
	assert.Equal(t, hex.EncodeToString(mac.Sum(nil)), r.Header.Get("X-Processing-Signature"), "X-Processing-Signature (body %s)", body)
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"), "Content-Type")
	return body
}

// respond answers with status and body after checking the signature and
// running check on the request and its exact body.
func respond(t testing.TB, status int, body string, check func(r *http.Request, body []byte)) httpmock.Responder {
	return func(r *http.Request) (*http.Response, error) {
		got := signedBody(t, r)
		if check != nil {
			check(r, got)
		}
		return providertest.JSONResponse(status, body), nil
	}
}

// collect returns a check that keeps every request body in *bodies.
func collect(bodies *[]string) func(*http.Request, []byte) {
	return func(_ *http.Request, body []byte) { *bodies = append(*bodies, string(body)) }
}

// wantBody returns a check that the request body is exactly want.
func wantBody(t testing.TB, want string) func(*http.Request, []byte) {
	return func(_ *http.Request, got []byte) {
		t.Helper()
		assert.Equal(t, want, string(got), "body")
	}
}

// fixture reads testdata/cryptoprocessing/<name>.
func fixture(t testing.TB, name string) string {
	t.Helper()
	return providertest.Fixture(t, "cryptoprocessing", name)
}

// decodeJSON decodes a request body keeping numbers exact.
func decodeJSON(t testing.TB, b []byte) map[string]any {
	t.Helper()
	return providertest.DecodeJSON(t, b)
}

// newAdapter is NewAdapter over c, which must succeed.
func newAdapter(t testing.TB, c *Client, opts AdapterOptions) *Adapter {
	t.Helper()
	a, err := NewAdapter(c, opts)
	require.NoError(t, err)
	return a
}

// answering is newTestClient with one responder registered: method path
// answered by respond(t, status, body, check).
func answering(t testing.TB, method, path string, status int, body string, check func(r *http.Request, body []byte)) (*Client, *httpmock.MockTransport) {
	t.Helper()
	c, mt := newTestClient(t)
	mt.RegisterResponder(method, testBase+path, respond(t, status, body, check))
	return c, mt
}
