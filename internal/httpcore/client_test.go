package httpcore

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
)

func TestGetRetriedOnGatewayErrors(t *testing.T) {
	srv, n, sigs := server(t, [2]any{503, "down"}, [2]any{429, "slow"}, [2]any{200, `{"ok":true}`})
	c, waits := newClient(t, srv.URL+"/api")
	var out struct{ OK bool }
	require.NoError(t, c.DoJSON(context.Background(), &Request{Method: "GET", Path: "/x", Sign: signer()}, &out))
	assert.Equal(t, int32(3), n.Load())
	assert.True(t, out.OK)
	assert.Equal(t, []string{"1", "2", "3"}, *sigs, "each attempt is signed afresh")
	require.Len(t, *waits, 2)
	assert.Equal(t, time.Second, (*waits)[1], "Retry-After honoured")
}

func TestGetNotRetriedOn500Or400(t *testing.T) {
	for _, status := range []int{500, 400, 404} {
		srv, n, _ := server(t, [2]any{status, `{}`})
		c, _ := newClient(t, srv.URL)
		_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "/x"})
		var apiErr *payments.APIError
		assert.ErrorAs(t, err, &apiErr, status)
		assert.Equal(t, int32(1), n.Load(), status)
	}
}

func TestCreateWithoutReferenceNeverRetried(t *testing.T) {
	srv, n, _ := server(t, [2]any{503, "down"}, [2]any{200, "{}"})
	c, _ := newClient(t, srv.URL)
	_, err := c.Do(context.Background(), &Request{Method: "POST", Path: "/pay", Body: []byte(`{}`)})
	assert.Equal(t, int32(1), n.Load(), "a create without a reference is sent once")
	assert.ErrorIs(t, err, payments.ErrUnknownOutcome, "5xx on a create is an unknown outcome")
}

func TestCreateWithReferenceRetriedSameBody(t *testing.T) {
	var bodies []string
	srv, _ := countingServer(t, func(attempt int32, w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, string(b))
		if attempt == 1 {
			w.WriteHeader(500)
			return
		}
		_, _ = w.Write([]byte(`{"id":1}`))
	})
	c, _ := newClient(t, srv.URL)
	_, err := c.Do(context.Background(), &Request{Method: "POST", Path: "/pay", Body: []byte(`{"ref":"r1"}`), Reference: "r1"})
	require.NoError(t, err)
	assert.Equal(t, []string{`{"ref":"r1"}`, `{"ref":"r1"}`}, bodies)
}

func TestUncertainThenDuplicateIsUnknownOutcome(t *testing.T) {
	srv, _, _ := server(t, [2]any{0, ""}, [2]any{400, `duplicate`})
	c, _ := newClient(t, srv.URL)
	_, err := c.Do(context.Background(), &Request{Method: "POST", Path: "/pay", Body: []byte(`{}`), Reference: "r1"})
	var uo *payments.UnknownOutcomeError
	require.ErrorAs(t, err, &uo)
	assert.Equal(t, "r1", uo.Reference)
	var apiErr *payments.APIError
	require.ErrorAs(t, err, &apiErr, "the final answer is kept")
	assert.Equal(t, 400, apiErr.StatusCode)
}

func TestResetOnCreateIsUnknownOutcome(t *testing.T) {
	srv, n, _ := server(t, [2]any{0, ""})
	c, _ := newClient(t, srv.URL)
	_, err := c.Do(context.Background(), &Request{Method: "POST", Path: "/pay", Body: []byte(`{}`)})
	assert.ErrorIs(t, err, payments.ErrUnknownOutcome)
	var ne *payments.NetworkError
	assert.ErrorAs(t, err, &ne)
	assert.Equal(t, int32(1), n.Load())
}

func TestRefusedConnectionIsKnownAndRetried(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close()) // nothing listens there now
	c, waits := newClient(t, "http://"+addr)
	_, err = c.Do(context.Background(), &Request{Method: "POST", Path: "/pay", Body: []byte(`{}`)})
	assert.NotErrorIs(t, err, payments.ErrUnknownOutcome, "a refused connection changed nothing")
	var ne *payments.NetworkError
	assert.ErrorAs(t, err, &ne)
	assert.Len(t, *waits, 2)
}

func TestContextEndsRetries(t *testing.T) {
	srv, n, _ := server(t, [2]any{503, ""})
	c, err := New(Config{Provider: "test", Settings: option.Settings{BaseURL: srv.URL, Retry: RetryPolicy{MaxAttempts: 10, BaseDelay: time.Hour}}})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = c.Do(ctx, &Request{Method: "GET", Path: "/x"})
	assert.Error(t, err)
	assert.Equal(t, int32(1), n.Load())
}

func TestLongRetryAfterReturnedToCaller(t *testing.T) {
	srv, _ := rateLimited(t, "3600")
	c, waits := newClient(t, srv.URL)
	_, err := c.Do(context.Background(), &Request{Method: "GET", Path: "/x"})
	assert.ErrorIs(t, err, payments.ErrRateLimited)
	var apiErr *payments.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, time.Hour, apiErr.RetryAfter)
	assert.Empty(t, *waits)
}

func TestMalformedSuccessBody(t *testing.T) {
	srv, _, _ := server(t, [2]any{200, `{"id": 1, "amount": 1e999999999}`})
	c, _ := newClient(t, srv.URL)
	var out map[string]any
	err := c.DoJSON(context.Background(), &Request{Method: "GET", Path: "/x"}, &out)
	assert.ErrorIs(t, err, payments.ErrMalformed, "GET")
	assert.NotErrorIs(t, err, payments.ErrUnknownOutcome, "GET")
	err = c.DoJSON(context.Background(), &Request{Method: "POST", Path: "/x", Body: []byte("{}"), Reference: "r"}, &out)
	assert.ErrorIs(t, err, payments.ErrMalformed, "POST")
	assert.ErrorIs(t, err, payments.ErrUnknownOutcome, "POST: the work was done but is unreadable")
}

func TestErrorBodyCappedAndNoSecretsInErrors(t *testing.T) {
	big := strings.Repeat("x", int(ErrorBodyLimit)+100)
	srv, _, _ := server(t, [2]any{400, big})
	c, err := New(Config{Provider: "test", Settings: option.Settings{BaseURL: strings.Replace(srv.URL, "http://", "http://user:hunter2@", 1)}})
	require.NoError(t, err)
	_, err = c.Do(context.Background(), &Request{Method: "GET", Path: "/x", Query: map[string][]string{"token": {"hunter3"}},
		Sign: func(r *http.Request) error { r.Header.Set("Authorization", "Bearer hunter4"); return nil }})
	var apiErr *payments.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Len(t, apiErr.Raw, int(ErrorBodyLimit))
	for _, s := range []string{err.Error(), fmt.Sprintf("%+v", c), fmt.Sprint(*c), c.BaseURL()} {
		for _, secret := range []string{"hunter2", "hunter3", "hunter4"} {
			assert.NotContains(t, s[:min(len(s), 1000)], secret)
		}
	}
}

func TestBadBaseURL(t *testing.T) {
	for _, u := range []string{"", "api.example.com", "ftp://x", "http://"} {
		_, err := New(Config{Settings: option.Settings{BaseURL: u}})
		assert.ErrorIs(t, err, payments.ErrValidation, u)
	}
}

func TestRetryAfterDate(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	d, ok := retryAfter(http.Header{"Retry-After": {now.Add(5 * time.Second).Format(http.TimeFormat)}}, now)
	assert.True(t, ok)
	assert.Equal(t, 5*time.Second, d)
	_, ok = retryAfter(http.Header{"Retry-After": {"soon"}}, now)
	assert.False(t, ok, "garbage Retry-After is ignored")
}

func TestBackoffBounded(t *testing.T) {
	p := withDefaults(RetryPolicy{})
	for n := 1; n < 40; n++ {
		d := backoff(p, n)
		require.Positive(t, d, n)
		require.LessOrEqual(t, d, p.MaxDelay, n)
	}
}

func TestIdempotentPostRetriedAndNeverUnknown(t *testing.T) {
	srv, n, _ := server(t, [2]any{503, ""}, [2]any{200, "{}"})
	c, _ := newClient(t, srv.URL)
	_, err := c.Do(context.Background(), &Request{Method: "POST", Path: "/list", Body: []byte("{}"), Idempotent: true})
	require.NoError(t, err)
	assert.Equal(t, int32(2), n.Load())
	srv2, _, _ := server(t, [2]any{0, ""})
	c2, _ := newClient(t, srv2.URL)
	_, err = c2.Do(context.Background(), &Request{Method: "POST", Path: "/list", Body: []byte("{}"), Idempotent: true})
	require.Error(t, err)
	assert.NotErrorIs(t, err, payments.ErrUnknownOutcome, "a read that failed is a plain failure")
}
