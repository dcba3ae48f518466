package cryptochilltest

import (
	"net/http"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
)

// FaultKind is a way a request can go wrong; the kinds and their mechanics are shared by
// every coinsdk sandbox, the answers are CryptoChill's own.
type FaultKind = sandboxkit.FaultKind

// The injectable faults. Those "after the work" change state exactly as a successful request
// would, which is what makes a client's retry dangerous and its unknown-outcome handling
// necessary.
const (
	// FaultErrorAfterWork processes the request, then answers 500 in the error shape.
	FaultErrorAfterWork = sandboxkit.ErrorAfterWork
	// FaultTimeout does nothing and holds the connection until the client gives up (or 30
	// seconds pass, or the server closes), then closes it without an answer.
	FaultTimeout = sandboxkit.Timeout
	// FaultRateLimit answers 429 with a Retry-After header and reason RateLimitExceeded,
	// without doing the work.
	FaultRateLimit = sandboxkit.RateLimit
	// FaultMalformedBody processes the request, then answers 200 with the first half of the
	// JSON body, as a connection cut mid-answer would.
	FaultMalformedBody = sandboxkit.MalformedBody
	// FaultUnavailable answers 503 with reason ServiceUnavailable, without doing the work.
	FaultUnavailable = sandboxkit.Unavailable
)

// Fault describes which requests fail and how: Method ("" any), Path (the URL path such as
// "/v1/payouts/", "" any), Kind, Times (0 means 1) and RetryAfter (sent with FaultRateLimit,
// rounded up to whole seconds, 0 means 1 second). Faults are matched in the order injected,
// each request consumes at most one, and every fault stays listed by Faults with its hits and
// remaining uses until ClearFaults.
type Fault = sandboxkit.Fault

// FaultStatus is an injected fault with its Hits and Remaining uses, as Faults lists it.
type FaultStatus = sandboxkit.FaultStatus

// faultReply answers a fault in CryptoChill's error shape.
func faultReply(f Fault) sandboxkit.Reply {
	var rep reply
	switch f.Kind {
	case FaultRateLimit:
		secs := sandboxkit.RetryAfterSeconds(f.RetryAfter)
		rep = errorReply(http.StatusTooManyRequests, reasonRateLimited, "Too many requests (injected fault); retry after "+secs+" seconds.")
		rep.header = http.Header{"Retry-After": {secs}}
	case FaultUnavailable:
		rep = errorReply(http.StatusServiceUnavailable, reasonUnavailable, "Service temporarily unavailable (injected fault).")
		if f.RetryAfter > 0 {
			rep.header = http.Header{"Retry-After": {sandboxkit.RetryAfterSeconds(f.RetryAfter)}}
		}
	case FaultTimeout:
		// Where the connection cannot be dropped (HTTP/2, a recorder) a gateway would answer
		// 504, the closest thing to a dropped connection that can be written.
		rep = errorReply(http.StatusGatewayTimeout, reasonUnavailable, "Request timed out (injected fault).")
	default:
		rep = errorReply(http.StatusInternalServerError, reasonInternal, "Internal server error (injected fault; the request was processed).")
	}
	return rep.kit()
}
