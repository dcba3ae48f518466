package cryptopay

import (
	"context"
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testKey      = "test_api_key_0123456789"
	testSecret   = "test_api_secret"
	testCallback = "test_callback_secret"
	testBase     = "https://business.cryptopay.test"
)

// testNow is the fixed clock providertest.Setup gives the test clients.
var testNow = providertest.Now

// newTestClient returns a client whose requests go to a per-test mock
// transport, with a fixed clock and retries that do not sleep.
func newTestClient(t testing.TB, opts ...option.Option) (*Client, *httpmock.MockTransport) {
	t.Helper()
	mt, all := providertest.Setup(t, testBase, opts...)
	c, err := New(Config{APIKey: testKey, APISecret: testSecret, WebhookSecret: testCallback}, all...)
	require.NoError(t, err)
	return c, mt
}

// newOfflineClient is a test client for calls that must fail before
// sending: any request that goes out fails the test.
func newOfflineClient(t testing.TB) (*Client, *httpmock.MockTransport) {
	c, mt := newTestClient(t)
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		t.Errorf("a request went out: %s %s", r.Method, r.URL)
		return httpmock.NewStringResponse(500, ""), nil
	})
	return c, mt
}

// checkSigned verifies a request's authentication the way Cryptopay does,
// independently of Signer: Date, Content-Type, and Authorization = HMAC
// key:base64(HMAC-SHA1(secret, method \n md5hex(body)|"" \n content-type \n
// date \n path?query)). It returns the body.
func checkSigned(t testing.TB, r *http.Request) []byte {
	t.Helper()
	var body []byte
	if r.Body != nil {
		b, err := io.ReadAll(r.Body)
		require.NoError(t, err)
		body = b
	}
	date := r.Header.Get("Date")
	_, err := http.ParseTime(date)
	assert.NoError(t, err, "Date %q", date)
	assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
	md5hex := ""
	if len(body) > 0 {
		sum := md5.Sum(body)
		md5hex = hex.EncodeToString(sum[:])
	}
	target := r.URL.EscapedPath()
	if r.URL.RawQuery != "" {
		target += "?" + r.URL.RawQuery
	}
	msg := r.Method + "\n" + md5hex + "\n" + r.Header.Get("Content-Type") + "\n" + date + "\n" + target
	mac := hmac.New(sha1.New, []byte(testSecret))
	mac.Write([]byte(msg))
	want := "HMAC " + testKey + ":" + base64.StdEncoding.EncodeToString(mac.Sum(nil))
	assert.Equal(t, want, r.Header.Get("Authorization"), "signature of %q", msg)
	return body
}

// fixture reads testdata/cryptopay/<name>.
func fixture(t testing.TB, name string) string {
	t.Helper()
	return strings.TrimSpace(providertest.Fixture(t, "cryptopay", name))
}

// data wraps objects in Cryptopay's envelope.
func data(obj string) string { return `{"data":` + obj + `}` }

// list wraps objects in a list envelope.
func list(hasMore bool, objs ...string) string {
	more := "false"
	if hasMore {
		more = "true"
	}
	return `{"data":[` + strings.Join(objs, ",") + `],"meta":{"total":` + itoa(len(objs)) + `,"has_more":` + more + `}}`
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}

// respond answers status/body after checking the signature and running check.
func respond(t testing.TB, status int, body string, check func(r *http.Request, body []byte)) httpmock.Responder {
	return func(r *http.Request) (*http.Response, error) {
		b := checkSigned(t, r)
		if check != nil {
			check(r, b)
		}
		resp := httpmock.NewStringResponse(status, body)
		resp.Header.Set("Content-Type", "application/json")
		return resp, nil
	}
}

// withClockFunc sets the client's clock.
func withClockFunc(now func() time.Time) option.Option { return option.WithClock(now) }

// httpmockString is a JSON response.
func httpmockString(status int, body string) *http.Response {
	resp := httpmock.NewStringResponse(status, body)
	resp.Header.Set("Content-Type", "application/json")
	return resp
}

// ctxT is a context that ends with the test.
func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// optMaxAttempts bounds attempts.
func optMaxAttempts(n int) option.Option { return option.WithMaxAttempts(n) }

// newTestSettings is a settings value with a clock, for adapters built by hand.
func newTestSettings() *option.Settings {
	return &option.Settings{Clock: func() time.Time { return testNow }}
}

// mustAdapter is NewAdapter over a client that is there.
func mustAdapter(t testing.TB, c *Client, opts AdapterOptions) *Adapter {
	t.Helper()
	a, err := NewAdapter(c, opts)
	require.NoError(t, err)
	return a
}
