package sandboxkit

import (
	"bytes"
	"io"
	"net/http"
	"time"
)

// Redacted replaces the value of a secret header in the request log.
const Redacted = "[redacted]"

// bodyLogLimit is how much of a request body the log keeps.
const bodyLogLimit = 64 << 10

// RequestLogLimit is how many requests the log keeps; older ones are dropped,
// so a benchmark looping through a sandbox does not grow without bound.
const RequestLogLimit = 10000

// Request is one request the sandbox received, as the log keeps it.
type Request struct {
	// Time is when it arrived, on the sandbox clock.
	Time time.Time
	// Method and Path are the request's; Query is the raw query string.
	Method, Path, Query string
	// Header is the request's headers, the values of secret ones (API keys,
	// signatures, Authorization) replaced by Redacted.
	Header http.Header
	// Body is the first 64 KiB of what the handler read of the body.
	Body []byte
	// Status is the status answered; 0 while in flight or when a Timeout
	// fault dropped the connection.
	Status int
	// Fault is the kind of fault applied, 0 for none.
	Fault FaultKind
}

// Requests returns every request received so far (the last RequestLogLimit),
// oldest first, including rejected and faulted ones and those still in
// flight, so tests can count a client's retries and see what it sent.
func (k *Kit) Requests() []Request {
	k.mu.Lock()
	defer k.mu.Unlock()
	log := k.requests[max(len(k.requests)-RequestLogLimit, 0):]
	out := make([]Request, len(log))
	for i, r := range log {
		out[i] = *r
		out[i].Header = r.Header.Clone()
		out[i].Body = bytes.Clone(r.Body)
	}
	return out
}

// wrap puts h inside the kit's middleware: request log and faults (see the
// package doc).
func (k *Kit) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entry := &Request{Time: k.Now(), Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone()}
		for name := range entry.Header {
			if k.secret[name] {
				entry.Header[name] = []string{Redacted}
			}
		}
		body := &teeBody{rc: r.Body}
		if r.Body != nil {
			r.Body = body
		}
		k.mu.Lock()
		if len(k.requests) >= 2*RequestLogLimit { // drop in bulk: amortized O(1) per request
			k.requests = append(k.requests[:0:0], k.requests[len(k.requests)-RequestLogLimit:]...)
		}
		k.requests = append(k.requests, entry)
		k.mu.Unlock()

		status, kind := k.serve(w, r, h)

		k.mu.Lock()
		entry.Status, entry.Fault, entry.Body = status, kind, body.buf.Bytes()
		k.mu.Unlock()
	})
}

// serve applies the first matching fault around h and reports the status
// written (0 for a dropped connection) and the fault kind applied.
func (k *Kit) serve(w http.ResponseWriter, r *http.Request, h http.Handler) (int, FaultKind) {
	f, faulted := k.takeFault(r)
	if faulted {
		switch f.Kind {
		case Timeout:
			if Hold(w, r, k.closing) {
				return 0, f.Kind
			}
			rep := k.cfg.FaultReply(f)
			rep.Write(w)
			return rep.Status, f.Kind
		case RateLimit, Unavailable:
			rep := k.cfg.FaultReply(f)
			rep.Write(w)
			return rep.Status, f.Kind
		}
	}
	buf := &bufferedWriter{header: http.Header{}}
	h.ServeHTTP(buf, r)
	rep := Reply{Status: buf.status, Header: buf.header, Body: buf.body.Bytes()}
	if rep.Status == 0 {
		rep.Status = http.StatusOK
	}
	if faulted {
		switch f.Kind {
		case ErrorAfterWork:
			rep = k.cfg.FaultReply(f)
		case MalformedBody:
			rep = Truncate(rep)
		}
	}
	rep.Write(w)
	if rep.Status == 0 {
		return http.StatusOK, f.Kind
	}
	return rep.Status, f.Kind
}

// Truncate is the MalformedBody answer: status 200, the same headers and the
// first half of the body, as a connection cut mid-answer would leave it; an
// empty body becomes a lone "{".
func Truncate(rep Reply) Reply {
	h := rep.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Del("Content-Length")
	body := rep.Body[:len(rep.Body)/2]
	if len(body) == 0 {
		body = []byte("{")
	}
	return Reply{Status: http.StatusOK, Header: h, Body: body}
}

// bufferedWriter keeps the handler's answer so a fault can replace it.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header { return b.header }

func (b *bufferedWriter) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

func (b *bufferedWriter) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

// teeBody keeps the first bodyLogLimit bytes the handler reads.
type teeBody struct {
	rc  io.ReadCloser
	buf bytes.Buffer
}

func (t *teeBody) Read(p []byte) (int, error) {
	n, err := t.rc.Read(p)
	if room := bodyLogLimit - t.buf.Len(); room > 0 && n > 0 {
		t.buf.Write(p[:min(n, room)])
	}
	return n, err
}

func (t *teeBody) Close() error { return t.rc.Close() }
