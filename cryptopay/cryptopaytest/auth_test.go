package cryptopaytest

import (
	"crypto/md5"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The notes' two request-signing vectors, byte for byte.
func TestRequestSignatureVectors(t *testing.T) {
	t.Parallel()
	for _, v := range []struct {
		name, secret, method, body, ct, date, path, want string
	}{
		{"java client", "kJFE6jF6f97FFsfeYhfw_73KJDlf73kF7J", "POST", `{"count":"1"}`, "application/json",
			"Thu, 6 Jan 2022 12:09:25 GMT", "/api/items", "tji3k+LpWAnLuv6t109mwdQ16zs="},
		{"provider docs", "Oe8TBDzg4tatdq2cL9ojeEj3U3oWSCSC5fqOHAqaKVg", "POST", `{"amount":"100"}`, "application/json",
			"2019-01-09T11:24:40+00:00", "/api/auth/test", "fVYzUdYqZO1ozBeP3KQHFp9/Kno="},
	} {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			got := requestSignature(v.secret, stringToSign(v.method, []byte(v.body), v.ct, v.date, v.path))
			assert.Equal(t, v.want, got)
		})
	}
	sum := md5.Sum([]byte(`{"count":"1"}`))
	assert.Equal(t, "7101dc86c8a8bc928dd8e722fe6cf7f9", hex.EncodeToString(sum[:]))
	// The exact layout: five parts, "\n"-joined, no trailing newline.
	assert.Equal(t, "POST\n7101dc86c8a8bc928dd8e722fe6cf7f9\napplication/json\nThu, 6 Jan 2022 12:09:25 GMT\n/api/items",
		stringToSign("POST", []byte(`{"count":"1"}`), "application/json", "Thu, 6 Jan 2022 12:09:25 GMT", "/api/items"))
	// No body: the digest part is empty, never the MD5 of nothing.
	assert.Equal(t, "GET\n\napplication/json\nd\n/api/rates", stringToSign("GET", nil, "application/json", "d", "/api/rates"))
}

// The notes' callback vector.
func TestCallbackSignatureVector(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "93ab032f2eeefbbd3205b25ce7062b0fef8b96c1c83f6dfd8bd85acd4983f4f7",
		callbackSignature("gkgkGG6834KJC7JJks7Df3-8JJFeiv72H53DFggg3", []byte(`{"amount":"4","price":"2.0","item":"jeans"}`)))
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	want := time.Date(2022, 1, 6, 12, 9, 25, 0, time.UTC)
	for _, ok := range []string{
		"Thu, 06 Jan 2022 12:09:25 GMT",   // Ruby httpdate, Node, Go http.TimeFormat
		"Thu, 6 Jan 2022 12:09:25 GMT",    // Java
		"Thu, 06 Jan 2022 12:09:25 +0000", // PHP date('r')
	} {
		got, parsed := parseDate(ok)
		if assert.True(t, parsed, ok) {
			assert.True(t, want.Equal(got), ok)
		}
	}
	for _, bad := range []string{
		"", "2019-01-09T11:24:40+00:00", "Fri, 06 Jan 2022 12:09:25 GMT", "Thu, 06 Jan 2022 12:09:25 UTC",
		"Thu, 06 Jan 2022 13:09:25 +0100", "Thu,  6 Jan 2022 12:09:25 GMT", "Thursday, 06-Jan-22 12:09:25 GMT",
		"Thu, 06 Jan 2022 12:09:25 GMT ", strings.Repeat("x", 100),
	} {
		_, parsed := parseDate(bad)
		assert.False(t, parsed, bad)
	}
}

func TestAuthentication(t *testing.T) {
	t.Parallel()
	a, s, _ := newAPI(t)
	now := s.Now()
	good := func(method, pq string, body []byte, date string) http.Header { return sign(s, method, pq, body, date) }

	// Each accepted Date spelling, GET with a query string signed as part of the path.
	for _, date := range []string{now.Format(http.TimeFormat), now.Format("Mon, 2 Jan 2006 15:04:05 GMT"), now.Format("Mon, 02 Jan 2006 15:04:05 -0700")} {
		r := a.send("GET", "/api/transactions?reference_type=ManualBalanceTransaction", nil, good("GET", "/api/transactions?reference_type=ManualBalanceTransaction", nil, date))
		assert.Equal(t, http.StatusOK, r.status, "%s: %s", date, r.raw)
	}
	// Skew: 15 minutes either way passes, more does not.
	for d, want := range map[time.Duration]int{15 * time.Minute: 200, -15 * time.Minute: 200, 16 * time.Minute: 401, -16 * time.Minute: 401} {
		date := now.Add(d).Format(http.TimeFormat)
		r := a.send("GET", "/api/accounts", nil, good("GET", "/api/accounts", nil, date))
		assert.Equal(t, want, r.status, "skew %v", d)
	}

	date := now.Format(http.TimeFormat)
	body := []byte(`{"price_amount":"10","price_currency":"EUR","pay_currency":"BTC"}`)
	type tamper func(h http.Header)
	cases := map[string]struct {
		method, path string
		body         []byte
		mod          tamper
	}{
		"no authorization": {"GET", "/api/accounts", nil, func(h http.Header) { h.Del("Authorization") }},
		"not HMAC":         {"GET", "/api/accounts", nil, func(h http.Header) { h.Set("Authorization", "Bearer x") }},
		"no colon":         {"GET", "/api/accounts", nil, func(h http.Header) { h.Set("Authorization", "HMAC "+s.APIKey) }},
		"wrong key": {"GET", "/api/accounts", nil, func(h http.Header) {
			h.Set("Authorization", strings.Replace(h.Get("Authorization"), s.APIKey, "other", 1))
		}},
		"no date":            {"GET", "/api/accounts", nil, func(h http.Header) { h.Del("Date") }},
		"iso date":           {"GET", "/api/accounts", nil, func(h http.Header) { h.Set("Date", now.Format(time.RFC3339)) }},
		"date changed":       {"GET", "/api/accounts", nil, func(h http.Header) { h.Set("Date", now.Add(time.Second).Format(http.TimeFormat)) }},
		"content type":       {"GET", "/api/accounts", nil, func(h http.Header) { h.Set("Content-Type", "text/plain") }},
		"query not signed":   {"GET", "/api/accounts?x=1", nil, nil},
		"body changed":       {"POST", "/api/invoices", body, nil},
		"md5 of empty body":  {"POST", "/api/coin_withdrawals/x/commit", nil, nil},
		"signature tampered": {"GET", "/api/accounts", nil, func(h http.Header) { h.Set("Authorization", h.Get("Authorization")[:30]+"AAAA=") }},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var h http.Header
			switch name {
			case "query not signed":
				h = good("GET", "/api/accounts", nil, date)
			case "body changed":
				h = good("POST", "/api/invoices", []byte(`{"price_amount":"11","price_currency":"EUR","pay_currency":"BTC"}`), date)
			case "md5 of empty body":
				// Signing the MD5 of "" for a request without a body is the mistake the notes warn about.
				sts := "POST\nd41d8cd98f00b204e9800998ecf8427e\napplication/json\n" + date + "\n/api/coin_withdrawals/x/commit"
				h = good("GET", "/", nil, date)
				h.Set("Authorization", "HMAC "+s.APIKey+":"+requestSignature(s.APISecret, sts))
			default:
				h = good(c.method, c.path, c.body, date)
			}
			if c.mod != nil {
				c.mod(h)
			}
			r := a.send(c.method, c.path, c.body, h)
			require.Equal(t, http.StatusUnauthorized, r.status, string(r.raw))
			assert.Equal(t, "unauthenticated", r.errCode())
			assert.NotEmpty(t, r.body["meta"].(map[string]any)["request_id"])
			assert.NotContains(t, string(r.raw), s.APISecret)
		})
	}
	// No work was done by any refused request.
	assert.Empty(t, a.ok(200, "GET", "/api/invoices", nil))
}

func TestForbidden(t *testing.T) {
	t.Parallel()
	a, s, _ := newAPI(t)
	s.SetForbidden("ip_not_allowed")
	r := a.do("GET", "/api/accounts", nil)
	assert.Equal(t, http.StatusForbidden, r.status)
	assert.Equal(t, "ip_not_allowed", r.errCode())
	s.SetForbidden("unauthorized")
	r = a.do("GET", "/api/accounts", nil)
	assert.Equal(t, http.StatusForbidden, r.status)
	assert.Equal(t, "unauthorized", r.errCode())
	s.SetForbidden("")
	assert.Equal(t, http.StatusOK, a.do("GET", "/api/accounts", nil).status)
}
