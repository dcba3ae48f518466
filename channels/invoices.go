package channels

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// InvoicesService creates hosted checkout invoices. There is no documented
// call to read an invoice back: its payment arrives as a deposit callback
// carrying the invoice's id (InvoiceID) and orderId; read that transaction
// with Transactions.Get.
type InvoicesService service

// InvoiceParams is an invoice for a customer.
type InvoiceParams struct {
	// CustomerID is the merchant's customer. Required; not "N/A" (see
	// ChannelParams.CustomerID).
	CustomerID string `json:"customerId"`
	// Amount is the price in BaseCurrency. Required, positive.
	Amount decimal.Decimal `json:"-"`
	// BaseCurrency is the currency of Amount ("EUR", "USD", or a coin). Required.
	BaseCurrency string `json:"baseCurrency"`
	// OrderID is the merchant's order reference; the deposit's callback
	// carries it back. The provider does not document it as unique for
	// invoices: a repeated create may make a second invoice, so Create is
	// never resent.
	OrderID string `json:"orderId,omitempty"`
	// ApplicationID is the merchant's application, if the account has several.
	ApplicationID string `json:"applicationId,omitempty"`
	// DisplayCurrencies limits the coins offered on the checkout page.
	DisplayCurrencies []Currency `json:"displayCurrencies,omitempty"`
	// RedirectURL is where the checkout page sends the customer afterwards.
	RedirectURL string `json:"redirectUrl,omitempty"`
}

// invoiceBody is the request: the params with the amount as a JSON number.
type invoiceBody struct {
	*InvoiceParams
	Amount decjson.Number `json:"amount"`
}

// Invoice is a created invoice. The answer's shape is not published: ID and
// URL are read from the usual member names, and Raw keeps everything.
type Invoice struct {
	// ID is the invoice's id (simulate takes it as invoiceId).
	ID string
	// URL is the hosted checkout link to send the customer to.
	URL string
	// Status is the invoice's status, if the answer carries one (see
	// InvoiceStatus).
	Status InvoiceStatus
	// Raw is the answer's "data" as received.
	Raw json.RawMessage
}

// wireInvoice is an invoice answer read leniently: its shape is not
// published, so the usual member names are all read (in any case, as
// encoding/json matches them), each as a string or number kept as written;
// a value of another type reads as "" rather than failing an invoice that
// was made. An "invoice" object nested one level is read too.
type wireInvoice struct {
	wireInvoiceFields
	Invoice *wireInvoiceFields `json:"invoice"`
}

type wireInvoiceFields struct {
	ID          looseText `json:"id"`
	InvoiceID   looseText `json:"invoiceId"`
	InvoiceID2  looseText `json:"invoice_id"`
	UUID        looseText `json:"uuid"`
	URL         looseText `json:"url"`
	Link        looseText `json:"link"`
	CheckoutURL looseText `json:"checkoutUrl"`
	PaymentURL  looseText `json:"paymentUrl"`
	PaymentLink looseText `json:"paymentLink"`
	InvoiceURL  looseText `json:"invoiceUrl"`
	HostedURL   looseText `json:"hostedUrl"`
	Status      looseText `json:"status"`
}

func (f *wireInvoiceFields) id() string {
	return firstNonEmpty(string(f.ID), string(f.InvoiceID), string(f.InvoiceID2), string(f.UUID))
}

func (f *wireInvoiceFields) url() string {
	return firstNonEmpty(string(f.URL), string(f.Link), string(f.CheckoutURL), string(f.PaymentURL), string(f.PaymentLink),
		string(f.InvoiceURL), string(f.HostedURL))
}

// decodeJSON decodes an invoice's JSON in one json.Unmarshal and keeps raw
// (a slice of the answer) as its Raw.
func (inv *Invoice) decodeJSON(raw []byte) error {
	var w wireInvoice
	if err := json.Unmarshal(raw, &w); err != nil {
		return err
	}
	*inv = Invoice{ID: w.id(), URL: w.url(), Status: InvoiceStatus(w.Status), Raw: raw}
	if n := w.Invoice; n != nil {
		inv.ID = firstNonEmpty(inv.ID, n.id())
		inv.URL = firstNonEmpty(inv.URL, n.url())
		inv.Status = InvoiceStatus(firstNonEmpty(string(inv.Status), string(n.Status)))
	}
	return nil
}

// UnmarshalJSON reads an invoice leniently: the id from "id", "invoiceId",
// "invoice_id" or "uuid", the link from "url", "link", "checkoutUrl",
// "paymentUrl", "paymentLink", "invoiceUrl" or "hostedUrl" (in any case),
// also inside a nested "invoice" object.
func (inv *Invoice) UnmarshalJSON(b []byte) error {
	if err := inv.decodeJSON(b); err != nil {
		return err
	}
	inv.Raw = nil
	return nil
}

// CreateFloating creates a floating-rate invoice: the coin amount follows
// the rate until paid; it lives 24 hours and a customer has at most one open.
// A timeout or 5xx is an unknown outcome (the invoice may exist); it is not
// resent, since the provider does not deduplicate invoices.
// POST /api/v1/invoice
func (s *InvoicesService) CreateFloating(ctx context.Context, p *InvoiceParams) (*Invoice, error) {
	return s.create(ctx, "create floating invoice", "/api/v1/invoice", p)
}

// CreateFixed creates a fixed-rate invoice: the rate is fixed when the
// customer activates the invoice on the checkout page, which also starts
// its time to live. Not resent after a timeout or 5xx (see CreateFloating).
// POST /api/v2/invoice
func (s *InvoicesService) CreateFixed(ctx context.Context, p *InvoiceParams) (*Invoice, error) {
	return s.create(ctx, "create fixed invoice", "/api/v2/invoice", p)
}

func (s *InvoicesService) create(ctx context.Context, op, path string, p *InvoiceParams) (*Invoice, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	// No reference on the call: the pipeline must not resend an invoice.
	// The orderId is put on an unknown-outcome error afterwards, for the
	// caller to match the invoice's callback against.
	inv, err := apicall.Object[Invoice](ctx, s.client.pipe, &apicall.Call{Op: op, Method: http.MethodPost, Path: path,
		Body: invoiceBody{InvoiceParams: p, Amount: decjson.Number{Decimal: p.Amount}}})
	if err != nil {
		var uo *payments.UnknownOutcomeError
		if errors.As(err, &uo) && uo.Reference == "" {
			uo.Reference = p.OrderID
		}
		return nil, err
	}
	return inv, nil
}
