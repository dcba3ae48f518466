package cryptopaytest

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strings"
	"time"
)

// This file is the sandbox's own reading of Cryptopay's request signing,
// written from the provider notes and never shared with package cryptopay,
// so that the client's signer and this verifier check each other.

// DateSkew is how far a request's Date may be from the sandbox clock, either
// way, as on the provider's servers (about 15 minutes).
const DateSkew = 15 * time.Minute

// dateLayouts are the three Date spellings the official clients send and the
// provider accepts: RFC 1123 with a two-digit day (Ruby httpdate, Node
// toUTCString, Go's http.TimeFormat), RFC 1123 with a one-digit day (Java)
// and RFC 2822 with a numeric +0000 zone (PHP date('r')).
var dateLayouts = []string{
	"Mon, 02 Jan 2006 15:04:05 GMT",
	"Mon, 2 Jan 2006 15:04:05 GMT",
	"Mon, 02 Jan 2006 15:04:05 -0700",
}

// parseDate reads a Date header in one of dateLayouts. A value must spell
// exactly what its layout writes (weekday included), so "Fri, 6 Jan 2022"
// or a two-digit day in the one-digit layout with a wrong weekday is refused;
// the numeric zone must be +0000.
func parseDate(v string) (time.Time, bool) {
	if len(v) > 64 {
		return time.Time{}, false
	}
	for _, layout := range dateLayouts {
		t, err := time.Parse(layout, v)
		if err != nil {
			continue
		}
		if _, off := t.Zone(); off != 0 {
			continue
		}
		if t.Format(layout) != v {
			continue
		}
		return t.UTC(), true
	}
	return time.Time{}, false
}

// stringToSign is the provider's message: five parts joined with "\n", no
// trailing newline: the method, the lowercase hex MD5 of the exact body bytes
// (the empty string when there is no body, never the MD5 of nothing), the
// Content-Type value, the Date value exactly as sent, and the path with its
// query string as it appeared on the request line.
func stringToSign(method string, body []byte, contentType, date, pathAndQuery string) string {
	digest := ""
	if len(body) > 0 {
		sum := md5.Sum(body)
		digest = hex.EncodeToString(sum[:])
	}
	return method + "\n" + digest + "\n" + contentType + "\n" + date + "\n" + pathAndQuery
}

// requestSignature is standard padded base64 of HMAC-SHA1 keyed with the API
// secret over the string to sign.
func requestSignature(secret, message string) string {
	mac := hmac.New(sha1.New, []byte(secret))
	mac.Write([]byte(message))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// callbackSignature is the X-Cryptopay-Signature of a callback: lowercase hex
// HMAC-SHA256 keyed with the callback secret over the raw body.
func callbackSignature(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}

// authError is why a request was not authenticated; the message goes into
// the 401 answer and never contains the expected signature.
type authError string

// authenticate checks Authorization, Date and the signature of a request
// whose body has been read in full. It answers "" when the request is
// authentic.
func (s *Server) authenticate(r *http.Request, body []byte, now time.Time) authError {
	auth := r.Header.Values("Authorization")
	if len(auth) == 0 {
		return "Authorization header is missing"
	}
	if len(auth) > 1 {
		return "Authorization header is repeated"
	}
	rest, ok := strings.CutPrefix(auth[0], "HMAC ")
	if !ok {
		return "Authorization header must be HMAC <api_key>:<signature>"
	}
	i := strings.LastIndexByte(rest, ':')
	if i <= 0 || i == len(rest)-1 {
		return "Authorization header must be HMAC <api_key>:<signature>"
	}
	key, sig := rest[:i], rest[i+1:]
	if !hmac.Equal([]byte(key), []byte(s.APIKey)) {
		return "API key is invalid"
	}
	dates := r.Header.Values("Date")
	if len(dates) != 1 {
		return "Date header is missing or repeated"
	}
	date, ok := parseDate(dates[0])
	if !ok {
		return "Date header is not in a supported format"
	}
	if d := now.Sub(date); d > DateSkew || d < -DateSkew {
		return "Date header is too far from the server time"
	}
	ct := r.Header.Values("Content-Type")
	if len(ct) > 1 {
		return "Content-Type header is repeated"
	}
	contentType := ""
	if len(ct) == 1 {
		contentType = ct[0]
	}
	target := r.RequestURI // the request target exactly as it came on the request line
	if target == "" {      // a request built in-process and handed to ServeHTTP
		target = r.URL.RequestURI()
	}
	want := requestSignature(s.APISecret, stringToSign(r.Method, body, contentType, dates[0], target))
	if !hmac.Equal([]byte(sig), []byte(want)) {
		return "signature is invalid"
	}
	return ""
}
