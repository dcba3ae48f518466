package payments

import (
	"encoding/json"
	"strings"
	"time"
)

// PayoutParams sends crypto to an address.
type PayoutParams struct {
	// Amount is what to send; in crypto, or in fiat where the provider converts.
	Amount Money
	// Asset is the crypto asset to send, when it differs from Amount.Currency
	// (a fiat-denominated payout) or names a network ("USDT-TRX").
	Asset string
	// Address is the destination. Required.
	Address string
	// Tag is a destination tag or memo (XRP and alike).
	Tag string
	// Reference is the merchant's dedupe reference. Adapters fill one in (a UUID)
	// when it is empty and return it on the Payout and on an UnknownOutcomeError,
	// so the payout can be looked up or retried without paying twice.
	//
	// After an unknown outcome, call CreatePayout again with the same
	// Reference and the same parameters: the provider refuses a second payout
	// with that reference, and the adapter answers with the existing payout
	// when it matches (see MatchPayout). Never retry with a new reference
	// until the old one is resolved.
	Reference string
}

// Validate checks the parameters every provider needs.
func (p *PayoutParams) Validate() error {
	if p == nil {
		return &ValidationError{Field: "params", Reason: "is required"}
	}
	if err := p.Amount.Validate("amount"); err != nil {
		return err
	}
	if strings.TrimSpace(p.Address) == "" {
		return &ValidationError{Field: "address", Reason: "is required"}
	}
	if len(p.Reference) > 255 {
		return &ValidationError{Field: "reference", Reason: "is longer than 255 characters"}
	}
	if err := checkReference(p.Reference); err != nil {
		return err
	}
	return nil
}

// Payout is a provider's outgoing transfer, normalized.
type Payout struct {
	// Provider names the provider.
	Provider string `json:"provider"`
	// ID is the provider's id for the payout.
	ID string `json:"id"`
	// Reference is the merchant's dedupe reference.
	Reference string `json:"reference,omitempty"`
	// Status is the normalized status.
	Status Status `json:"status"`
	// ProviderStatus is the provider's own status string, unchanged.
	ProviderStatus string `json:"provider_status"`
	// Amount is what was asked to be sent.
	Amount Money `json:"amount"`
	// Asset is the crypto asset sent, in the spelling PayoutParams.Asset uses
	// (the adapter maps the provider's code back), when the provider says.
	// MatchPayout compares it with PayoutParams.Asset.
	Asset string `json:"asset,omitempty"`
	// Sent is what leaves the wallet in crypto, when the provider says.
	Sent Money `json:"sent"`
	// Fee is the network or service fee, when the provider says.
	Fee Money `json:"fee"`
	// Address is the destination.
	Address string `json:"address"`
	// Tag is the destination tag or memo, if any.
	Tag string `json:"tag,omitempty"`
	// TxID is the blockchain transaction id once broadcast.
	TxID string `json:"txid,omitempty"`
	// Confirmations is the confirmation count of the transaction.
	Confirmations int `json:"confirmations"`
	// CreatedAt is when the provider created the payout.
	CreatedAt time.Time `json:"created_at"`
	// Raw is the provider's own JSON for the object.
	Raw json.RawMessage `json:"raw,omitempty"`
}

// checkReference refuses a reference with surrounding white space (a blank
// one included): providers trim or refuse it, so the reference they echo or
// find would not be the one asked for, and settling by reference would
// report a mismatch or an unknown outcome for the merchant's own payment.
// An empty reference is allowed: the adapter then makes one.
func checkReference(ref string) error {
	if strings.TrimSpace(ref) != ref {
		return &ValidationError{Field: "reference", Reason: "has surrounding white space"}
	}
	return nil
}
