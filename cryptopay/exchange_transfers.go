package cryptopay

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// ExchangeTransfersService converts between the merchant's accounts.
type ExchangeTransfersService struct{ c *Client }

// ExchangeTransferParams creates an exchange transfer. Exactly one of
// ChargedAmount and ReceivedAmount must be set; the other is sent as an
// explicit null, as the official clients do.
type ExchangeTransferParams struct {
	// ChargedCurrency is the account converted from. Required.
	ChargedCurrency string `json:"charged_currency"`
	// ChargedAmount is the amount taken from it.
	ChargedAmount *decimal.Decimal `json:"charged_amount"`
	// ReceivedCurrency is the account converted to. Required.
	ReceivedCurrency string `json:"received_currency"`
	// ReceivedAmount is the amount credited to it.
	ReceivedAmount *decimal.Decimal `json:"received_amount"`
	// CustomID is the merchant's unique reference; a UUID is filled in when empty.
	CustomID string `json:"custom_id"`
	// ForceCommit converts at once; false needs Commit.
	ForceCommit bool `json:"force_commit"`
}

// Validate checks the parameters locally.
func (p *ExchangeTransferParams) Validate() error {
	if p == nil {
		return &payments.ValidationError{Field: "params", Reason: "is required"}
	}
	if err := firstErr(
		validateCurrency("charged_currency", p.ChargedCurrency, true),
		validateCurrency("received_currency", p.ReceivedCurrency, true),
		validateCustomID(p.CustomID),
	); err != nil {
		return err
	}
	if p.ChargedCurrency == p.ReceivedCurrency {
		return &payments.ValidationError{Field: "received_currency", Reason: "must differ from charged_currency"}
	}
	switch {
	case (p.ChargedAmount == nil) == (p.ReceivedAmount == nil):
		return &payments.ValidationError{Field: "charged_amount", Reason: "exactly one of charged_amount and received_amount must be set"}
	case p.ChargedAmount != nil:
		return validateAmount("charged_amount", *p.ChargedAmount, p.ChargedCurrency)
	default:
		return validateAmount("received_amount", *p.ReceivedAmount, p.ReceivedCurrency)
	}
}

func (p *ExchangeTransferParams) differs(x *ExchangeTransfer) string {
	switch {
	case x.ChargedCurrency != p.ChargedCurrency:
		return "charged_currency"
	case x.ReceivedCurrency != p.ReceivedCurrency:
		return "received_currency"
	case p.ChargedAmount != nil && !x.ChargedAmount.Equal(*p.ChargedAmount):
		return "charged_amount"
	case p.ReceivedAmount != nil && !x.ReceivedAmount.Equal(*p.ReceivedAmount):
		return "received_amount"
	}
	return ""
}

// ExchangeTransfer is a conversion between two accounts.
type ExchangeTransfer struct {
	// ID is Cryptopay's id.
	ID string `json:"id"`
	// CustomID is the merchant's reference.
	CustomID string `json:"custom_id"`
	// ChargedAmount is what is taken.
	ChargedAmount decimal.Decimal `json:"charged_amount"`
	// ChargedCurrency is its currency.
	ChargedCurrency string `json:"charged_currency"`
	// ReceivedAmount is what is credited.
	ReceivedAmount decimal.Decimal `json:"received_amount"`
	// ReceivedCurrency is its currency.
	ReceivedCurrency string `json:"received_currency"`
	// Exchange is the conversion applied, with Cryptopay's fee.
	Exchange *Exchange `json:"exchange"`
	rawJSON
}

// Create creates an exchange transfer. p.CustomID is filled in with a UUID
// when empty, making the create safe to retry. Cryptopay offers no lookup
// of transfers by custom_id, so an unknown outcome stays
// payments.ErrUnknownOutcome carrying the custom_id: retry with the same
// custom_id (a reuse is refused, never converted twice). For the same
// reason a "custom_id taken" answer is an unknown outcome too, never
// payments.ErrDuplicateReference: it may answer our own earlier attempt
// (an internal retry, or a repeat after an unknown outcome), and nothing
// can tell whose transfer holds the custom_id.
// POST /api/exchange_transfers
func (s *ExchangeTransfersService) Create(ctx context.Context, p *ExchangeTransferParams) (*ExchangeTransfer, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	q := *p
	if q.CustomID == "" {
		q.CustomID = uuid.NewString()
	}
	x, err := object[ExchangeTransfer](ctx, s.c, call{op: "create exchange transfer", method: http.MethodPost, path: "/api/exchange_transfers", body: &q, ref: q.CustomID})
	if errors.Is(err, payments.ErrDuplicateReference) && !errors.Is(err, payments.ErrUnknownOutcome) {
		return nil, &payments.UnknownOutcomeError{Provider: ProviderName, Operation: "create exchange transfer", Reference: q.CustomID,
			Err: fmt.Errorf("%w (no lookup by custom_id exists to tell whether it is ours)", err)}
	}
	if err != nil {
		return nil, err
	}
	if x.CustomID != q.CustomID {
		return nil, echoMismatch("create exchange transfer", q.CustomID, "", "custom_id "+truncate(x.CustomID, 64))
	}
	if why := q.differs(x); why != "" {
		return nil, echoMismatch("create exchange transfer", q.CustomID, x.ID, why+" differs")
	}
	return x, nil
}

// Commit commits an exchange transfer created with force_commit false.
// POST /api/exchange_transfers/{id}/commit
func (s *ExchangeTransfersService) Commit(ctx context.Context, id string) (*ExchangeTransfer, error) {
	if err := requireID("id", id); err != nil {
		return nil, err
	}
	return object[ExchangeTransfer](ctx, s.c, call{op: "commit exchange transfer", method: http.MethodPost,
		path: "/api/exchange_transfers/" + segment(id) + "/commit", ref: "commit:" + id})
}

// Get reads an exchange transfer.
// GET /api/exchange_transfers/{id}
func (s *ExchangeTransfersService) Get(ctx context.Context, id string) (*ExchangeTransfer, error) {
	if err := requireID("id", id); err != nil {
		return nil, err
	}
	return object[ExchangeTransfer](ctx, s.c, call{op: "get exchange transfer", method: http.MethodGet, path: "/api/exchange_transfers/" + segment(id)})
}
