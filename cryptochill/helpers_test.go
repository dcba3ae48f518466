package cryptochill

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testKey    = "test_api_key_0123456789"
	testSecret = "test_api_secret"
	testToken  = "test_callback_token"
	testBase   = "https://api.cryptochill.test"
)

// newTestClient returns a client whose requests go to a per-test mock
// transport (never the global one, so tests run in parallel), with retries
// that do not sleep.
func newTestClient(t *testing.T, opts ...option.Option) (*Client, *httpmock.MockTransport) {
	t.Helper()
	var n atomic.Int64
	n.Store(1700000000000)
	mt, all := providertest.Setup(t, testBase, append([]option.Option{
		option.WithNonceSource(func() int64 { return n.Add(1) }),
		option.WithClock(func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) }),
	}, opts...)...)
	c, err := New(Config{APIKey: testKey, APISecret: testSecret, WebhookSecret: testToken, ProfileID: "profile-1"}, all...)
	require.NoError(t, err)
	return c, mt
}

// newAdapter is NewAdapter over a client the test built.
func newAdapter(t *testing.T, c *Client, opts AdapterOptions) *Adapter {
	t.Helper()
	a, err := NewAdapter(c, opts)
	require.NoError(t, err)
	return a
}

// signedPayload checks a request's authentication headers the way the
// server does, independently of Signer, and returns the decoded payload.
func signedPayload(t *testing.T, r *http.Request) map[string]any {
	t.Helper()
	assert.Equal(t, testKey, r.Header.Get("X-CC-KEY"), "X-CC-KEY")
	b64 := r.Header.Get("X-CC-PAYLOAD")
	mac := hmac.New(sha256.New, []byte(testSecret))
	mac.Write([]byte(b64))
	assert.Equal(t, hex.EncodeToString(mac.Sum(nil)), r.Header.Get("X-CC-SIGNATURE"), "X-CC-SIGNATURE")
	raw, err := base64.StdEncoding.DecodeString(b64)
	require.NoError(t, err, "payload is not base64")
	// Numbers stay json.Number: exact text, never binary floating point.
	payload := providertest.DecodeJSON(t, raw)
	assert.Equal(t, r.URL.Path, payload["request"], "payload request")
	assert.IsType(t, "", payload["nonce"], "payload nonce = %#v, want a string", payload["nonce"])
	assert.LessOrEqual(t, r.ContentLength, int64(0), "request has a body; CryptoChill carries parameters in the payload header")
	return payload
}

// fixture reads testdata/cryptochill/<name> (for tests, benchmarks and fuzz seeds).
func fixture(t testing.TB, name string) string {
	t.Helper()
	return providertest.Fixture(t, "cryptochill", name)
}

// respond answers with status and body after running check on the request.
func respond(t *testing.T, status int, body string, check func(r *http.Request, payload map[string]any)) httpmock.Responder {
	return func(r *http.Request) (*http.Response, error) {
		payload := signedPayload(t, r)
		if check != nil {
			check(r, payload)
		}
		return providertest.JSONResponse(status, body), nil
	}
}

// clientServing is newTestClient whose mock answers each "METHOD /path" in
// routes with 200 and the fixture named by its value.
func clientServing(t *testing.T, routes map[string]string) (*Client, *httpmock.MockTransport) {
	t.Helper()
	c, mt := newTestClient(t)
	for route, name := range routes {
		method, path, _ := strings.Cut(route, " ")
		mt.RegisterResponder(method, testBase+path, respond(t, 200, fixture(t, name), nil))
	}
	return c, mt
}

// capturing is newTestClient whose mock answers method path with 200 and
// the named fixture; the returned func gives the last request's payload.
func capturing(t *testing.T, method, path, name string) (*Client, *httpmock.MockTransport, func() map[string]any) {
	t.Helper()
	c, mt := newTestClient(t)
	var got map[string]any
	mt.RegisterResponder(method, testBase+path, respond(t, 200, fixture(t, name), func(_ *http.Request, p map[string]any) { got = p }))
	return c, mt, func() map[string]any { return got }
}

// assertPayload checks each key of want in the payload got.
func assertPayload(t *testing.T, want, got map[string]any) {
	t.Helper()
	for k, v := range want {
		assert.Equal(t, v, got[k], "payload[%q]", k)
	}
}

// refusedLocally runs providertest.EachFieldRefused through call and checks
// no invalid params reached the server.
func refusedLocally[P, R any](t *testing.T, mt *httpmock.MockTransport, valid func() *P, cases map[string]func(*P), call func(context.Context, *P) (R, error)) {
	t.Helper()
	before := mt.GetTotalCallCount()
	providertest.EachFieldRefused(t, valid, cases, func(p *P) error {
		_, err := call(t.Context(), p)
		return err
	})
	assert.Zero(t, mt.GetTotalCallCount()-before, "requests sent for invalid params")
}

// listed calls list and requires n items.
func listed[T any](t *testing.T, list func(context.Context) ([]T, error), n int) []T {
	t.Helper()
	items, err := list(t.Context())
	require.NoError(t, err)
	require.Len(t, items, n)
	return items
}

// fetched calls get for id and requires it to succeed.
func fetched[T any](t *testing.T, get func(context.Context, string) (*T, error), id string) *T {
	t.Helper()
	obj, err := get(t.Context(), id)
	require.NoError(t, err)
	return obj
}

// payoutsAnswering is newTestClient whose mock answers POST /v1/payouts/
// with create and the lookup by reference, GET /v1/payouts/, with lookup
// (unless nil).
func payoutsAnswering(t *testing.T, create, lookup httpmock.Responder) (*Client, *httpmock.MockTransport) {
	t.Helper()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/v1/payouts/", create)
	if lookup != nil {
		mt.RegisterResponder("GET", testBase+"/v1/payouts/", lookup)
	}
	return c, mt
}

// assertUnknownOutcome requires err to be an unknown outcome carrying the
// reference ref.
func assertUnknownOutcome(t *testing.T, err error, ref string, msgAndArgs ...any) {
	t.Helper()
	uo := providertest.UnknownOutcome(t, err, msgAndArgs...)
	assert.Equal(t, ref, uo.Reference, msgAndArgs...)
}
