package httpcore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
)

// server answers each attempt with the next of answers (status, body);
// status 0 hijacks and closes the connection (a reset after the request).
func server(t *testing.T, answers ...[2]any) (*httptest.Server, *atomic.Int32, *[]string) {
	t.Helper()
	var n atomic.Int32
	var sigs []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := int(n.Add(1)) - 1
		sigs = append(sigs, r.Header.Get("X-Sig"))
		if i >= len(answers) {
			i = len(answers) - 1
		}
		status, body := answers[i][0].(int), answers[i][1].(string)
		if status == 0 {
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
			return
		}
		if status == 429 {
			w.Header().Set("Retry-After", "1")
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv, &n, &sigs
}

func newClient(t *testing.T, base string) (*Client, *[]time.Duration) {
	t.Helper()
	var waits []time.Duration
	c, err := New(Config{Provider: "test", Settings: option.Settings{BaseURL: base, Retry: RetryPolicy{MaxAttempts: 3},
		Sleep: func(ctx context.Context, d time.Duration) error { waits = append(waits, d); return ctx.Err() }}})
	if err != nil {
		t.Fatal(err)
	}
	return c, &waits
}

func signer() func(*http.Request) error {
	var n atomic.Int32
	return func(r *http.Request) error {
		r.Header.Set("X-Sig", fmt.Sprint(n.Add(1)))
		return nil
	}
}

func TestGetRetriedOnGatewayErrors(t *testing.T) {
	srv, n, sigs := server(t, [2]any{503, "down"}, [2]any{429, "slow"}, [2]any{200, `{"ok":true}`})
	c, waits := newClient(t, srv.URL+"/api")
	var out struct{ OK bool }
	if err := c.DoJSON(context.Background(), &Request{Method: "GET", Path: "/x", Sign: signer()}, &out); err != nil {
		t.Fatal(err)
	}
	if n.Load() != 3 || !out.OK {
		t.Fatalf("attempts %d ok %v", n.Load(), out.OK)
	}
	if strings.Join(*sigs, ",") != "1,2,3" {
		t.Errorf("each attempt must be signed afresh: %v", *sigs)
	}
	if (*waits)[1] != time.Second {
		t.Errorf("Retry-After not honoured: %v", *waits)
	}
}

func TestGetNotRetriedOn500Or400(t *testing.T) {
	for _, status := range []int{500, 400, 404} {
		srv, n, _ := server(t, [2]any{status, `{}`})
		c, _ := newClient(t, srv.URL)
		_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "/x"})
		var apiErr *payments.APIError
		if !errors.As(err, &apiErr) || n.Load() != 1 {
			t.Errorf("%d: attempts %d err %v", status, n.Load(), err)
		}
	}
}

func TestCreateWithoutReferenceNeverRetried(t *testing.T) {
	srv, n, _ := server(t, [2]any{503, "down"}, [2]any{200, "{}"})
	c, _ := newClient(t, srv.URL)
	_, err := c.Do(context.Background(), &Request{Method: "POST", Path: "/pay", Body: []byte(`{}`)})
	if n.Load() != 1 {
		t.Fatalf("a create without a reference was sent %d times", n.Load())
	}
	if !errors.Is(err, payments.ErrUnknownOutcome) {
		t.Fatalf("5xx on a create must be an unknown outcome: %v", err)
	}
}

func TestCreateWithReferenceRetriedSameBody(t *testing.T) {
	var bodies []string
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		if n.Add(1) == 1 {
			w.WriteHeader(500)
			return
		}
		w.Write([]byte(`{"id":1}`))
	}))
	defer srv.Close()
	c, _ := newClient(t, srv.URL)
	if _, err := c.Do(context.Background(), &Request{Method: "POST", Path: "/pay", Body: []byte(`{"ref":"r1"}`), Reference: "r1"}); err != nil {
		t.Fatal(err)
	}
	if len(bodies) != 2 || bodies[0] != bodies[1] {
		t.Fatalf("bodies %q", bodies)
	}
}

func TestUncertainThenDuplicateIsUnknownOutcome(t *testing.T) {
	srv, _, _ := server(t, [2]any{0, ""}, [2]any{400, `duplicate`})
	c, _ := newClient(t, srv.URL)
	_, err := c.Do(context.Background(), &Request{Method: "POST", Path: "/pay", Body: []byte(`{}`), Reference: "r1"})
	var uo *payments.UnknownOutcomeError
	if !errors.As(err, &uo) || uo.Reference != "r1" {
		t.Fatalf("err = %v", err)
	}
	var apiErr *payments.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 {
		t.Errorf("the final answer is lost: %v", err)
	}
}

func TestResetOnCreateIsUnknownOutcome(t *testing.T) {
	srv, n, _ := server(t, [2]any{0, ""})
	c, _ := newClient(t, srv.URL)
	_, err := c.Do(context.Background(), &Request{Method: "POST", Path: "/pay", Body: []byte(`{}`)})
	var ne *payments.NetworkError
	if !errors.Is(err, payments.ErrUnknownOutcome) || !errors.As(err, &ne) || n.Load() != 1 {
		t.Fatalf("attempts %d err %v", n.Load(), err)
	}
}

func TestRefusedConnectionIsKnownAndRetried(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	c, waits := newClient(t, "http://"+addr)
	_, err = c.Do(context.Background(), &Request{Method: "POST", Path: "/pay", Body: []byte(`{}`)})
	if errors.Is(err, payments.ErrUnknownOutcome) {
		t.Fatalf("a refused connection changed nothing: %v", err)
	}
	var ne *payments.NetworkError
	if !errors.As(err, &ne) || len(*waits) != 2 {
		t.Fatalf("err %v, waits %v", err, *waits)
	}
}

func TestContextEndsRetries(t *testing.T) {
	srv, n, _ := server(t, [2]any{503, ""})
	c, err := New(Config{Provider: "test", Settings: option.Settings{BaseURL: srv.URL, Retry: RetryPolicy{MaxAttempts: 10, BaseDelay: time.Hour}}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = c.Do(ctx, &Request{Method: "GET", Path: "/x"})
	if err == nil || n.Load() != 1 {
		t.Fatalf("attempts %d err %v", n.Load(), err)
	}
}

func TestLongRetryAfterReturnedToCaller(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(429)
	}))
	defer srv.Close()
	c, waits := newClient(t, srv.URL)
	_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "/x"})
	var apiErr *payments.APIError
	if !errors.Is(err, payments.ErrRateLimited) || !errors.As(err, &apiErr) || apiErr.RetryAfter != time.Hour || len(*waits) != 0 {
		t.Fatalf("err %v waits %v", err, *waits)
	}
}

func TestMalformedSuccessBody(t *testing.T) {
	srv, _, _ := server(t, [2]any{200, `{"id": 1, "amount": 1e999999999}`})
	c, _ := newClient(t, srv.URL)
	var out map[string]any
	err := c.DoJSON(context.Background(), &Request{Method: "GET", Path: "/x"}, &out)
	if !errors.Is(err, payments.ErrMalformed) || errors.Is(err, payments.ErrUnknownOutcome) {
		t.Fatalf("GET: %v", err)
	}
	err = c.DoJSON(context.Background(), &Request{Method: "POST", Path: "/x", Body: []byte("{}"), Reference: "r"}, &out)
	if !errors.Is(err, payments.ErrMalformed) || !errors.Is(err, payments.ErrUnknownOutcome) {
		t.Fatalf("POST: the work was done but unreadable: %v", err)
	}
}

func TestErrorBodyCappedAndNoSecretsInErrors(t *testing.T) {
	big := strings.Repeat("x", int(ErrorBodyLimit)+100)
	srv, _, _ := server(t, [2]any{400, big})
	c, err := New(Config{Provider: "test", Settings: option.Settings{BaseURL: strings.Replace(srv.URL, "http://", "http://user:hunter2@", 1)}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Do(context.Background(), &Request{Method: "GET", Path: "/x", Query: map[string][]string{"token": {"hunter3"}},
		Sign: func(r *http.Request) error { r.Header.Set("Authorization", "Bearer hunter4"); return nil }})
	var apiErr *payments.APIError
	if !errors.As(err, &apiErr) || int64(len(apiErr.Raw)) != ErrorBodyLimit {
		t.Fatalf("raw %d bytes, err %T", len(apiErr.Raw), err)
	}
	for _, s := range []string{err.Error(), fmt.Sprintf("%+v", c), c.BaseURL()} {
		for _, secret := range []string{"hunter2", "hunter3", "hunter4"} {
			if strings.Contains(s, secret) {
				t.Errorf("secret %s leaked in %q", secret, s[:min(len(s), 200)])
			}
		}
	}
}

func TestBadBaseURL(t *testing.T) {
	for _, u := range []string{"", "api.example.com", "ftp://x", "http://"} {
		if _, err := New(Config{Settings: option.Settings{BaseURL: u}}); !errors.Is(err, payments.ErrValidation) {
			t.Errorf("%q: %v", u, err)
		}
	}
}

func TestRetryAfterDate(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	h := http.Header{"Retry-After": {now.Add(5 * time.Second).Format(http.TimeFormat)}}
	if d, ok := retryAfter(h, now); !ok || d != 5*time.Second {
		t.Errorf("%v %v", d, ok)
	}
	if _, ok := retryAfter(http.Header{"Retry-After": {"soon"}}, now); ok {
		t.Error("garbage Retry-After accepted")
	}
}

func TestBackoffBounded(t *testing.T) {
	p := withDefaults(RetryPolicy{})
	for n := 1; n < 40; n++ {
		d := backoff(p, n)
		if d <= 0 || d > p.MaxDelay {
			t.Fatalf("backoff(%d) = %v", n, d)
		}
	}
}

func TestIdempotentPostRetriedAndNeverUnknown(t *testing.T) {
	srv, n, _ := server(t, [2]any{503, ""}, [2]any{200, "{}"})
	c, _ := newClient(t, srv.URL)
	if _, err := c.Do(context.Background(), &Request{Method: "POST", Path: "/list", Body: []byte("{}"), Idempotent: true}); err != nil || n.Load() != 2 {
		t.Fatalf("attempts %d err %v", n.Load(), err)
	}
	srv2, _, _ := server(t, [2]any{0, ""})
	c2, _ := newClient(t, srv2.URL)
	_, err := c2.Do(context.Background(), &Request{Method: "POST", Path: "/list", Body: []byte("{}"), Idempotent: true})
	if err == nil || errors.Is(err, payments.ErrUnknownOutcome) {
		t.Fatalf("a read that failed is a plain failure: %v", err)
	}
}
