package cryptopay

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"time"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/httpcore"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// InvoicesService creates and reads invoices, their recalculations and refunds.
type InvoicesService service

// InvoiceParams creates an invoice: a price, and the crypto the payer pays it in.
type InvoiceParams struct {
	// PriceAmount is the price. Required, positive.
	PriceAmount decimal.Decimal `json:"price_amount"`
	// PriceCurrency is the price's currency (fiat or crypto). Required.
	PriceCurrency string `json:"price_currency"`
	// PayCurrency is the crypto the payer sends. Required.
	PayCurrency string `json:"pay_currency"`
	// Network is the pay currency's network, when it has several.
	Network string `json:"network,omitempty"`
	// CustomID is the merchant's unique reference; a UUID is filled in when
	// empty. It makes the create safe to retry and is the lookup key.
	CustomID string `json:"custom_id"`
	// CustomerID is the merchant's customer id.
	CustomerID string `json:"customer_id,omitempty"`
	// Name is shown to the payer.
	Name string `json:"name,omitempty"`
	// Description is shown to the payer.
	Description string `json:"description,omitempty"`
	// Metadata is echoed back on the invoice and its callbacks.
	Metadata map[string]string `json:"metadata,omitempty"`
	// SuccessRedirectURL is where the hosted page sends a payer who paid.
	SuccessRedirectURL string `json:"success_redirect_url,omitempty"`
	// UnsuccessRedirectURL is where it sends one who did not.
	UnsuccessRedirectURL string `json:"unsuccess_redirect_url,omitempty"`
	// PayerEmail is the payer's e-mail.
	PayerEmail string `json:"payer_email,omitempty"`
}

// Validate checks the parameters locally.
func (p *InvoiceParams) Validate() error {
	if p == nil {
		return &payments.ValidationError{Field: "params", Reason: "is required"}
	}
	return firstErr(
		validateCurrency("price_currency", p.PriceCurrency, true),
		validateAmount("price_amount", p.PriceAmount, p.PriceCurrency),
		validateCurrency("pay_currency", p.PayCurrency, true),
		validateCustomID(p.CustomID),
	)
}

// InvoiceTransaction is a blockchain transaction paying an invoice.
type InvoiceTransaction struct {
	// TxID is the transaction id.
	TxID string `json:"txid"`
	// Risk is the sender's risk assessment, if any.
	Risk *Risk `json:"risk"`
}

// Invoice is a Cryptopay invoice.
type Invoice struct {
	// ID is Cryptopay's id (a UUID).
	ID string `json:"id"`
	// CustomID is the merchant's reference.
	CustomID string `json:"custom_id"`
	// CustomerID is the merchant's customer id.
	CustomerID string `json:"customer_id"`
	// SubscriptionID is the subscription that issued the invoice, if any.
	SubscriptionID string `json:"subscription_id"`
	// Status is one of the InvoiceStatus constants.
	Status InvoiceStatus `json:"status"`
	// StatusContext refines Status: overpaid, underpaid, paid_late, illicit_resource.
	StatusContext string `json:"status_context"`
	// Address is where to pay; for destination-tag networks in the
	// "address?dt=<tag>" form (see SplitTag).
	Address string `json:"address"`
	// Network is the pay currency's network.
	Network string `json:"network"`
	// URI is a payment URI for wallets.
	URI string `json:"uri"`
	// PriceAmount and PriceCurrency are the price.
	PriceAmount decimal.Decimal `json:"price_amount"`
	// PriceCurrency is the price's currency.
	PriceCurrency string `json:"price_currency"`
	// Fee is Cryptopay's processing fee.
	Fee decimal.Decimal `json:"fee"`
	// FeeCurrency is the fee's currency.
	FeeCurrency string `json:"fee_currency"`
	// PayAmount is what the payer must send.
	PayAmount decimal.Decimal `json:"pay_amount"`
	// PayCurrency is the crypto the payer sends.
	PayCurrency string `json:"pay_currency"`
	// PaidAmount is what has arrived so far.
	PaidAmount decimal.Decimal `json:"paid_amount"`
	// Exchange is the conversion from pay to price currency.
	Exchange *Exchange `json:"exchange"`
	// Transactions are the payments seen.
	Transactions []InvoiceTransaction `json:"transactions"`
	// Name is shown to the payer.
	Name string `json:"name"`
	// Description is shown to the payer.
	Description string `json:"description"`
	// Metadata is the merchant's metadata.
	Metadata map[string]string `json:"metadata"`
	// SuccessRedirectURL is the payer's redirect after paying.
	SuccessRedirectURL string `json:"success_redirect_url"`
	// UnsuccessRedirectURL is the payer's redirect otherwise.
	UnsuccessRedirectURL string `json:"unsuccess_redirect_url"`
	// HostedPageURL is Cryptopay's payment page.
	HostedPageURL string `json:"hosted_page_url"`
	// CreatedAt is when the invoice was created.
	CreatedAt time.Time `json:"created_at"`
	// ExpiresAt is when the payment window closes.
	ExpiresAt time.Time `json:"expires_at"`
	rawJSON
}

func (x Invoice) cursor() string { return x.ID }

// Create creates an invoice. p.CustomID is filled in with a UUID when empty
// (on a copy: p is not changed), so the create is retried safely on
// timeouts and 5xx answers. A reused custom_id is payments.ErrDuplicateReference;
// after an unknown outcome (payments.ErrUnknownOutcome) the invoice is looked
// up by its custom_id and returned when it matches what was asked.
// POST /api/invoices
func (s *InvoicesService) Create(ctx context.Context, p *InvoiceParams) (*Invoice, error) {
	return create(ctx, s.client, "create invoice", "/api/invoices", p, func(q *InvoiceParams) apicall.Settlement[Invoice] { return q.settlement(s) })
}

func (p *InvoiceParams) reference() *string { return &p.CustomID }

// Get reads an invoice by Cryptopay's id.
// GET /api/invoices/{id}
func (s *InvoicesService) Get(ctx context.Context, id string) (*Invoice, error) {
	return byID[Invoice](ctx, s.client, "get invoice", "id", "/api/invoices/", id)
}

// FindByReference reads an invoice by the merchant's custom_id;
// payments.ErrNotFound when there is none.
// GET /api/invoices/custom_id/{custom_id}
func (s *InvoicesService) FindByReference(ctx context.Context, customID string) (*Invoice, error) {
	return byID[Invoice](ctx, s.client, "find invoice", "custom_id", "/api/invoices/custom_id/", customID)
}

// InvoiceListParams filters the invoice list.
type InvoiceListParams struct {
	// CustomerID keeps the invoices of one customer.
	CustomerID string
	// SubscriptionID keeps the invoices of one subscription.
	SubscriptionID string
	// StartingAfter is the id of the last invoice of the previous page.
	StartingAfter string
}

func (p *InvoiceListParams) query() url.Values {
	if p == nil {
		return url.Values{}
	}
	return values("customer_id", p.CustomerID, "subscription_id", p.SubscriptionID, "starting_after", p.StartingAfter)
}

// List reads one page of invoices, newest first.
// GET /api/invoices?customer_id=…&subscription_id=…&starting_after=…
func (s *InvoicesService) List(ctx context.Context, p *InvoiceListParams) (*Page[Invoice], error) {
	return s.list()(ctx, p.query())
}

// All walks every invoice page after page (starting_after the last id
// while meta.has_more), yielding each invoice; an error ends the walk.
// GET /api/invoices
func (s *InvoicesService) All(ctx context.Context, p *InvoiceListParams) iter.Seq2[Invoice, error] {
	return listAll(ctx, p.query(), s.list())
}

// RecalculationParams asks for a new quote on an invoice (after an
// underpayment or a late payment).
type RecalculationParams struct {
	// ForceCommit applies the recalculation at once; false needs
	// CommitRecalculation.
	ForceCommit bool `json:"force_commit"`
}

// Recalculation is a new quote for an invoice.
type Recalculation struct {
	// ID is the recalculation's id.
	ID string `json:"id"`
	// InvoiceID is the invoice's id.
	InvoiceID string `json:"invoice_id"`
	// PriceAmount is the invoice's new price.
	PriceAmount decimal.Decimal `json:"price_amount"`
	// PriceCurrency is its currency.
	PriceCurrency string `json:"price_currency"`
	// PayAmount is what the payer now owes.
	PayAmount decimal.Decimal `json:"pay_amount"`
	// PayCurrency is its currency.
	PayCurrency string `json:"pay_currency"`
	// Fee is Cryptopay's processing fee.
	Fee decimal.Decimal `json:"fee"`
	// FeeCurrency is the fee's currency.
	FeeCurrency string `json:"fee_currency"`
	// PreviousPayAmount is what the payer owed before.
	PreviousPayAmount decimal.Decimal `json:"previous_pay_amount"`
	// PreviousPriceAmount is the invoice's price before.
	PreviousPriceAmount decimal.Decimal `json:"previous_price_amount"`
	// PreviousExchangeRate is the rate before (zero when the API sends null).
	PreviousExchangeRate decimal.Decimal `json:"previous_exchange_rate"`
	// Exchange is the conversion applied.
	Exchange *Exchange `json:"exchange"`
	// CreatedAt is when it was made.
	CreatedAt time.Time `json:"created_at"`
	rawJSON
}

// Recalculate creates a recalculation of an invoice.
// POST /api/invoices/{id}/recalculations
func (s *InvoicesService) Recalculate(ctx context.Context, invoiceID string, p *RecalculationParams) (*Recalculation, error) {
	if err := requireID("invoice_id", invoiceID); err != nil {
		return nil, err
	}
	if p == nil {
		p = &RecalculationParams{}
	}
	return apicall.Object[Recalculation](ctx, s.client.pipe, &apicall.Call{Op: "recalculate invoice", Method: http.MethodPost,
		Path: "/api/invoices/" + segment(invoiceID) + "/recalculations", Body: p})
}

// CommitRecalculation applies a recalculation.
// POST /api/invoices/{id}/recalculations/{recalculation_id}/commit
func (s *InvoicesService) CommitRecalculation(ctx context.Context, invoiceID, recalculationID string) (*Recalculation, error) {
	if err := firstErr(requireID("invoice_id", invoiceID), requireID("recalculation_id", recalculationID)); err != nil {
		return nil, err
	}
	return apicall.Object[Recalculation](ctx, s.client.pipe, &apicall.Call{Op: "commit recalculation", Method: http.MethodPost,
		Path: "/api/invoices/" + segment(invoiceID) + "/recalculations/" + segment(recalculationID) + "/commit"})
}

// RefundParams sends an invoice's payment back. Address is optional: the
// PHP client sends no body, the Ruby and Java clients send {address}; it is
// sent only when given. CustomID is always sent (a UUID when empty, as on
// every create): it is the reference that settles an unknown outcome.
type RefundParams struct {
	// Address is where the refund goes; empty lets Cryptopay use the
	// customer's refund address.
	Address string `json:"address,omitempty"`
	// CustomID is the merchant's unique reference of the refund; a UUID is
	// filled in when empty. After an unknown outcome the invoice's refunds
	// are searched for it.
	CustomID string `json:"custom_id"`
	// TravelRuleCompliant turns on the beneficiary checks (a refund to an
	// external wallet); Beneficiary is then required.
	TravelRuleCompliant bool `json:"travel_rule_compliant,omitempty"`
	// Beneficiary is the wallet's owner, for the travel rule.
	Beneficiary *Beneficiary `json:"beneficiary,omitempty"`
}

// Validate checks the parameters locally (nil is valid: no address, a
// fresh custom_id).
func (p *RefundParams) Validate() error {
	if p == nil {
		return nil
	}
	if p.Address != "" {
		if err := validateAddress(p.Address, ""); err != nil {
			return err
		}
	}
	if err := validateCustomID(p.CustomID); err != nil {
		return err
	}
	if p.TravelRuleCompliant {
		return p.Beneficiary.validate("beneficiary")
	}
	return nil
}

// Refund is an invoice refund.
type Refund struct {
	// ID is the refund's id.
	ID string `json:"id"`
	// InvoiceID is the refunded invoice.
	InvoiceID string `json:"invoice_id"`
	// CustomID is the merchant's reference of the refund.
	CustomID string `json:"custom_id"`
	// Address is the destination.
	Address string `json:"address"`
	// Network is the destination's network.
	Network string `json:"network"`
	// Amount is what is sent back.
	Amount decimal.Decimal `json:"amount"`
	// AmountCurrency is its currency.
	AmountCurrency string `json:"amount_currency"`
	// Fee is the network fee.
	Fee decimal.Decimal `json:"fee"`
	// FeeCurrency is its currency.
	FeeCurrency string `json:"fee_currency"`
	// TxID is the blockchain transaction, once sent.
	TxID string `json:"txid"`
	// Risk is the destination's risk assessment, if any.
	Risk *Risk `json:"risk"`
	// CreatedAt is when it was made.
	CreatedAt time.Time `json:"created_at"`
	rawJSON
}

func (x Refund) cursor() string { return x.ID }

// CreateRefund refunds an invoice (p may be nil). The custom_id is filled
// in with a UUID when empty (on a copy: p is not changed), so the create is
// retried safely; after an unknown outcome (payments.ErrUnknownOutcome) or
// a "custom_id taken" the invoice's refunds are searched for the custom_id
// and the refund is returned when it is what was asked. A lookup that fails
// leaves an unknown outcome, never payments.ErrDuplicateReference.
// POST /api/invoices/{id}/refunds
func (s *InvoicesService) CreateRefund(ctx context.Context, invoiceID string, p *RefundParams) (*Refund, error) {
	if err := requireID("invoice_id", invoiceID); err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	var q RefundParams
	if p != nil {
		q = *p
	}
	if q.CustomID == "" {
		q.CustomID = uuid.NewString()
	}
	k := &apicall.Call{Op: "refund invoice", Method: http.MethodPost, Path: "/api/invoices/" + segment(invoiceID) + "/refunds", Body: &q, Reference: q.CustomID}
	return apicall.Create(ctx, s.client.pipe, k, q.settlement(s, invoiceID))
}

// FindRefund reads an invoice's refund by the merchant's custom_id (the
// API has no lookup by custom_id for refunds: the invoice's refund list is
// walked); payments.ErrNotFound when there is none.
// GET /api/invoices/{id}/refunds
func (s *InvoicesService) FindRefund(ctx context.Context, invoiceID, customID string) (*Refund, error) {
	if err := firstErr(requireID("invoice_id", invoiceID), requireID("custom_id", customID)); err != nil {
		return nil, err
	}
	for r, err := range s.AllRefunds(ctx, invoiceID) {
		if err != nil {
			return nil, err
		}
		if r.CustomID == customID {
			return &r, nil
		}
	}
	return nil, notFound("no refund of invoice " + httpcore.Truncate(invoiceID, 64) + " has custom_id " + httpcore.Truncate(customID, 64))
}

// ListRefunds reads one page of an invoice's refunds.
// GET /api/invoices/{id}/refunds
func (s *InvoicesService) ListRefunds(ctx context.Context, invoiceID string) (*Page[Refund], error) {
	return s.refunds(invoiceID).page(ctx, url.Values{})
}

// AllRefunds walks every page of an invoice's refunds.
// GET /api/invoices/{id}/refunds
func (s *InvoicesService) AllRefunds(ctx context.Context, invoiceID string) iter.Seq2[Refund, error] {
	return s.refunds(invoiceID).all(ctx, url.Values{})
}

func (s *InvoicesService) refunds(invoiceID string) nestedList[Refund] {
	return nested[Refund](s.client, "list refunds", "invoice_id", invoiceID, "/api/invoices/", "/refunds")
}

// list is the fetch of one page of /api/invoices.
func (s *InvoicesService) list() func(context.Context, url.Values) (*Page[Invoice], error) {
	return pages[Invoice](s.client, "list invoices", "/api/invoices")
}
