package cryptopay

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/coinsdk/coinsdk/internal/httpcore"
	"github.com/coinsdk/coinsdk/payments"
)

// Error codes Cryptopay sends in {"error": {"code": …}} and in its details.
const (
	// CodeUnauthenticated: the key or the signature was refused (401).
	CodeUnauthenticated = "unauthenticated"
	// CodeUnauthorized: the key may not do this (403).
	CodeUnauthorized = "unauthorized"
	// CodeIPNotAllowed: the request came from an address outside the key's allow list.
	CodeIPNotAllowed = "ip_not_allowed"
	// CodeInvalid: a validation failure; see the details (422).
	CodeInvalid = "invalid"
	// CodeNotFound: a referenced object does not exist.
	CodeNotFound = "not_found"
	// CodeDuplicateCustomID: the custom_id was already used for this resource.
	CodeDuplicateCustomID = "duplicate_custom_id"
	// CodeHighRiskAddress: the destination is associated with unlawful activity.
	CodeHighRiskAddress = "high_risk_address"
	// CodeInvalidCoinAddress: the address is not valid for the currency.
	CodeInvalidCoinAddress = "invalid_coin_address"
	// CodeMustBeGreaterThanOrEqual: an amount is below a minimum (args.value).
	CodeMustBeGreaterThanOrEqual = "must_be_greater_than_or_equal"
	// CodeMustBeLessThanOrEqual: an amount is above a maximum or the balance (args.value).
	CodeMustBeLessThanOrEqual = "must_be_less_than_or_equal"
	// CodeMustBeIncludedIn: a value is not one of args.list.
	CodeMustBeIncludedIn = "must_be_included_in"
)

// Sentinels more precise than the payments ones; each matches its payments
// sentinel with errors.Is too.
var (
	// ErrIPNotAllowed: the API key is restricted to other IP addresses (403
	// or a 422 ip_not_allowed). Matches payments.ErrUnauthorized.
	ErrIPNotAllowed = fmt.Errorf("cryptopay: ip not allowed: %w", payments.ErrUnauthorized)
	// ErrMaintenance: the API answered 503, Cryptopay's maintenance answer.
	// Matches payments.ErrProviderUnavailable; reads are retried.
	ErrMaintenance = fmt.Errorf("cryptopay: maintenance: %w", payments.ErrProviderUnavailable)
	// ErrHighRiskAddress: the destination was refused as high risk (422
	// high_risk_address). Matches payments.ErrInvalidRequest.
	ErrHighRiskAddress = fmt.Errorf("cryptopay: high-risk address: %w", payments.ErrInvalidRequest)
)

// ErrorDetail is one entry of an error's details: which field (Target) failed
// which rule (Code), with the rule's arguments (a minimum, a list).
type ErrorDetail struct {
	// Code is the rule ("must_be_greater_than_or_equal", "invalid_coin_address", …).
	Code string `json:"code"`
	// Target is the request field ("charged_amount", "address", …).
	Target string `json:"target"`
	// Message is the human-readable message.
	Message string `json:"message"`
	// Args holds the rule's arguments ({"value": "5.0"}, {"list": […]}).
	Args json.RawMessage `json:"args,omitempty"`
}

// errorBody is the shape of every error answer.
type errorBody struct {
	Error *struct {
		Code    string        `json:"code"`
		Message string        `json:"message"`
		Details []ErrorDetail `json:"details"`
	} `json:"error"`
	Meta struct {
		RequestID string `json:"request_id"`
	} `json:"meta"`
}

// decodeError turns a non-2xx answer into a *payments.APIError:
//
//	{"error": {"code", "message", "details": [{"code", "target", "message", "args"}]},
//	 "meta": {"request_id"}}
//
// Code, Message and RequestID are copied; Details maps each target to its
// message (ErrorDetails returns them whole). Kind: 401 and 403 are
// payments.ErrUnauthorized (ip_not_allowed is ErrIPNotAllowed), 404
// ErrNotFound, 409 and any duplicate_custom_id ErrDuplicateReference, 422
// ErrInvalidRequest (high_risk_address ErrHighRiskAddress), 429
// ErrRateLimited, 503 ErrMaintenance. A body that is not this JSON is kept as
// the message (capped) and in Raw.
func decodeError(status int, _ http.Header, body []byte) *payments.APIError {
	e := &payments.APIError{Kind: payments.KindForStatus(status)}
	trimmed := bytes.TrimSpace(body)
	var eb errorBody
	if len(trimmed) == 0 || trimmed[0] != '{' || json.Unmarshal(trimmed, &eb) != nil || eb.Error == nil {
		e.Message = httpcore.TextMessage(string(trimmed))
		if status == http.StatusServiceUnavailable {
			e.Kind = ErrMaintenance
		}
		if eb.Meta.RequestID != "" {
			e.RequestID = eb.Meta.RequestID
		}
		return e
	}
	e.Code = eb.Error.Code
	e.Message = httpcore.TextMessage(eb.Error.Message)
	e.RequestID = eb.Meta.RequestID
	codes := []string{e.Code}
	for _, d := range eb.Error.Details {
		codes = append(codes, d.Code)
		if e.Details == nil {
			e.Details = make(map[string]string, len(eb.Error.Details))
		}
		key := d.Target
		if key == "" {
			key = d.Code
		}
		msg := httpcore.TextMessage(d.Message)
		if msg == "" {
			msg = d.Code
		}
		if prev, ok := e.Details[key]; ok {
			msg = prev + "; " + msg
		}
		e.Details[key] = msg
	}
	has := func(code string) bool {
		for _, c := range codes {
			if c == code {
				return true
			}
		}
		return false
	}
	switch {
	case has(CodeDuplicateCustomID) || status == http.StatusConflict:
		e.Kind = payments.ErrDuplicateReference
	case has(CodeIPNotAllowed):
		e.Kind = ErrIPNotAllowed
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		e.Kind = payments.ErrUnauthorized
	case has(CodeHighRiskAddress):
		e.Kind = ErrHighRiskAddress
	case status == http.StatusServiceUnavailable:
		e.Kind = ErrMaintenance
	}
	return e
}

// ErrorDetails returns the details of a Cryptopay error answer (every
// target, code, message and args), or nil when err is not one.
func ErrorDetails(err error) []ErrorDetail {
	var apiErr *payments.APIError
	if !errors.As(err, &apiErr) || apiErr.Provider != ProviderName {
		return nil
	}
	var eb errorBody
	if json.Unmarshal(apiErr.Raw, &eb) != nil || eb.Error == nil {
		return nil
	}
	return eb.Error.Details
}
