package cryptoprocessingtest_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/cryptoprocessing/cryptoprocessingtest"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testSign is the tests' own signer, written from the provider's
// documentation independently of the package's.
func testSign(secret string, body []byte) string {
	m := hmac.New(sha512.New, []byte(secret))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// start is the sandbox clock's fixed start; tests move it with Server.Advance.
var start = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// env is a sandbox on a fixed clock and a helper HTTP client.
type env struct {
	t   testing.TB
	srv *cryptoprocessingtest.Server
	hc  *http.Client
}

func newEnv(t testing.TB) *env {
	t.Helper()
	srv := cryptoprocessingtest.NewServer(cryptoprocessingtest.Options{APIKey: "test-key", APISecret: "test-secret",
		Now: func() time.Time { return start }})
	t.Cleanup(srv.Close)
	return &env{t: t, srv: srv, hc: &http.Client{Timeout: 10 * time.Second}}
}

// response is a decoded answer; JSON numbers stay json.Number, never floats.
type response struct {
	status int
	header http.Header
	raw    []byte
	body   map[string]any
}

// data returns the "data" object of a success.
func (r response) data() map[string]any {
	d, _ := r.body["data"].(map[string]any)
	return d
}

// list returns the "data" array of a success.
func (r response) list() []any {
	d, _ := r.body["data"].([]any)
	return d
}

// errs returns the "errors" object of a validation failure.
func (r response) errs() map[string]any {
	d, _ := r.body["errors"].(map[string]any)
	return d
}

func decodeJSON(b []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	err := dec.Decode(&m)
	return m, err
}

// send makes a request with the given headers (nil means properly signed).
func (e *env) send(method, path, body string, headers map[string]string) response {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+"/"+path, strings.NewReader(body))
	require.NoError(e.t, err)
	req.Header.Set("Content-Type", "application/json")
	if headers == nil {
		headers = map[string]string{
			"X-Processing-Key":       e.srv.APIKey,
			"X-Processing-Signature": testSign(e.srv.APISecret, []byte(body)),
		}
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := e.hc.Do(req)
	require.NoError(e.t, err, "%s %s: %v", method, path, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(e.t, err)
	r := response{status: resp.StatusCode, header: resp.Header, raw: raw}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		r.body, _ = decodeJSON(raw)
	}
	return r
}

// post sends a properly signed POST.
func (e *env) post(path, body string) response {
	e.t.Helper()
	return e.send(http.MethodPost, path, body, nil)
}

// postData posts body to path, checks the answer's status and returns it
// with its data object.
func (e *env) postData(status int, path, body string) (response, map[string]any) {
	e.t.Helper()
	r := e.post(path, body)
	mustStatus(e.t, r, status)
	return r, r.data()
}

// mustStatus fails unless the response has the wanted status.
func mustStatus(t testing.TB, r response, want int) {
	t.Helper()
	require.EqualValues(t, want, r.status, "status %d, want %d; body %s", r.status, want, r.raw)
}

// wantError checks a 400 {"errors": {field: message}}.
func wantError(t testing.TB, r response, field, message string) {
	t.Helper()
	mustStatus(t, r, http.StatusBadRequest)
	got, _ := r.errs()[field].(string)
	require.EqualValues(t, message, got, "errors.%s = %q, want %q; body %s", field, got, message, r.raw)
}

// wantCode checks an {"error": ..., "code": ...} answer.
func wantCode(t testing.TB, r response, status int, code string) {
	t.Helper()
	mustStatus(t, r, status)
	require.EqualValues(t, code, r.body["code"], "code = %v, want %s; body %s", r.body["code"], code, r.raw)
}

// str reads a string at a dotted path of a decoded object.
func str(m map[string]any, path string) string {
	v := at(m, path)
	s, _ := v.(string)
	return s
}

// num reads a JSON number at a dotted path.
func num(m map[string]any, path string) json.Number {
	n, _ := at(m, path).(json.Number)
	return n
}

func at(m map[string]any, path string) any {
	var cur any = m
	for _, k := range strings.Split(path, ".") {
		obj, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = obj[k]
	}
	return cur
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// receiver is a merchant's callback endpoint that checks every signature
// receivingEnv is newEnv with a receiver for its callbacks.
func receivingEnv(t testing.TB) (*env, *receiver) {
	e := newEnv(t)
	return e, newReceiver(t, e.srv)
}

// with the tests' own signer.
type receiver struct {
	t      testing.TB
	secret string
	key    string
	ts     *httptest.Server
	status int

	mu     sync.Mutex
	bodies []map[string]any
	raws   [][]byte
}

func newReceiver(t testing.TB, srv *cryptoprocessingtest.Server) *receiver {
	r := &receiver{t: t, secret: srv.APISecret, key: srv.APIKey, status: http.StatusOK}
	r.ts = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		assert.EqualValues(t, r.key, req.Header.Get("X-Processing-Key"), "callback key %q", req.Header.Get("X-Processing-Key"))
		assert.EqualValues(t, testSign(r.secret, body), req.Header.Get("X-Processing-Signature"))
		assert.EqualValues(t, "application/json", req.Header.Get("Content-Type"), "callback content type %q", req.Header.Get("Content-Type"))
		m, err := decodeJSON(body)
		assert.NoError(t, err, "callback body: %v", err)
		r.mu.Lock()
		r.bodies = append(r.bodies, m)
		r.raws = append(r.raws, body)
		status := r.status
		r.mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(r.ts.Close)
	srv.SetCallbackURL(r.ts.URL + "/callbacks")
	return r
}

// got returns the callbacks received so far.
func (r *receiver) got() []map[string]any {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]map[string]any(nil), r.bodies...)
}

// last returns the latest callback.
func (r *receiver) last() map[string]any {
	r.t.Helper()
	all := r.got()
	require.NotEmpty(r.t, all, "no callback received")
	return all[len(all)-1]
}

// wantStrs asserts d's string fields: keyAndWant holds key, want pairs, each
// read as str reads it; the message names the key, then msgAndArgs.
func wantStrs(t testing.TB, d map[string]any, keyAndWant []string, msgAndArgs ...any) {
	t.Helper()
	for i := 0; i+1 < len(keyAndWant); i += 2 {
		msg := []any{keyAndWant[i]}
		if f, ok := first(msgAndArgs).(string); ok {
			msg = append([]any{keyAndWant[i] + ": " + f}, msgAndArgs[1:]...)
		}
		require.EqualValues(t, keyAndWant[i+1], str(d, keyAndWant[i]), msg...)
	}
}

// first is a list's first element, nil when it is empty.
func first(l []any) any {
	if len(l) == 0 {
		return nil
	}
	return l[0]
}

// deposited is a sandbox with a receiver where an address taken with
// takeBody has received amount: it returns the address and the deposit's id.
func deposited(t testing.TB, takeBody, amount string) (*env, *receiver, map[string]any, string) {
	t.Helper()
	e, rec := receivingEnv(t)
	a := e.takeAddress(takeBody)
	id, err := e.srv.PayDeposit(str(a, "address"), dec(amount))
	require.NoError(t, err)
	return e, rec, a, id
}
