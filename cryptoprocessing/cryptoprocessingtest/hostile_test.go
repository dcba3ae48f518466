package cryptoprocessingtest_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// endpoints is every authenticated endpoint with its method.
var endpoints = []struct{ method, path string }{
	{http.MethodPost, "accounts/list"},
	{http.MethodPost, "currencies/list"},
	{http.MethodPost, "currencies/pairs"},
	{http.MethodPost, "addresses/take"},
	{http.MethodPost, "withdrawal/crypto"},
	{http.MethodPost, "exchange/calculate"},
	{http.MethodPost, "exchange/fixed"},
	{http.MethodPost, "exchange/now"},
	{http.MethodPost, "invoices/create"},
	{http.MethodPost, "invoices/x/cancel/"},
	{http.MethodGet, "transactions/info"},
}

// fields is every request field any endpoint reads.
var fields = []string{
	"visible", "currency_from", "currency_to", "currency", "foreign_id", "convert_to", "end_user_reference",
	"amount", "address", "tag", "sender_currency", "receiver_currency", "sender_amount", "receiver_amount",
	"price", "timer", "title", "description", "url_success", "url_failed", "email_user", "type", "id", "txid",
}

// hostileValues are JSON values of every wrong type and size.
var hostileValues = []string{
	`null`, `true`, `false`, `0`, `-1`, `1e999999999`, `-1e999999999`, `1e-999999999`, `"1e999999999"`,
	`"-0"`, `"NaN"`, `"Infinity"`, `"0x10"`, `" 1"`, `"1 "`, `"١"`, `""`, `"` + strings.Repeat("9", 5000) + `"`,
	strings.Repeat("9", 5000), `[]`, `[1,2]`, `{}`, `{"a":{"b":[]}}`, `"\u0000"`, `"\ud800"`, `"` + strings.Repeat("x", 300) + `"`,
	`123456789012345678901234567890`, `0.000000000000000000000000000000000001`, `"BTC"`, `"EUR"`,
	strings.Repeat("[", 5000) + strings.Repeat("]", 5000),
}

// checkSane asserts an answer a client can parse: a 4xx in the provider's
// shapes (or a 2xx), never a 5xx or a dropped connection.
func checkSane(t *testing.T, r response, what string) {
	t.Helper()
	require.Less(t, r.status, 500, "%s: status %d: %.200s", what, r.status, r.raw)
	if r.status >= 400 && r.status != http.StatusTooManyRequests {
		require.NotNil(t, r.body, "%s: %d without the error shape: %.200s", what, r.status, r.raw)
		require.False(t, r.body["errors"] == nil && r.body["error"] == nil, "%s: %d without the error shape: %.200s", what, r.status, r.raw)
	}
}

func TestHostileFieldValues(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, ep := range endpoints {
		for _, f := range fields {
			for _, v := range hostileValues {
				body := `{"` + f + `":` + v + `}`
				r := e.send(ep.method, ep.path, body, nil)
				checkSane(t, r, ep.path+" "+body[:min(len(body), 60)])
				e.srv.Advance(3 * time.Second) // stay under the calculate rate limit
			}
		}
	}
}

func TestHostileBodies(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	bodies := []string{
		strings.Repeat("{", 100000),
		`{"a":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}`,
		`{"amount":"1","amount":"2"}`,
		"{\"currency\":\"BTC\xff\"}",
		`{"foreign_id":"x","currency":"BTC","amount":"0.1","address":"a"}` + "\x00",
	}
	for _, b := range bodies {
		for _, ep := range endpoints {
			checkSane(t, e.send(ep.method, ep.path, b, nil), ep.path)
		}
	}
	// Over 1 MiB is refused before it is read whole.
	big := `{"title":"` + strings.Repeat("x", 2<<20) + `"}`
	r := e.post("invoices/create", big)
	wantCode(t, r, http.StatusRequestEntityTooLarge, "request_too_large")
	// The sandbox is still serving.
	mustStatus(t, e.post("accounts/list", `{}`), http.StatusOK)
}

// FuzzRequestBody throws arbitrary bodies at every endpoint; the sandbox must
// answer each one in a parseable shape.
func FuzzRequestBody(f *testing.F) {
	for _, seed := range []string{
		`{}`, `{"currency":"BTC","foreign_id":"1"}`, withdrawBody,
		`{"sender_currency":"BTC","receiver_currency":"EUR","sender_amount":"1e30"}`,
		`{"title":"t","currency":"EUR","amount":"12","foreign_id":"i","url_success":"http://a","url_failed":"http://b","email_user":"a@b.c","timer":true}`,
		`{"id":"1"}`, `{"txid":"00"}`, `{"amount":1e999999999}`,
	} {
		f.Add([]byte(seed))
	}
	e := newEnv(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		te := *e // only *testing.T methods may be used inside the target
		te.t = t
		for _, ep := range endpoints {
			checkSane(t, te.send(ep.method, ep.path, string(body), nil), ep.path)
		}
	})
}
