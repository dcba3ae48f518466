package cryptopay

import (
	"crypto/hmac"
	"crypto/md5"
	"crypto/sha1"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/credential"
)

// ContentType is the Content-Type every request carries and signs, GET
// included.
const ContentType = "application/json"

// HeaderAuthorization carries "HMAC <api key>:<signature>".
const HeaderAuthorization = "Authorization"

// Signer signs Cryptopay requests. The string to sign is five parts joined
// with "\n" (no trailing newline):
//
//	METHOD
//	lowercase hex MD5 of the exact body bytes ("" when there is no body)
//	Content-Type value
//	Date header value, exactly as sent
//	request path with its query string ("/api/transactions?status=completed")
//
// and the signature is the standard (padded) base64 of its HMAC-SHA1 under
// the API secret. Printing a Signer never shows the secret.
type Signer struct {
	cred credential.Credential // printed only as the key's tail and a mask
}

// NewSigner returns a Signer for an API key and secret.
func NewSigner(apiKey, apiSecret string) *Signer {
	return &Signer{cred: credential.New(apiKey, apiSecret)}
}

// Format masks the secret for every verb.
func (s Signer) Format(f fmt.State, _ rune) {
	s.cred.Describe(f, "cryptopay.Signer")
}

// BodyMD5 is the body part of the string to sign: the lowercase hex MD5 of
// body, or "" for no (or an empty) body — never the MD5 of an empty string.
func BodyMD5(body []byte) string {
	if len(body) == 0 {
		return ""
	}
	sum := md5.Sum(body)
	return hex.EncodeToString(sum[:])
}

// StringToSign builds the string Cryptopay signs for one request.
// pathQuery is the request target as sent: the path and, when there is one,
// "?" and the query string.
func StringToSign(method string, body []byte, contentType, date, pathQuery string) string {
	return strings.Join([]string{method, BodyMD5(body), contentType, date, pathQuery}, "\n")
}

// Signature returns the base64 HMAC-SHA1 of the string to sign for these
// request parts.
func (s *Signer) Signature(method string, body []byte, contentType, date, pathQuery string) string {
	m := hmac.New(sha1.New, s.cred.Secret())
	m.Write([]byte(StringToSign(method, body, contentType, date, pathQuery)))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// Authorization returns the Authorization header value for these request
// parts: "HMAC <api key>:<signature>".
func (s *Signer) Authorization(method string, body []byte, contentType, date, pathQuery string) string {
	return "HMAC " + s.cred.Key() + ":" + s.Signature(method, body, contentType, date, pathQuery)
}

// SignRequest sets Date (now, in Go's http.TimeFormat, the RFC 1123 form
// with a two-digit day the Ruby and Node clients send), Content-Type and
// Authorization on r, whose body must be body. It signs r's method and the
// request target exactly as the transport writes it (path and query).
func (s *Signer) SignRequest(r *http.Request, body []byte, now time.Time) {
	date := now.UTC().Format(http.TimeFormat)
	r.Header.Set("Date", date)
	r.Header.Set("Content-Type", ContentType)
	r.Header.Set(HeaderAuthorization, s.Authorization(r.Method, body, ContentType, date, r.URL.RequestURI()))
}

// encode is the pipeline's Encode: the body is marshalled once (those bytes
// are hashed, signed and sent on every attempt), and each attempt is signed
// afresh, with a new Date from the client's clock.
func (c *Client) encode(k *apicall.Call) ([]byte, func(*http.Request) error, error) {
	body, err := apicall.JSONBody(k.Body)
	if err != nil {
		return nil, nil, err
	}
	return body, func(r *http.Request) error {
		c.signer.SignRequest(r, body, c.now())
		return nil
	}, nil
}
