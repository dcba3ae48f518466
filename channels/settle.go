package channels

import (
	"context"
	"errors"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/payments"
)

// A withdrawal is the one create of this API that carries a reference (its
// orderId, the provider's idempotency key); invoices carry an orderId the
// provider does not deduplicate, so they are never resent nor settled.
//
// XGateway documents no lookup of a withdrawal by orderId, but it answers a
// repeated orderId with the withdrawal it made for it. So what the provider
// has for an orderId is found (the settlement's Find) by, in this order:
//   - the create's own answer when it is complete: it is the provider's
//     word on that orderId (a full answer that differs is another
//     withdrawal made under it, never this one);
//   - the transaction an incomplete answer names, read back by its id (the
//     answer's shape is not published: a 2xx with only {"id", "status"}
//     cannot be compared before it is read);
//   - after an unknown outcome with no answer, the create sent again with
//     the same orderId (one more round under the retry policy), while the
//     caller's context is alive: a resend after the caller gave up could
//     make a withdrawal the caller no longer wants.
//
// A "reference taken" refusal finds nothing: a resend would be refused the
// same way, and the refusal may answer our own earlier attempt, so it is
// settled as an unknown outcome (apicall.Settle), never as someone else's.

// settlement settles a withdrawal create for q sent as k under the caller's
// ctx, whose answer was answer (nil when none came) or err.
func (s *WithdrawalsService) settlement(ctx context.Context, k *apicall.Call, q *WithdrawalParams, answer *Transaction, err error) apicall.Settlement[Transaction] {
	return apicall.Settlement[Transaction]{
		Object: "payout",
		Find: func(lookup context.Context, _ string) (*Transaction, error) {
			return s.find(ctx, lookup, k, answer, err)
		},
		Differs: func(tx *Transaction) string { return withdrawalDiffers(q, tx) },
		ID:      func(tx *Transaction) string { return tx.ID },
	}
}

// errNoLookup is what a settlement finds for a "reference taken" refusal.
var errNoLookup = errors.New("XGateway has no lookup of a withdrawal by orderId")

// find returns what the provider has for k's orderId (see above); lookup
// is the context of the reads, ctx the caller's.
func (s *WithdrawalsService) find(ctx, lookup context.Context, k *apicall.Call, answer *Transaction, err error) (*Transaction, error) {
	if answer == nil {
		if !errors.Is(err, payments.ErrUnknownOutcome) {
			return nil, errNoLookup
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if answer, err = apicall.Object[Transaction](ctx, s.client.pipe, k); err != nil {
			return nil, err
		}
	}
	if complete(answer) {
		return answer, nil
	}
	if answer.ID == "" {
		return nil, errors.New("the answer carries neither the amount and currency nor a transaction id to read them from")
	}
	full, err := s.client.Transactions.Get(lookup, answer.ID)
	if err != nil {
		return nil, err
	}
	if !complete(full) {
		return nil, errors.New("the transaction read back carries no amount or currency")
	}
	return full, nil
}

// complete reports whether tx can be compared with what was asked.
func complete(tx *Transaction) bool { return tx.AmountText != "" && tx.Currency != "" }

// withdrawalDiffers names the first field of tx that differs from q, with
// payments.MatchPayout's names (reference first), "" when none does. An
// incomplete answer differs in what it lacks (it is read back before it is
// compared). The destination cannot be compared: no published field of a
// transaction carries it. The type and customerId are compared where the
// answer carries them.
func withdrawalDiffers(q *WithdrawalParams, tx *Transaction) string {
	switch {
	case tx.OrderID != "" && tx.OrderID != q.OrderID:
		return "reference"
	case tx.AmountText == "":
		return "amount"
	case tx.Currency == "":
		return "amount.currency"
	case tx.Type != "" && tx.Type != TypeWithdrawal:
		return "type"
	case tx.CustomerID != "" && tx.CustomerID != q.CustomerID:
		return "customerId"
	}
	want := &payments.PayoutParams{Amount: payments.Money{Amount: q.Amount, Currency: string(q.Currency)}, Address: q.Address, Reference: q.OrderID}
	got := &payments.Payout{ID: tx.ID, Reference: tx.OrderID, Amount: payments.Money{Amount: tx.Amount, Currency: string(tx.Currency)},
		Address: q.Address} // no published field of a transaction carries the destination
	var rm *payments.ReferenceMismatchError
	if errors.As(payments.MatchPayout(want, got), &rm) {
		return rm.Field
	}
	return ""
}
