package cryptoprocessingtest

import (
	"net/http"
	"strings"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
)

// FaultKind says how an injected fault breaks a request; the kinds and their
// mechanics are shared by every coinsdk sandbox, the answers are
// CryptoProcessing's own.
type FaultKind = sandboxkit.FaultKind

// The fault kinds. The ones "after the work" let a client see that a request
// it believes failed did happen, which is what foreign_id idempotency is for.
const (
	// FaultErrorAfterWork does the work (state changes, callbacks) and then
	// answers 500 {"error":"Server error","code":"server_error"}.
	FaultErrorAfterWork = sandboxkit.ErrorAfterWork
	// FaultTimeout does no work and holds the connection until the client
	// gives up, the server closes, or 30 seconds pass (then the connection
	// is dropped without an answer).
	FaultTimeout = sandboxkit.Timeout
	// FaultRateLimit does no work and answers 429 with a plain-text (non-JSON)
	// body and a Retry-After header.
	FaultRateLimit = sandboxkit.RateLimit
	// FaultMalformedBody does the work and answers 200 with the JSON body
	// cut in half.
	FaultMalformedBody = sandboxkit.MalformedBody
	// FaultUnavailable does no work and answers 503 with an HTML body, as a
	// load balancer would.
	FaultUnavailable = sandboxkit.Unavailable
)

// Fault is an injected failure for the next matching requests: Method (""
// any), Path (the endpoint under /api/v2/ such as "withdrawal/crypto" or
// "invoices/INV-1/cancel", or the full URL path; "" matches every path, ping
// included), Kind, Times (0 means 1) and RetryAfter (sent as Retry-After in
// whole seconds, rounded up, with FaultRateLimit, default 1s, and with
// FaultUnavailable when set). Faults are consumed in the order injected by
// requests to a path that exists with its method, before authentication, and
// stay listed by Faults with their hits and remaining uses until ClearFaults.
type Fault = sandboxkit.Fault

// FaultStatus is an injected fault with its Hits and Remaining uses, as
// Faults lists it.
type FaultStatus = sandboxkit.FaultStatus

// faultKey lets only requests to an endpoint that exists, with its method, be
// faulted, keyed by the path under /api/v2/ ("withdrawal/crypto").
func faultKey(r *http.Request) (string, bool) {
	escaped := r.URL.EscapedPath()
	if !strings.HasPrefix(escaped, apiPrefix) {
		return "", false
	}
	rt, key, _, ok := findRoute(escaped[len(apiPrefix):])
	if !ok || r.Method != rt.method {
		return "", false
	}
	return key, true
}

// faultReply answers a fault the way the provider (or what stands in front
// of it) does.
func faultReply(f Fault) sandboxkit.Reply {
	text := "text/plain; charset=utf-8"
	switch f.Kind {
	case FaultTimeout:
		return reply{status: http.StatusGatewayTimeout, body: []byte("Gateway Timeout"), contentType: text}.kit()
	case FaultRateLimit:
		return reply{status: http.StatusTooManyRequests, body: []byte(rateLimitBody), contentType: text,
			retryAfter: sandboxkit.RetryAfterSeconds(f.RetryAfter)}.kit()
	case FaultUnavailable:
		rep := reply{status: http.StatusServiceUnavailable, contentType: "text/html; charset=utf-8",
			body: []byte("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>")}
		if f.RetryAfter > 0 {
			rep.retryAfter = sandboxkit.RetryAfterSeconds(f.RetryAfter)
		}
		return rep.kit()
	}
	return codeReply(http.StatusInternalServerError, "Server error", "server_error").kit()
}
