package main

import (
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
)

// app is the running server: five providers under their prefixes, the
// control API under /_sandbox/, the dashboard at /, /healthz.
type app struct {
	root      string // the server's URL, such as http://127.0.0.1:8420
	providers []*provider
	byName    map[string]*provider
	log       *slog.Logger
	schedule  func(name string) []time.Duration
	started   time.Time

	mu   sync.Mutex
	hits []hit // every request the server received (the last hitLimit)
}

// hit is one request as the server-wide log keeps it: no headers, no body,
// no query (the provider's own log, with secrets hidden, has those).
type hit struct {
	Time     time.Time `json:"time"`
	Method   string    `json:"method"`
	Path     string    `json:"path"`
	Status   int       `json:"status"`
	Duration string    `json:"duration"`
}

const hitLimit = 5000

// newApp builds every provider's sandbox mounted under root.
func newApp(root string, providers []*provider, schedule func(string) []time.Duration, log *slog.Logger) *app {
	a := &app{root: root, providers: providers, byName: map[string]*provider{}, log: log, schedule: schedule, started: time.Now()}
	for _, p := range providers {
		a.byName[p.name] = p
		creds := maps.Clone(p.creds)
		p.sb = a.build(p, creds)
		p.creds = creds // now complete: the generated ones filled in, fixed from here on
	}
	return a
}

// build makes a fresh sandbox for p with creds (filling in generated ones),
// its retry schedule and delivery log.
func (a *app) build(p *provider, creds map[string]string) sandbox {
	sb := p.build(a.root+"/"+p.name, creds)
	k := sb.Kit()
	sandboxkit.SetRetrySchedule(k, a.schedule(p.name))
	name := p.name
	sandboxkit.SetDeliveryHook(k, func(d sandboxkit.Delivery) {
		attrs := []any{"provider", name, "id", d.ID, "attempt", d.Attempt, "type", d.Type, "object", d.ObjectID,
			"url", safeURL(d.URL), "status", d.StatusCode}
		if d.Err != nil {
			attrs = append(attrs, "error", d.Err.Error())
		}
		a.log.Info("delivery", attrs...)
	})
	return sb
}

// reset replaces p's sandbox with a fresh one: same credentials, ids and
// callback URL; no objects, requests, deliveries or faults; the clock back
// to now. Pending retries of the old one stop.
func (a *app) reset(p *provider) {
	fresh := a.build(p, maps.Clone(p.creds))
	p.mu.Lock()
	old := p.sb
	fresh.SetCallbackURL(old.CallbackURL())
	p.sb = fresh
	p.mu.Unlock()
	old.Close()
}

// close stops every sandbox (pending retries included).
func (a *app) close() {
	for _, p := range a.providers {
		p.current().Close()
	}
}

// handler is the whole server.
func (a *app) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "uptime": time.Since(a.started).Round(time.Second).String()})
	})
	mux.HandleFunc("GET /{$}", a.dashboard)
	for _, p := range a.providers {
		prefix := "/" + p.name
		mux.Handle(prefix+"/", http.StripPrefix(prefix, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p.current().ServeHTTP(w, r)
		})))
	}
	mux.Handle("/_sandbox/", jsonErrors(a.controlMux()))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no such path %q: providers are under /%s/, the control API under /_sandbox/",
			r.URL.Path, strings.Join(a.names(), "/, /")))
	})
	return a.recoverer(a.logged(mux))
}

func (a *app) names() []string {
	out := make([]string, len(a.providers))
	for i, p := range a.providers {
		out[i] = p.name
	}
	return out
}

// logged logs every request (method, path, status, duration; never headers,
// query or body) and keeps it for GET /_sandbox/requests.
func (a *app) logged(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		d := time.Since(start)
		a.mu.Lock()
		if len(a.hits) >= 2*hitLimit {
			a.hits = append(a.hits[:0:0], a.hits[len(a.hits)-hitLimit:]...)
		}
		a.hits = append(a.hits, hit{Time: start, Method: r.Method, Path: r.URL.Path, Status: sw.status, Duration: d.String()})
		a.mu.Unlock()
		if r.URL.Path != "/healthz" {
			a.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status, "duration", d)
		}
	})
}

// recoverer turns a panic in a handler into a JSON 500, logged, so one bad
// request never takes the server down.
func (a *app) recoverer(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				a.log.Error("panic in handler", "method", r.Method, "path", r.URL.Path, "panic", fmt.Sprint(v))
				writeError(w, http.StatusInternalServerError, "internal error in the sandbox (logged)")
			}
		}()
		h.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(p []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(p)
}

// Flush lets a Timeout fault's held connection work through the wrapper.
func (s *statusWriter) Flush() {
	if f, ok := s.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap gives http.ResponseController the connection (a Timeout fault
// drops it).
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// safeURL is a callback URL for a log line: no userinfo, no query.
func safeURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	u.User, u.RawQuery, u.Fragment = nil, "", ""
	return u.String()
}
