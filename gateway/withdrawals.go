package gateway

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// WithdrawalsService sends funds out of the store.
type WithdrawalsService service

// WithdrawalParams creates a withdrawal. The field list of the
// documentation is followed (reallocate, consolidate), not its example's
// auto_realloc.
type WithdrawalParams struct {
	// Amount is the amount to withdraw, in AssetID. Must be positive; sent
	// as a JSON number written from the decimal's exact text.
	Amount decimal.Decimal
	// AssetID is the amount's currency ("BTC", or "USD" converted into
	// WithdrawAssetID). Required.
	AssetID string
	// WithdrawAssetID is the crypto sent, when it differs from AssetID.
	WithdrawAssetID string
	// Address is the destination. Required.
	Address string
	// PayerEmail is the payee's e-mail.
	PayerEmail string
	// PayerName is the payee's name.
	PayerName string
	// Description describes the withdrawal.
	Description string
	// CustomFields are custom and custom1…custom9; the SDK adds the
	// reference without clobbering them.
	CustomFields
	// Reference is the merchant's reference, carried in custom as
	// "idempotence" (a UUID when empty and custom carries none). It is NOT
	// a dedupe key and cannot be looked up through the API: after an
	// unknown outcome, find the withdrawal in the store's history by it.
	Reference string
	// TOTPCode confirms the withdrawal when the store asks for one.
	TOTPCode string
	// WebhookURL overrides the store's webhook URL.
	WebhookURL string
	// Reallocate moves fee assets (ETH, TRX) so a token withdrawal can pay
	// its fee.
	Reallocate bool
	// Consolidate gathers the amount on one address first so that the
	// withdrawal is a single transaction.
	Consolidate bool
	// Timeout is the waiting time in minutes, 0–1440 (0: the default).
	Timeout int
}

// withdrawalBody is POST /withdraw's JSON.
type withdrawalBody struct {
	Amount          decjson.Number `json:"amount"`
	AssetID         string         `json:"asset_id"`
	WithdrawAssetID string         `json:"withdraw_asset_id,omitempty"`
	Address         string         `json:"address"`
	PayerEmail      string         `json:"payer_email,omitempty"`
	PayerName       string         `json:"payer_name,omitempty"`
	Description     string         `json:"description,omitempty"`
	CustomFields
	TOTPCode    string `json:"totp_code,omitempty"`
	WebhookURL  string `json:"webhook_url,omitempty"`
	Reallocate  bool   `json:"reallocate,omitempty"`
	Consolidate bool   `json:"consolidate,omitempty"`
	Timeout     int    `json:"timeout,omitempty"`
}

func (p *WithdrawalParams) validate() error {
	if p == nil {
		return &payments.ValidationError{Field: "params", Reason: "is required"}
	}
	if err := validAsset("asset_id", p.AssetID, true); err != nil {
		return err
	}
	if err := validAsset("withdraw_asset_id", p.WithdrawAssetID, false); err != nil {
		return err
	}
	if err := validAmount("amount", p.Amount, p.AssetID); err != nil {
		return err
	}
	if err := validAddress("address", p.Address); err != nil {
		return err
	}
	if err := validPayer(p.PayerEmail, ""); err != nil {
		return err
	}
	if err := validTimeout(p.Timeout); err != nil {
		return err
	}
	if p.TOTPCode != "" && strings.TrimSpace(p.TOTPCode) != p.TOTPCode {
		return &payments.ValidationError{Field: "totp_code", Reason: "has surrounding spaces"}
	}
	if err := validURL("webhook_url", p.WebhookURL); err != nil {
		return err
	}
	return validCustom(&p.CustomFields)
}

// custom returns the custom fields and the reference as the caller set them.
func (p *WithdrawalParams) custom() (CustomFields, string) { return p.CustomFields, p.Reference }

// Withdrawal is a withdrawal as the API returns it.
type Withdrawal struct {
	// WithdrawID is the withdrawal's id: the only way to read it back.
	WithdrawID string `json:"withdraw_id"`
	// WithdrawNum is its number in the store.
	WithdrawNum string `json:"withdraw_num"`
	// StoreID is the store's id.
	StoreID string `json:"store_id"`
	// StoreName is the store's name.
	StoreName string `json:"store_name"`
	// AccountID is the coin account's id.
	AccountID string `json:"account_id"`
	// IsTest is true for a test store's withdrawal.
	IsTest bool `json:"is_test"`
	// Amount is the amount withdrawn, in AssetID.
	Amount decimal.Decimal `json:"amount"`
	// AssetID is the amount's currency.
	AssetID string `json:"asset_id"`
	// Fee is the network fee, in FeeAssetID.
	Fee decimal.Decimal `json:"fee"`
	// FeeAssetID is the fee's currency.
	FeeAssetID string `json:"fee_asset_id"`
	// Status is OPEN, COMPLETE, CANCEL or CLOSING; see Normalized.
	Status WithdrawalStatus `json:"status"`
	// StatusName names the status.
	StatusName string `json:"status_name"`
	// CryptoNetwork is the network.
	CryptoNetwork string `json:"crypto_network"`
	// CryptoNetworkName names the network.
	CryptoNetworkName string `json:"crypto_network_name"`
	// Address is the destination.
	Address string `json:"address"`
	// Confirms is the confirmations required.
	Confirms int `json:"confirms"`
	// StartDate is when the withdrawal was created.
	StartDate time.Time `json:"start_date"`
	// EndDate is when its waiting time ends.
	EndDate time.Time `json:"end_date"`
	// CompleteDate is when it completed.
	CompleteDate time.Time `json:"complete_date"`
	// PayerEmail is the payee's e-mail.
	PayerEmail string `json:"payer_email"`
	// PayerName is the payee's name.
	PayerName string `json:"payer_name"`
	// Description describes the withdrawal.
	Description string `json:"description"`
	// CustomFields are custom and custom1…custom9 as stored.
	CustomFields
	// WebhookURL is the withdrawal's webhook URL, if set.
	WebhookURL string `json:"webhook_url"`
	// Timeout is the waiting time in minutes.
	Timeout int `json:"timeout"`
	// Raw is the withdrawal's JSON as received.
	Raw json.RawMessage `json:"-"`
}

// withdrawalFields is Withdrawal without its methods.
type withdrawalFields Withdrawal

// withdrawalWire decodes a withdrawal in one pass.
type withdrawalWire struct {
	*withdrawalFields
	WithdrawNum  decjson.String  `json:"withdraw_num"`
	IsTest       flag            `json:"is_test"`
	Amount       decjson.Lenient `json:"amount"`
	Fee          decjson.Lenient `json:"fee"`
	Confirms     decjson.Int     `json:"confirms"`
	StartDate    stamp           `json:"start_date"`
	EndDate      stamp           `json:"end_date"`
	CompleteDate stamp           `json:"complete_date"`
	Timeout      decjson.Int     `json:"timeout"`
	Custom       text            `json:"custom"`
	wireStatus
}

// UnmarshalJSON reads a withdrawal.
func (w *Withdrawal) UnmarshalJSON(b []byte) error { return w.decode(trimKeys(b)) }

func (w *Withdrawal) decode(b []byte) error {
	*w = Withdrawal{}
	v := withdrawalWire{withdrawalFields: (*withdrawalFields)(w)}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	w.WithdrawNum, w.IsTest, w.Amount, w.Fee = string(v.WithdrawNum), bool(v.IsTest), v.Amount.Decimal, v.Fee.Decimal
	w.Confirms, w.Timeout, w.Custom = int(v.Confirms), int(v.Timeout), string(v.Custom)
	w.StartDate, w.EndDate, w.CompleteDate = time.Time(v.StartDate), time.Time(v.EndDate), time.Time(v.CompleteDate)
	setStatus(v.wireStatus, &w.Status, &w.StatusName)
	w.Raw = b
	return nil
}

// Create creates a withdrawal. The merchant reference travels in custom
// (see WithdrawalParams.Reference).
//
// Create is sent exactly once, never retried. The API has no idempotency
// key, no withdrawal list and no lookup by a custom field, so when the
// outcome is unknown (a 500, which per the documentation may still be done
// or cancelled; a timeout or a reset after sending; an unreadable answer)
// the SDK cannot find out what happened. The error is then a
// *WithdrawalUnknownError (errors.Is payments.ErrUnknownOutcome) carrying
// the reference: do NOT send the withdrawal again; find it in the store's
// withdrawal history by the reference, or ask support.
// POST /withdraw
func (s *WithdrawalsService) Create(ctx context.Context, p *WithdrawalParams) (*Withdrawal, error) {
	custom, ref, err := prepare(p)
	if err != nil {
		return nil, err
	}
	body := withdrawalBody{Amount: decjson.Number{Decimal: p.Amount}, AssetID: p.AssetID, WithdrawAssetID: p.WithdrawAssetID,
		Address: p.Address, PayerEmail: p.PayerEmail, PayerName: p.PayerName, Description: p.Description,
		CustomFields: custom, TOTPCode: p.TOTPCode, WebhookURL: p.WebhookURL, Reallocate: p.Reallocate,
		Consolidate: p.Consolidate, Timeout: p.Timeout}
	k := &apicall.Call{Op: "create withdrawal", Method: http.MethodPost, Path: "withdraw", Body: body, Reference: ref}
	return create(ctx, s.client, k, withdrawalSettlement(p, custom, ref))
}

// Get reads a withdrawal by id; payments.ErrNotFound when there is none.
// GET /withdraw/{withdraw_id}
func (s *WithdrawalsService) Get(ctx context.Context, id string) (*Withdrawal, error) {
	return readByID[Withdrawal](ctx, s.client, "get withdrawal", "withdraw_id", "withdraw/", id)
}
