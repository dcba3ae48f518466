package cryptoprocessing

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

func validInvoice() *InvoiceParams {
	return &InvoiceParams{Title: "Order 1001", Currency: "EUR", Amount: decimal.RequireFromString("10.00"), ForeignID: "order-1001",
		URLSuccess: "https://shop.example/ok", URLFailed: "https://shop.example/failed", EmailUser: "payer@example.com"}
}

func TestInvoicesCreate(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/invoices/create", respond(t, 200, fixture(t, "invoice_create.json"),
		wantBody(t, `{"timer":false,"title":"Order 1001","currency":"EUR","amount":"10","foreign_id":"order-1001",`+
			`"url_success":"https://shop.example/ok","url_failed":"https://shop.example/failed","email_user":"payer@example.com"}`)))
	inv, err := c.Invoices.Create(context.Background(), validInvoice())
	if err != nil {
		t.Fatal(err)
	}
	if inv.ID != "826900" || inv.Status != StatusCreated || inv.URL == "" || !inv.Amount.Equal(decimal.NewFromInt(10)) ||
		inv.SenderCurrency != "" || !inv.ReleaseAt.IsZero() {
		t.Fatalf("invoice = %+v", inv)
	}
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
	inv, err := c.Invoices.Create(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if sent["timer"] != true || sent["sender_currency"] != "BTC" || sent["type"] != "good_until_expired" || sent["description"] != "Two books" {
		t.Errorf("body = %v", sent)
	}
	if _, err := uuid.Parse(sent["foreign_id"].(string)); err != nil || p.ForeignID != "" {
		t.Errorf("foreign_id %v (params now %q)", sent["foreign_id"], p.ForeignID)
	}
	if inv.ForeignID != "164" || inv.Title != "TEST NAME" || inv.SecondsLeft != 900 || inv.SenderCurrency != "BTC" ||
		!inv.ReleaseAt.Equal(time.Unix(1581930789, 0)) || !inv.SenderAmount.Equal(decimal.RequireFromString("0.00174321")) {
		t.Fatalf("invoice = %+v", inv)
	}
}

func TestInvoicesCreateValidation(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
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
	for field, mutate := range cases {
		p := validInvoice()
		mutate(p)
		_, err := c.Invoices.Create(context.Background(), p)
		var ve *payments.ValidationError
		if !errors.As(err, &ve) || ve.Field != field {
			t.Errorf("%s: err = %v", field, err)
		}
	}
	p := validInvoice()
	p.Amount = decimal.RequireFromString("10.001") // EUR has 2 decimals
	if _, err := c.Invoices.Create(context.Background(), p); !errors.Is(err, payments.ErrValidation) {
		t.Errorf("precision: err = %v", err)
	}
	if n := mt.GetTotalCallCount(); n != 0 {
		t.Errorf("%d requests sent for invalid params", n)
	}
}

func TestInvoicesCreateDuplicate(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/invoices/create", respond(t, 400, `{"errors":{"foreign_id":"The foreign id has already been taken."}}`, nil))
	_, err := c.Invoices.Create(context.Background(), validInvoice())
	if !errors.Is(err, payments.ErrDuplicateReference) {
		t.Fatalf("err = %v", err)
	}
}

func TestInvoicesCancel(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/invoices/order-1001/cancel/", respond(t, 200,
		`{"data":{"id":826900,"foreign_id":"order-1001","status":"cancelled","currency":"EUR","amount":"10"}}`, wantBody(t, `{}`)))
	inv, err := c.Invoices.Cancel(context.Background(), "order-1001")
	if err != nil {
		t.Fatal(err)
	}
	if inv.ID != "826900" || inv.Status != StatusCancelled {
		t.Fatalf("invoice = %+v", inv)
	}

	mt.RegisterResponder("POST", testBase+"/invoices/order-1002/cancel/", respond(t, 200, `{"data":[]}`, nil))
	inv, err = c.Invoices.Cancel(context.Background(), "order-1002")
	if err != nil || inv.ForeignID != "order-1002" || inv.Status != StatusCancelled {
		t.Fatalf("bare answer: %+v, %v", inv, err)
	}
}

func TestInvoicesCancelInvalidState(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/invoices/order-1001/cancel/", respond(t, 400,
		`{"errors":{"error":"Invoice cannot be cancelled in current state","code":"invalid_invoice_state"}}`, nil))
	_, err := c.Invoices.Cancel(context.Background(), "order-1001")
	var apiErr *payments.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != CodeInvalidInvoiceState || apiErr.Message != "Invoice cannot be cancelled in current state" ||
		!errors.Is(err, payments.ErrInvalidRequest) || len(apiErr.Details) != 0 {
		t.Fatalf("err = %#v", err)
	}
	for _, bad := range []string{"", "../accounts/list", ".", "..", "a/../b"} {
		if _, err := c.Invoices.Cancel(context.Background(), bad); !errors.Is(err, payments.ErrValidation) {
			t.Errorf("Cancel(%q): err = %v", bad, err)
		}
	}
	if mt.GetTotalCallCount() != 1 {
		t.Errorf("calls = %d", mt.GetTotalCallCount())
	}
}
