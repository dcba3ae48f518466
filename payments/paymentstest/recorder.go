package paymentstest

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
)

// WebhookRecorder is an HTTP server that accepts every webhook a sandbox
// delivers and keeps it, so a test can replay it into an adapter's
// ParseWebhook as many times as it likes.
type WebhookRecorder struct {
	// URL is where the sandbox should deliver webhooks.
	URL string

	srv *httptest.Server
	mu  sync.Mutex
	got []recorded
}

type recorded struct {
	method, path string
	header       http.Header
	body         []byte
}

// NewWebhookRecorder starts a recorder; Close stops it.
func NewWebhookRecorder() *WebhookRecorder {
	rec := &WebhookRecorder{}
	rec.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 4<<20))
		rec.mu.Lock()
		rec.got = append(rec.got, recorded{r.Method, r.URL.Path, r.Header.Clone(), body})
		rec.mu.Unlock()
		w.WriteHeader(http.StatusOK)
	}))
	rec.URL = rec.srv.URL
	return rec
}

// Close stops the server.
func (rec *WebhookRecorder) Close() { rec.srv.Close() }

// Len returns how many webhooks were received.
func (rec *WebhookRecorder) Len() int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return len(rec.got)
}

// Requests returns every webhook received since index from, each as a fresh
// *http.Request whose body can be read once more.
func (rec *WebhookRecorder) Requests(from int) []*http.Request {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	var out []*http.Request
	for i := max(from, 0); i < len(rec.got); i++ {
		out = append(out, rec.got[i].request())
	}
	return out
}

// Bodies returns the raw bodies received since index from.
func (rec *WebhookRecorder) Bodies(from int) [][]byte {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	var out [][]byte
	for i := max(from, 0); i < len(rec.got); i++ {
		out = append(out, bytes.Clone(rec.got[i].body))
	}
	return out
}

func (r recorded) request() *http.Request {
	req := httptest.NewRequest(r.method, r.path, bytes.NewReader(r.body))
	req.Header = r.header.Clone()
	return req
}

// NewRequest builds a webhook request from a body and headers, for tests
// that tamper with recorded webhooks.
func NewRequest(body []byte, header http.Header) *http.Request {
	return recorded{http.MethodPost, "/webhook", header, body}.request()
}
