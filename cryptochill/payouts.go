package cryptochill

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// PayoutsService sends crypto (payouts) and reads, approves and rejects them.
type PayoutsService service

// Payout is an outgoing transfer to one or more recipients.
type Payout struct {
	// ID is the payout id.
	ID string `json:"id"`
	// Kind is the coin or token and network ("BTC", "USDT-TRX", "BTC_LIGHTNING_TO_LIGHTNING").
	Kind string `json:"kind"`
	// TxID is the blockchain transaction hash once broadcast.
	TxID string `json:"txid"`
	// CreatedAt is the creation time.
	CreatedAt time.Time `json:"created_at"`
	// ExecutedAt is when the payout was executed; nil until then.
	ExecutedAt *time.Time `json:"executed_at"`
	// ProfileID is the profile the payout was made under.
	ProfileID string `json:"profile_id"`
	// WalletID is the wallet the funds come from.
	WalletID string `json:"wallet_id"`
	// Confirmations is the confirmation count of the transaction.
	Confirmations int `json:"confirmations"`
	// Status is one of the PayoutStatus* constants.
	Status PayoutStatus `json:"status"`
	// Network is "mainnet" or "testnet".
	Network string `json:"network"`
	// Amount holds the total sent and the network fee, in the payout's coin.
	Amount PayoutAmount `json:"amount"`
	// NetworkFeePays is who pays the network fee: "merchant" or "recipient".
	NetworkFeePays string `json:"network_fee_pays"`
	// NetworkFeePreset is the fee preset: "high", "normal" or "economy".
	NetworkFeePreset string `json:"network_fee_preset"`
	// NetworkFee is the custom network fee in satoshi/byte, if one was set.
	NetworkFee int `json:"network_fee"`
	// Passthrough is the merchant's metadata string, sent back with callbacks.
	Passthrough string `json:"passthrough"`
	// ReferenceID is the merchant's unique reference (the dedupe key).
	ReferenceID string `json:"reference_id"`
	// Recipients are the payout's recipients with requested and received amounts.
	Recipients []PayoutRecipient `json:"recipients"`
	// Raw is the payout's JSON as received.
	Raw json.RawMessage `json:"-"`
}

// PayoutAmount groups a payout's totals.
type PayoutAmount struct {
	// Total is what leaves the wallet, in the payout's coin.
	Total decimal.Decimal `json:"total"`
	// NetworkFee is the blockchain fee, in the payout's coin.
	NetworkFee decimal.Decimal `json:"network_fee"`
}

// PayoutRecipient is one recipient of a payout as the API returns it.
type PayoutRecipient struct {
	// ID is the recipient entry's id.
	ID string `json:"id"`
	// Address is the destination address (or lightning payment request).
	Address string `json:"address"`
	// Amount holds the requested amount and what the recipient receives.
	Amount RecipientAmount `json:"amount"`
	// CustomFee is the merchant fee deducted from the received amount, if any.
	CustomFee *Amount `json:"custom_fee"`
	// Notes are the merchant's notes for this recipient.
	Notes string `json:"notes"`
}

// RecipientAmount is a recipient's requested and received amounts.
type RecipientAmount struct {
	// Requested is the amount asked for, in the currency given (may be fiat).
	Requested *Amount `json:"requested"`
	// Received is what the recipient receives, in the payout's coin.
	Received *Amount `json:"received"`
}

// Network fee choices.
const (
	// NetworkFeeMerchant: the merchant pays the network fee (the default).
	NetworkFeeMerchant = "merchant"
	// NetworkFeeRecipient: the fee is deducted from the first recipient.
	NetworkFeeRecipient = "recipient"
	// NetworkFeeHigh is the fastest fee preset.
	NetworkFeeHigh = "high"
	// NetworkFeeNormal is the default fee preset.
	NetworkFeeNormal = "normal"
	// NetworkFeeEconomy is the cheapest fee preset.
	NetworkFeeEconomy = "economy"
)

// kindLightningToLightning is the one kind whose recipients may omit the
// amount: a lightning payment request carries its own.
const kindLightningToLightning = "BTC_LIGHTNING_TO_LIGHTNING"

// PayoutParams creates a payout.
type PayoutParams struct {
	// Kind is the coin and network to pay in (default BTC); see payoutKinds.
	Kind string `json:"kind,omitempty"`
	// ProfileID selects settings, callback URL and (without WalletID) the wallet. Required.
	ProfileID string `json:"profile_id"`
	// WalletID selects the wallet the funds come from; empty uses the profile's.
	WalletID string `json:"wallet_id,omitempty"`
	// Passthrough is metadata sent back with every callback.
	Passthrough string `json:"passthrough,omitempty"`
	// ReferenceID is the merchant's unique reference. CryptoChill refuses a
	// second payout with the same one, which is what makes Create safe to
	// retry; Create fills in a UUID when it is empty.
	ReferenceID string `json:"reference_id,omitempty"`
	// Recipients are who receives what. Required, at least one.
	Recipients []Recipient `json:"recipients"`
	// NetworkFeePays is "merchant" (default) or "recipient" (deducted from the
	// first recipient).
	NetworkFeePays string `json:"network_fee_pays,omitempty"`
	// NetworkFeePreset is "high", "normal" (default) or "economy".
	NetworkFeePreset string `json:"network_fee_preset,omitempty"`
	// NetworkFee is a custom network fee in satoshi/byte; 0 uses the preset.
	NetworkFee int `json:"network_fee,omitempty"`
}

// Recipient is one recipient of a new payout.
type Recipient struct {
	// Amount is what to send, in Currency. Required and positive, except for
	// kind BTC_LIGHTNING_TO_LIGHTNING, where zero leaves it to the payment request.
	Amount decimal.Decimal `json:"-"`
	// Currency is Amount's currency (fiat or coin); see payoutCurrencies. Required.
	Currency string `json:"currency"`
	// Address is the destination address, or the payment request for
	// BTC_LIGHTNING_TO_LIGHTNING. Required.
	Address string `json:"address"`
	// FeeAmount is a custom fee deducted from the received amount.
	FeeAmount decimal.Decimal `json:"-"`
	// FeeCurrency is FeeAmount's currency.
	FeeCurrency string `json:"fee_currency,omitempty"`
	// DestinationTag is the XRP destination tag (XRP kind only).
	DestinationTag *uint32 `json:"destination_tag,omitempty"`
	// Notes are the merchant's notes for this recipient.
	Notes string `json:"notes,omitempty"`
	// ExchangeRateLimit refuses the payout if CryptoChill's rate differs too much.
	ExchangeRateLimit *ExchangeRateLimit `json:"exchange_rate_limit,omitempty"`
}

// MarshalJSON writes amounts as quoted decimals and leaves them out when zero.
func (r Recipient) MarshalJSON() ([]byte, error) {
	type plain Recipient
	return json.Marshal(struct {
		plain
		Amount    *decimal.Decimal `json:"amount,omitempty"`
		FeeAmount *decimal.Decimal `json:"fee_amount,omitempty"`
	}{plain(r), nonZero(r.Amount), nonZero(r.FeeAmount)})
}

func (p *PayoutParams) validate() error {
	if p == nil {
		return &payments.ValidationError{Field: "params", Reason: "is required"}
	}
	if strings.TrimSpace(p.ProfileID) == "" {
		return &payments.ValidationError{Field: "profile_id", Reason: "is required"}
	}
	if p.Kind != "" && !slices.Contains(payoutKinds, p.Kind) {
		return &payments.ValidationError{Field: "kind", Reason: "is not a documented payout kind"}
	}
	if len(p.ReferenceID) > 255 {
		return &payments.ValidationError{Field: "reference_id", Reason: "is longer than 255 characters"}
	}
	if len(p.Recipients) == 0 {
		return &payments.ValidationError{Field: "recipients", Reason: "at least one recipient is required"}
	}
	for i := range p.Recipients {
		if err := p.Recipients[i].validate("recipients["+strconv.Itoa(i)+"]", p.Kind); err != nil {
			return err
		}
	}
	if p.NetworkFeePays != "" && p.NetworkFeePays != NetworkFeeMerchant && p.NetworkFeePays != NetworkFeeRecipient {
		return &payments.ValidationError{Field: "network_fee_pays", Reason: `must be "merchant" or "recipient"`}
	}
	switch p.NetworkFeePreset {
	case "", NetworkFeeHigh, NetworkFeeNormal, NetworkFeeEconomy:
	default:
		return &payments.ValidationError{Field: "network_fee_preset", Reason: `must be "high", "normal" or "economy"`}
	}
	if p.NetworkFee < 0 {
		return &payments.ValidationError{Field: "network_fee", Reason: "must not be negative"}
	}
	return nil
}

func (r *Recipient) validate(field, kind string) error {
	if strings.TrimSpace(r.Address) == "" {
		return &payments.ValidationError{Field: field + ".address", Reason: "is required"}
	}
	if r.Currency == "" {
		return &payments.ValidationError{Field: field + ".currency", Reason: "is required"}
	}
	if !slices.Contains(payoutCurrencies, r.Currency) {
		return &payments.ValidationError{Field: field + ".currency", Reason: "must be one of " + strings.Join(payoutCurrencies, ", ")}
	}
	switch {
	case r.Amount.IsNegative():
		return &payments.ValidationError{Field: field + ".amount", Reason: "must be greater than zero"}
	case r.Amount.IsZero() && kind != kindLightningToLightning:
		return &payments.ValidationError{Field: field + ".amount", Reason: "must be greater than zero"}
	case !r.Amount.IsZero():
		if err := payments.ValidateAmount(field+".amount", r.Amount, r.Currency); err != nil {
			return err
		}
	}
	if r.FeeAmount.IsNegative() {
		return &payments.ValidationError{Field: field + ".fee_amount", Reason: "must not be negative"}
	}
	if r.FeeCurrency != "" && !slices.Contains(payoutCurrencies, r.FeeCurrency) {
		return &payments.ValidationError{Field: field + ".fee_currency", Reason: "must be one of " + strings.Join(payoutCurrencies, ", ")}
	}
	if r.DestinationTag != nil && kind != "XRP" {
		return &payments.ValidationError{Field: field + ".destination_tag", Reason: `is only allowed for kind "XRP"`}
	}
	return r.ExchangeRateLimit.validate(field + ".exchange_rate_limit")
}

// Create sends a payout; the response is the payout as Get returns it.
// POST /v1/payouts/
//
// Create always sends a reference_id (a UUID when p.ReferenceID is empty; p
// itself is not changed), so the call is retried safely on 5xx and network
// errors: CryptoChill refuses a second payout with the same reference. When
// the outcome is still unknown (a timeout or 5xx after sending, or a 200 that
// does not echo the reference, kind, recipients and amounts sent), Create
// looks the payout up by its reference and returns it if it matches p.
// Otherwise the error matches payments.ErrUnknownOutcome and its
// *payments.UnknownOutcomeError carries the reference: call Create again
// with the same ReferenceID and parameters (or look it up with
// FindByReference). A "reference_id already exists" answer is looked up the
// same way: the payout is returned when it matches p (the answer to a
// repeated call after an unknown outcome); a payout that differs is an error
// matching payments.ErrDuplicateReference (a *payments.ReferenceMismatchError
// naming the field); one not listed yet, or a lookup that fails, leaves the
// outcome unknown (never ErrDuplicateReference: the payout may be ours).
func (s *PayoutsService) Create(ctx context.Context, p *PayoutParams) (*Payout, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	q := *p // a copy, so the generated reference never leaks into the caller's struct
	if q.ReferenceID == "" {
		q.ReferenceID = uuid.NewString()
	}
	k := &apicall.Call{Op: "create payout", Method: http.MethodPost, Path: "/v1/payouts/", Body: &q, Reference: q.ReferenceID}
	return apicall.Create(ctx, s.client.pipe, k, s.payoutSettlement(&q))
}

// PayoutListParams filters List and All.
type PayoutListParams struct {
	// Page is the page number (from 1); All starts there.
	Page int
	// TxID filters by transaction hash.
	TxID string
	// Address filters by recipient address.
	Address string
	// ReferenceID filters by the merchant's reference.
	ReferenceID string
}

func (p *PayoutListParams) filters() (map[string]string, int, error) {
	if p == nil {
		return nil, 0, nil
	}
	return pageFilters(p.Page, map[string]string{"txid": p.TxID, "address": p.Address, "reference_id": p.ReferenceID})
}

// List returns one page of payouts, newest first (25 per page).
// GET /v1/payouts/
func (s *PayoutsService) List(ctx context.Context, p *PayoutListParams) (*Page[Payout], error) {
	return pageOf[Payout](ctx, s.client, "list payouts", "/v1/payouts/", p)
}

// All iterates over every payout matching p, page after page, fetching the
// next page only as the loop reaches it; breaking the loop stops fetching.
// GET /v1/payouts/?p=N
func (s *PayoutsService) All(ctx context.Context, p *PayoutListParams) iter.Seq2[Payout, error] {
	return allOf[Payout](ctx, s.client, "list payouts", "/v1/payouts/", p, func(v Payout) string { return v.ID })
}

// Get returns one payout.
// GET /v1/payouts/<id>/
func (s *PayoutsService) Get(ctx context.Context, id string) (*Payout, error) {
	return get[Payout](ctx, s.client, "get payout", "/v1/payouts/", id)
}

// FindByReference returns the payout whose reference_id is ref, or an error
// matching payments.ErrNotFound when none is listed now. Not found does not
// mean never made: a create still in flight may land later (see
// payments.PayoutProvider.FindPayout); repeat Create with the same reference
// rather than sending the money again under a new one.
// GET /v1/payouts/?reference_id=<ref>
func (s *PayoutsService) FindByReference(ctx context.Context, ref string) (*Payout, error) {
	if strings.TrimSpace(ref) == "" {
		return nil, &payments.ValidationError{Field: "reference_id", Reason: "is required"}
	}
	page, err := listPage[Payout](ctx, s.client, "find payout", "/v1/payouts/", map[string]string{"reference_id": ref}, 0)
	if err != nil {
		return nil, err
	}
	// Match exactly: were the server's filter ever loose (a prefix or
	// case-insensitive match), another payout must not be taken for this one.
	for i := range page.Items {
		if page.Items[i].ReferenceID == ref {
			return &page.Items[i], nil
		}
	}
	return nil, &payments.APIError{Provider: ProviderName, StatusCode: http.StatusNotFound,
		Message: "no payout with reference_id " + strconv.Quote(ref), Kind: payments.ErrNotFound}
}

// Approve approves a draft payout (one over the key's "Max Payout"); its
// status becomes "new". It needs a key with the Approve permission.
// PUT /v1/payouts/<id>/ {"approve": true}
func (s *PayoutsService) Approve(ctx context.Context, id string) (*Payout, error) {
	return s.decide(ctx, "approve payout", id, true)
}

// Reject rejects a draft payout; its status becomes "rejected". It needs a
// key with the Approve permission.
// PUT /v1/payouts/<id>/ {"approve": false}
func (s *PayoutsService) Reject(ctx context.Context, id string) (*Payout, error) {
	return s.decide(ctx, "reject payout", id, false)
}

func (s *PayoutsService) decide(ctx context.Context, op, id string, approve bool) (*Payout, error) {
	path, err := objectPath("/v1/payouts/", id)
	if err != nil {
		return nil, err
	}
	params := struct {
		Approve bool `json:"approve"`
	}{approve}
	return apicall.Object[Payout](ctx, s.client.pipe, &apicall.Call{Op: op, Method: http.MethodPut, Path: path, Body: params})
}

// Confirmations returns the confirmation counts of one or more payouts.
// POST /v1/payouts/confirmations/
func (s *PayoutsService) Confirmations(ctx context.Context, ids ...string) ([]Confirmation, error) {
	return confirmations(ctx, s.client, "payout confirmations", "/v1/payouts/confirmations/", ids)
}
