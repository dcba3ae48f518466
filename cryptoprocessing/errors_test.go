package cryptoprocessing

import (
	"net/http"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/internal/httpcore"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/jarcoal/httpmock"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecodeError(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		status  int
		body    string
		kind    error
		code    string
		message string
		details map[string]string
	}{
		{"validation", 400, `{"errors":{"amount":"The amount must be at least 0.001.","address":"The address format is invalid."}}`,
			payments.ErrInvalidRequest, "", "validation failed",
			map[string]string{"amount": "The amount must be at least 0.001.", "address": "The address format is invalid."}},
		{"validation as lists", 400, `{"errors":{"currency":["The currency field is required.","The selected currency is invalid."]}}`,
			payments.ErrInvalidRequest, "", "validation failed",
			map[string]string{"currency": "The currency field is required.; The selected currency is invalid."}},
		{"duplicate foreign_id", 400, `{"errors":{"foreign_id":"The foreign id has already been taken."}}`,
			payments.ErrDuplicateReference, "", "validation failed",
			map[string]string{"foreign_id": "The foreign id has already been taken."}},
		{"foreign_id required is not a duplicate", 400, `{"errors":{"foreign_id":"The foreign id field is required."}}`,
			payments.ErrInvalidRequest, "", "validation failed", map[string]string{"foreign_id": "The foreign id field is required."}},
		{"bad content format", 400, `{"error":"Bad content format","code":"bad_content_format"}`,
			payments.ErrInvalidRequest, CodeBadContentFormat, "Bad content format", nil},
		{"invalid invoice state", 400, `{"errors":{"error":"Invoice cannot be cancelled","code":"invalid_invoice_state"}}`,
			payments.ErrInvalidRequest, CodeInvalidInvoiceState, "Invoice cannot be cancelled", nil},
		{"bad signature", 403, `{"error":"Bad signature header","code":"bad_header_signature"}`,
			payments.ErrUnauthorized, CodeBadHeaderSignature, "Bad signature header", nil},
		{"missing signature", 403, `{"error":"Signature header required","code":"required_header_signature"}`,
			payments.ErrUnauthorized, CodeRequiredHeaderSignature, "Signature header required", nil},
		{"bad key", 403, `{"error":"Bad key header","code":"bad_header_key"}`,
			payments.ErrUnauthorized, CodeBadHeaderKey, "Bad key header", nil},
		{"missing key", 403, `{"error":"Key header required","code":"required_header_key"}`,
			payments.ErrUnauthorized, CodeRequiredHeaderKey, "Key header required", nil},
		{"auth code under another status", 400, `{"error":"Bad key header","code":"bad_header_key"}`,
			payments.ErrUnauthorized, CodeBadHeaderKey, "Bad key header", nil},
		{"not found", 404, `{"errors":{"id":"Transaction not found."}}`,
			payments.ErrNotFound, "", "validation failed", map[string]string{"id": "Transaction not found."}},
		{"not found, plain", 404, `{"error":"Not found","code":"not_found"}`, payments.ErrNotFound, "not_found", "Not found", nil},
		{"rate limited, text", 429, "Too Many Attempts.\n\n", payments.ErrRateLimited, "", "Too Many Attempts.", nil},
		{"rate limited, long text", 429, strings.Repeat("slow down ", 100), payments.ErrRateLimited, "",
			strings.Repeat("slow down ", 40)[:httpcore.MaxMessage] + "…", nil},
		{"unavailable, html", 503, "<html><body>503</body></html>", payments.ErrProviderUnavailable, "", "<html><body>503</body></html>", nil},
		{"empty", 500, "", payments.ErrProviderUnavailable, "", "", nil},
		{"json but not an object", 400, `["nope"]`, payments.ErrInvalidRequest, "", `["nope"]`, nil},
		{"errors as a string", 400, `{"errors":"Something failed"}`, payments.ErrInvalidRequest, "", "Something failed", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := decodeError(tc.status, nil, []byte(tc.body))
			require.NotNil(t, e)
			assert.ErrorIs(t, e, tc.kind)
			assert.Equal(t, tc.code, e.Code, "code")
			assert.Equal(t, tc.message, e.Message, "message")
			if len(tc.details) == 0 {
				assert.Empty(t, e.Details, "details")
			} else {
				assert.Equal(t, tc.details, e.Details, "details")
			}
		})
	}
}

// Through the client: the core fills in provider, status and raw text.
func TestAPIErrorThroughClient(t *testing.T) {
	t.Parallel()
	c, _ := answering(t, "POST", "/accounts/list", 400, `{"error":"Bad content format","code":"bad_content_format"}`, nil)
	_, err := c.Accounts.List(t.Context())
	var apiErr *payments.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, ProviderName, apiErr.Provider)
	assert.Equal(t, 400, apiErr.StatusCode)
	assert.NotEmpty(t, apiErr.Raw)
	assert.EqualError(t, err, "cryptoprocessing: HTTP 400 bad_content_format: Bad content format")
}

func TestAPIErrorCarriesRequestID(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	answers := []func() *http.Response{
		func() *http.Response {
			resp := httpmock.NewStringResponse(403, `{"error":"bad key","code":"bad_header_key"}`)
			resp.Header.Set("X-Request-Id", "req-42")
			return resp
		},
		func() *http.Response {
			return httpmock.NewStringResponse(400, `{"errors":{"amount":"too small"},"request_id":"body-7"}`)
		},
	}
	n := 0
	mt.RegisterNoResponder(func(*http.Request) (*http.Response, error) { n++; return answers[n-1](), nil })
	var apiErr *payments.APIError
	_, err := c.Accounts.List(t.Context())
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "req-42", apiErr.RequestID)
	_, err = c.Withdrawals.Crypto(t.Context(), &WithdrawalParams{ForeignID: "f-1", Amount: decimal.RequireFromString("0.01"),
		Currency: "BTC", Address: dest})
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "body-7", apiErr.RequestID)
}
