package webhookkit

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/internal/redact"
	"github.com/coinsdk/coinsdk/payments"
)

const header = "X-Signature"

// sign is the hex HMAC-SHA256 computed with crypto/hmac directly.
func sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// recorder is a parseBody that records what it was handed.
type recorder struct {
	calls  int
	body   []byte
	header http.Header
}

func (r *recorder) parse(body []byte, h http.Header) (string, error) {
	r.calls++
	r.body, r.header = body, h
	return "event:" + string(body), nil
}

func TestParseHandsTheExactBytesOn(t *testing.T) {
	t.Parallel()
	body := " {\"id\": \"tx_1\"}\n"
	req := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(body))
	req.Header.Set(header, "abc")
	var rec recorder
	ev, err := Parse(req, "prov", 0, rec.parse)
	require.NoError(t, err)
	assert.Equal(t, "event:"+body, ev)
	assert.Equal(t, []byte(body), rec.body, "the raw bytes, white space included")
	assert.Equal(t, "abc", rec.header.Get(header), "with the request's headers")

	boom := errors.New("bad signature")
	_, err = Parse(httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(body)), "prov", 0,
		func([]byte, http.Header) (int, error) { return 0, boom })
	assert.ErrorIs(t, err, boom, "parseBody's error is returned as is")
}

func TestParseBodyCap(t *testing.T) {
	t.Parallel()
	const limit = 64
	fits := bytes.Repeat([]byte("a"), limit)
	over := bytes.Repeat([]byte("a"), limit+1)

	var rec recorder
	_, err := Parse(httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(fits)), "prov", limit, rec.parse)
	require.NoError(t, err, "a body of exactly the cap is read")
	assert.Equal(t, fits, rec.body)

	chunked := httptest.NewRequest(http.MethodPost, "/", io.MultiReader(bytes.NewReader(over)))
	chunked.ContentLength = -1 // no Content-Length: only the capped reader stops it
	known := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(over))
	for name, req := range map[string]*http.Request{"Content-Length over": known, "chunked over": chunked} {
		var rec recorder
		_, err := Parse(req, "prov", limit, rec.parse)
		require.ErrorIs(t, err, payments.ErrPayloadTooLarge, name)
		assert.NotErrorIs(t, err, payments.ErrInvalidSignature, name)
		assert.Zero(t, rec.calls, "%s: nothing is parsed", name)
	}

	// limit <= 0 is the default, 1 MiB.
	def := bytes.Repeat([]byte("a"), int(DefaultLimit))
	for _, l := range []int64{0, -1} {
		_, err := Parse(httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(def)), "prov", l, rec.parse)
		require.NoError(t, err, "limit %d: 1 MiB fits", l)
		_, err = Parse(httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(append(def, 'a'))), "prov", l, rec.parse)
		require.ErrorIs(t, err, payments.ErrPayloadTooLarge, "limit %d: 1 MiB + 1 does not", l)
	}
}

func TestParseEmptyBody(t *testing.T) {
	t.Parallel()
	noBody := httptest.NewRequest(http.MethodPost, "/", nil)
	noBody.Body = nil
	for name, req := range map[string]*http.Request{
		"empty":   httptest.NewRequest(http.MethodPost, "/", strings.NewReader("")),
		"no body": noBody,
	} {
		var rec recorder
		_, err := Parse(req, "prov", 0, rec.parse)
		require.ErrorIs(t, err, payments.ErrMalformed, name)
		assert.Zero(t, rec.calls, name)
	}
}

func TestCheckBody(t *testing.T) {
	t.Parallel()
	require.NoError(t, CheckBody([]byte(`{}`), "prov", 2), "exactly the cap")
	err := CheckBody([]byte(`{ }`), "prov", 2)
	require.ErrorIs(t, err, payments.ErrPayloadTooLarge)
	assert.NotErrorIs(t, err, payments.ErrMalformed)
	assert.Contains(t, err.Error(), "prov webhook")

	require.NoError(t, CheckBody(bytes.Repeat([]byte("a"), int(DefaultLimit)), "prov", 0), "limit 0 is 1 MiB")
	require.ErrorIs(t, CheckBody(bytes.Repeat([]byte("a"), int(DefaultLimit)+1), "prov", 0), payments.ErrPayloadTooLarge)

	for _, empty := range [][]byte{nil, {}, []byte(" \r\n\t ")} {
		err := CheckBody(empty, "prov", 0)
		require.ErrorIs(t, err, payments.ErrMalformed, "%q", empty)
		assert.NotErrorIs(t, err, payments.ErrPayloadTooLarge)
	}
	// The cap comes first: an oversized blank body is too large, not empty.
	assert.ErrorIs(t, CheckBody([]byte("    "), "prov", 2), payments.ErrPayloadTooLarge)
}

func TestFormat(t *testing.T) {
	t.Parallel()
	for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
		assert.Equal(t, "prov.WebhooksService{secrets: 2 masked, apiClient: true}", fmt.Sprintf(verb, svc{2, true}), verb)
	}
	assert.Equal(t, "prov.WebhooksService{secrets: 0 masked, apiClient: false}", fmt.Sprint(svc{0, false}))
}

// svc prints itself through Format, as a provider's WebhooksService does.
type svc struct {
	n   int
	api bool
}

func (s svc) Format(f fmt.State, _ rune) { Format(f, "prov.WebhooksService", "secrets", s.n, s.api) }

func TestAppendKeys(t *testing.T) {
	t.Parallel()
	secrets := redact.Secrets("current", "previous")
	var buf [4][]byte
	keys := AppendKeys(buf[:0], secrets)
	assert.Equal(t, [][]byte{[]byte("current"), []byte("previous")}, keys, "current first")
	assert.Equal(t, []byte("current"), buf[0], "written into the caller's array")
	keys[0][0] = 'X'
	assert.Equal(t, "current", secrets[0].Reveal(), "the keys are copies")

	keys = AppendKeys([][]byte{[]byte("kept")}, redact.Secrets("a", "b", "c", "d", "e"))
	assert.Len(t, keys, 6, "appends after what buf holds, past its capacity")
	assert.Equal(t, []byte("kept"), keys[0])
	assert.Empty(t, AppendKeys(nil, nil))
}

func TestVerifyHeader(t *testing.T) {
	t.Parallel()
	body := []byte(`{"id":"tx_1","status":"paid"}`)
	secrets := redact.Secrets("current-secret", "previous-secret")

	require.NoError(t, VerifyHeader("prov", sha256.New, secrets, body, header, sign("current-secret", body)), "current secret")
	require.NoError(t, VerifyHeader("prov", sha256.New, secrets, body, header, sign("previous-secret", body)), "previous secret, during rotation")
	require.NoError(t, VerifyHeader("prov", sha256.New, secrets, body, header, " "+strings.ToUpper(sign("current-secret", body))+" "),
		"either case, surrounding spaces ignored")

	many := redact.Secrets("s1", "s2", "s3", "s4", "s5", "s6")
	require.NoError(t, VerifyHeader("prov", sha256.New, many, body, header, sign("s6", body)), "more secrets than the stack buffer")

	m := hmac.New(sha512.New, []byte("current-secret"))
	m.Write(body)
	require.NoError(t, VerifyHeader("prov", sha512.New, secrets, body, header, hex.EncodeToString(m.Sum(nil))), "over the hash given")

	good := sign("current-secret", body)
	for name, c := range map[string]struct {
		secrets []redact.Secret
		body    []byte
		sig     string
		says    string
	}{
		"no secret":          {nil, body, good, "no webhook secret configured to verify " + header},
		"no header":          {secrets, body, "", "no " + header + " header"},
		"blank header":       {secrets, body, "  ", "no " + header + " header"},
		"other secret":       {secrets, body, sign("someone-else", body), header + " does not match the body"},
		"tampered body":      {secrets, []byte(`{"id":"tx_1","status":"PAID"}`), good, header + " does not match the body"},
		"truncated":          {secrets, body, good[:32], header + " does not match the body"},
		"not hex":            {secrets, body, "zz" + good[2:], header + " does not match the body"},
		"wrong hash":         {secrets, body, hex.EncodeToString(m.Sum(nil)), header + " does not match the body"},
		"only empty secrets": {[]redact.Secret{{}}, body, sign("", body), header + " does not match the body"},
	} {
		err := VerifyHeader("prov", sha256.New, c.secrets, c.body, header, c.sig)
		require.ErrorIs(t, err, payments.ErrInvalidSignature, name)
		assert.NotErrorIs(t, err, payments.ErrMalformed, name)
		assert.Contains(t, err.Error(), "prov webhook", name)
		assert.Contains(t, err.Error(), c.says, name)
		if strings.TrimSpace(c.sig) != "" {
			assert.NotContains(t, err.Error(), c.sig, "%s: the signature is never echoed", name)
		}
		assert.NotContains(t, err.Error(), "secret-", "%s: nor a secret", name)
	}
}

func TestSignBody(t *testing.T) {
	t.Parallel()
	body := []byte(" {\"id\": \"tx_1\"}\n")
	out, h, err := SignBody("prov", sha256.New, header, "current-secret", body)
	require.NoError(t, err)
	assert.Equal(t, body, out, "the exact bytes")
	out[1] = '['
	assert.Equal(t, byte('{'), body[1], "a copy: the caller's body is untouched")
	assert.Equal(t, "application/json", h.Get("Content-Type"))
	assert.Equal(t, sign("current-secret", body), h.Get(header), "hex HMAC over the exact bytes")
	require.NoError(t, VerifyHeader("prov", sha256.New, redact.Secrets("current-secret"), body, header, h.Get(header)),
		"what SignBody signs, VerifyHeader accepts")

	out, h, err = SignBody("prov", sha256.New, header, "", body)
	require.NoError(t, err)
	assert.Equal(t, body, out)
	assert.Empty(t, h.Values(header), "no secret, no signature header")
	assert.Equal(t, "application/json", h.Get("Content-Type"))

	for _, bad := range []string{"", "  ", "[]", `"x"`, "null", `{"a":`, `{} {}`, "{}x"} {
		out, h, err := SignBody("prov", sha256.New, header, "s", []byte(bad))
		require.ErrorIs(t, err, payments.ErrMalformed, "%q", bad)
		assert.Contains(t, err.Error(), "prov: test webhook")
		assert.Nil(t, out)
		assert.Nil(t, h)
	}
}
