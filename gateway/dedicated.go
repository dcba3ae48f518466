package gateway

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/coinsdk/coinsdk/payments"
)

// Address allocation and dedication types of a dedicated address.
const (
	// AddressAllocNew generates a new address (the default).
	AddressAllocNew = "NEW"
	// AddressAllocPool takes an address from the store's pool.
	AddressAllocPool = "POOL"
	// DedicateTypeUses dedicates the address to the payer for good: every
	// transfer to it becomes a payment (the default).
	DedicateTypeUses = "USES"
	// DedicateTypeAssign reserves the address for one payment, created with
	// PaymentParams.DedicateID.
	DedicateTypeAssign = "ASSIGN"
)

// DedicatedService creates and releases dedicated addresses.
type DedicatedService service

// DedicatedParams creates a dedicated address.
type DedicatedParams struct {
	// AssetID is the address's asset. Required.
	AssetID string
	// PayerEmail is the payer's e-mail.
	PayerEmail string
	// PayerName is the payer's name.
	PayerName string
	// PayerLang is the payer page's language (ar, en, es, fa, fr, ja, pt, ru, tr, zh).
	PayerLang string
	// Description describes the address.
	Description string
	// AddressAlloc is AddressAllocNew (default when empty) or AddressAllocPool.
	AddressAlloc string
	// DedicateType is DedicateTypeUses (default when empty) or DedicateTypeAssign.
	DedicateType string
	// CustomFields are custom and custom1…custom9; the SDK adds the
	// reference without clobbering them.
	CustomFields
	// Reference is the merchant's reference, carried in custom as
	// "idempotence" (a UUID when empty and custom carries none).
	Reference string
	// WebhookURL overrides the store's webhook URL.
	WebhookURL string
	// SuccessURL is where the payment page sends the payer after paying.
	SuccessURL string
}

// dedicatedBody is POST /dedicate's JSON.
type dedicatedBody struct {
	AssetID      string `json:"asset_id"`
	PayerEmail   string `json:"payer_email,omitempty"`
	PayerName    string `json:"payer_name,omitempty"`
	PayerLang    string `json:"payer_lang,omitempty"`
	Description  string `json:"description,omitempty"`
	AddressAlloc string `json:"address_alloc,omitempty"`
	DedicateType string `json:"dedicate_type,omitempty"`
	CustomFields
	WebhookURL string `json:"webhook_url,omitempty"`
	SuccessURL string `json:"success_url,omitempty"`
}

func (p *DedicatedParams) validate() error {
	if p == nil {
		return &payments.ValidationError{Field: "params", Reason: "is required"}
	}
	if err := validAsset("asset_id", p.AssetID, true); err != nil {
		return err
	}
	switch p.AddressAlloc {
	case "", AddressAllocNew, AddressAllocPool:
	default:
		return &payments.ValidationError{Field: "address_alloc", Reason: "must be NEW or POOL"}
	}
	switch p.DedicateType {
	case "", DedicateTypeUses, DedicateTypeAssign:
	default:
		return &payments.ValidationError{Field: "dedicate_type", Reason: "must be USES or ASSIGN"}
	}
	if err := validPayer(p.PayerEmail, p.PayerLang); err != nil {
		return err
	}
	for _, u := range []struct{ f, v string }{{"webhook_url", p.WebhookURL}, {"success_url", p.SuccessURL}} {
		if err := validURL(u.f, u.v); err != nil {
			return err
		}
	}
	return validCustom(&p.CustomFields)
}

// custom returns the custom fields and the reference as the caller set them.
func (p *DedicatedParams) custom() (CustomFields, string) { return p.CustomFields, p.Reference }

// DedicatedAddress is a dedicated address (a "dedication") as the API and
// its webhooks return it.
type DedicatedAddress struct {
	// DedicateID is the dedication's id.
	DedicateID string `json:"dedicate_id"`
	// DedicateNum is its number in the store.
	DedicateNum string `json:"dedicate_num"`
	// DedicateType is USES or ASSIGN.
	DedicateType string `json:"dedicate_type"`
	// StoreID is the store's id.
	StoreID string `json:"store_id"`
	// StoreName is the store's name.
	StoreName string `json:"store_name"`
	// AccountID is the coin account's id.
	AccountID string `json:"account_id"`
	// IsTest is true for a test store's address.
	IsTest bool `json:"is_test"`
	// AssetID is the address's asset.
	AssetID string `json:"asset_id"`
	// Status is OPEN (dedicated) or COMPLETE (released).
	Status DedicatedAddressStatus `json:"status"`
	// StatusName names the status.
	StatusName string `json:"status_name"`
	// CryptoNetwork is the network.
	CryptoNetwork string `json:"crypto_network"`
	// CryptoNetworkName names the network.
	CryptoNetworkName string `json:"crypto_network_name"`
	// CryptoAddressLink links the address on an explorer.
	CryptoAddressLink string `json:"crypto_address_link"`
	// AddressID is the address's id in the service.
	AddressID string `json:"address_id"`
	// Address is where the payer pays.
	Address string `json:"address"`
	// AddressAlloc is NEW or POOL.
	AddressAlloc string `json:"address_alloc"`
	// StartDate is when the address was dedicated.
	StartDate time.Time `json:"start_date"`
	// EndDate is when the dedication ends.
	EndDate time.Time `json:"end_date"`
	// PaymentURL is the hosted payment page (it takes amount and asset_id
	// query parameters).
	PaymentURL string `json:"payment_url"`
	// QRCodeURL is a PNG of the address's QR code.
	QRCodeURL string `json:"qrcode_url"`
	// PayerEmail is the payer's e-mail.
	PayerEmail string `json:"payer_email"`
	// PayerName is the payer's name.
	PayerName string `json:"payer_name"`
	// PayerLang is the payer page's language.
	PayerLang string `json:"payer_lang"`
	// Description describes the address.
	Description string `json:"description"`
	// CustomFields are custom and custom1…custom9 as stored.
	CustomFields
	// WebhookURL is the address's webhook URL, if set.
	WebhookURL string `json:"webhook_url"`
	// SuccessURL is the payment page's success redirect.
	SuccessURL string `json:"success_url"`
	// Raw is the JSON as received.
	Raw json.RawMessage `json:"-"`
}

// dedicatedFields is DedicatedAddress without its methods.
type dedicatedFields DedicatedAddress

// dedicatedWire decodes a dedicated address in one pass.
type dedicatedWire struct {
	*dedicatedFields
	DedicateNum decjson.String `json:"dedicate_num"`
	IsTest      flag           `json:"is_test"`
	StartDate   stamp          `json:"start_date"`
	EndDate     stamp          `json:"end_date"`
	Custom      text           `json:"custom"`
	wireStatus
}

// UnmarshalJSON reads a dedicated address.
func (d *DedicatedAddress) UnmarshalJSON(b []byte) error { return d.decode(trimKeys(b)) }

func (d *DedicatedAddress) decode(b []byte) error {
	*d = DedicatedAddress{}
	w := dedicatedWire{dedicatedFields: (*dedicatedFields)(d)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	d.DedicateNum, d.IsTest, d.Custom = string(w.DedicateNum), bool(w.IsTest), string(w.Custom)
	d.StartDate, d.EndDate = time.Time(w.StartDate), time.Time(w.EndDate)
	setStatus(w.wireStatus, &d.Status, &d.StatusName)
	d.Raw = b
	return nil
}

// Create dedicates an address (new or from the pool) to a payer: every
// transfer to it becomes a payment with its dedicate_id (USES), or it is
// reserved for one payment (ASSIGN). The reference travels in custom.
//
// Sent exactly once: a 500, a timeout or a reset after sending is a
// *payments.UnknownOutcomeError carrying the reference (the API cannot look
// dedications up; an extra address costs nothing but a pool slot, so
// creating another is safe).
// POST /dedicate
func (s *DedicatedService) Create(ctx context.Context, p *DedicatedParams) (*DedicatedAddress, error) {
	custom, ref, err := prepare(p)
	if err != nil {
		return nil, err
	}
	body := dedicatedBody{AssetID: p.AssetID, PayerEmail: p.PayerEmail, PayerName: p.PayerName, PayerLang: p.PayerLang,
		Description: p.Description, AddressAlloc: p.AddressAlloc, DedicateType: p.DedicateType, CustomFields: custom,
		WebhookURL: p.WebhookURL, SuccessURL: p.SuccessURL}
	k := &apicall.Call{Op: "create dedicated address", Method: http.MethodPost, Path: "dedicate", Body: body, Reference: ref}
	return create(ctx, s.client, k, dedicatedSettlement(custom, ref))
}

// Release ends a dedication and returns it (status COMPLETE). Releasing
// twice is harmless, so it is retried like a read.
// POST /dedicate/{dedicate_id}/release
func (s *DedicatedService) Release(ctx context.Context, id string) (*DedicatedAddress, error) {
	seg, err := pathID("dedicate_id", id)
	if err != nil {
		return nil, err
	}
	k := &apicall.Call{Op: "release dedicated address", Method: http.MethodPost, Path: "dedicate/" + seg + "/release", Idempotent: true}
	return read[DedicatedAddress](ctx, s.client, k)
}
