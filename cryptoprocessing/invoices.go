package cryptoprocessing

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/coinsdk/coinsdk/internal/httpcore"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// Invoice types: a standard invoice must be paid in full before it expires;
// a partial-pay one accepts several payments until it expires.
const (
	InvoiceFillOrKill       = "fill_or_kill"
	InvoiceGoodUntilExpired = "good_until_expired"
)

// InvoicesService creates and cancels invoices: hosted payment pages for a
// fixed amount, paid in crypto at a rate fixed for 15 minutes.
type InvoicesService service

// InvoiceParams creates an invoice.
type InvoiceParams struct {
	// Timer starts the 15-minute payment window at creation rather than
	// when the payer picks a currency.
	Timer bool
	// Title is shown to the payer (1 to 50 characters). Required.
	Title string
	// Description is shown to the payer (up to 1000 characters).
	Description string
	// Currency is what the merchant receives ("EUR", "BTC"). Required.
	Currency string
	// Amount is the price, in Currency. Must be positive.
	Amount decimal.Decimal
	// SenderCurrency fixes the crypto the payer pays in; empty lets the payer choose.
	SenderCurrency string
	// ForeignID is the merchant's unique reference (the order id), the dedupe
	// key: the API refuses a second invoice with the same one. Left empty, a
	// UUID is filled in on a copy and returned on the Invoice.
	ForeignID string
	// URLSuccess is where the payer goes after paying (absolute http(s) URL). Required.
	URLSuccess string
	// URLFailed is where the payer goes after a failed payment (absolute http(s) URL). Required.
	URLFailed string
	// EmailUser is the payer's e-mail; refund instructions go there when the
	// payment does not match. Required.
	EmailUser string
	// Type is InvoiceFillOrKill (the default when empty) or InvoiceGoodUntilExpired.
	Type string
	// EndUserReference identifies the payer for compliance; no personal data.
	EndUserReference string
}

// invoiceBody is invoices/create's JSON; the amount as a string, as documented.
type invoiceBody struct {
	Timer            bool   `json:"timer"`
	Title            string `json:"title"`
	Description      string `json:"description,omitempty"`
	Currency         string `json:"currency"`
	Amount           string `json:"amount"`
	SenderCurrency   string `json:"sender_currency,omitempty"`
	ForeignID        string `json:"foreign_id"`
	URLSuccess       string `json:"url_success"`
	URLFailed        string `json:"url_failed"`
	EmailUser        string `json:"email_user"`
	Type             string `json:"type,omitempty"`
	EndUserReference string `json:"end_user_reference,omitempty"`
}

func (p *InvoiceParams) validate() error {
	if p == nil {
		return &payments.ValidationError{Field: "params", Reason: "is required"}
	}
	if strings.TrimSpace(p.Title) == "" {
		return &payments.ValidationError{Field: "title", Reason: "is required"}
	}
	if utf8.RuneCountInString(p.Title) > 50 {
		return &payments.ValidationError{Field: "title", Reason: "is longer than 50 characters"}
	}
	if utf8.RuneCountInString(p.Description) > 1000 {
		return &payments.ValidationError{Field: "description", Reason: "is longer than 1000 characters"}
	}
	if strings.TrimSpace(p.Currency) == "" {
		return &payments.ValidationError{Field: "currency", Reason: "is required"}
	}
	if err := payments.ValidateAmount("amount", p.Amount, p.Currency); err != nil {
		return err
	}
	if err := validateForeignID(p.ForeignID); err != nil {
		return err
	}
	if err := validateHTTPURL("url_success", p.URLSuccess); err != nil {
		return err
	}
	if err := validateHTTPURL("url_failed", p.URLFailed); err != nil {
		return err
	}
	if strings.TrimSpace(p.EmailUser) == "" {
		return &payments.ValidationError{Field: "email_user", Reason: "is required"}
	}
	if i := strings.IndexByte(p.EmailUser, '@'); i <= 0 || i == len(p.EmailUser)-1 {
		return &payments.ValidationError{Field: "email_user", Reason: "is not an e-mail address"}
	}
	switch p.Type {
	case "", InvoiceFillOrKill, InvoiceGoodUntilExpired:
	default:
		return &payments.ValidationError{Field: "type", Reason: "must be fill_or_kill or good_until_expired"}
	}
	return nil
}

// Invoice is an invoice as invoices/create answers it. Its later states
// arrive by callback and through Transactions.Get (type "invoice").
type Invoice struct {
	// ID is the provider's id; look it up with Transactions.Get.
	ID string `json:"id"`
	// URL is the hosted payment page to send the payer to.
	URL string `json:"url"`
	// ForeignID is the merchant's reference (generated when left empty).
	ForeignID string `json:"foreign_id"`
	// EndUserReference is the compliance reference, when sent.
	EndUserReference string `json:"end_user_reference,omitempty"`
	// Address is the payment address, once the paying currency is known.
	Address string `json:"address,omitempty"`
	// Title is the title shown to the payer.
	Title string `json:"title"`
	// Status is "created" (or "pending" once partly paid).
	Status InvoiceStatus `json:"status"`
	// Currency is the price's currency, what the merchant receives.
	Currency string `json:"currency"`
	// Amount is the price.
	Amount decimal.Decimal `json:"amount"`
	// SenderCurrency is the crypto the payer sends, once known.
	SenderCurrency string `json:"sender_currency,omitempty"`
	// SenderAmount is what the payer must send, once known.
	SenderAmount decimal.Decimal `json:"sender_amount"`
	// FixedAt is when the rate was fixed; zero until the timer starts.
	FixedAt time.Time `json:"fixed_at,omitzero"`
	// ReleaseAt is when the payment window closes; zero until the timer starts.
	ReleaseAt time.Time `json:"release_at,omitzero"`
	// SecondsLeft is what remained of the payment window when answered.
	SecondsLeft int `json:"seconds_left"`
	// Transaction is set when the create call's outcome was unknown (or its
	// foreign_id was taken) and Create found the invoice by its foreign_id:
	// the transactions/info answer the fields above were taken from.
	Transaction *Transaction `json:"-"`
	// Raw is the JSON as received.
	Raw json.RawMessage `json:"-"`
}

// invoiceWire is Invoice as the API writes it: every documented spelling.
type invoiceWire struct {
	ID               decjson.String  `json:"id"`
	URL              decjson.String  `json:"url"`
	ForeignID        decjson.String  `json:"foreign_id"`
	EndUserReference decjson.String  `json:"end_user_reference"`
	Address          decjson.String  `json:"address"`
	Title            decjson.String  `json:"title"`
	Name             decjson.String  `json:"name"`
	Status           decjson.String  `json:"status"`
	Currency         decjson.String  `json:"currency"`
	Amount           decjson.Lenient `json:"amount"`
	SenderCurrency   decjson.String  `json:"sender_currency"`
	SenderAmount     decjson.Lenient `json:"sender_amount"`
	FixedAt          unixTime        `json:"fixed_at"`
	ReleaseAt        unixTime        `json:"release_at"`
	SecondsLeft      decjson.Int     `json:"seconds_left"`
}

func (w *invoiceWire) model(b json.RawMessage) (inv Invoice) {
	title := string(w.Title)
	if title == "" {
		title = string(w.Name)
	}
	inv = Invoice{ID: string(w.ID), URL: string(w.URL), ForeignID: string(w.ForeignID),
		EndUserReference: string(w.EndUserReference), Address: string(w.Address), Title: title,
		Status: InvoiceStatus(w.Status), Currency: string(w.Currency), Amount: w.Amount.Decimal,
		SenderCurrency: string(w.SenderCurrency), SenderAmount: w.SenderAmount.Decimal,
		FixedAt: w.FixedAt.Time, ReleaseAt: w.ReleaseAt.Time, SecondsLeft: max(int(w.SecondsLeft), 0), Raw: b}
	return inv
}

// UnmarshalJSON reads an invoice leniently (the documentation shows
// foreign_id as a number and title as "name").
func (inv *Invoice) UnmarshalJSON(b []byte) error {
	return unmarshalWire[Invoice, invoiceWire](copyRaw(b), inv)
}

// decodeRaw is the pipeline's decode: Raw is raw itself, not a copy.
func (inv *Invoice) decodeRaw(raw []byte) error { return decodeWire[Invoice, invoiceWire](raw, inv) }

// Create creates an invoice and returns its payment page (URL). It always
// carries a foreign_id (generated when empty), so it is retried safely: the
// API refuses a reused one (payments.ErrDuplicateReference). An unknown
// outcome carries the foreign_id for Transactions.FindByReference.
// POST invoices/create
func (s *InvoicesService) Create(ctx context.Context, p *InvoiceParams) (*Invoice, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	q := *p // the caller's params are never changed
	q.ForeignID = withForeignID(q.ForeignID)
	body := invoiceBody{Timer: q.Timer, Title: q.Title, Description: q.Description, Currency: q.Currency,
		Amount: q.Amount.String(), SenderCurrency: q.SenderCurrency, ForeignID: q.ForeignID,
		URLSuccess: q.URLSuccess, URLFailed: q.URLFailed, EmailUser: q.EmailUser, Type: q.Type,
		EndUserReference: q.EndUserReference}
	k := &apicall.Call{Op: "create invoice", Method: http.MethodPost, Path: "invoices/create", Body: body, Reference: q.ForeignID}
	return createByForeignID(ctx, s.client, k, s.settlement(&q), func(inv *Invoice) *string { return &inv.ForeignID })
}

// Cancel cancels the invoice with the merchant's foreign_id. Only invoices
// in created, pending or processing can be cancelled; otherwise the error is
// a *payments.APIError with Code CodeInvalidInvoiceState. When the API
// answers without the invoice, the result has only ForeignID and Status set.
// POST invoices/{foreign_id}/cancel/ (body {})
func (s *InvoicesService) Cancel(ctx context.Context, foreignID string) (*Invoice, error) {
	if strings.TrimSpace(foreignID) == "" {
		return nil, &payments.ValidationError{Field: "foreign_id", Reason: "is required"}
	}
	// The id becomes one path segment, escaped once ("a b/c" → "a%20b%2Fc");
	// ids with a "." or ".." step are refused.
	seg, err := httpcore.PathSegment("foreign_id", foreignID)
	if err != nil {
		return nil, err
	}
	k := &apicall.Call{Op: "cancel invoice", Method: http.MethodPost, Path: "invoices/" + seg + "/cancel/"}
	raw, _, err := s.client.pipe.Payload(ctx, k)
	if err != nil {
		return nil, err
	}
	if raw = bytes.TrimSpace(raw); len(raw) == 0 || raw[0] != '{' {
		return &Invoice{ForeignID: foreignID, Status: InvoiceStatusCancelled, Raw: copyRaw(raw)}, nil
	}
	inv := new(Invoice)
	if err := s.client.pipe.DecodeInto(k, raw, inv); err != nil {
		return nil, err
	}
	return inv, nil
}

// invoiceFromTransaction fills an Invoice from transactions/info's shape
// (type "invoice"): currency_received is the price, currency_sent what the
// payer sends.
func invoiceFromTransaction(tx *Transaction) *Invoice {
	return &Invoice{ID: tx.ID, ForeignID: tx.ForeignID, EndUserReference: tx.EndUserReference,
		Address: tx.CryptoAddress.Address, Status: InvoiceStatus(tx.Status),
		Currency: tx.CurrencyReceived.Currency, Amount: tx.CurrencyReceived.Amount,
		SenderCurrency: tx.CurrencySent.Currency, SenderAmount: tx.CurrencySent.Amount,
		FixedAt: tx.FixedAt, ReleaseAt: tx.ExpiresAt, Transaction: tx, Raw: tx.Raw}
}
