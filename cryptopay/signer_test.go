package cryptopay

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSignerVectors checks both vectors of the notes byte for byte.
func TestSignerVectors(t *testing.T) {
	t.Parallel()
	for _, v := range []struct {
		name, secret, method, body, contentType, date, path, md5, want string
	}{
		{"java client", "kJFE6jF6f97FFsfeYhfw_73KJDlf73kF7J", "POST", `{"count":"1"}`, "application/json",
			"Thu, 6 Jan 2022 12:09:25 GMT", "/api/items", "7101dc86c8a8bc928dd8e722fe6cf7f9", "tji3k+LpWAnLuv6t109mwdQ16zs="},
		{"provider docs", "Oe8TBDzg4tatdq2cL9ojeEj3U3oWSCSC5fqOHAqaKVg", "POST", `{"amount":"100"}`, "application/json",
			"2019-01-09T11:24:40+00:00", "/api/auth/test", "", "fVYzUdYqZO1ozBeP3KQHFp9/Kno="},
	} {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			if v.md5 != "" {
				assert.Equal(t, v.md5, BodyMD5([]byte(v.body)))
			}
			s := NewSigner("key", v.secret)
			assert.Equal(t, v.want, s.Signature(v.method, []byte(v.body), v.contentType, v.date, v.path))
			assert.Equal(t, "HMAC key:"+v.want, s.Authorization(v.method, []byte(v.body), v.contentType, v.date, v.path))
		})
	}
}

// TestStringToSignEmptyBody: no body signs the empty string, never the MD5
// of an empty string (d41d8cd9…).
func TestStringToSignEmptyBody(t *testing.T) {
	t.Parallel()
	got := StringToSign("GET", nil, "application/json", "Fri, 02 Jan 2026 03:04:05 GMT", "/api/rates")
	assert.Equal(t, "GET\n\napplication/json\nFri, 02 Jan 2026 03:04:05 GMT\n/api/rates", got)
	assert.Equal(t, got, StringToSign("GET", []byte{}, "application/json", "Fri, 02 Jan 2026 03:04:05 GMT", "/api/rates"))
	assert.NotContains(t, got, "d41d8cd98f00b204e9800998ecf8427e")
}

// TestSignRequestSignsPathWithQuery signs the request target as sent.
func TestSignRequestSignsPathWithQuery(t *testing.T) {
	t.Parallel()
	s := NewSigner(testKey, testSecret)
	r := httptest.NewRequest(http.MethodGet, "https://h.example/api/transactions?reference_type=Invoice&status=completed", nil)
	s.SignRequest(r, nil, time.Date(2022, 1, 6, 13, 9, 25, 0, time.FixedZone("CET", 3600)))
	assert.Equal(t, "Thu, 06 Jan 2022 12:09:25 GMT", r.Header.Get("Date"), "UTC, http.TimeFormat")
	assert.Equal(t, ContentType, r.Header.Get("Content-Type"), "Content-Type on a GET too")
	want := s.Authorization("GET", nil, ContentType, "Thu, 06 Jan 2022 12:09:25 GMT", "/api/transactions?reference_type=Invoice&status=completed")
	assert.Equal(t, want, r.Header.Get("Authorization"))
	require.True(t, strings.HasPrefix(want, "HMAC "+testKey+":"))
}

// TestRetryGetsFreshDate: every attempt is signed anew with the clock's time.
func TestRetryGetsFreshDate(t *testing.T) {
	t.Parallel()
	now := testNow
	c, mt := newTestClient(t, withClockFunc(func() time.Time { now = now.Add(time.Second); return now }))
	var dates []string
	n := 0
	mt.RegisterResponder("GET", testBase+"/api/rates", func(r *http.Request) (*http.Response, error) {
		checkSigned(t, r)
		dates = append(dates, r.Header.Get("Date"))
		n++
		if n == 1 {
			return httpmockString(503, `{"error":{"code":"maintenance","message":"down"},"meta":{"request_id":"r1"}}`), nil
		}
		return httpmockString(200, `{"data":{"BTCEUR":{"buy_rate":"1","sell_rate":"2"}}}`), nil
	})
	_, err := c.Rates.List(ctxT(t))
	require.NoError(t, err)
	require.Len(t, dates, 2)
	assert.NotEqual(t, dates[0], dates[1], "a retry carries a fresh Date")
}
