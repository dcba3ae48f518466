package cryptoprocessingtest_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/cryptoprocessing/cryptoprocessingtest"
	"github.com/stretchr/testify/require"
)

// The provider's documented signing vector.
const (
	vectorSecret = "AbCdEfG123456"
	vectorBody   = `{"currency":"BTC","foreign_id":"123456"}`
	vectorSig    = "03c25fcf7cd35e7d995e402cd5d51edd72d48e1471e865907967809a0c189ba55b90815f20e2bb10f82c7a9e9d865546fda58989c2ae9e8e2ff7bc29195fa1ec"
)

func TestSignatureVector(t *testing.T) {
	t.Parallel()
	require.EqualValues(t, vectorSig, testSign(vectorSecret, []byte(vectorBody)))
}

func TestServerAcceptsVectorSignature(t *testing.T) {
	t.Parallel()
	srv := cryptoprocessingtest.NewServer(cryptoprocessingtest.Options{APIKey: "k", APISecret: vectorSecret})
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/addresses/take", strings.NewReader(vectorBody))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Processing-Key", "k")
	req.Header.Set("X-Processing-Signature", vectorSig)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	require.EqualValues(t, http.StatusCreated, resp.StatusCode, "status %d: %s", resp.StatusCode, body)
	require.Contains(t, string(body), `"foreign_id":"123456"`, "body %s", body)
}

func TestGeneratedCredentials(t *testing.T) {
	t.Parallel()
	srv := cryptoprocessingtest.NewServer(cryptoprocessingtest.Options{})
	defer srv.Close()
	require.GreaterOrEqual(t, len(srv.APIKey), 16, "weak generated credentials %q %q", srv.APIKey, srv.APISecret)
	require.GreaterOrEqual(t, len(srv.APISecret), 32, "weak generated credentials %q %q", srv.APIKey, srv.APISecret)
	require.NotEqualValues(t, srv.APISecret, srv.APIKey, "weak generated credentials %q %q", srv.APIKey, srv.APISecret)
	require.True(t, strings.HasSuffix(srv.URL, "/api/v2"), "URL %s", srv.URL)
}

func TestAuthenticationErrors(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	body := `{}`
	good := testSign(e.srv.APISecret, []byte(body))
	cases := []struct {
		name    string
		headers map[string]string
		code    string
	}{
		{"no key", map[string]string{"X-Processing-Signature": good}, "required_header_key"},
		{"wrong key", map[string]string{"X-Processing-Key": "nope", "X-Processing-Signature": good}, "bad_header_key"},
		{"no signature", map[string]string{"X-Processing-Key": e.srv.APIKey}, "required_header_signature"},
		{"wrong signature", map[string]string{"X-Processing-Key": e.srv.APIKey, "X-Processing-Signature": testSign("other", []byte(body))}, "bad_header_signature"},
		{"upper-case hex", map[string]string{"X-Processing-Key": e.srv.APIKey, "X-Processing-Signature": strings.ToUpper(good)}, "bad_header_signature"},
		{"signature of another body", map[string]string{"X-Processing-Key": e.srv.APIKey, "X-Processing-Signature": testSign(e.srv.APISecret, []byte(`{ }`))}, "bad_header_signature"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := e.send(http.MethodPost, "accounts/list", body, c.headers)
			wantCode(t, r, http.StatusForbidden, c.code)
			require.NotEmpty(t, str(r.body, "error"), "no error message: %s", r.raw)
		})
	}
}

func TestBadContentFormat(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, body := range []string{"", "null", "[]", "[1]", `"x"`, "123", "{", `{}x`, `{"a":}`, "\xff"} {
		r := e.post("accounts/list", body)
		wantCode(t, r, http.StatusBadRequest, "bad_content_format")
		require.EqualValues(t, "Bad content format", str(r.body, "error"), "%q: %s", body, r.raw)
	}
	// The signature is checked before the body.
	r := e.send(http.MethodPost, "accounts/list", "[]", map[string]string{"X-Processing-Key": e.srv.APIKey, "X-Processing-Signature": "00"})
	wantCode(t, r, http.StatusForbidden, "bad_header_signature")
}

func TestPingNeedsNoAuthentication(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	r := e.send(http.MethodGet, "ping", "", map[string]string{})
	mustStatus(t, r, http.StatusOK)
	require.EqualValues(t, "OK", string(r.raw), "ping body %q", r.raw)
	mustStatus(t, e.send(http.MethodPost, "ping", "{}", nil), http.StatusMethodNotAllowed)
}

func TestUnknownPathsAndMethods(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	wantCode(t, e.post("nope/nothing", "{}"), http.StatusNotFound, "not_found")
	wantCode(t, e.post("invoices/x/cancel/extra", "{}"), http.StatusNotFound, "not_found")
	wantCode(t, e.send(http.MethodGet, "accounts/list", "{}", nil), http.StatusMethodNotAllowed, "method_not_allowed")
	wantCode(t, e.post("transactions/info", `{"id":1}`), http.StatusMethodNotAllowed, "method_not_allowed")

	req, _ := http.NewRequest(http.MethodGet, strings.TrimSuffix(e.srv.URL, "/api/v2")+"/elsewhere", nil)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.EqualValues(t, http.StatusNotFound, resp.StatusCode, "status %d", resp.StatusCode)
	require.Len(t, e.srv.Requests(), 5, "Requests() = %d, want 5", len(e.srv.Requests()))
}
