package gateway

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/coinsdk/coinsdk/internal/httpcore"
	"github.com/coinsdk/coinsdk/payments"
)

// Error codes the API answers with (HTTP 422 {"code", "message"}). The
// documentation names only ERR_NO_PAYMENT; the others are the same family
// for the other objects, and any code not listed keeps
// payments.ErrInvalidRequest.
const (
	// CodeNoPayment: no payment with that id ("Payment <id> not found.").
	CodeNoPayment = "ERR_NO_PAYMENT"
	// CodeNoWithdraw: no withdrawal with that id.
	CodeNoWithdraw = "ERR_NO_WITHDRAW"
	// CodeNoDedicate: no dedicated address with that id.
	CodeNoDedicate = "ERR_NO_DEDICATE"
	// CodeNoTransfer: no transfer with that id.
	CodeNoTransfer = "ERR_NO_TRANSFER"
	// CodeNoAsset: no asset with that id.
	CodeNoAsset = "ERR_NO_ASSET"
	// CodeUnauthorized: the credentials were refused.
	CodeUnauthorized = "ERR_UNAUTHORIZED"
)

// notFoundCodes are the codes that mean the object does not exist.
var notFoundCodes = map[string]bool{
	CodeNoPayment: true, CodeNoWithdraw: true, "ERR_NO_WITHDRAWAL": true, CodeNoDedicate: true,
	CodeNoTransfer: true, CodeNoAsset: true, "ERR_NOT_FOUND": true,
}

// decodeError turns a non-2xx answer into a *payments.APIError:
//
//	422 {"code": "ERR_NO_PAYMENT", "message": "Payment <id> not found."} → ErrNotFound
//	422 {"code": "<other>", "message": "…"}                             → ErrInvalidRequest
//	401 (any body)                                                    → ErrUnauthorized
//	500 (any body)                                                    → ErrProviderUnavailable; for a create,
//	                                                                    the core wraps it as an unknown outcome
//
// A body that is not JSON becomes the message (whitespace collapsed,
// capped); the core keeps it whole in Raw.
func decodeError(status int, header http.Header, body []byte) *payments.APIError {
	e := &payments.APIError{Kind: payments.KindForStatus(status), RequestID: requestID(header)}
	trimmed := bytes.TrimSpace(body)
	var v struct {
		Code    json.RawMessage `json:"code"`
		Message json.RawMessage `json:"message"`
		Error   json.RawMessage `json:"error"`
	}
	if len(trimmed) == 0 || trimmed[0] != '{' || json.Unmarshal(trimmed, &v) != nil {
		e.Message = httpcore.TextMessage(string(trimmed))
		return e
	}
	e.Code = httpcore.TextMessage(httpcore.JSONText(v.Code))
	e.Message = httpcore.TextMessage(httpcore.JSONText(v.Message))
	if e.Message == "" {
		e.Message = httpcore.TextMessage(httpcore.JSONText(v.Error))
	}
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden || e.Code == CodeUnauthorized:
		e.Kind = payments.ErrUnauthorized
	case status < 500 && notFoundCodes[strings.ToUpper(e.Code)]:
		e.Kind = payments.ErrNotFound
	}
	return e
}

// requestID reads a request id header, where a proxy or the service sends one.
func requestID(h http.Header) string {
	for _, k := range []string{"X-Request-Id", "X-Request-ID", "X-Correlation-Id"} {
		if v := h.Get(k); v != "" {
			return httpcore.Truncate(v, 128)
		}
	}
	return ""
}

// WithdrawalUnknownError is the unknown outcome of a withdrawal create (a
// 500, a timeout or a reset after the request went out). The SDK cannot
// resolve it: the API has no idempotency key, no withdrawal list and no
// lookup by a custom field, and the withdrawal id was never received. Do
// NOT resend the withdrawal: it may have been made (or may still be). Find
// it in the store's withdrawal history (dashboard or support) by the
// reference carried in custom, or wait for the service to cancel it.
//
// It matches payments.ErrUnknownOutcome with errors.Is, and errors.As
// reaches the *payments.UnknownOutcomeError inside.
type WithdrawalUnknownError struct {
	// UnknownOutcomeError carries the operation, the reference and the cause.
	*payments.UnknownOutcomeError
}

// Error says what is unknown and that the SDK cannot resolve it.
func (e *WithdrawalUnknownError) Error() string {
	msg := ProviderName + ": create withdrawal: outcome unknown and not resolvable by the SDK (the API has no lookup by reference); do not resend it"
	if e.ID != "" {
		msg += "; the answer named withdraw_id " + fmt.Sprintf("%q", httpcore.Truncate(e.ID, 100)) + ": read it with Withdrawals.Get"
	}
	if e.Reference != "" {
		msg += "; find it in the store's withdrawal history by custom " + ReferenceKey + " " + fmt.Sprintf("%q", e.Reference)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the *payments.UnknownOutcomeError.
func (e *WithdrawalUnknownError) Unwrap() error { return e.UnknownOutcomeError }
