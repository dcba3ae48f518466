package cryptoprocessing

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/coinsdk/coinsdk/payments"
)

// AddressesService hands out deposit addresses.
type AddressesService service

// AddressParams asks for a deposit address.
type AddressParams struct {
	// Currency is the currency the address receives ("BTC", "XRP"). Required.
	Currency string `json:"currency"`
	// ForeignID identifies the merchant's customer; every deposit's callback
	// carries it in crypto_address.foreign_id. It is not a dedupe key: the
	// same customer may take several addresses. Required.
	ForeignID string `json:"foreign_id"`
	// ConvertTo converts every deposit into this currency on arrival (say
	// "EUR"); it must differ from Currency.
	ConvertTo string `json:"convert_to,omitempty"`
	// EndUserReference identifies the customer for compliance; it must not
	// hold personal data.
	EndUserReference string `json:"end_user_reference,omitempty"`
}

func (p *AddressParams) validate() error {
	if p == nil {
		return &payments.ValidationError{Field: "params", Reason: "is required"}
	}
	if err := apicall.Required("currency", p.Currency, "foreign_id", p.ForeignID); err != nil {
		return err
	}
	if err := validateForeignID(p.ForeignID); err != nil {
		return err
	}
	if err := validateConvertTo(p.ConvertTo, p.Currency); err != nil {
		return err
	}
	return nil
}

// Address is a deposit address.
//
// Tag: for XRP and other currencies that share one address between
// customers, the payer must send Tag (a destination tag or memo) with the
// payment. Funds sent to Address without it cannot be attributed and are
// lost, so always show Tag next to Address; RequiresTag says when.
type Address struct {
	// ID is the provider's id of the address.
	ID string `json:"id"`
	// Currency is the currency the address receives.
	Currency string `json:"currency"`
	// ConvertTo is the currency deposits are converted to, if any.
	ConvertTo string `json:"convert_to,omitempty"`
	// Address is where the customer pays.
	Address string `json:"address"`
	// Tag is the destination tag or memo the payer must include, if any.
	// Funds sent without it are lost.
	Tag string `json:"tag,omitempty"`
	// ForeignID is the customer reference the address was taken for.
	ForeignID string `json:"foreign_id"`
	// EndUserReference is the compliance reference, when sent.
	EndUserReference string `json:"end_user_reference,omitempty"`
	// Raw is the JSON as received.
	Raw json.RawMessage `json:"-"`
}

// addressWire is Address as the API writes it: every documented spelling.
type addressWire struct {
	ID               decjson.String `json:"id"`
	Currency         decjson.String `json:"currency"`
	ConvertTo        decjson.String `json:"convert_to"`
	Address          decjson.String `json:"address"`
	Tag              decjson.String `json:"tag"`
	ForeignID        decjson.String `json:"foreign_id"`
	EndUserReference decjson.String `json:"end_user_reference"`
}

func (w *addressWire) model(b json.RawMessage) (a Address) {
	a = Address{ID: string(w.ID), Currency: string(w.Currency), ConvertTo: string(w.ConvertTo),
		Address: string(w.Address), Tag: string(w.Tag), ForeignID: string(w.ForeignID),
		EndUserReference: string(w.EndUserReference), Raw: b}
	return a
}

// UnmarshalJSON reads an address; the tag may be a number or a string.
func (a *Address) UnmarshalJSON(b []byte) error {
	return unmarshalWire[Address, addressWire](copyRaw(b), a)
}

// decodeRaw is the pipeline's decode: Raw is raw itself, not a copy.
func (a *Address) decodeRaw(raw []byte) error { return decodeWire[Address, addressWire](raw, a) }

// RequiresTag reports whether the payer must send Tag with the payment.
func (a *Address) RequiresTag() bool { return strings.TrimSpace(a.Tag) != "" }

// Take returns a deposit address for a customer. The address may be reused
// for any number of deposits; each arrives as a deposit callback carrying
// p.ForeignID.
// POST addresses/take
func (s *AddressesService) Take(ctx context.Context, p *AddressParams) (*Address, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	k := &apicall.Call{Op: "take address", Idempotent: true, Method: http.MethodPost, Path: "addresses/take", Body: p}
	a, err := apicall.Object[Address](ctx, s.client.pipe, k)
	if err != nil {
		return nil, err
	}
	if a.Address == "" {
		return nil, s.client.pipe.Malformed(k, a.Raw, "address answer has no address")
	}
	return a, nil
}
