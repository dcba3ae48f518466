package channels

import (
	"context"
	"net/http"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// WithdrawalsService sends crypto out of the merchant's balance.
type WithdrawalsService service

// WithdrawalParams is a crypto withdrawal. These are the only fields the API
// allows ("no additional parameters"): the client sends exactly these and
// nothing else.
type WithdrawalParams struct {
	// Amount is what to send, in Currency. Required, positive, within the
	// currency's decimals.
	Amount decimal.Decimal
	// Currency is what to send; one of Currencies() (or Config.ExtraCurrencies). Required.
	Currency Currency
	// CustomerID is the merchant's customer the withdrawal is for.
	// Required; not "N/A" (see ChannelParams.CustomerID).
	CustomerID string
	// Address is the destination. Required.
	Address string
	// OrderID is the merchant's idempotency key: the provider makes one
	// withdrawal per orderId and answers a repeat with it. Left empty,
	// Create fills in a UUID (on its own copy) and returns it on the
	// Transaction and on an unknown-outcome error.
	OrderID string
	// ApplicationID is the merchant's application, if the account has several.
	ApplicationID string
}

// withdrawalBody is the request body: the allowed fields, nothing more.
type withdrawalBody struct {
	Amount        decjson.Number `json:"amount"`
	Currency      Currency       `json:"currency"`
	CustomerID    string         `json:"customerId"`
	Address       string         `json:"address"`
	OrderID       string         `json:"orderId"`
	ApplicationID string         `json:"applicationId,omitempty"`
}

// Create sends p.Amount of p.Currency to p.Address and returns the
// withdrawal's transaction (its outcome arrives by callback; read it again
// with Transactions.Get).
//
// The body always carries an orderId (p.OrderID, or a UUID), which XGateway
// uses as the idempotency key, so a timeout or 5xx is resolved by sending
// the same body again: the provider answers with the one withdrawal it made
// for that orderId. Every answer is checked against what was asked (the
// orderId, amount and currency, and the type and customer where the answer
// carries them; see settle.go): a withdrawal that differs is not returned
// as this one, the error matches payments.ErrDuplicateReference (the
// orderId was used before for another withdrawal). An answer without the
// amount or currency (the answer's shape is not published) is completed by
// reading the transaction it names (GET /api/v2/transaction/{id}) and
// compared as such; when that read fails, or the answer names no
// transaction, the error matches payments.ErrUnknownOutcome and carries the
// orderId and the id seen. When no resend gets an answer, or the provider
// says the orderId is taken, the error matches payments.ErrUnknownOutcome
// and its *payments.UnknownOutcomeError carries the orderId: retry with
// that orderId later. There is no documented lookup of a withdrawal by
// orderId.
// POST /api/v2/withdrawal
func (s *WithdrawalsService) Create(ctx context.Context, p *WithdrawalParams) (*Transaction, error) {
	if err := p.validate(s.client); err != nil {
		return nil, err
	}
	q := *p // the caller's params are never changed
	if q.OrderID == "" {
		q.OrderID = uuid.NewString()
	}
	k := &apicall.Call{Op: "create withdrawal", Method: http.MethodPost, Path: "/api/v2/withdrawal", Reference: q.OrderID,
		Body: withdrawalBody{Amount: decjson.Number{Decimal: q.Amount}, Currency: q.Currency, CustomerID: q.CustomerID,
			Address: q.Address, OrderID: q.OrderID, ApplicationID: q.ApplicationID}}
	answer, err := apicall.Object[Transaction](ctx, s.client.pipe, k)
	tx, err := apicall.Settle(ctx, s.client.pipe, k, s.settlement(ctx, k, &q, answer, err), answer, err)
	if err != nil {
		return nil, err
	}
	if tx.OrderID == "" {
		tx.OrderID = q.OrderID
	}
	return tx, nil
}
