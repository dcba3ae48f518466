package sandboxkit_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var errNotFound = errors.New("kittest: not found")

// start runs a kit around a handler that counts the work it did.
func start(t *testing.T, cfg sandboxkit.Config) (*sandboxkit.Kit, string, *atomic.Int64) {
	t.Helper()
	var work atomic.Int64
	cfg.NotFound = errNotFound
	k := sandboxkit.New(cfg)
	url := sandboxkit.Start(k, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.ReadAll(r.Body)
		work.Add(1)
		sandboxkit.JSON(http.StatusCreated, map[string]string{"id": "obj_1", "status": "created"}).Write(w)
	}))
	t.Cleanup(k.Close)
	return k, url, &work
}

func do(t *testing.T, method, url string, header http.Header) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(`{"amount":"1.5"}`))
	require.NoError(t, err)
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(b)
}

func TestRequestLogHidesSecrets(t *testing.T) {
	k, url, _ := start(t, sandboxkit.Config{SecretHeaders: []string{"x-api-key"}})
	resp, body := do(t, http.MethodPost, url+"/v1/things?a=1", http.Header{"X-Api-Key": {"sk_live"}, "Authorization": {"Bearer t"}, "X-Other": {"v"}})
	assert.Equal(t, http.StatusCreated, resp.StatusCode)
	assert.JSONEq(t, `{"id":"obj_1","status":"created"}`, body)

	reqs := k.Requests()
	require.Len(t, reqs, 1)
	r := reqs[0]
	assert.Equal(t, http.MethodPost, r.Method)
	assert.Equal(t, "/v1/things", r.Path)
	assert.Equal(t, "a=1", r.Query)
	assert.Equal(t, http.StatusCreated, r.Status)
	assert.Equal(t, sandboxkit.FaultKind(0), r.Fault)
	assert.Equal(t, sandboxkit.Redacted, r.Header.Get("X-Api-Key"))
	assert.Equal(t, sandboxkit.Redacted, r.Header.Get("Authorization"))
	assert.Equal(t, "v", r.Header.Get("X-Other"))
	assert.Equal(t, `{"amount":"1.5"}`, string(r.Body))
}

func TestFaultsCountedAndListed(t *testing.T) {
	k, url, work := start(t, sandboxkit.Config{})
	k.InjectFault(sandboxkit.Fault{Method: http.MethodPost, Path: "v1/things", Kind: sandboxkit.ErrorAfterWork})
	k.InjectFault(sandboxkit.Fault{Path: "/v1/never/", Kind: sandboxkit.Unavailable, Times: 2})
	k.InjectFault(sandboxkit.Fault{Kind: 0}) // unknown kind: not armed, but listed

	resp, _ := do(t, http.MethodPost, url+"/v1/things/", nil)
	assert.Equal(t, http.StatusInternalServerError, resp.StatusCode)
	assert.EqualValues(t, 1, work.Load(), "ErrorAfterWork runs the handler")

	resp, _ = do(t, http.MethodPost, url+"/v1/things/", nil)
	assert.Equal(t, http.StatusCreated, resp.StatusCode, "fault used up")

	fs := k.Faults()
	require.Len(t, fs, 3)
	assert.Equal(t, 1, fs[0].Hits)
	assert.Equal(t, 0, fs[0].Remaining)
	assert.Equal(t, 0, fs[1].Hits)
	assert.Equal(t, 2, fs[1].Remaining)
	assert.Equal(t, 0, fs[2].Remaining)

	err := k.VerifyFaults()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "FaultUnavailable * /v1/never/ (hits 0, remaining 2)")

	k.ClearFaults()
	assert.Empty(t, k.Faults())
	assert.NoError(t, k.VerifyFaults())
	assert.Equal(t, sandboxkit.ErrorAfterWork, k.Requests()[0].Fault)
}

func TestFaultsBeforeWork(t *testing.T) {
	k, url, work := start(t, sandboxkit.Config{})
	k.InjectFault(sandboxkit.Fault{Kind: sandboxkit.RateLimit, RetryAfter: 1500 * time.Millisecond})
	k.InjectFault(sandboxkit.Fault{Kind: sandboxkit.Unavailable})
	k.InjectFault(sandboxkit.Fault{Kind: sandboxkit.MalformedBody})

	resp, _ := do(t, http.MethodGet, url+"/x", nil)
	assert.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
	assert.Equal(t, "2", resp.Header.Get("Retry-After"))
	resp, _ = do(t, http.MethodGet, url+"/x", nil)
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	assert.EqualValues(t, 0, work.Load())

	resp, body := do(t, http.MethodGet, url+"/x", nil)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, `{"id":"obj_1","s`, body)
	assert.EqualValues(t, 1, work.Load())
	assert.NoError(t, k.VerifyFaults())
}

func TestTimeoutReleasedByClose(t *testing.T) {
	k := sandboxkit.New(sandboxkit.Config{})
	url := sandboxkit.Start(k, http.NotFoundHandler())
	k.InjectFault(sandboxkit.Fault{Kind: sandboxkit.Timeout})
	done := make(chan error, 1)
	go func() {
		resp, err := http.Get(url + "/slow")
		if err == nil {
			resp.Body.Close()
		}
		done <- err
	}()
	for len(k.Requests()) == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	k.Close()
	select {
	case err := <-done:
		assert.Error(t, err, "a held request gets no answer")
	case <-time.After(10 * time.Second):
		require.FailNow(t, "Close did not release the held request")
	}
	assert.Equal(t, 0, k.Requests()[0].Status)
}

func TestDeliverAndRedeliver(t *testing.T) {
	var got []string
	recv := sandboxkit.New(sandboxkit.Config{})
	recvURL := sandboxkit.Start(recv, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = append(got, r.Header.Get("X-Sig")+" "+r.Header.Get("User-Agent")+" "+string(b))
	}))
	defer recv.Close()

	k := sandboxkit.New(sandboxkit.Config{Name: "kittest", UserAgent: "Kit/1", NotFound: errNotFound})
	d := sandboxkit.Deliver(k, sandboxkit.Notification{Type: "invoice.paid", ObjectID: "inv_1", Body: []byte(`{"a":1}`), Header: http.Header{"X-Sig": {"s1"}}})
	assert.ErrorIs(t, d.Err, sandboxkit.ErrNoCallbackURL)
	assert.False(t, d.Delivered())
	assert.Equal(t, "n1", d.ID)
	assert.Equal(t, 1, d.Attempt)

	k.SetCallbackURL(recvURL)
	again, err := k.Redeliver(d.ID)
	require.NoError(t, err)
	assert.True(t, again.Delivered())
	assert.Equal(t, 2, again.Attempt)
	assert.Equal(t, recvURL, again.URL)
	assert.Equal(t, []string{`s1 Kit/1 {"a":1}`}, got)

	_, err = k.Redeliver("nope")
	assert.ErrorIs(t, err, errNotFound)

	ds := k.Deliveries()
	require.Len(t, ds, 2)
	assert.Equal(t, "invoice.paid", ds[1].Type)
	assert.Equal(t, "inv_1", ds[1].ObjectID)
	assert.Equal(t, "application/json", ds[1].Header.Get("Content-Type"))
}

func TestResolveURLPerTarget(t *testing.T) {
	urls := map[string]string{"p1": "http://127.0.0.1:1/nowhere"}
	k := sandboxkit.New(sandboxkit.Config{ResolveURL: func(target string) string { return urls[target] }})
	d := sandboxkit.Deliver(k, sandboxkit.Notification{ID: "cb-1", Target: "p2", Body: []byte(`{}`)})
	assert.ErrorIs(t, d.Err, sandboxkit.ErrNoCallbackURL)
	d = sandboxkit.Deliver(k, sandboxkit.Notification{ID: "cb-2", Target: "p1", Body: []byte(`{}`)})
	assert.Equal(t, "http://127.0.0.1:1/nowhere", d.URL)
	assert.Error(t, d.Err)
}

func TestClockAdvance(t *testing.T) {
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	k := sandboxkit.New(sandboxkit.Config{Now: func() time.Time { return base }})
	assert.Equal(t, base, k.Now())
	k.Advance(15 * time.Minute)
	k.Advance(-time.Hour)
	assert.Equal(t, base.Add(15*time.Minute), k.Now())
}

func TestCredential(t *testing.T) {
	assert.Equal(t, "given", sandboxkit.Credential("given", "p-", 8))
	c := sandboxkit.Credential("", "p-", 8)
	assert.Len(t, c, 2+16)
	assert.True(t, strings.HasPrefix(c, "p-"))
	assert.NotEqual(t, c, sandboxkit.Credential("", "p-", 8))
}

func TestRequestLogBounded(t *testing.T) {
	k := sandboxkit.New(sandboxkit.Config{})
	sandboxkit.Start(k, http.NotFoundHandler())
	defer k.Close()
	for i := range sandboxkit.RequestLogLimit + 5 {
		rec := httptest.NewRecorder()
		k.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/r?i="+strconv.Itoa(i), nil))
	}
	reqs := k.Requests()
	require.Len(t, reqs, sandboxkit.RequestLogLimit)
	assert.Equal(t, "i=5", reqs[0].Query)
	assert.Equal(t, http.StatusNotFound, reqs[0].Status)
}

// A provider's Server embeds *Kit beside exported credential fields: the
// promoted Format prints it as name{URL} under every verb, credentials never.
func TestFormatShowsNoCredentials(t *testing.T) {
	k, url, _ := start(t, sandboxkit.Config{Name: "kittest"})
	srv := struct {
		*sandboxkit.Kit
		URL, APISecret string
	}{k, url, "SECRET-api"}
	for _, v := range []any{srv, &srv, struct{ S any }{srv}, []any{&srv}} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, "SECRET", "%s of %T", verb, v)
			assert.NotContains(t, out, "534543524554", "%s of %T", verb, v)
		}
	}
	assert.Equal(t, "kittest{URL: "+url+"}", fmt.Sprint(&srv))
	var nilKit *sandboxkit.Kit
	assert.Equal(t, "sandbox{URL: }", fmt.Sprint(nilKit))
}
