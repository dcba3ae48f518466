package gateway_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"github.com/coinsdk/coinsdk/internal/providertest"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/gateway"
	"github.com/coinsdk/coinsdk/gateway/gatewaytest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testKey    = "test_key_0123456789"
	testSecret = "test_secret_abcdef"
	testBase   = "https://api.example.test/int"
)

// fixture reads testdata/gateway/name.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	return []byte(providertest.Fixture(t, "gateway", name))
}

// newMock returns a client whose requests go to a per-test mock transport.
func newMock(t testing.TB, opts ...option.Option) (*gateway.Client, *httpmock.MockTransport) {
	t.Helper()
	mt, all := providertest.Setup(t, testBase, opts...)
	c, err := gateway.New(gateway.Config{APIKey: testKey, APISecret: testSecret, WebhookSecret: "whsec_test"}, all...)
	require.NoError(t, err)
	return c, mt
}

// wantAuth is the Authorization header, computed here independently of
// the package's signer.
var wantAuth = "Basic " + base64.StdEncoding.EncodeToString([]byte(testKey+":"+testSecret))

// checked wraps a responder with the checks every request must pass: Basic
// auth and Content-Type application/json.
func checked(t testing.TB, r httpmock.Responder) httpmock.Responder {
	return func(req *http.Request) (*http.Response, error) {
		assert.Equal(t, wantAuth, req.Header.Get("Authorization"), "Authorization")
		assert.Equal(t, "application/json", req.Header.Get("Content-Type"), "Content-Type")
		return r(req)
	}
}

// jsonResponder answers status with body as JSON.
func jsonResponder(status int, body []byte) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewBytesResponse(status, body)
		resp.Header.Set("Content-Type", "application/json")
		return resp, nil
	}
}

// requestBody decodes a request body keeping numbers as json.Number.
func requestBody(t testing.TB, req *http.Request) map[string]any {
	t.Helper()
	b, err := io.ReadAll(req.Body)
	require.NoError(t, err)
	d := json.NewDecoder(bytesReader(b))
	d.UseNumber()
	var m map[string]any
	require.NoError(t, d.Decode(&m))
	return m
}

// sandboxBody is a sandbox holding one payment, and that payment's webhook
// body as the sandbox delivered it.
type sandboxBody struct {
	url, key, secret string
	body             []byte
}

// newSandboxBody creates a payment in a fresh unsigned sandbox and returns
// its creation webhook.
func newSandboxBody(t *testing.T) sandboxBody {
	t.Helper()
	sb := gatewaytest.NewServer(gatewaytest.Options{Unsigned: true})
	t.Cleanup(sb.Close)
	c, err := gateway.New(gateway.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, AcceptUnsignedWebhooks: true}, option.WithBaseURL(sb.URL))
	require.NoError(t, err)
	_, err = c.Payments.Create(t.Context(), &gateway.PaymentParams{Amount: dec("10"), AssetID: "USD", PaymentAssetID: "BTC"})
	require.NoError(t, err)
	d := sb.Deliveries()
	require.NotEmpty(t, d)
	assert.Empty(t, d[0].Header.Get(gateway.HeaderSignature))
	return sandboxBody{url: sb.URL, key: sb.APIKey, secret: sb.APISecret, body: d[0].Body}
}

func contextWithTimeout(t testing.TB, d time.Duration) (context.Context, context.CancelFunc) {
	t.Helper()
	return context.WithTimeout(t.Context(), d)
}

// newAdapter is gateway.NewAdapter over a client the test built.
func newAdapter(t testing.TB, c *gateway.Client, opts gateway.AdapterOptions) *gateway.Adapter {
	t.Helper()
	a, err := gateway.NewAdapter(c, opts)
	require.NoError(t, err)
	return a
}

// fixtureEcho answers a create with the named fixture after check has read
// what was sent; the fixture's echo keys carry the sent values, as the
// service echoes them (none: the fixture's bytes as they are).
func fixtureEcho(t testing.TB, name string, check func(sent map[string]any), echo ...string) httpmock.Responder {
	return checked(t, func(req *http.Request) (*http.Response, error) {
		sent := requestBody(t, req)
		check(sent)
		b := fixture(t, name)
		if len(echo) > 0 {
			var m map[string]any
			require.NoError(t, json.Unmarshal(b, &m))
			for _, k := range echo {
				m[k] = sent[k]
			}
			b, _ = json.Marshal(m)
		}
		return jsonResponder(200, b)(req)
	})
}

// serving is a client whose mock answers method path with the named fixture.
func serving(t testing.TB, method, path, name string) *gateway.Client {
	c, mt := newMock(t)
	mt.RegisterResponder(method, testBase+path, checked(t, jsonResponder(200, fixture(t, name))))
	return c
}
