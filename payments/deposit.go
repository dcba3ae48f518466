package payments

import (
	"encoding/json"
	"strings"
	"time"
)

// DepositParams asks for a reusable address a customer can pay into at any
// time, for any amount.
type DepositParams struct {
	// Asset is the crypto asset to receive ("BTC", "USDT-TRX"). Required.
	Asset string
	// Customer identifies the merchant's customer the address belongs to; the
	// provider sends it back with every deposit. Required.
	Customer string
	// ConvertTo asks the provider to convert deposits into this currency, where supported.
	ConvertTo string
}

// Validate checks the parameters every provider needs.
func (p *DepositParams) Validate() error {
	if p == nil {
		return &ValidationError{Field: "params", Reason: "is required"}
	}
	if strings.TrimSpace(p.Asset) == "" {
		return &ValidationError{Field: "asset", Reason: "is required"}
	}
	if strings.TrimSpace(p.Customer) == "" {
		return &ValidationError{Field: "customer", Reason: "is required"}
	}
	if p.ConvertTo != "" && strings.EqualFold(p.ConvertTo, p.Asset) {
		return &ValidationError{Field: "convert_to", Reason: "must differ from asset"}
	}
	return nil
}

// Deposit is a deposit address handed out by a provider, normalized.
type Deposit struct {
	// Provider names the provider.
	Provider string `json:"provider"`
	// ID is the provider's id for the address (or for the invoice behind it).
	ID string `json:"id"`
	// Customer is the merchant's customer reference.
	Customer string `json:"customer,omitempty"`
	// Asset is the asset the address receives.
	Asset string `json:"asset"`
	// Address is where the customer pays.
	Address string `json:"address"`
	// Tag is a destination tag or memo the payer must include, if any.
	// Funds sent without it may be lost: show it next to the address.
	Tag string `json:"tag,omitempty"`
	// CreatedAt is when the provider created the address, if it says.
	CreatedAt time.Time `json:"created_at,omitzero"`
	// Raw is the provider's own JSON for the object.
	Raw json.RawMessage `json:"raw,omitempty"`
}
