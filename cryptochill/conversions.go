package cryptochill

import (
	"context"
	"encoding/json"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// ConversionsService manages one-off conversions between wallets and coins
// through an exchange.
type ConversionsService service

// WalletRef names a wallet inside another object.
type WalletRef struct {
	// ID is the wallet id.
	ID string `json:"id"`
	// Name is the wallet's display name.
	Name string `json:"name"`
}

// Exchange names the exchange a conversion runs through.
type Exchange struct {
	// ID is the exchange id.
	ID string `json:"id"`
	// Title is the exchange's display name ("Binance").
	Title string `json:"title"`
}

// Conversion is a one-off conversion of Amount from one wallet and coin to another.
type Conversion struct {
	// ID is the conversion id.
	ID string `json:"id"`
	// FromWallet is the wallet converted from.
	FromWallet WalletRef `json:"from_wallet"`
	// FromKind is the coin converted from ("USDT-TRX").
	FromKind string `json:"from_kind"`
	// ToWallet is the wallet converted into.
	ToWallet WalletRef `json:"to_wallet"`
	// ToKind is the coin converted into ("USDC-TRX").
	ToKind string `json:"to_kind"`
	// Amount is the amount to convert, in FromKind.
	Amount decimal.Decimal `json:"amount"`
	// Exchange is the exchange used.
	Exchange Exchange `json:"exchange"`
	// Status is the conversion's status ("draft", …).
	Status ConversionStatus `json:"status"`
	// IsApproved reports whether the conversion is approved for execution.
	IsApproved bool `json:"is_approved"`
	// Raw is the conversion's JSON as received.
	Raw json.RawMessage `json:"-"`
}

// ConversionParams creates a conversion.
type ConversionParams struct {
	// IsApproved approves the conversion for execution right away.
	IsApproved bool `json:"is_approved"`
	// FromWallet is the wallet id to convert from. Required.
	FromWallet string `json:"from_wallet"`
	// FromKind is the coin to convert from; see conversionKinds. Required.
	FromKind string `json:"from_kind"`
	// ToWallet is the wallet id to convert into. Required.
	ToWallet string `json:"to_wallet"`
	// ToKind is the coin to convert into; see conversionKinds. Required.
	ToKind string `json:"to_kind"`
	// Amount is the amount to convert, in FromKind. Required, positive.
	Amount decimal.Decimal `json:"amount"`
	// Exchange is the exchange id. Required.
	Exchange string `json:"exchange"`
}

func (p *ConversionParams) validate() error {
	if p == nil {
		return &payments.ValidationError{Field: "params", Reason: "is required"}
	}
	if err := validRoute(p.FromWallet, p.FromKind, p.ToWallet, p.ToKind, p.Exchange); err != nil {
		return err
	}
	return payments.ValidateAmount("amount", p.Amount, p.FromKind)
}

// validRoute checks what a conversion and an automatic conversion rule both
// name on create: the wallets, coins and exchange (each required), and coins
// that are documented conversion kinds.
func validRoute(fromWallet, fromKind, toWallet, toKind, exchange string) error {
	if err := apicall.Required("from_wallet", fromWallet, "from_kind", fromKind, "to_wallet", toWallet,
		"to_kind", toKind, "exchange", exchange); err != nil {
		return err
	}
	if err := validKind("from_kind", fromKind); err != nil {
		return err
	}
	return validKind("to_kind", toKind)
}

// ConversionUpdateParams changes a conversion. The documentation's table
// marks to_wallet, to_kind, amount and exchange as required on update (while
// its prose calls every field editable); the stricter reading is the one a
// server can hold us to, so they are required here too.
type ConversionUpdateParams struct {
	// IsApproved approves (true) or withholds (false) execution; nil leaves it.
	IsApproved *bool `json:"is_approved,omitempty"`
	// ToWallet is the wallet id to convert into. Required.
	ToWallet string `json:"to_wallet"`
	// ToKind is the coin to convert into; see conversionKinds. Required.
	ToKind string `json:"to_kind"`
	// Amount is the amount to convert. Required, positive.
	Amount *decimal.Decimal `json:"amount"`
	// Exchange is the exchange id. Required.
	Exchange string `json:"exchange"`
}

func (p *ConversionUpdateParams) validate() error {
	if p == nil {
		return &payments.ValidationError{Field: "params", Reason: "is required"}
	}
	if err := apicall.Required("to_wallet", p.ToWallet, "to_kind", p.ToKind, "exchange", p.Exchange); err != nil {
		return err
	}
	if err := validKind("to_kind", p.ToKind); err != nil {
		return err
	}
	if p.Amount == nil || !p.Amount.IsPositive() {
		return &payments.ValidationError{Field: "amount", Reason: "is required and must be greater than zero"}
	}
	return nil
}

// List returns every conversion (the endpoint is not paged).
// GET /v1/conversions/
func (s *ConversionsService) List(ctx context.Context) ([]Conversion, error) {
	return list[Conversion](ctx, s.client, "list conversions", "/v1/conversions/")
}

// Get returns one conversion.
// GET /v1/conversions/<id>/
func (s *ConversionsService) Get(ctx context.Context, id string) (*Conversion, error) {
	return get[Conversion](ctx, s.client, "get conversion", "/v1/conversions/", id)
}

// Create creates a conversion. The API offers no dedupe reference for
// conversions, so a failed attempt is not retried, and a timeout or 5xx is an
// error matching payments.ErrUnknownOutcome: check List before trying again.
// POST /v1/conversions/
func (s *ConversionsService) Create(ctx context.Context, p *ConversionParams) (*Conversion, error) {
	return create[Conversion](ctx, s.client, "create conversion", "/v1/conversions/", p)
}

// Update changes the fields set in p.
// PUT /v1/conversions/<id>/
func (s *ConversionsService) Update(ctx context.Context, id string, p *ConversionUpdateParams) (*Conversion, error) {
	return update[Conversion](ctx, s.client, "update conversion", "/v1/conversions/", id, p)
}

// Delete deletes a conversion.
// DELETE /v1/conversions/<id>/
func (s *ConversionsService) Delete(ctx context.Context, id string) error {
	return del(ctx, s.client, "delete conversion", "/v1/conversions/", id)
}
