package cryptochilltest_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// This file holds the tests' own CryptoChill request signer, written from the provider
// notes and independent from both the sandbox and the SDK client.

// kv is one payload member; a slice of them keeps the order Python's json.dumps would use.
type kv struct {
	k string
	v any
}

// pyJSON encodes pairs the way Python's json.dumps does by default: ", " and ": "
// separators, members in the given order.
func pyJSON(pairs []kv) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, p := range pairs {
		if i > 0 {
			b.WriteString(", ")
		}
		k, _ := json.Marshal(p.k)
		v, _ := json.Marshal(p.v)
		b.Write(k)
		b.WriteString(": ")
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// signPayload returns the X-CC-PAYLOAD and X-CC-SIGNATURE values for payload bytes.
func signPayload(secret string, payload []byte) (b64, sig string) {
	b64 = base64.StdEncoding.EncodeToString(payload)
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(b64))
	return b64, hex.EncodeToString(mac.Sum(nil))
}

// client is a minimal signed-request client for one key.
type client struct {
	base, key, secret string
	hc                *http.Client
	nonce             atomic.Uint64
}

// newClient makes a client for srv's main key.
func newClient(srv *cryptochilltest.Server) *client {
	return &client{base: srv.URL, key: srv.APIKey, secret: srv.APISecret, hc: &http.Client{Timeout: 5 * time.Second}}
}

// approver makes a client for srv's approve-only key.
func approver(srv *cryptochilltest.Server) *client {
	return &client{base: srv.URL, key: srv.ApproverKey, secret: srv.ApproverSecret, hc: &http.Client{Timeout: 5 * time.Second}}
}

// raw sends a request with the given header values as they are.
func (c *client) raw(method, path, b64, sig string) (int, map[string]any, error) {
	req, err := http.NewRequest(method, c.base+path, nil)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("X-CC-KEY", c.key)
	req.Header.Set("X-CC-PAYLOAD", b64)
	req.Header.Set("X-CC-SIGNATURE", sig)
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, nil, err
	}
	if len(body) == 0 {
		return resp.StatusCode, nil, nil
	}
	m, err := decode(body)
	return resp.StatusCode, m, err
}

// call signs params (plus request and nonce) and sends them; GET params also go into the
// query string, as the notes recommend.
func (c *client) call(method, path string, params map[string]any) (int, map[string]any, error) {
	payload := map[string]any{}
	for k, v := range params {
		payload[k] = v
	}
	payload["request"] = path
	payload["nonce"] = strconv.FormatUint(c.nonce.Add(1), 10)
	b, err := json.Marshal(payload)
	if err != nil {
		return 0, nil, err
	}
	b64, sig := signPayload(c.secret, b)
	target := path
	if method == http.MethodGet && len(params) > 0 {
		q := url.Values{}
		for k, v := range params {
			q.Set(k, fmt.Sprint(v))
		}
		target += "?" + q.Encode()
	}
	return c.raw(method, target, b64, sig)
}

// decode parses JSON keeping numbers as json.Number (never binary floating point).
func decode(b []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("decoding %q: %w", b, err)
	}
	return m, nil
}

// must is call for tests: it fails the test on a transport error or an unexpected status.
func (c *client) must(t testing.TB, wantStatus int, method, path string, params map[string]any) map[string]any {
	t.Helper()
	status, m, err := c.call(method, path, params)
	require.NoError(t, err, "%s %s: %v", method, path, err)
	require.EqualValues(t, wantStatus, status, "%s %s: status %d, want %d; body %v", method, path, status, wantStatus, m)
	return m
}

// dig walks a decoded JSON value along keys (strings for objects, ints for arrays).
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			a, ok := v.([]any)
			if !ok || k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

// str digs a string (or number text) out of v.
func str(v any, path ...any) string {
	switch x := dig(v, path...).(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return "<nil>"
	}
	return fmt.Sprint(dig(v, path...))
}

// expectError checks an answer in the provider's error shape.
func expectError(t testing.TB, status int, m map[string]any, wantStatus int, wantReason string) {
	t.Helper()
	require.EqualValues(t, wantStatus, status, "got %d %v, want %d reason %s", status, m, wantStatus, wantReason)
	require.EqualValues(t, "error", str(m, "result"), "got %d %v, want %d reason %s", status, m, wantStatus, wantReason)
	require.EqualValues(t, wantReason, str(m, "reason"), "got %d %v, want %d reason %s", status, m, wantStatus, wantReason)
	require.NotEqualValues(t, "<nil>", str(m, "message"), "got %d %v, want %d reason %s", status, m, wantStatus, wantReason)
}

// receiver is a merchant's callback endpoint that verifies signatures.
type receiver struct {
	srv   *httptest.Server
	token string
	mu    sync.Mutex
	got   []map[string]any
	bad   int
	code  int // status to answer; 0 means 200
}

// newReceiver starts a callback endpoint verifying with token.
func newReceiver(t testing.TB, token string) *receiver {
	t.Helper()
	r := &receiver{token: token}
	r.srv = httptest.NewServer(http.HandlerFunc(r.serve))
	t.Cleanup(r.srv.Close)
	return r
}

// serve records one callback after checking its signature the documented way.
func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	m, err := decode(body)
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil || req.Header.Get("Content-Type") != "application/json" {
		r.bad++
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	mac := hmac.New(sha256.New, []byte(r.token))
	mac.Write([]byte(str(m, "callback_id")))
	if !hmac.Equal([]byte(hex.EncodeToString(mac.Sum(nil))), []byte(str(m, "signature"))) {
		r.bad++
		w.WriteHeader(http.StatusForbidden)
		return
	}
	r.got = append(r.got, m)
	if r.code != 0 {
		w.WriteHeader(r.code)
	}
}

// statuses returns the callback_status of every verified callback so far.
func (r *receiver) statuses() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.got))
	for _, m := range r.got {
		out = append(out, str(m, "callback_status"))
	}
	return out
}

// last returns the most recent verified callback.
func (r *receiver) last() map[string]any {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.got) == 0 {
		return nil
	}
	return r.got[len(r.got)-1]
}

// reset forgets the callbacks received so far.
func (r *receiver) reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = nil
}

// sandbox starts a server with a callback receiver attached to its profile.
func sandbox(t testing.TB, opts cryptochilltest.Options) (*cryptochilltest.Server, *client, *receiver) {
	t.Helper()
	srv := cryptochilltest.NewServer(opts)
	t.Cleanup(srv.Close)
	rcv := newReceiver(t, srv.CallbackToken)
	srv.SetCallbackURL(rcv.srv.URL)
	return srv, newClient(srv), rcv
}

// plainSandbox starts a server with the default options and a client of its paying key.
func plainSandbox(t testing.TB) (*cryptochilltest.Server, *client) {
	t.Helper()
	srv := cryptochilltest.NewServer(cryptochilltest.Options{})
	t.Cleanup(srv.Close)
	return srv, newClient(srv)
}

// with is a copy of params with the fields of set changed.
func with(params, set map[string]any) map[string]any {
	p := maps.Clone(params)
	maps.Copy(p, set)
	return p
}

// equalStrings compares string slices and reports the difference.
func equalStrings(t testing.TB, what string, got, want []string) {
	t.Helper()
	require.EqualValues(t, strings.Join(want, ","), strings.Join(got, ","), "%s = %v, want %v", what, got, want)
}

// hmacHex is lowercase hex HMAC-SHA256(key, msg).
func hmacHex(key, msg string) string {
	mac := hmac.New(sha256.New, []byte(key))
	mac.Write([]byte(msg))
	return hex.EncodeToString(mac.Sum(nil))
}

// errorf is fmt.Errorf, named for the goroutines that cannot call t.Fatal.
func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

// mustDecimal parses a decimal literal of the test itself.
func mustDecimal(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// pending reads the pending balance of the wallet named name ("Bitcoin")
// the way a client does: through the wallet list.
func (c *client) pending(t testing.TB, name string) decimal.Decimal {
	t.Helper()
	list := c.must(t, http.StatusOK, http.MethodGet, "/v1/wallets/", nil)
	for i := range list["result"].([]any) {
		if str(list, "result", i, "name") == name {
			return decimal.RequireFromString(str(list, "result", i, "balances", "pending"))
		}
	}
	t.Fatalf("no wallet named %q in %v", name, list)
	return decimal.Zero
}
