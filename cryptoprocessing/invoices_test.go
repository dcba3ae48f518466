package cryptoprocessing

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func validInvoice() *InvoiceParams {
	return &InvoiceParams{Title: "Order 1001", Currency: "EUR", Amount: decimal.RequireFromString("10.00"), ForeignID: "order-1001",
		URLSuccess: "https://shop.example/ok", URLFailed: "https://shop.example/failed", EmailUser: "payer@example.com"}
}

func TestInvoicesCreate(t *testing.T) {
	t.Parallel()
	c, _ := answering(t, "POST", "/invoices/create", 200, fixture(t, "invoice_create.json"),
		wantBody(t, `{"timer":false,"title":"Order 1001","currency":"EUR","amount":"10","foreign_id":"order-1001",`+
			`"url_success":"https://shop.example/ok","url_failed":"https://shop.example/failed","email_user":"payer@example.com"}`))
	inv, err := c.Invoices.Create(t.Context(), validInvoice())
	require.NoError(t, err)
	assert.Equal(t, "826900", inv.ID)
	assert.Equal(t, InvoiceStatusCreated, inv.Status)
	assert.NotEmpty(t, inv.URL)
	assert.Equal(t, "10", inv.Amount.String(), "Amount")
	assert.Empty(t, inv.SenderCurrency)
	assert.True(t, inv.ReleaseAt.IsZero(), "ReleaseAt = %s", inv.ReleaseAt)
}

// The documentation's other example: foreign_id as a number, "name" for the
// title, a timer running.
func TestInvoicesCreateTimer(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var sent map[string]any
	mt.RegisterResponder("POST", testBase+"/invoices/create", respond(t, 200, fixture(t, "invoice_create_timer.json"),
		func(_ *http.Request, body []byte) { sent = decodeJSON(t, body) }))
	p := validInvoice()
	p.ForeignID, p.Timer, p.SenderCurrency, p.Type, p.Description = "", true, "BTC", InvoiceGoodUntilExpired, "Two books"
	_, err := c.Invoices.Create(t.Context(), p)
	// The example answers for foreign_id 164, not the UUID filled in: not
	// this invoice's answer (and no lookup by reference is answered here).
	require.ErrorIs(t, err, payments.ErrUnknownOutcome, "an answer for another foreign_id")
	assert.Equal(t, true, sent["timer"], "body timer")
	assert.Equal(t, "BTC", sent["sender_currency"], "body sender_currency")
	assert.Equal(t, "good_until_expired", sent["type"], "body type")
	assert.Equal(t, "Two books", sent["description"], "body description")
	fid, _ := sent["foreign_id"].(string)
	_, err = uuid.Parse(fid)
	assert.NoError(t, err, "foreign_id %v", sent["foreign_id"])
	assert.Empty(t, p.ForeignID, "params changed")

	p.ForeignID, p.Amount = "164", decimal.RequireFromString("106.75")
	inv, err := c.Invoices.Create(t.Context(), p)
	require.NoError(t, err)
	assert.Equal(t, "164", inv.ForeignID)
	assert.Equal(t, "TEST NAME", inv.Title)
	assert.Equal(t, 900, inv.SecondsLeft)
	assert.Equal(t, "BTC", inv.SenderCurrency)
	assert.True(t, inv.ReleaseAt.Equal(time.Unix(1581930789, 0)), "ReleaseAt = %s", inv.ReleaseAt)
	assert.Equal(t, "0.00174321", inv.SenderAmount.String(), "SenderAmount")
}

func TestInvoicesCreateValidation(t *testing.T) {
	t.Parallel()
	c := offlineClient(t)
	cases := map[string]func(p *InvoiceParams){
		"title":       func(p *InvoiceParams) { p.Title = "" },
		"currency":    func(p *InvoiceParams) { p.Currency = "" },
		"amount":      func(p *InvoiceParams) { p.Amount = decimal.Zero },
		"url_success": func(p *InvoiceParams) { p.URLSuccess = "/relative" },
		"url_failed":  func(p *InvoiceParams) { p.URLFailed = "javascript:alert(1)" },
		"email_user":  func(p *InvoiceParams) { p.EmailUser = "payer.example.com" },
		"type":        func(p *InvoiceParams) { p.Type = "whenever" },
		"description": func(p *InvoiceParams) { p.Description = strings.Repeat("d", 1001) },
	}
	providertest.EachFieldRefused(t, validInvoice, cases, func(p *InvoiceParams) error {
		_, err := c.Invoices.Create(t.Context(), p)
		return err
	})
	p := validInvoice()
	p.Amount = decimal.RequireFromString("10.001") // EUR has 2 decimals
	_, err := c.Invoices.Create(t.Context(), p)
	assert.ErrorIs(t, err, payments.ErrValidation, "precision")
}

func TestInvoicesCreateDuplicate(t *testing.T) {
	t.Parallel()
	c, mt := answering(t, "POST", "/invoices/create", 400, `{"errors":{"foreign_id":"The foreign id has already been taken."}}`, nil)
	// The lookup by reference fails: the taken foreign_id may be this
	// invoice's own earlier attempt, so the outcome is unknown, not a duplicate.
	_, err := c.Invoices.Create(t.Context(), validInvoice())
	require.ErrorIs(t, err, payments.ErrUnknownOutcome, "lookup failed")
	require.NotErrorIs(t, err, payments.ErrDuplicateReference, "lookup failed")

	// The invoice found by the reference asks for another amount: the
	// foreign_id belongs to another invoice.
	mt.RegisterResponder("GET", testBase+"/transactions/info", respond(t, 200, fixture(t, "callback_invoice_confirmed.json"), nil))
	p := validInvoice()
	p.Amount = decimal.RequireFromString("12")
	_, err = c.Invoices.Create(t.Context(), p)
	require.ErrorIs(t, err, payments.ErrDuplicateReference)

	// The invoice found is the one asked for: it is returned.
	inv, err := c.Invoices.Create(t.Context(), validInvoice())
	require.NoError(t, err)
	require.NotNil(t, inv.Transaction, "settled by reference")
	assert.Equal(t, "order-1001", inv.ForeignID)
}

func TestInvoicesCancel(t *testing.T) {
	t.Parallel()
	c, mt := answering(t, "POST", "/invoices/order-1001/cancel/", 200,
		`{"data":{"id":826900,"foreign_id":"order-1001","status":"cancelled","currency":"EUR","amount":"10"}}`, wantBody(t, `{}`))
	inv, err := c.Invoices.Cancel(t.Context(), "order-1001")
	require.NoError(t, err)
	require.Equal(t, "826900", inv.ID)
	require.Equal(t, InvoiceStatusCancelled, inv.Status)

	mt.RegisterResponder("POST", testBase+"/invoices/order-1002/cancel/", respond(t, 200, `{"data":[]}`, nil))
	inv, err = c.Invoices.Cancel(t.Context(), "order-1002")
	require.NoError(t, err, "bare answer")
	assert.Equal(t, "order-1002", inv.ForeignID, "bare answer")
	assert.Equal(t, InvoiceStatusCancelled, inv.Status, "bare answer")
}

func TestInvoicesCancelInvalidState(t *testing.T) {
	t.Parallel()
	c, mt := answering(t, "POST", "/invoices/order-1001/cancel/", 400,
		`{"errors":{"error":"Invoice cannot be cancelled in current state","code":"invalid_invoice_state"}}`, nil)
	_, err := c.Invoices.Cancel(t.Context(), "order-1001")
	var apiErr *payments.APIError
	require.ErrorAs(t, err, &apiErr)
	require.ErrorIs(t, err, payments.ErrInvalidRequest)
	require.Equal(t, CodeInvalidInvoiceState, apiErr.Code)
	require.Equal(t, "Invoice cannot be cancelled in current state", apiErr.Message)
	require.Empty(t, apiErr.Details)
	for _, bad := range []string{"", "../accounts/list", ".", "..", "a/../b"} {
		_, err := c.Invoices.Cancel(t.Context(), bad)
		assert.ErrorIs(t, err, payments.ErrValidation, "Cancel(%q)", bad)
	}
	assert.Equal(t, 1, mt.GetTotalCallCount(), "calls")
}

// TestForeignIDEscapedOnce: a foreign_id holding a space, a slash and a
// percent sign arrives escaped once, as one segment of
// invoices/{foreign_id}/cancel/ (the only call with an id in its path;
// lookups carry ids in the signed body).
func TestForeignIDEscapedOnce(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var escaped, decoded string
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		signedBody(t, r) // checks key and signature independently
		escaped, decoded = r.URL.EscapedPath(), r.URL.Path
		return providertest.JSONResponse(200, `{"data":{"foreign_id":"a b/c%d","status":"cancelled"}}`), nil
	})
	inv, err := c.Invoices.Cancel(t.Context(), "a b/c%d")
	require.NoError(t, err)
	assert.Equal(t, "a b/c%d", inv.ForeignID)
	assert.Equal(t, "/api/v2/invoices/a%20b%2Fc%25d/cancel/", escaped)
	assert.Equal(t, "/api/v2/invoices/a b/c%d/cancel/", decoded)

	for _, bad := range []string{"", "..", "../accounts/list", `..\accounts`} {
		_, err := c.Invoices.Cancel(t.Context(), bad)
		assert.ErrorIs(t, err, payments.ErrValidation, bad)
	}
	assert.Equal(t, 1, mt.GetTotalCallCount())
}
