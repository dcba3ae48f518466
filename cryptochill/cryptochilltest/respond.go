package cryptochilltest

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
)

// reply is a finished answer in CryptoChill's shapes; handlers return one and serve writes it
// through the kit (which applies faults around it).
type reply struct {
	status int
	body   []byte
	header http.Header
}

// envelope is the {"result": ...} wrapper every endpoint but Get Wallet uses.
type envelope struct {
	Result any `json:"result"`
}

// listEnvelope is the paginated wrapper of invoices, transactions and payouts.
type listEnvelope struct {
	Pagination paginationView `json:"pagination"`
	Result     any            `json:"result"`
}

// errorBody is the provider's error shape: {"result": "error", "reason": ..., "message": ...}.
type errorBody struct {
	Result  string `json:"result"`
	Reason  string `json:"reason"`
	Message string `json:"message"`
}

// Error reasons. The documentation shows only ObjectNotFound and (in a recorded answer)
// InvalidValue; the rest follow the same CamelCase style.
const (
	reasonInvalidAPIKey     = "InvalidApiKey"
	reasonInvalidSignature  = "InvalidSignature"
	reasonInvalidNonce      = "InvalidNonce"
	reasonInvalidPayload    = "InvalidPayload"
	reasonInvalidValue      = "InvalidValue"
	reasonInvalidPage       = "InvalidPage"
	reasonObjectNotFound    = "ObjectNotFound"
	reasonNotFound          = "NotFound"
	reasonMethodNotAllowed  = "MethodNotAllowed"
	reasonPermissionDenied  = "PermissionDenied"
	reasonInsufficientFunds = "InsufficientFunds"
	reasonRateLimited       = "RateLimitExceeded"
	reasonInternal          = "InternalServerError"
	reasonUnavailable       = "ServiceUnavailable"
)

// jsonReply encodes v with the given status.
func jsonReply(status int, v any) reply {
	b, err := json.Marshal(v)
	if err != nil {
		// Only our own view types are encoded, so this is a bug in the sandbox; answer the
		// way a real server bug would rather than crashing the test process.
		return errorReply(http.StatusInternalServerError, reasonInternal, "encoding the response failed")
	}
	return reply{status: status, body: b}
}

// resultReply wraps v in {"result": v} with status 200.
func resultReply(v any) reply {
	return jsonReply(http.StatusOK, envelope{Result: v})
}

// errorReply builds an answer in the provider's error shape.
func errorReply(status int, reason, message string) reply {
	b, _ := json.Marshal(errorBody{Result: "error", Reason: reason, Message: message})
	return reply{status: status, body: b}
}

// badValue is the 400 InvalidValue answer used for every validation failure.
func badValue(format string, args ...any) reply {
	return errorReply(http.StatusBadRequest, reasonInvalidValue, fmt.Sprintf(format, args...))
}

// getByID answers a Get endpoint under s.mu: the object find returns rendered by view, or
// the documented 404.
func getByID[T, V any](s *Server, find func() *T, view func(*T) V) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	obj := find()
	if obj == nil {
		return objectNotFound()
	}
	return resultReply(view(obj))
}

// objectNotFound is the documented 404 for an unknown id.
func objectNotFound() reply {
	return errorReply(http.StatusNotFound, reasonObjectNotFound, "Object by specified ID not found")
}

// noContent is the answer to a successful DELETE.
func noContent() reply {
	return reply{status: http.StatusNoContent}
}

// kit converts rep to the shared kit's Reply, with Content-Type application/json when there
// is a body.
func (rep reply) kit() sandboxkit.Reply {
	h := rep.header.Clone()
	if len(rep.body) > 0 {
		if h == nil {
			h = http.Header{}
		}
		h.Set("Content-Type", "application/json")
	}
	return sandboxkit.Reply{Status: rep.status, Header: h, Body: rep.body}
}
