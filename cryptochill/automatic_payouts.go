package cryptochill

import (
	"context"
	"encoding/json"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// AutomaticPayoutsService manages automatic payouts: rules that periodically
// send a wallet's funds above KeepAmount to a fixed address. The API edits
// only rules with "API Editable" checked in the dashboard.
type AutomaticPayoutsService service

// AutomaticPayout is an automatic payout rule.
type AutomaticPayout struct {
	// ID is the rule id.
	ID string `json:"id"`
	// Wallet is the wallet paid out from.
	Wallet WalletRef `json:"wallet"`
	// Kind is the coin or token paid out ("USDC-TRX").
	Kind string `json:"kind"`
	// RecipientAddress is where the funds go.
	RecipientAddress string `json:"recipient_address"`
	// IsEnabled reports whether the rule runs.
	IsEnabled bool `json:"is_enabled"`
	// IsAPIEditable reports whether the API may change the rule.
	IsAPIEditable bool `json:"is_api_editable"`
	// MinAmount is the least amount worth paying out.
	MinAmount decimal.Decimal `json:"min_amount"`
	// KeepAmount stays in the wallet.
	KeepAmount decimal.Decimal `json:"keep_amount"`
	// Interval is the minutes between runs.
	Interval int `json:"interval"`
	// Raw is the rule's JSON as received.
	Raw json.RawMessage `json:"-"`
}

// AutomaticPayoutParams creates an automatic payout rule.
type AutomaticPayoutParams struct {
	// Wallet is the wallet id to pay out from. Required.
	Wallet string `json:"wallet"`
	// KeepAmount stays in the wallet; zero keeps nothing. Required (always sent), not negative.
	KeepAmount decimal.Decimal `json:"keep_amount"`
	// RecipientAddress is where the funds go. Required.
	RecipientAddress string `json:"recipient_address"`
	// Kind is the coin or token to pay out; see conversionKinds.
	Kind string `json:"kind,omitempty"`
	// IsEnabled turns the rule on or off; nil leaves the API's default.
	IsEnabled *bool `json:"is_enabled,omitempty"`
	// MinAmount is the least amount worth paying out; zero is not sent.
	MinAmount decimal.Decimal `json:"-"`
	// Interval is the minutes between runs (see automaticPayoutIntervals); 0 is not sent.
	Interval int `json:"interval,omitempty"`
}

// MarshalJSON leaves MinAmount out when zero.
func (p AutomaticPayoutParams) MarshalJSON() ([]byte, error) {
	type plain AutomaticPayoutParams
	return json.Marshal(struct {
		plain
		MinAmount *decimal.Decimal `json:"min_amount,omitempty"`
	}{plain(p), nonZero(p.MinAmount)})
}

func (p *AutomaticPayoutParams) validate() error {
	if p == nil {
		return &payments.ValidationError{Field: "params", Reason: "is required"}
	}
	if err := apicall.Required("wallet", p.Wallet, "recipient_address", p.RecipientAddress); err != nil {
		return err
	}
	if err := notNegative(namedAmount{"keep_amount", &p.KeepAmount}, namedAmount{"min_amount", &p.MinAmount}); err != nil {
		return err
	}
	var interval *int // 0 is not sent
	if p.Interval != 0 {
		interval = &p.Interval
	}
	return validPayoutRule(p.Kind, interval)
}

// AutomaticPayoutUpdateParams changes an automatic payout rule; only the
// fields set (non-nil, non-empty) are sent.
type AutomaticPayoutUpdateParams struct {
	// Wallet is the wallet id to pay out from.
	Wallet string `json:"wallet,omitempty"`
	// KeepAmount stays in the wallet; not negative.
	KeepAmount *decimal.Decimal `json:"keep_amount,omitempty"`
	// RecipientAddress is where the funds go.
	RecipientAddress string `json:"recipient_address,omitempty"`
	// Kind is the coin or token to pay out; see conversionKinds.
	Kind string `json:"kind,omitempty"`
	// IsEnabled turns the rule on or off.
	IsEnabled *bool `json:"is_enabled,omitempty"`
	// MinAmount is the least amount worth paying out; not negative.
	MinAmount *decimal.Decimal `json:"min_amount,omitempty"`
	// Interval is the minutes between runs; see automaticPayoutIntervals.
	Interval *int `json:"interval,omitempty"`
}

func (p *AutomaticPayoutUpdateParams) validate() error {
	if p == nil || (p.Wallet == "" && p.KeepAmount == nil && p.RecipientAddress == "" && p.Kind == "" &&
		p.IsEnabled == nil && p.MinAmount == nil && p.Interval == nil) {
		return &payments.ValidationError{Field: "params", Reason: "set at least one field to update"}
	}
	if err := notNegative(namedAmount{"keep_amount", p.KeepAmount}, namedAmount{"min_amount", p.MinAmount}); err != nil {
		return err
	}
	return validPayoutRule(p.Kind, p.Interval)
}

// validPayoutRule checks what a create and an update send alike: the kind
// when set (non-empty) and the interval when sent (non-nil).
func validPayoutRule(kind string, interval *int) error {
	if kind != "" {
		if err := validKind("kind", kind); err != nil {
			return err
		}
	}
	if interval != nil {
		return validInterval(*interval)
	}
	return nil
}

// List returns every automatic payout rule (the endpoint is not paged).
// GET /v1/automatic-payouts/
func (s *AutomaticPayoutsService) List(ctx context.Context) ([]AutomaticPayout, error) {
	return list[AutomaticPayout](ctx, s.client, "list automatic payouts", "/v1/automatic-payouts/")
}

// Get returns one automatic payout rule.
// GET /v1/automatic-payouts/<id>/
func (s *AutomaticPayoutsService) Get(ctx context.Context, id string) (*AutomaticPayout, error) {
	return get[AutomaticPayout](ctx, s.client, "get automatic payout", "/v1/automatic-payouts/", id)
}

// Create creates an automatic payout rule (one per wallet and kind). The
// documentation also says new rules can only be made in the dashboard; the
// API answers which applies to the account.
// POST /v1/automatic-payouts/
func (s *AutomaticPayoutsService) Create(ctx context.Context, p *AutomaticPayoutParams) (*AutomaticPayout, error) {
	return create[AutomaticPayout](ctx, s.client, "create automatic payout", "/v1/automatic-payouts/", p)
}

// Update changes the fields set in p. The response may hold only some of
// the rule's fields (as documented); Get returns all of them.
// PUT /v1/automatic-payouts/<id>/
func (s *AutomaticPayoutsService) Update(ctx context.Context, id string, p *AutomaticPayoutUpdateParams) (*AutomaticPayout, error) {
	return update[AutomaticPayout](ctx, s.client, "update automatic payout", "/v1/automatic-payouts/", id, p)
}

// Delete deletes an automatic payout rule.
// DELETE /v1/automatic-payouts/<id>/
func (s *AutomaticPayoutsService) Delete(ctx context.Context, id string) error {
	return del(ctx, s.client, "delete automatic payout", "/v1/automatic-payouts/", id)
}
