package cryptopaytest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// fixedNow is the sandbox clock of most tests.
var fixedNow = time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC)

// newSandbox starts a sandbox with a fixed clock and a callback receiver.
func newSandbox(t *testing.T, opts Options) (*Server, *receiver) {
	t.Helper()
	if opts.Now == nil {
		opts.Now = func() time.Time { return fixedNow }
	}
	s := NewServer(opts)
	t.Cleanup(s.Close)
	rec := newReceiver(t, s.CallbackSecret)
	s.SetCallbackURL(rec.url)
	return s, rec
}

// newAPI is a sandbox with default options and a signed client for it.
func newAPI(t *testing.T) (api, *Server, *receiver) {
	t.Helper()
	s, rec := newSandbox(t, Options{})
	return api{t, s}, s, rec
}

// api is a minimal signed client for tests.
type api struct {
	t *testing.T
	s *Server
}

// response is a decoded answer.
type response struct {
	status int
	header http.Header
	raw    []byte
	body   map[string]any
}

// data is body["data"] as an object.
func (r response) data() map[string]any {
	m, _ := r.body["data"].(map[string]any)
	return m
}

// list is body["data"] as a list of objects.
func (r response) list() []map[string]any {
	items, _ := r.body["data"].([]any)
	out := make([]map[string]any, len(items))
	for i, it := range items {
		out[i], _ = it.(map[string]any)
	}
	return out
}

// errCode is error.code.
func (r response) errCode() string {
	e, _ := r.body["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

// details is error.details.
func (r response) details() []map[string]any {
	e, _ := r.body["error"].(map[string]any)
	items, _ := e["details"].([]any)
	out := make([]map[string]any, len(items))
	for i, it := range items {
		out[i], _ = it.(map[string]any)
	}
	return out
}

// sign builds the headers of a request the way the notes describe.
func sign(s *Server, method, pathQuery string, body []byte, date string) http.Header {
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set("Date", date)
	h.Set("Authorization", "HMAC "+s.APIKey+":"+requestSignature(s.APISecret, stringToSign(method, body, "application/json", date, pathQuery)))
	return h
}

// send sends a request with the given headers.
func (a api) send(method, pathQuery string, body []byte, h http.Header) response {
	a.t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, a.s.URL+pathQuery, rd)
	require.NoError(a.t, err)
	req.Header = h
	resp, err := http.DefaultClient.Do(req)
	require.NoError(a.t, err)
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(a.t, err)
	out := response{status: resp.StatusCode, header: resp.Header, raw: raw}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.UseNumber()
		_ = dec.Decode(&out.body)
	}
	return out
}

// do signs and sends; body nil sends no body, a []byte is sent as is,
// anything else as JSON.
func (a api) do(method, pathQuery string, body any) response {
	a.t.Helper()
	var b []byte
	switch v := body.(type) {
	case nil:
	case []byte:
		b = v
	default:
		var err error
		b, err = json.Marshal(v)
		require.NoError(a.t, err)
	}
	return a.send(method, pathQuery, b, sign(a.s, method, pathQuery, b, a.s.Now().Format(http.TimeFormat)))
}

// ok does a request that must answer want and returns its data object.
func (a api) ok(want int, method, pathQuery string, body any) map[string]any {
	a.t.Helper()
	r := a.do(method, pathQuery, body)
	require.Equal(a.t, want, r.status, "%s %s: %s", method, pathQuery, r.raw)
	return r.data()
}

// receiver is a callback endpoint that verifies X-Cryptopay-Signature with
// its own computation and records what came.
type receiver struct {
	url    string
	secret string
	mu     sync.Mutex
	got    []callback
}

// callback is one received callback.
type callback struct {
	Type  string         `json:"type"`
	Event string         `json:"event"`
	Data  map[string]any `json:"data"`
	raw   []byte
	sigOK bool
}

func newReceiver(t *testing.T, secret string) *receiver {
	rec := &receiver{secret: secret}
	srv := newCallbackServer(t, rec)
	rec.url = srv
	return rec
}

// events lists "Type/event" of every callback received.
func (r *receiver) events() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, len(r.got))
	for i, c := range r.got {
		out[i] = c.Type + "/" + c.Event
	}
	return out
}

// all returns the callbacks received.
func (r *receiver) all() []callback {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]callback(nil), r.got...)
}

// last returns the last callback received.
func (r *receiver) last() callback {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.got) == 0 {
		return callback{}
	}
	return r.got[len(r.got)-1]
}

// reset forgets what was received.
func (r *receiver) reset() {
	r.mu.Lock()
	r.got = nil
	r.mu.Unlock()
}

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }
