package channels

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// WithdrawalsService sends crypto out of the merchant's balance.
type WithdrawalsService struct{ c *Client }

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

func (p *WithdrawalParams) validate(c *Client) error {
	if p == nil {
		return &payments.ValidationError{Field: "params", Reason: "is required"}
	}
	info, err := c.currency("currency", p.Currency)
	if err != nil {
		return err
	}
	if err := checkAmount("amount", p.Amount, info); err != nil {
		return err
	}
	if err := checkCustomer(p.CustomerID); err != nil {
		return err
	}
	if strings.TrimSpace(p.Address) == "" {
		return &payments.ValidationError{Field: "address", Reason: "is required"}
	}
	if strings.ContainsAny(p.Address, " \t\r\n") {
		return &payments.ValidationError{Field: "address", Reason: "contains whitespace"}
	}
	if len(p.OrderID) > 255 {
		return &payments.ValidationError{Field: "orderId", Reason: "is longer than 255 characters"}
	}
	return nil
}

// Create sends p.Amount of p.Currency to p.Address and returns the
// withdrawal's transaction (its outcome arrives by callback; read it again
// with Transactions.Get).
//
// The body always carries an orderId (p.OrderID, or a UUID), which XGateway
// uses as the idempotency key, so a timeout or 5xx is resolved by sending
// the same body again: the provider answers with the one withdrawal it made
// for that orderId. Every answer is checked against what was asked (amount,
// currency, and orderId and customer where the answer carries
// them): a withdrawal that differs is not returned as this one, the error
// matches payments.ErrDuplicateReference (the orderId was used before for
// another withdrawal). An answer without the amount or currency (the
// answer's shape is not published) is completed by reading the transaction
// it names (GET /api/v2/transaction/{id}) and compared as such; when that
// read fails, or the answer names no transaction, the error matches
// payments.ErrUnknownOutcome and carries the orderId and the id seen. When
// no resend gets an answer, the error matches
// payments.ErrUnknownOutcome and its *payments.UnknownOutcomeError carries
// the orderId: retry with that orderId later. There is no documented lookup
// of a withdrawal by orderId.
// POST /api/v2/withdrawal
func (s *WithdrawalsService) Create(ctx context.Context, p *WithdrawalParams) (*Transaction, error) {
	if err := p.validate(s.c); err != nil {
		return nil, err
	}
	q := *p // the caller's params are never changed
	if q.OrderID == "" {
		q.OrderID = uuid.NewString()
	}
	k := call{op: "create withdrawal", method: http.MethodPost, path: "/api/v2/withdrawal", ref: q.OrderID,
		body: withdrawalBody{Amount: decjson.Number{Decimal: q.Amount}, Currency: q.Currency, CustomerID: q.CustomerID,
			Address: q.Address, OrderID: q.OrderID, ApplicationID: q.ApplicationID}}
	tx, err := s.c.transaction(ctx, k)
	if err != nil && errors.Is(err, payments.ErrUnknownOutcome) && ctx.Err() == nil {
		// Every attempt the retry policy allowed failed after the request
		// may have gone out: one more round of resends (under the same
		// policy) with the same orderId asks the provider which withdrawal
		// it made.
		if again, err2 := s.c.transaction(ctx, k); err2 == nil {
			tx, err = again, nil
		}
	}
	if err != nil {
		return nil, err
	}
	if tx.AmountText == "" || tx.Currency == "" {
		// The answer's shape is not published, and a 2xx without the
		// amount or currency cannot be compared with what was asked: read
		// the transaction it names and compare that. Without it the
		// withdrawal may exist and be ours: an unknown outcome (carrying
		// the provider's id when the answer named one), never a
		// "reference taken", which would invite paying again under a new
		// orderId.
		if tx, err = s.readBack(ctx, &q, tx); err != nil {
			return nil, err
		}
	}
	if err := matchWithdrawal(&q, tx); err != nil {
		return nil, err
	}
	if tx.OrderID == "" {
		tx.OrderID = q.OrderID
	}
	return tx, nil
}

// readBack reads the transaction a withdrawal answer without an amount or
// currency named. Any failure is an unknown outcome for q.OrderID: the
// create answered 2xx, so a withdrawal may exist under it.
func (s *WithdrawalsService) readBack(ctx context.Context, q *WithdrawalParams, partial *Transaction) (*Transaction, error) {
	unknown := func(err error) error {
		return &payments.UnknownOutcomeError{Provider: ProviderName, Operation: "create withdrawal", Reference: q.OrderID,
			ID: partial.ID, Err: err}
	}
	if strings.TrimSpace(partial.ID) == "" {
		return nil, unknown(errors.New("the answer carries neither the amount and currency nor a transaction id to read them from"))
	}
	full, err := s.c.Transactions.Get(ctx, partial.ID)
	if err != nil {
		return nil, unknown(err)
	}
	if full.AmountText == "" || full.Currency == "" {
		return nil, unknown(errors.New("the transaction read back carries no amount or currency"))
	}
	return full, nil
}

// matchWithdrawal checks that the provider's answer is the withdrawal asked
// for: a reused orderId answers with the withdrawal made for it, which may
// be another one. payments.MatchPayout compares the orderId, the amount
// (exactly) and the currency; the type and customerId are checked here.
// The destination cannot be compared: no published field of a transaction
// carries it. A mismatch is a
// *payments.ReferenceMismatchError (matching payments.ErrDuplicateReference)
// naming the first field that differs.
func matchWithdrawal(q *WithdrawalParams, tx *Transaction) error {
	mismatch := func(field string) error {
		return &payments.ReferenceMismatchError{Object: "payout", Reference: q.OrderID, ID: tx.ID, Field: field}
	}
	if tx.Type != "" && tx.Type != TypeWithdrawal {
		return mismatch("type")
	}
	if tx.CustomerID != "" && tx.CustomerID != q.CustomerID {
		return mismatch("customerId")
	}
	want := &payments.PayoutParams{Amount: payments.Money{Amount: q.Amount, Currency: string(q.Currency)}, Address: q.Address, Reference: q.OrderID}
	got := &payments.Payout{ID: tx.ID, Reference: tx.OrderID, Amount: payments.Money{Amount: tx.Amount, Currency: string(tx.Currency)},
		Address: q.Address} // a transaction carries no destination among its published fields
	if got.Amount.Currency == "" {
		return mismatch("amount.currency")
	}
	return payments.MatchPayout(want, got)
}
