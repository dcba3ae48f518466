package cryptochill

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// InvoicesService reads and creates invoices: time-limited payment requests
// with a unique receiving address, or never-expiring deposit addresses when
// created without an amount.
type InvoicesService service

// Invoice is a CryptoChill invoice.
type Invoice struct {
	// ID is the invoice id.
	ID string `json:"id"`
	// Kind is the coin or token and network ("BTC", "ETH_USDT", "BTC_LIGHTNING").
	Kind string `json:"kind"`
	// CreatedAt is the creation time.
	CreatedAt time.Time `json:"created_at"`
	// ProfileID is the profile the invoice belongs to.
	ProfileID string `json:"profile_id"`
	// Address is the receiving address; for XRP "address:destination_tag".
	// Empty for lightning invoices.
	Address string `json:"address"`
	// XAddress is the Ripple X-address form (XRP invoices only).
	XAddress string `json:"x_address,omitempty"`
	// PublicAddress is the non-confidential address (Liquid invoices only).
	PublicAddress string `json:"public_address,omitempty"`
	// Lightning holds the payment request of a BTC_LIGHTNING invoice.
	Lightning *Lightning `json:"lightning"`
	// Network is "mainnet" or "testnet".
	Network string `json:"network"`
	// Status is one of the InvoiceStatus* constants.
	Status InvoiceStatus `json:"status"`
	// Amount holds the requested, invoiced and paid amounts.
	Amount InvoiceAmount `json:"amount"`
	// CustomFee is the merchant fee added on top, if any.
	CustomFee *Amount `json:"custom_fee"`
	// MinConfirmations overrides the profile's setting, if set.
	MinConfirmations *int `json:"min_confirmations"`
	// ZeroConfEnabled enables zero-confirmation verification, if set.
	ZeroConfEnabled *bool `json:"zero_conf_enabled"`
	// Notes are shown in the dashboard and public invoice link.
	Notes *string `json:"notes"`
	// Passthrough is the merchant's metadata string, sent back with callbacks.
	Passthrough string `json:"passthrough"`
	// Transactions are the incoming transactions (Get and Create only).
	Transactions []InvoiceTransaction `json:"transactions,omitempty"`
	// Raw is the invoice's JSON as received.
	Raw json.RawMessage `json:"-"`
}

// Lightning is the payment request of a lightning invoice.
type Lightning struct {
	// PaymentRequest is the BOLT11 string the payer's wallet pays.
	PaymentRequest string `json:"payment_request"`
	// PaymentHash identifies the payment request.
	PaymentHash string `json:"payment_hash"`
}

// Amount is an amount and its currency, as CryptoChill writes them.
type Amount struct {
	// Amount is the exact decimal amount.
	Amount decimal.Decimal `json:"amount"`
	// Currency is the currency or coin.
	Currency string `json:"currency"`
	// RateUSD is the USD rate used, where the API gives one.
	RateUSD *decimal.Decimal `json:"rate_usd,omitempty"`
	// Quotes are fiat equivalents ({"USD": "10.00"}), where given.
	Quotes map[string]decimal.Decimal `json:"quotes,omitempty"`
}

// Money returns the amount as payments.Money.
func (a *Amount) Money() payments.Money {
	if a == nil {
		return payments.Money{}
	}
	return payments.Money{Amount: a.Amount, Currency: a.Currency}
}

// InvoiceAmount groups an invoice's amounts.
type InvoiceAmount struct {
	// Requested is the amount asked for, as given at creation.
	Requested *Amount `json:"requested"`
	// Invoiced is the amount to pay in the invoice's coin.
	Invoiced *Amount `json:"invoiced"`
	// Paid is the amount received (minus the custom fee, if any).
	Paid *Amount `json:"paid"`
	// PaidTotal is the amount actually received when a custom fee is used.
	PaidTotal *Amount `json:"paid_total,omitempty"`
}

// InvoiceTransaction is a transaction as listed inside an invoice.
type InvoiceTransaction struct {
	// ID is the transaction id.
	ID string `json:"id"`
	// Kind is the coin.
	Kind string `json:"kind"`
	// TxID is the blockchain transaction hash.
	TxID string `json:"txid"`
	// Confirmations is the confirmation count.
	Confirmations int `json:"confirmations"`
	// Amount is the amount received.
	Amount decimal.Decimal `json:"amount"`
	// CreatedAt is when the transaction was seen.
	CreatedAt time.Time `json:"created_at"`
}

// InvoiceListParams filters List and All.
type InvoiceListParams struct {
	// Page is the page number (from 1); All starts there.
	Page int
	// TxID filters by transaction hash.
	TxID string
	// Address filters by receiving address.
	Address string
	// Status filters by status: new, pending, complete or expired.
	Status InvoiceStatus
}

func (p *InvoiceListParams) filters() (map[string]string, int, error) {
	if p == nil {
		return nil, 0, nil
	}
	f, page, err := pageFilters(p.Page, map[string]string{"txid": p.TxID, "address": p.Address, "status": string(p.Status)})
	if err == nil && p.Status != "" && !slices.Contains(invoiceFilters(), p.Status) {
		return nil, 0, &payments.ValidationError{Field: "status", Reason: "must be one of new, pending, complete, expired"}
	}
	return f, page, err
}

// List returns one page of invoices, newest first (25 per page).
// GET /v1/invoices/
func (s *InvoicesService) List(ctx context.Context, p *InvoiceListParams) (*Page[Invoice], error) {
	return pageOf[Invoice](ctx, s.client, "list invoices", "/v1/invoices/", p)
}

// All iterates over every invoice matching p, page after page, fetching the
// next page only as the loop reaches it; breaking the loop stops fetching.
// GET /v1/invoices/?p=N
func (s *InvoicesService) All(ctx context.Context, p *InvoiceListParams) iter.Seq2[Invoice, error] {
	return allOf[Invoice](ctx, s.client, "list invoices", "/v1/invoices/", p, func(v Invoice) string { return v.ID })
}

// Get returns one invoice with its transactions.
// GET /v1/invoices/<id>/
func (s *InvoicesService) Get(ctx context.Context, id string) (*Invoice, error) {
	return get[Invoice](ctx, s.client, "get invoice", "/v1/invoices/", id)
}

// ExchangeRateLimit makes the API refuse a request when its rate differs from
// the caller's by more than AllowedDifference (0.05 for 5%).
type ExchangeRateLimit struct {
	// Pair is the colon-separated crypto:fiat pair, e.g. "BTC:USD".
	Pair string `json:"pair"`
	// ExchangeRate is the caller's rate.
	ExchangeRate decimal.Decimal `json:"exchange_rate"`
	// AllowedDifference is the tolerated relative difference.
	AllowedDifference decimal.Decimal `json:"allowed_difference"`
}

func (l *ExchangeRateLimit) validate(field string) error {
	if l == nil {
		return nil
	}
	if a, b, ok := strings.Cut(l.Pair, ":"); !ok || a == "" || b == "" {
		return &payments.ValidationError{Field: field + ".pair", Reason: `must be "CRYPTO:FIAT", e.g. "BTC:USD"`}
	}
	if !l.ExchangeRate.IsPositive() {
		return &payments.ValidationError{Field: field + ".exchange_rate", Reason: "must be greater than zero"}
	}
	if l.AllowedDifference.IsNegative() {
		return &payments.ValidationError{Field: field + ".allowed_difference", Reason: "must not be negative"}
	}
	return nil
}

// InvoiceParams creates an invoice.
type InvoiceParams struct {
	// ProfileID selects settings, callback URL and wallet. Required.
	ProfileID string `json:"profile_id"`
	// Amount is the price; zero creates a never-expiring deposit address
	// (only transaction callbacks are sent for it).
	Amount decimal.Decimal `json:"-"`
	// Currency is the amount's currency (USD, EUR, BTC, …). Required.
	Currency string `json:"currency"`
	// Kind is the coin and network to pay in (default BTC).
	Kind string `json:"kind,omitempty"`
	// Passthrough is metadata sent back with every callback.
	Passthrough string `json:"passthrough,omitempty"`
	// FeeAmount is a custom fee, in the kind's coin, added on top.
	FeeAmount decimal.Decimal `json:"-"`
	// MinConfirmations (1–5) overrides the profile's setting; 0 keeps it.
	MinConfirmations int `json:"min_confirmations,omitempty"`
	// Notes are shown in the dashboard and public invoice link.
	Notes string `json:"notes,omitempty"`
	// ZeroConfEnabled enables instant zero-confirmation deposits (BTC on-chain only).
	ZeroConfEnabled bool `json:"zero_conf_enabled,omitempty"`
	// ExchangeRateLimit refuses the invoice if CryptoChill's rate differs too much.
	ExchangeRateLimit *ExchangeRateLimit `json:"exchange_rate_limit,omitempty"`
}

// MarshalJSON writes amounts as quoted decimals and leaves them out when zero.
func (p InvoiceParams) MarshalJSON() ([]byte, error) {
	type plain InvoiceParams
	return json.Marshal(struct {
		plain
		Amount    *decimal.Decimal `json:"amount,omitempty"`
		FeeAmount *decimal.Decimal `json:"fee_amount,omitempty"`
	}{plain(p), nonZero(p.Amount), nonZero(p.FeeAmount)})
}

func (p *InvoiceParams) validate() error {
	if p == nil {
		return &payments.ValidationError{Field: "params", Reason: "is required"}
	}
	if strings.TrimSpace(p.ProfileID) == "" {
		return &payments.ValidationError{Field: "profile_id", Reason: "is required"}
	}
	if p.Currency == "" {
		return &payments.ValidationError{Field: "currency", Reason: "is required"}
	}
	if !slices.Contains(invoiceCurrencies, p.Currency) {
		return &payments.ValidationError{Field: "currency", Reason: "must be one of " + strings.Join(invoiceCurrencies, ", ")}
	}
	if p.Kind != "" && !slices.Contains(invoiceKinds, p.Kind) {
		return &payments.ValidationError{Field: "kind", Reason: "is not a documented invoice kind"}
	}
	if p.Amount.IsNegative() {
		return &payments.ValidationError{Field: "amount", Reason: "must be greater than zero (or zero for a deposit address)"}
	}
	if !p.Amount.IsZero() {
		if err := payments.ValidateAmount("amount", p.Amount, p.Currency); err != nil {
			return err
		}
	}
	if p.FeeAmount.IsNegative() {
		return &payments.ValidationError{Field: "fee_amount", Reason: "must not be negative"}
	}
	if p.MinConfirmations != 0 && (p.MinConfirmations < 1 || p.MinConfirmations > 5) {
		return &payments.ValidationError{Field: "min_confirmations", Reason: "must be between 1 and 5"}
	}
	return p.ExchangeRateLimit.validate("exchange_rate_limit")
}

// Create creates an invoice; the response is the invoice as Get returns it.
// POST /v1/invoices/
func (s *InvoicesService) Create(ctx context.Context, p *InvoiceParams) (*Invoice, error) {
	return s.create(ctx, p, nil)
}

// create sends p and, with a settlement (the adapter's, see settle.go),
// checks the answer against what was asked. An invoice carries no dedupe
// reference, so the create is never retried.
func (s *InvoicesService) create(ctx context.Context, p *InvoiceParams, check *apicall.Settlement[Invoice]) (*Invoice, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	k := &apicall.Call{Op: "create invoice", Method: http.MethodPost, Path: "/v1/invoices/", Body: p}
	if check == nil {
		return apicall.Object[Invoice](ctx, s.client.pipe, k)
	}
	return apicall.Create(ctx, s.client.pipe, k, *check)
}

func nonZero(d decimal.Decimal) *decimal.Decimal {
	if d.IsZero() {
		return nil
	}
	return &d
}
