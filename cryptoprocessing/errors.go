package cryptoprocessing

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/coinsdk/coinsdk/internal/httpcore"
	"github.com/coinsdk/coinsdk/payments"
)

// Error codes the API sends in {"error": …, "code": …} answers.
const (
	// CodeBadContentFormat: the body is not a JSON object (400).
	CodeBadContentFormat = "bad_content_format"
	// CodeBadHeaderSignature: X-Processing-Signature does not match the body (403).
	CodeBadHeaderSignature = "bad_header_signature"
	// CodeRequiredHeaderSignature: X-Processing-Signature is missing (403).
	CodeRequiredHeaderSignature = "required_header_signature"
	// CodeBadHeaderKey: X-Processing-Key names no key (403).
	CodeBadHeaderKey = "bad_header_key"
	// CodeRequiredHeaderKey: X-Processing-Key is missing (403).
	CodeRequiredHeaderKey = "required_header_key"
	// CodeInvalidInvoiceState: the invoice cannot be cancelled in its state.
	CodeInvalidInvoiceState = "invalid_invoice_state"
)

// authCodes are the codes that mean the credentials or signature were refused.
var authCodes = []string{CodeBadHeaderSignature, CodeRequiredHeaderSignature, CodeBadHeaderKey, CodeRequiredHeaderKey}

// decodeError turns a non-2xx answer into a *payments.APIError. It knows the
// shapes the API documents:
//
//	400 {"errors": {"<field>": "<message>", …}}          → Details, ErrInvalidRequest
//	400 {"errors": {"foreign_id": "… already been taken."}} → ErrDuplicateReference
//	400 {"errors": {"error": "…", "code": "invalid_invoice_state"}} → Code
//	400 {"error": "Bad content format", "code": "bad_content_format"}
//	403 {"error": "…", "code": "bad_header_signature" | …} → ErrUnauthorized
//	429 a plain-text body                                → ErrRateLimited, Message = the text
//
// Anything else keeps the status's default kind; the core keeps the body in Raw.
func decodeError(status int, _ http.Header, body []byte) *payments.APIError {
	e := &payments.APIError{Kind: payments.KindForStatus(status)}
	trimmed := bytes.TrimSpace(body)
	var obj map[string]json.RawMessage
	if len(trimmed) == 0 || trimmed[0] != '{' || json.Unmarshal(trimmed, &obj) != nil {
		// A rate limiter's or load balancer's own text: make it the message
		// so err.Error() says something useful; Raw keeps it whole.
		e.Message = httpcore.TextMessage(string(trimmed))
		return e
	}
	if v, ok := obj["errors"]; ok {
		decodeErrorsField(e, v)
	}
	// Not documented; taken when present. Without it the core fills
	// RequestID from X-Request-Id or a front proxy's id header.
	e.RequestID = httpcore.CleanRequestID(httpcore.JSONText(obj["request_id"]))
	if s := httpcore.JSONText(obj["code"]); s != "" && e.Code == "" {
		e.Code = s
	}
	for _, k := range []string{"error", "message"} {
		if s := httpcore.JSONText(obj[k]); s != "" && e.Message == "" {
			e.Message = httpcore.TextMessage((s))
		}
	}
	if e.Message == "" && len(e.Details) > 0 {
		e.Message = "validation failed"
	}
	switch {
	case slices.Contains(authCodes, e.Code):
		e.Kind = payments.ErrUnauthorized
	case status < 500 && status != http.StatusNotFound && isDuplicateForeignID(e.Details["foreign_id"]):
		e.Kind = payments.ErrDuplicateReference
	}
	return e
}

// decodeErrorsField reads the "errors" member: usually a map of field to
// message (Laravel style; a message may also be a list), sometimes an
// {"error", "code"} pair (invoice cancel), sometimes a bare string.
func decodeErrorsField(e *payments.APIError, v json.RawMessage) {
	var fields map[string]json.RawMessage
	if json.Unmarshal(v, &fields) != nil {
		if s := httpcore.JSONText(v); s != "" {
			e.Message = httpcore.TextMessage((s))
		}
		return
	}
	if code := httpcore.JSONText(fields["code"]); code != "" {
		e.Code = code
		e.Message = httpcore.TextMessage((httpcore.JSONText(fields["error"])))
		delete(fields, "code")
		delete(fields, "error")
	}
	for k, raw := range fields {
		if e.Details == nil {
			e.Details = make(map[string]string, len(fields))
		}
		e.Details[k] = httpcore.TextMessage((httpcore.JSONText(raw)))
	}
}

// isDuplicateForeignID recognises the API's answer to a reused foreign_id
// ("The foreign id has already been taken."), which is what makes retrying a
// withdrawal or invoice with the same foreign_id safe.
func isDuplicateForeignID(msg string) bool {
	m := strings.ToLower(msg)
	return strings.Contains(m, "taken") || strings.Contains(m, "already exists") || strings.Contains(m, "unique")
}
