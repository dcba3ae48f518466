package payments

import (
	"encoding/json"
	"strings"
	"time"
)

// InvoiceParams asks a provider for a payment request of a fixed amount.
type InvoiceParams struct {
	// Amount is the price, in fiat or crypto ("10.00 USD", "0.001 BTC"). Required.
	Amount Money
	// Asset is the crypto asset the payer pays in, in the provider's spelling
	// ("BTC", "USDT-TRX"); empty lets the provider (or adapter) choose its default.
	Asset string
	// Reference is the merchant's own order reference. Adapters send it in the
	// provider's reference field (passthrough, foreign_id, custom_id, orderId)
	// and fill one in (a UUID) when it is empty, and an unknown outcome
	// carries it. Only a provider with CapFindInvoice enforces it as unique:
	// there a repeated CreateInvoice with the same reference returns the
	// existing invoice (when it matches, MatchInvoice). Elsewhere (CryptoChill's
	// passthrough is free text) a repeated create may make a second invoice;
	// settle an unknown outcome with GetInvoice/lists before creating again.
	Reference string
	// Description is shown to the payer where the provider supports it.
	Description string
	// CustomerEmail is the payer's e-mail where the provider asks for one.
	CustomerEmail string
	// SuccessURL and FailureURL are where a hosted payment page sends the payer.
	SuccessURL, FailureURL string
}

// Validate checks the parameters every provider needs.
func (p *InvoiceParams) Validate() error {
	if p == nil {
		return &ValidationError{Field: "params", Reason: "is required"}
	}
	if err := p.Amount.Validate("amount"); err != nil {
		return err
	}
	if len(p.Reference) > 255 {
		return &ValidationError{Field: "reference", Reason: "is longer than 255 characters"}
	}
	if err := checkReference(p.Reference); err != nil {
		return err
	}
	if strings.TrimSpace(p.Asset) != p.Asset {
		return &ValidationError{Field: "asset", Reason: "has surrounding spaces"}
	}
	return nil
}

// Invoice is a provider's payment request, normalized.
type Invoice struct {
	// Provider names the provider.
	Provider string `json:"provider"`
	// ID is the provider's id for the invoice.
	ID string `json:"id"`
	// Reference is the merchant's own reference, as stored with the provider.
	Reference string `json:"reference,omitempty"`
	// Status is the normalized status.
	Status Status `json:"status"`
	// ProviderStatus is the provider's own status string, unchanged.
	ProviderStatus string `json:"provider_status"`
	// Requested is the amount asked for, as given when the invoice was created.
	Requested Money `json:"requested"`
	// Due is the amount the payer must send, in the paying asset.
	Due Money `json:"due"`
	// Received is what has arrived so far, in the paying asset.
	Received Money `json:"received"`
	// Address is the address to pay to, when the provider hands one out.
	Address string `json:"address,omitempty"`
	// Tag is a destination tag or memo the payer must include (XRP and alike).
	Tag string `json:"tag,omitempty"`
	// PaymentURL is a hosted payment page or a payment request (lightning).
	PaymentURL string `json:"payment_url,omitempty"`
	// Confirmations is the lowest confirmation count of the payments seen.
	Confirmations int `json:"confirmations"`
	// CreatedAt is when the provider created the invoice.
	CreatedAt time.Time `json:"created_at"`
	// ExpiresAt is when the payment window closes; zero when it never does.
	ExpiresAt time.Time `json:"expires_at,omitzero"`
	// Raw is the provider's own JSON for the object.
	Raw json.RawMessage `json:"raw,omitempty"`
}
