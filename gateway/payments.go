package gateway

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Payment types.
const (
	// PaymentTypeFixed: complete once the amount (less the store's
	// underpayment threshold) is received in time; the default.
	PaymentTypeFixed = "FIXED_AMOUNT"
	// PaymentTypeOpen: complete on any amount received in time.
	PaymentTypeOpen = "OPEN_AMOUNT"
)

// DateFormat is how GET /payments wants its from and to dates.
const DateFormat = "2006-01-02"

// PaymentsService creates, lists and reads payments.
type PaymentsService service

// PaymentParams creates a payment, in crypto (AssetID is the crypto) or in
// fiat (AssetID is a fiat currency the service converts from), and for a
// fiat on-ramp with FiatProvider and FiatAssetID.
type PaymentParams struct {
	// PaymentType is PaymentTypeFixed (default when empty) or PaymentTypeOpen.
	PaymentType string
	// Amount is the amount payable in AssetID. Required for a fixed-amount
	// payment; optional (zero: not sent) for an open-amount one. Sent as a
	// JSON number written from the decimal's exact text.
	Amount decimal.Decimal
	// AssetID is the amount's currency ("USD", "BTC"). Required.
	AssetID string
	// PaymentAssetID is the crypto the payer pays in ("BTC"). Required.
	PaymentAssetID string
	// PayerEmail is the payer's e-mail.
	PayerEmail string
	// PayerName is the payer's name.
	PayerName string
	// PayerLang is the payer page's language: ar, en, es, fa, fr, ja, pt, ru, tr or zh.
	PayerLang string
	// Description describes the payment.
	Description string
	// CustomFields are custom and custom1…custom9; the SDK adds the
	// reference to custom (see ReferenceKey) without clobbering them.
	CustomFields
	// Reference is the merchant's reference, carried in custom as
	// "idempotence" (a UUID when empty and custom carries none). It is not a
	// dedupe key: the API has none. It lets webhooks, FindByReference and
	// support match the payment to the order.
	Reference string
	// DedicateID uses an address reserved with DedicateTypeAssign.
	DedicateID string
	// WebhookURL overrides the store's webhook URL for this payment.
	WebhookURL string
	// SuccessURL is where the payment page sends the payer after paying.
	SuccessURL string
	// CancelURL is where the payment page sends the payer after a cancel.
	CancelURL string
	// Timeout is the payment's waiting time in minutes, 0–1440; 0 leaves
	// the store's default (about 60–90 minutes).
	Timeout int
	// FiatProvider is the fiat on-ramp (sguardarian, cmoonpay, cbanxa, cwert,
	// cransak, ckado); set together with FiatAssetID.
	FiatProvider string
	// FiatAssetID is the fiat the payer pays with (USD, EUR, JPY, KRW, TRY);
	// set together with FiatProvider.
	FiatAssetID string
}

// paymentBody is POST /payment's JSON.
type paymentBody struct {
	PaymentType    string          `json:"payment_type"`
	Amount         *decjson.Number `json:"amount,omitempty"`
	AssetID        string          `json:"asset_id"`
	PaymentAssetID string          `json:"payment_asset_id"`
	PayerEmail     string          `json:"payer_email,omitempty"`
	PayerName      string          `json:"payer_name,omitempty"`
	PayerLang      string          `json:"payer_lang,omitempty"`
	Description    string          `json:"description,omitempty"`
	CustomFields
	DedicateID   string `json:"dedicate_id,omitempty"`
	WebhookURL   string `json:"webhook_url,omitempty"`
	SuccessURL   string `json:"success_url,omitempty"`
	CancelURL    string `json:"cancel_url,omitempty"`
	Timeout      int    `json:"timeout,omitempty"`
	FiatProvider string `json:"fiat_provider,omitempty"`
	FiatAssetID  string `json:"fiat_asset_id,omitempty"`
}

func (p *PaymentParams) validate() error {
	if p == nil {
		return &payments.ValidationError{Field: "params", Reason: "is required"}
	}
	switch p.PaymentType {
	case "", PaymentTypeFixed, PaymentTypeOpen:
	default:
		return &payments.ValidationError{Field: "payment_type", Reason: "must be FIXED_AMOUNT or OPEN_AMOUNT"}
	}
	if err := validAsset("asset_id", p.AssetID, true); err != nil {
		return err
	}
	if err := validAsset("payment_asset_id", p.PaymentAssetID, true); err != nil {
		return err
	}
	if p.PaymentType == PaymentTypeOpen && p.Amount.IsZero() {
		// An open-amount payment may leave the amount out.
	} else if err := validAmount("amount", p.Amount, p.AssetID); err != nil {
		return err
	}
	if err := validPayer(p.PayerEmail, p.PayerLang); err != nil {
		return err
	}
	if err := validTimeout(p.Timeout); err != nil {
		return err
	}
	if (p.FiatProvider == "") != (p.FiatAssetID == "") {
		return &payments.ValidationError{Field: "fiat_provider", Reason: "and fiat_asset_id go together: set both or neither"}
	}
	if err := validAsset("fiat_asset_id", p.FiatAssetID, false); err != nil {
		return err
	}
	if p.DedicateID != "" && strings.TrimSpace(p.DedicateID) != p.DedicateID {
		return &payments.ValidationError{Field: "dedicate_id", Reason: "has surrounding spaces"}
	}
	for _, u := range []struct{ f, v string }{{"webhook_url", p.WebhookURL}, {"success_url", p.SuccessURL}, {"cancel_url", p.CancelURL}} {
		if err := validURL(u.f, u.v); err != nil {
			return err
		}
	}
	return validCustom(&p.CustomFields)
}

// custom returns the custom fields and the reference as the caller set them.
func (p *PaymentParams) custom() (CustomFields, string) { return p.CustomFields, p.Reference }

// Payment is a payment as the API and its webhooks return it.
type Payment struct {
	// PaymentID is the payment's id.
	PaymentID string `json:"payment_id"`
	// PaymentNum is the payment's number in the store.
	PaymentNum string `json:"payment_num"`
	// PaymentType is FIXED_AMOUNT or OPEN_AMOUNT.
	PaymentType string `json:"payment_type"`
	// PaymentTypeName names the type.
	PaymentTypeName string `json:"payment_type_name"`
	// StoreID is the store's id.
	StoreID string `json:"store_id"`
	// StoreName is the store's name.
	StoreName string `json:"store_name"`
	// AccountID is the coin account's id.
	AccountID string `json:"account_id"`
	// IsTest is true for a test store's payment.
	IsTest bool `json:"is_test"`
	// Amount is the amount payable, in AssetID.
	Amount decimal.Decimal `json:"amount"`
	// AssetID is the amount's currency.
	AssetID string `json:"asset_id"`
	// PaymentAmount is the amount payable in PaymentAssetID.
	PaymentAmount decimal.Decimal `json:"payment_amount"`
	// PaymentAssetID is the crypto paid in.
	PaymentAssetID string `json:"payment_asset_id"`
	// Rate converted AssetID into PaymentAssetID at RateDate.
	Rate decimal.Decimal `json:"rate"`
	// RateDate is when Rate was taken.
	RateDate time.Time `json:"rate_date"`
	// IPAmount is what the payer has paid so far, in IPAssetID.
	IPAmount decimal.Decimal `json:"ip_amount"`
	// IPAssetID is IPAmount's currency.
	IPAssetID string `json:"ip_asset_id"`
	// PaidAmount is what has been paid so far in AssetID, at Rate.
	PaidAmount decimal.Decimal `json:"paid_amount"`
	// RemainAmount is what remains payable, in RemainAssetID.
	RemainAmount decimal.Decimal `json:"remain_amount"`
	// RemainAssetID is RemainAmount's currency.
	RemainAssetID string `json:"remain_asset_id"`
	// Status is OPEN, COMPLETE, CANCEL or CLOSING (status_type, or status
	// where the answer uses that name); see Normalized.
	Status PaymentStatus `json:"status"`
	// StatusName names the status.
	StatusName string `json:"status_name"`
	// CryptoNetwork is the network (BITCOIN, ETHEREUM, …).
	CryptoNetwork string `json:"crypto_network"`
	// CryptoNetworkName names the network.
	CryptoNetworkName string `json:"crypto_network_name"`
	// CryptoAddressLink links the address on an explorer.
	CryptoAddressLink string `json:"crypto_address_link"`
	// CryptoTransactionLink links the transaction on an explorer.
	CryptoTransactionLink string `json:"crypto_transaction_link"`
	// AddressID is the address's id in the service.
	AddressID string `json:"address_id"`
	// Address is where the payer pays.
	Address string `json:"address"`
	// Confirms is the confirmations required.
	Confirms int `json:"confirms"`
	// StartDate is when the payment was created.
	StartDate time.Time `json:"start_date"`
	// EndDate is when its waiting time ends.
	EndDate time.Time `json:"end_date"`
	// CompleteDate is when it completed.
	CompleteDate time.Time `json:"complete_date"`
	// PaymentURL is the hosted payment page.
	PaymentURL string `json:"payment_url"`
	// QRCodeURL is a PNG of the payment's QR code.
	QRCodeURL string `json:"qrcode_url"`
	// PayerEmail is the payer's e-mail.
	PayerEmail string `json:"payer_email"`
	// PayerName is the payer's name.
	PayerName string `json:"payer_name"`
	// PayerLang is the payer page's language.
	PayerLang string `json:"payer_lang"`
	// Description describes the payment.
	Description string `json:"description"`
	// CustomFields are custom and custom1…custom9 as stored.
	CustomFields
	// DedicateID is the dedicated address the payment came through, if any.
	DedicateID string `json:"dedicate_id"`
	// WebhookURL is the payment's webhook URL, if set.
	WebhookURL string `json:"webhook_url"`
	// SuccessURL is the payment page's success redirect.
	SuccessURL string `json:"success_url"`
	// CancelURL is the payment page's cancel redirect.
	CancelURL string `json:"cancel_url"`
	// Timeout is the waiting time in minutes (0: the store's default).
	Timeout int `json:"timeout"`
	// FiatProvider is the fiat on-ramp, for a fiat payment.
	FiatProvider string `json:"fiat_provider"`
	// FiatAssetID is the fiat paid with, for a fiat payment.
	FiatAssetID string `json:"fiat_asset_id"`
	// Raw is the payment's JSON as received.
	Raw json.RawMessage `json:"-"`
}

// wireStatus reads status_type/status_type_name (the field tables' spelling);
// the models' own Status and StatusName read status/status_name (the
// examples' spelling).
type wireStatus struct {
	StatusType     string `json:"status_type"`
	StatusTypeName string `json:"status_type_name"`
}

// setStatus leaves in a model's status and name (decoded from status and
// status_name) the ones to keep: status_type and status_type_name where the
// wire read them (both spellings are documented), the status trimmed.
func setStatus[S ~string](w wireStatus, status *S, name *string) {
	if w.StatusType != "" {
		*status = S(w.StatusType)
	}
	if w.StatusTypeName != "" {
		*name = w.StatusTypeName
	}
	*status = S(strings.TrimSpace(string(*status)))
}

// paymentWire decodes a payment in one pass: a flat struct (no embedded
// struct, so encoding/json sets each field directly) holding every field of
// Payment, with the fields whose wire shape differs (amounts as strings or
// numbers, dates that may be empty, flags, custom as a string or an object)
// in their lenient types, and status_type beside status.
type paymentWire struct {
	PaymentID             string          `json:"payment_id"`
	PaymentNum            decjson.String  `json:"payment_num"`
	PaymentType           string          `json:"payment_type"`
	PaymentTypeName       string          `json:"payment_type_name"`
	StoreID               string          `json:"store_id"`
	StoreName             string          `json:"store_name"`
	AccountID             string          `json:"account_id"`
	IsTest                flag            `json:"is_test"`
	Amount                decjson.Lenient `json:"amount"`
	AssetID               string          `json:"asset_id"`
	PaymentAmount         decjson.Lenient `json:"payment_amount"`
	PaymentAssetID        string          `json:"payment_asset_id"`
	Rate                  decjson.Lenient `json:"rate"`
	RateDate              stamp           `json:"rate_date"`
	IPAmount              decjson.Lenient `json:"ip_amount"`
	IPAssetID             string          `json:"ip_asset_id"`
	PaidAmount            decjson.Lenient `json:"paid_amount"`
	RemainAmount          decjson.Lenient `json:"remain_amount"`
	RemainAssetID         string          `json:"remain_asset_id"`
	Status                PaymentStatus   `json:"status"`
	StatusName            string          `json:"status_name"`
	CryptoNetwork         string          `json:"crypto_network"`
	CryptoNetworkName     string          `json:"crypto_network_name"`
	CryptoAddressLink     string          `json:"crypto_address_link"`
	CryptoTransactionLink string          `json:"crypto_transaction_link"`
	AddressID             string          `json:"address_id"`
	Address               string          `json:"address"`
	Confirms              decjson.Int     `json:"confirms"`
	StartDate             stamp           `json:"start_date"`
	EndDate               stamp           `json:"end_date"`
	CompleteDate          stamp           `json:"complete_date"`
	PaymentURL            string          `json:"payment_url"`
	QRCodeURL             string          `json:"qrcode_url"`
	PayerEmail            string          `json:"payer_email"`
	PayerName             string          `json:"payer_name"`
	PayerLang             string          `json:"payer_lang"`
	Description           string          `json:"description"`
	Custom                text            `json:"custom"`
	Custom1               string          `json:"custom1"`
	Custom2               string          `json:"custom2"`
	Custom3               string          `json:"custom3"`
	Custom4               string          `json:"custom4"`
	Custom5               string          `json:"custom5"`
	Custom6               string          `json:"custom6"`
	Custom7               string          `json:"custom7"`
	Custom8               string          `json:"custom8"`
	Custom9               string          `json:"custom9"`
	DedicateID            string          `json:"dedicate_id"`
	WebhookURL            string          `json:"webhook_url"`
	SuccessURL            string          `json:"success_url"`
	CancelURL             string          `json:"cancel_url"`
	Timeout               decjson.Int     `json:"timeout"`
	FiatProvider          string          `json:"fiat_provider"`
	FiatAssetID           string          `json:"fiat_asset_id"`
	StatusType            string          `json:"status_type"`
	StatusTypeName        string          `json:"status_type_name"`
}

// payment copies a decoded wire into p (all of p's fields but Raw).
func (w *paymentWire) payment(p *Payment) {
	p.PaymentID = w.PaymentID
	p.PaymentNum = string(w.PaymentNum)
	p.PaymentType = w.PaymentType
	p.PaymentTypeName = w.PaymentTypeName
	p.StoreID = w.StoreID
	p.StoreName = w.StoreName
	p.AccountID = w.AccountID
	p.IsTest = bool(w.IsTest)
	p.Amount = w.Amount.Decimal
	p.AssetID = w.AssetID
	p.PaymentAmount = w.PaymentAmount.Decimal
	p.PaymentAssetID = w.PaymentAssetID
	p.Rate = w.Rate.Decimal
	p.RateDate = time.Time(w.RateDate)
	p.IPAmount = w.IPAmount.Decimal
	p.IPAssetID = w.IPAssetID
	p.PaidAmount = w.PaidAmount.Decimal
	p.RemainAmount = w.RemainAmount.Decimal
	p.RemainAssetID = w.RemainAssetID
	p.CryptoNetwork = w.CryptoNetwork
	p.CryptoNetworkName = w.CryptoNetworkName
	p.CryptoAddressLink = w.CryptoAddressLink
	p.CryptoTransactionLink = w.CryptoTransactionLink
	p.AddressID = w.AddressID
	p.Address = w.Address
	p.Confirms = int(w.Confirms)
	p.StartDate = time.Time(w.StartDate)
	p.EndDate = time.Time(w.EndDate)
	p.CompleteDate = time.Time(w.CompleteDate)
	p.PaymentURL = w.PaymentURL
	p.QRCodeURL = w.QRCodeURL
	p.PayerEmail = w.PayerEmail
	p.PayerName = w.PayerName
	p.PayerLang = w.PayerLang
	p.Description = w.Description
	p.Custom = string(w.Custom)
	p.Custom1 = w.Custom1
	p.Custom2 = w.Custom2
	p.Custom3 = w.Custom3
	p.Custom4 = w.Custom4
	p.Custom5 = w.Custom5
	p.Custom6 = w.Custom6
	p.Custom7 = w.Custom7
	p.Custom8 = w.Custom8
	p.Custom9 = w.Custom9
	p.DedicateID = w.DedicateID
	p.WebhookURL = w.WebhookURL
	p.SuccessURL = w.SuccessURL
	p.CancelURL = w.CancelURL
	p.Timeout = int(w.Timeout)
	p.FiatProvider = w.FiatProvider
	p.FiatAssetID = w.FiatAssetID
	p.Status, p.StatusName = w.Status, w.StatusName
	setStatus(wireStatus{StatusType: w.StatusType, StatusTypeName: w.StatusTypeName}, &p.Status, &p.StatusName)
}

// paymentWires recycles wires: one is large, and each decode needs one.
var paymentWires = sync.Pool{New: func() any { return new(paymentWire) }}

// UnmarshalJSON reads a payment: amounts as strings or numbers (exponent
// form included), both status spellings, custom as a string or an object.
func (p *Payment) UnmarshalJSON(b []byte) error { return p.decode(trimKeys(b)) }

// decode fills p from b in one json.Unmarshal; Raw is b itself.
func (p *Payment) decode(b []byte) error {
	*p = Payment{}
	w := paymentWires.Get().(*paymentWire)
	defer func() {
		*w = paymentWire{}
		paymentWires.Put(w)
	}()
	if err := json.Unmarshal(b, w); err != nil {
		return err
	}
	w.payment(p)
	p.Raw = b
	return nil
}

// Create creates a payment and returns it (with its address and payment
// page). The merchant reference travels in custom (see PaymentParams.Reference)
// and comes back on the Payment and in every webhook.
//
// The API has no idempotency key, so Create is sent once, never retried.
// When its outcome is open (a 500, which the service "may still do or
// cancel"; a timeout or a reset after the request went out; an unreadable
// answer) Create settles it itself (settle.go): it looks the payment up by
// its reference (FindByReference) and returns it when it is what was asked.
// Otherwise the error is a *payments.UnknownOutcomeError (errors.Is
// payments.ErrUnknownOutcome) carrying the reference (try FindByReference
// again later before creating another payment for the same order), or a
// *payments.ReferenceMismatchError when the reference names another
// payment.
// POST /payment
func (s *PaymentsService) Create(ctx context.Context, p *PaymentParams) (*Payment, error) {
	custom, ref, err := prepare(p)
	if err != nil {
		return nil, err
	}
	body := paymentBody{PaymentType: p.PaymentType, AssetID: p.AssetID, PaymentAssetID: p.PaymentAssetID,
		PayerEmail: p.PayerEmail, PayerName: p.PayerName, PayerLang: p.PayerLang, Description: p.Description,
		CustomFields: custom, DedicateID: p.DedicateID, WebhookURL: p.WebhookURL, SuccessURL: p.SuccessURL,
		CancelURL: p.CancelURL, Timeout: p.Timeout, FiatProvider: p.FiatProvider, FiatAssetID: p.FiatAssetID}
	if body.PaymentType == "" {
		body.PaymentType = PaymentTypeFixed
	}
	if !p.Amount.IsZero() {
		body.Amount = &decjson.Number{Decimal: p.Amount}
	}
	k := &apicall.Call{Op: "create payment", Method: http.MethodPost, Path: "payment", Body: body, Reference: ref}
	return create(ctx, s.client, k, s.settlement(p, custom, ref))
}

// Get reads a payment by id; payments.ErrNotFound when there is none
// (422 ERR_NO_PAYMENT).
// GET /payment/{payment_id}
func (s *PaymentsService) Get(ctx context.Context, id string) (*Payment, error) {
	return readByID[Payment](ctx, s.client, "get payment", "payment_id", "payment/", id)
}

// readByID is a GET of the object id names at path+id (field names the id
// in errors): the id checked and escaped as one path segment (pathID), then
// read once.
func readByID[T any](ctx context.Context, c *Client, op, field, path, id string) (*T, error) {
	seg, err := pathID(field, id)
	if err != nil {
		return nil, err
	}
	return read[T](ctx, c, &apicall.Call{Op: op, Method: http.MethodGet, Path: path + seg})
}

// Transaction is a blockchain transaction paying a payment.
type Transaction struct {
	// Status is the transaction's status (status_type or status).
	Status TransactionStatus `json:"status"`
	// StatusName names the status.
	StatusName string `json:"status_name"`
	// TrxDate is when the service completed the transaction.
	TrxDate time.Time `json:"trx_date"`
	// TrxReceived is when the transaction was published in a block.
	TrxReceived time.Time `json:"trx_received"`
	// CryptoNetwork is the network.
	CryptoNetwork string `json:"crypto_network"`
	// CryptoNetworkName names the network.
	CryptoNetworkName string `json:"crypto_network_name"`
	// Address is the receiving address.
	Address string `json:"address"`
	// TrxHash is the transaction hash.
	TrxHash string `json:"trx_hash"`
	// CryptoAddressLink links the address on an explorer.
	CryptoAddressLink string `json:"crypto_address_link"`
	// CryptoTransactionLink links the transaction on an explorer.
	CryptoTransactionLink string `json:"crypto_transaction_link"`
	// Amount is the transaction's amount.
	Amount decimal.Decimal `json:"amount"`
	// AssetID is the amount's asset.
	AssetID string `json:"asset_id"`
	// Currency is the amount's currency.
	Currency string `json:"currency"`
	// Raw is the transaction's JSON as received.
	Raw json.RawMessage `json:"-"`
}

// transactionFields is Transaction without its methods.
type transactionFields Transaction

// transactionWire decodes a transaction in one pass.
type transactionWire struct {
	*transactionFields
	TrxDate     stamp           `json:"trx_date"`
	TrxReceived stamp           `json:"trx_received"`
	Amount      decjson.Lenient `json:"amount"`
	wireStatus
}

// UnmarshalJSON reads a transaction.
func (t *Transaction) UnmarshalJSON(b []byte) error { return t.decode(trimKeys(b)) }

func (t *Transaction) decode(b []byte) error {
	*t = Transaction{}
	w := transactionWire{transactionFields: (*transactionFields)(t)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	t.TrxDate, t.TrxReceived, t.Amount = time.Time(w.TrxDate), time.Time(w.TrxReceived), w.Amount.Decimal
	setStatus(w.wireStatus, &t.Status, &t.StatusName)
	t.Raw = b
	return nil
}

// Transactions returns the blockchain transactions paying a payment.
// GET /payment/{payment_id}/txs
func (s *PaymentsService) Transactions(ctx context.Context, id string) ([]Transaction, error) {
	seg, err := pathID("payment_id", id)
	if err != nil {
		return nil, err
	}
	return list[Transaction](ctx, s.client, &apicall.Call{Op: "get payment transactions", Method: http.MethodGet, Path: "payment/" + seg + "/txs"})
}

// PaymentListParams filters GET /payments. From and To are required.
type PaymentListParams struct {
	// From is the first day (sent as YYYY-MM-DD, in UTC). Required.
	From time.Time
	// To is the last day (sent as YYYY-MM-DD, in UTC), not before From. Required.
	To time.Time
	// Status keeps payments in one status.
	Status PaymentStatus
	// AssetID keeps payments in one asset ("USDT.TRC20").
	AssetID string
	// DedicateID keeps payments to one dedicated address.
	DedicateID string
}

func (p *PaymentListParams) query() (url.Values, error) {
	if p == nil {
		return nil, &payments.ValidationError{Field: "params", Reason: "is required (from and to are)"}
	}
	if p.From.IsZero() {
		return nil, &payments.ValidationError{Field: "from", Reason: "is required"}
	}
	if p.To.IsZero() {
		return nil, &payments.ValidationError{Field: "to", Reason: "is required"}
	}
	from, to := p.From.UTC().Format(DateFormat), p.To.UTC().Format(DateFormat)
	if to < from {
		return nil, &payments.ValidationError{Field: "to", Reason: "is before from"}
	}
	if y := p.From.UTC().Year(); y < 2000 || p.To.UTC().Year() > 9999 {
		return nil, &payments.ValidationError{Field: "from", Reason: "is out of range"}
	}
	switch p.Status {
	case "", PaymentStatusOpen, PaymentStatusComplete, PaymentStatusCancel, PaymentStatusClosing:
	default:
		return nil, &payments.ValidationError{Field: "status", Reason: "must be OPEN, COMPLETE, CANCEL or CLOSING"}
	}
	if err := validAsset("asset_id", p.AssetID, false); err != nil {
		return nil, err
	}
	q := url.Values{"from": {from}, "to": {to}}
	if p.Status != "" {
		q.Set("status", string(p.Status))
	}
	if p.AssetID != "" {
		q.Set("asset_id", p.AssetID)
	}
	if p.DedicateID != "" {
		q.Set("dedicate_id", p.DedicateID)
	}
	return q, nil
}

// List returns the payments created between From and To (whole days)
// matching the filters. The API documents no pagination: one call returns
// the whole range (so there is no All), so keep ranges short on a busy
// store.
// GET /payments?from=…&to=…&status=…&asset_id=…&dedicate_id=…
func (s *PaymentsService) List(ctx context.Context, p *PaymentListParams) ([]Payment, error) {
	q, err := p.query()
	if err != nil {
		return nil, err
	}
	return list[Payment](ctx, s.client, &apicall.Call{Op: "list payments", Method: http.MethodGet, Path: "payments", Query: q})
}

// ReferenceWindow is how far back FindByReference searches: the API lists
// payments by creation date only.
const ReferenceWindow = 7 * 24 * time.Hour

// MaxReferenceDays bounds the days FindByReferenceBetween walks (one
// request per day).
const MaxReferenceDays = 92

// FindByReference finds the payment carrying the merchant reference ref
// (custom's "idempotence") among the payments created in the last
// ReferenceWindow (through tomorrow, UTC, for clocks ahead of the
// service's). payments.ErrNotFound when none does; payments.ErrDuplicateReference
// when several do. Use FindByReferenceBetween for another range.
// GET /payments?from=…&to=… (one request per day)
func (s *PaymentsService) FindByReference(ctx context.Context, ref string) (*Payment, error) {
	now := s.client.now().UTC()
	return s.FindByReferenceBetween(ctx, ref, now.Add(-ReferenceWindow), now.Add(24*time.Hour))
}

// FindByReferenceBetween is FindByReference over payments created from
// from to to (whole days, UTC, at most MaxReferenceDays).
//
// The API documents no pagination, so a page is a day: each day is one
// GET /payments?from=D&to=D, newest day first, each answer under the
// client's response size cap, and only the payments carrying ref are kept.
// Every day is read (a second payment with the reference on an older day
// is ErrDuplicateReference); a failed day fails the search, never reads as
// "not found".
// GET /payments?from=…&to=…
func (s *PaymentsService) FindByReferenceBetween(ctx context.Context, ref string, from, to time.Time) (*Payment, error) {
	if strings.TrimSpace(ref) == "" {
		return nil, &payments.ValidationError{Field: "reference", Reason: "is required"}
	}
	if _, err := (&PaymentListParams{From: from, To: to}).query(); err != nil {
		return nil, err
	}
	first := dayOf(from)
	last := dayOf(to)
	if days := int(last.Sub(first)/(24*time.Hour)) + 1; days > MaxReferenceDays {
		return nil, &payments.ValidationError{Field: "to", Reason: fmt.Sprintf("is more than %d days after from", MaxReferenceDays)}
	}
	var found *Payment
	for day := last; !day.Before(first); day = day.AddDate(0, 0, -1) {
		d := day.Format(DateFormat)
		k := &apicall.Call{Op: "list payments", Method: http.MethodGet, Path: "payments", Query: url.Values{"from": {d}, "to": {d}}}
		items, err := list[Payment](ctx, s.client, k)
		if err != nil {
			return nil, err
		}
		for i := range items {
			pm := &items[i]
			if pm.Reference() != ref {
				continue
			}
			if found != nil && found.PaymentID != pm.PaymentID {
				// Every payment carrying ref is read: a second one means the
				// reference does not name one payment.
				return nil, fmt.Errorf("%s: reference %q is carried by payments %s and %s: %w",
					ProviderName, ref, found.PaymentID, pm.PaymentID, payments.ErrDuplicateReference)
			}
			found = pm
		}
	}
	if found == nil {
		return nil, fmt.Errorf("%s: no payment with reference %q created %s…%s: %w", ProviderName, ref,
			from.UTC().Format(DateFormat), to.UTC().Format(DateFormat), payments.ErrNotFound)
	}
	return found, nil
}

// dayOf is t's UTC day at midnight.
func dayOf(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Where the merchant reference is carried: custom fields.

// ReferenceKey is the key of the custom JSON object under which the SDK
// carries the merchant's reference: the documentation's own examples keep
// an "idempotence" key there.
const ReferenceKey = "idempotence"

// ReferencePrefix marks a reference carried in a customN field, used only
// when the merchant's custom holds text that is not a JSON object.
const ReferencePrefix = "coinsdk-ref:"

// maxReference bounds a merchant reference.
const maxReference = 255

// CustomFields are the free fields a payment, withdrawal or dedicated
// address carries and sends back in every answer and webhook: custom (any
// text, often a JSON object) and custom1 … custom9 (simple values).
type CustomFields struct {
	// Custom is any text; a JSON object is usual. The SDK adds its
	// "idempotence" key to an object (or creates {"idempotence": …} when
	// empty), keeping the merchant's own keys byte for byte.
	Custom string `json:"custom,omitempty"`
	// Custom1 is a simple value.
	Custom1 string `json:"custom1,omitempty"`
	// Custom2 is a simple value.
	Custom2 string `json:"custom2,omitempty"`
	// Custom3 is a simple value.
	Custom3 string `json:"custom3,omitempty"`
	// Custom4 is a simple value.
	Custom4 string `json:"custom4,omitempty"`
	// Custom5 is a simple value.
	Custom5 string `json:"custom5,omitempty"`
	// Custom6 is a simple value.
	Custom6 string `json:"custom6,omitempty"`
	// Custom7 is a simple value.
	Custom7 string `json:"custom7,omitempty"`
	// Custom8 is a simple value.
	Custom8 string `json:"custom8,omitempty"`
	// Custom9 is a simple value; it carries the SDK's reference when Custom
	// holds text that is not a JSON object and Custom9 is free.
	Custom9 string `json:"custom9,omitempty"`
}

// slots lists custom1 … custom9 by number (index 0 is custom1).
func (c *CustomFields) slots() [9]*string {
	return [9]*string{&c.Custom1, &c.Custom2, &c.Custom3, &c.Custom4, &c.Custom5, &c.Custom6, &c.Custom7, &c.Custom8, &c.Custom9}
}

// Reference returns the merchant reference the fields carry: custom's
// "idempotence" key when custom is a JSON object holding one, else a customN
// value starting with ReferencePrefix (without the prefix), else "".
func (c CustomFields) Reference() string {
	if ref, ok := objectReference(c.Custom); ok {
		return ref
	}
	for _, s := range c.slots() {
		if strings.HasPrefix(*s, ReferencePrefix) {
			return strings.TrimPrefix(*s, ReferencePrefix)
		}
	}
	return ""
}

// objectReference reads the "idempotence" string of a custom JSON object.
func objectReference(custom string) (string, bool) {
	b := bytes.TrimSpace([]byte(custom))
	// json.Valid and one walk over the members, not a decode into a map:
	// every create's answer is checked this way (the echo check), and the
	// map's allocations were most of its cost. The result is the map's: an
	// object that is not valid JSON carries nothing, and of a key given
	// twice the last counts.
	if len(b) == 0 || b[0] != '{' || !json.Valid(b) {
		return "", false
	}
	var raw []byte
	_ = decjson.Members(b, func(key, value []byte) error {
		if string(key) == ReferenceKey {
			raw = value
		}
		return nil
	})
	switch {
	case raw == nil:
		return "", false
	case decjson.IsNull(raw):
		return "", true
	}
	if ref, ok := quoted(raw); ok && utf8.ValidString(ref) {
		return ref, true
	}
	var ref string
	if json.Unmarshal(raw, &ref) == nil {
		return ref, true // invalid UTF-8 read as encoding/json reads it
	}
	return strings.TrimSpace(string(raw)), true // a number, kept as written
}

// referenced is a create's params: validated locally, they carry the
// merchant reference in their custom fields.
type referenced interface {
	validate() error
	custom() (CustomFields, string)
}

// prepare validates p and returns the custom fields a create sends,
// carrying p's reference (see withReference), and that reference: the
// first step of every create that carries one (payments, withdrawals,
// dedicated addresses).
func prepare(p referenced) (CustomFields, string, error) {
	if err := p.validate(); err != nil {
		return CustomFields{}, "", err
	}
	return withReference(p.custom())
}

// withReference returns a copy of c that carries a reference, and that
// reference, never clobbering what the merchant put there:
//
//   - custom empty: custom = {"idempotence": ref};
//   - custom a JSON object without the key: the key is inserted first, the
//     merchant's own keys kept byte for byte;
//   - custom a JSON object with the key: its value is the reference (ref
//     must be empty or equal to it);
//   - custom other text: the first free customN from custom9 down gets
//     ReferencePrefix + ref; with none free it is a validation error.
//
// An empty ref (and none already carried) becomes a new UUID.
func withReference(c CustomFields, ref string) (CustomFields, string, error) {
	if len(ref) > maxReference || !utf8.ValidString(ref) || strings.TrimSpace(ref) != ref {
		return c, "", &payments.ValidationError{Field: "reference", Reason: "must be valid UTF-8 of at most 255 characters without surrounding spaces"}
	}
	if have := c.Reference(); have != "" {
		if ref != "" && have != ref {
			return c, "", &payments.ValidationError{Field: "custom", Reason: "already carries another reference (" + ReferenceKey + ")"}
		}
		return c, have, nil
	}
	if ref == "" {
		ref = uuid.NewString()
	}
	q, _ := json.Marshal(ref) // a string always marshals
	quoted := string(q)
	trimmed := strings.TrimSpace(c.Custom)
	switch {
	case trimmed == "":
		c.Custom = `{"` + ReferenceKey + `":` + quoted + `}`
		return c, ref, nil
	case trimmed[0] == '{' && json.Valid([]byte(trimmed)):
		rest := strings.TrimSpace(trimmed[1:])
		sep := ","
		if strings.HasPrefix(rest, "}") {
			sep = ""
		}
		c.Custom = `{"` + ReferenceKey + `":` + quoted + sep + trimmed[1:]
		return c, ref, nil
	}
	slots := c.slots()
	for i := len(slots) - 1; i >= 0; i-- {
		if *slots[i] == "" {
			*slots[i] = ReferencePrefix + ref
			return c, ref, nil
		}
	}
	return c, "", &payments.ValidationError{Field: "custom", Reason: "holds text that is not a JSON object and custom1…custom9 are all used: no room for the reference"}
}
