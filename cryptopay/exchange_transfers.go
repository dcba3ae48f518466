package cryptopay

import (
	"context"
	"github.com/coinsdk/coinsdk/internal/apicall"
	"net/http"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// ExchangeTransfersService converts between the merchant's accounts.
type ExchangeTransfersService service

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

// ExchangeTransfer is a conversion between two accounts.
type ExchangeTransfer struct {
	// ID is Cryptopay's id.
	ID string `json:"id"`
	// CustomID is the merchant's reference.
	CustomID string `json:"custom_id"`
	// Status is ExchangeTransferStatusNew or ExchangeTransferStatusCompleted;
	// empty when the answer carries none (its published fields name none).
	Status ExchangeTransferStatus `json:"status"`
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
	k := &apicall.Call{Op: "create exchange transfer", Method: http.MethodPost, Path: "/api/exchange_transfers", Body: &q, Reference: q.CustomID}
	x, err := apicall.Create(ctx, s.client.pipe, k, q.settlement())
	return x, unsettledTaken(k, err)
}

// Commit commits an exchange transfer created with force_commit false. A
// commit whose outcome is unknown, or a repeat refused because the first
// went through, is settled by reading the transfer: it is returned once it
// has left status new (committing twice converts once).
// POST /api/exchange_transfers/{id}/commit
func (s *ExchangeTransfersService) Commit(ctx context.Context, id string) (*ExchangeTransfer, error) {
	if err := requireID("id", id); err != nil {
		return nil, err
	}
	k := &apicall.Call{Op: "commit exchange transfer", Method: http.MethodPost,
		Path: "/api/exchange_transfers/" + segment(id) + "/commit", Reference: "commit:" + id}
	x, err := apicall.Object[ExchangeTransfer](ctx, s.client.pipe, k)
	return apicall.Settle(ctx, s.client.pipe, k, s.commitSettlement(id), x, alreadyCommitted(k, err))
}

// Get reads an exchange transfer.
// GET /api/exchange_transfers/{id}
func (s *ExchangeTransfersService) Get(ctx context.Context, id string) (*ExchangeTransfer, error) {
	return byID[ExchangeTransfer](ctx, s.client, "get exchange transfer", "id", "/api/exchange_transfers/", id)
}
