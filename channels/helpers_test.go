package channels

import (
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/jarcoal/httpmock"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testKey    = "demo_key_0123456789abcdef"
	testSecret = "test-secret-key"
	testBase   = "https://api.xgateway.test"
)

// newTestClient returns a client whose requests go to a per-test mock
// transport, with retries that do not sleep.
func newTestClient(t *testing.T, opts ...option.Option) (*Client, *httpmock.MockTransport) {
	t.Helper()
	mt, all := providertest.Setup(t, testBase, opts...)
	c, err := New(Config{APIKey: testKey, WebhookSecret: testSecret}, all...)
	require.NoError(t, err)
	return c, mt
}

// checkedResponder checks x-api-key and Content-Type the way the server
// does, decodes the JSON body (numbers as json.Number, never binary
// floating point) into *got when got is not nil, and answers status with body.
func checkedResponder(t *testing.T, status int, body string, got *map[string]any) httpmock.Responder {
	return func(r *http.Request) (*http.Response, error) {
		if !assert.Equal(t, testKey, r.Header.Get("x-api-key"), "x-api-key") {
			return httpmock.NewStringResponse(401, `{"success":false,"errors":[{"code":"UNAUTHORIZED","message":"Invalid API key"}]}`), nil
		}
		assert.Equal(t, "application/json", r.Header.Get("Content-Type"), "Content-Type on %s", r.Method)
		if r.Body != nil && r.Method == http.MethodPost {
			b, _ := io.ReadAll(r.Body)
			if got != nil {
				dec := json.NewDecoder(bytesReader(b))
				dec.UseNumber()
				m := map[string]any{}
				assert.NoError(t, dec.Decode(&m), "body is not a JSON object: %s", b)
				*got = m
			}
		}
		return providertest.JSONResponse(status, body), nil
	}
}

// independentHash computes the callback hash from the documentation, without
// the package's code.
func independentHash(id, customer, amount, currency, secret string) string {
	if customer == "" {
		customer = "N/A"
	}
	h := sha512.New()
	_, _ = io.WriteString(h, id+"."+customer+"."+amount+"."+currency+"."+secret)
	return base64.StdEncoding.EncodeToString(h.Sum(nil))
}

func mustDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// fixture reads testdata/channels/<name> (for tests and benchmarks).
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	return []byte(providertest.Fixture(t, "channels", name))
}

func httptestServer(h http.HandlerFunc) *httptest.Server { return httptest.NewServer(h) }

// decodeTransaction decodes raw the way answers and callbacks are decoded
// (Transaction.decodeJSON, one pass, Raw kept).
func decodeTransaction(raw []byte) (*Transaction, error) {
	tx := new(Transaction)
	if err := tx.decodeJSON(raw); err != nil {
		return nil, err
	}
	return tx, nil
}

// newAdapter is NewAdapter over a client the test built.
func newAdapter(t testing.TB, c *Client, opts AdapterOptions) *Adapter {
	t.Helper()
	a, err := NewAdapter(c, opts)
	require.NoError(t, err)
	return a
}
