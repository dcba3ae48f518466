package cryptochill

import (
	"context"
	"encoding/json"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// AutomaticConversionsService manages automatic conversions: rules that,
// several times a day, convert a wallet's balance above KeepAmount (by at
// least MinAmount, at most MaxAmount per run) into another coin.
type AutomaticConversionsService service

// AutomaticConversion is an automatic conversion rule.
type AutomaticConversion struct {
	// ID is the rule id.
	ID string `json:"id"`
	// FromWallet is the wallet converted from.
	FromWallet WalletRef `json:"from_wallet"`
	// FromKind is the coin converted from ("USDT-TRX").
	FromKind string `json:"from_kind"`
	// ToWallet is the wallet converted into.
	ToWallet WalletRef `json:"to_wallet"`
	// ToKind is the coin converted into ("USDC-TRX").
	ToKind string `json:"to_kind"`
	// KeepAmount stays in the wallet.
	KeepAmount decimal.Decimal `json:"keep_amount"`
	// MinAmount is the least excess worth converting.
	MinAmount decimal.Decimal `json:"min_amount"`
	// MaxAmount caps one conversion.
	MaxAmount decimal.Decimal `json:"max_amount"`
	// Exchange is the exchange used.
	Exchange Exchange `json:"exchange"`
	// IsEnabled reports whether the rule runs.
	IsEnabled bool `json:"is_enabled"`
	// Raw is the rule's JSON as received.
	Raw json.RawMessage `json:"-"`
}

// AutomaticConversionParams creates an automatic conversion rule. Amounts are
// always sent (zero included) as the API requires each of them.
type AutomaticConversionParams struct {
	// IsEnabled turns the rule on or off; nil leaves the API's default.
	IsEnabled *bool `json:"is_enabled,omitempty"`
	// FromWallet is the wallet id to convert from. Required.
	FromWallet string `json:"from_wallet"`
	// FromKind is the coin to convert from; see conversionKinds. Required.
	FromKind string `json:"from_kind"`
	// ToWallet is the wallet id to convert into. Required.
	ToWallet string `json:"to_wallet"`
	// ToKind is the coin to convert into; see conversionKinds. Required.
	ToKind string `json:"to_kind"`
	// MinAmount is the least excess worth converting; not negative, at most MaxAmount.
	MinAmount decimal.Decimal `json:"min_amount"`
	// MaxAmount caps one conversion; not negative.
	MaxAmount decimal.Decimal `json:"max_amount"`
	// KeepAmount stays in the wallet; not negative.
	KeepAmount decimal.Decimal `json:"keep_amount"`
	// Exchange is the exchange id. Required.
	Exchange string `json:"exchange"`
}

func (p *AutomaticConversionParams) validate() error {
	if p == nil {
		return &payments.ValidationError{Field: "params", Reason: "is required"}
	}
	if err := validRoute(p.FromWallet, p.FromKind, p.ToWallet, p.ToKind, p.Exchange); err != nil {
		return err
	}
	return validConversionAmounts(&p.MinAmount, &p.MaxAmount, &p.KeepAmount)
}

// AutomaticConversionUpdateParams changes an automatic conversion rule; only
// the fields set (non-nil, non-empty) are sent.
type AutomaticConversionUpdateParams struct {
	// IsEnabled turns the rule on or off.
	IsEnabled *bool `json:"is_enabled,omitempty"`
	// ToWallet is the wallet id to convert into.
	ToWallet string `json:"to_wallet,omitempty"`
	// ToKind is the coin to convert into; see conversionKinds.
	ToKind string `json:"to_kind,omitempty"`
	// MinAmount is the least excess worth converting; not negative.
	MinAmount *decimal.Decimal `json:"min_amount,omitempty"`
	// MaxAmount caps one conversion; not negative.
	MaxAmount *decimal.Decimal `json:"max_amount,omitempty"`
	// KeepAmount stays in the wallet; not negative.
	KeepAmount *decimal.Decimal `json:"keep_amount,omitempty"`
	// Exchange is the exchange id.
	Exchange string `json:"exchange,omitempty"`
}

func (p *AutomaticConversionUpdateParams) validate() error {
	if p == nil || (p.IsEnabled == nil && p.ToWallet == "" && p.ToKind == "" && p.MinAmount == nil &&
		p.MaxAmount == nil && p.KeepAmount == nil && p.Exchange == "") {
		return &payments.ValidationError{Field: "params", Reason: "set at least one field to update"}
	}
	if p.ToKind != "" {
		if err := validKind("to_kind", p.ToKind); err != nil {
			return err
		}
	}
	return validConversionAmounts(p.MinAmount, p.MaxAmount, p.KeepAmount)
}

// validConversionAmounts checks the amounts that are set (non-nil): none
// negative, and min not above max when both are given. When only one of
// them is updated the stored other is unknown here; the API checks that pair.
func validConversionAmounts(minAmount, maxAmount, keepAmount *decimal.Decimal) error {
	if err := notNegative(namedAmount{"min_amount", minAmount}, namedAmount{"max_amount", maxAmount},
		namedAmount{"keep_amount", keepAmount}); err != nil {
		return err
	}
	if minAmount != nil && maxAmount != nil && minAmount.GreaterThan(*maxAmount) {
		return &payments.ValidationError{Field: "min_amount", Reason: "must not be greater than max_amount"}
	}
	return nil
}

// namedAmount is an amount parameter and its field name, for notNegative.
type namedAmount struct {
	name string
	v    *decimal.Decimal // nil: not set (an update leaving it)
}

// notNegative returns a *payments.ValidationError naming the first set
// amount that is negative: the rules' amounts (keep, min, max) may be zero
// but never below it, on create and on update alike.
func notNegative(amounts ...namedAmount) error {
	for _, a := range amounts {
		if a.v != nil && a.v.IsNegative() {
			return &payments.ValidationError{Field: a.name, Reason: "must not be negative"}
		}
	}
	return nil
}

// List returns every automatic conversion rule (the endpoint is not paged).
// GET /v1/automatic-conversions/
func (s *AutomaticConversionsService) List(ctx context.Context) ([]AutomaticConversion, error) {
	return list[AutomaticConversion](ctx, s.client, "list automatic conversions", "/v1/automatic-conversions/")
}

// Get returns one automatic conversion rule.
// GET /v1/automatic-conversions/<id>/
func (s *AutomaticConversionsService) Get(ctx context.Context, id string) (*AutomaticConversion, error) {
	return get[AutomaticConversion](ctx, s.client, "get automatic conversion", "/v1/automatic-conversions/", id)
}

// Create creates an automatic conversion rule (one per wallet and kind).
// POST /v1/automatic-conversions/
func (s *AutomaticConversionsService) Create(ctx context.Context, p *AutomaticConversionParams) (*AutomaticConversion, error) {
	return create[AutomaticConversion](ctx, s.client, "create automatic conversion", "/v1/automatic-conversions/", p)
}

// Update changes the fields set in p.
// PUT /v1/automatic-conversions/<id>/
func (s *AutomaticConversionsService) Update(ctx context.Context, id string, p *AutomaticConversionUpdateParams) (*AutomaticConversion, error) {
	return update[AutomaticConversion](ctx, s.client, "update automatic conversion", "/v1/automatic-conversions/", id, p)
}

// Delete deletes an automatic conversion rule.
// DELETE /v1/automatic-conversions/<id>/
func (s *AutomaticConversionsService) Delete(ctx context.Context, id string) error {
	return del(ctx, s.client, "delete automatic conversion", "/v1/automatic-conversions/", id)
}
