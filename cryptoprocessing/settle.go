package cryptoprocessing

import (
	"context"
	"errors"
	"strings"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/payments"
)

// Settlement of the creates that carry a foreign_id (withdrawals,
// invoices, exchanges): the API refuses a reused foreign_id, and
// transactions/info finds any of them by it, so an unknown outcome or a
// "foreign_id already taken" answer is settled by apicall.Settle with
// Transactions.FindByReference. Each create's answer, and the object found,
// is compared with what was asked here, and nowhere else (the adapter
// relies on it).

// settlement is the apicall.Settlement of a create whose object is found
// by reference through transactions/info and read from it by of.
func settlement[T any](c *Client, object string, of func(*Transaction) *T, differs, id func(*T) string) apicall.Settlement[T] {
	return apicall.Settlement[T]{
		Object: object,
		Find: func(ctx context.Context, ref string) (*T, error) {
			tx, err := c.Transactions.FindByReference(ctx, ref)
			if err != nil {
				return nil, err
			}
			return of(tx), nil
		},
		Differs: differs,
		ID:      id,
	}
}

// settlement checks and settles a withdrawal/crypto call for q. The
// answer does not echo the address or tag, so those are compared only on
// a withdrawal found by reference.
func (s *WithdrawalsService) settlement(q *WithdrawalParams) apicall.Settlement[Withdrawal] {
	return settlement(s.client, "withdrawal", withdrawalFromTransaction,
		func(w *Withdrawal) string { return withdrawalDiffers(q, w) }, func(w *Withdrawal) string { return w.ID })
}

// withdrawalDiffers names the first field of w that is not what q asked,
// in payments.MatchPayout's terms (reference first); "" when none.
func withdrawalDiffers(q *WithdrawalParams, w *Withdrawal) string {
	want := &payments.PayoutParams{Amount: payments.Money{Amount: q.Amount, Currency: q.Currency}, Asset: q.ConvertTo,
		Address: q.Address, Tag: q.Tag, Reference: q.ForeignID}
	got := &payments.Payout{ID: w.ID, Reference: w.ForeignID, Address: q.Address, Tag: q.Tag, // not echoed by the answer
		Amount: payments.Money{Amount: w.Amount, Currency: w.SenderCurrency}}
	if tx := w.Transaction; tx != nil {
		// Found by reference: it must be a withdrawal, to the address asked.
		if !tx.IsWithdrawal() {
			return "type"
		}
		got.Amount.Amount = w.SenderAmount
		got.Address, got.Tag = withdrawalAddress(tx), tx.CryptoAddress.Tag
		if leg := chainLeg(tx); leg != nil && got.Tag == "" {
			got.Tag = leg.Tag
		}
		if q.ConvertTo != "" {
			got.Asset = w.ReceiverCurrency
		}
	} else if w.ForeignID == "" {
		// An answer that names no foreign_id is not known to be this one's.
		return "reference"
	}
	return mismatchField(payments.MatchPayout(want, got))
}

// settlement checks and settles an invoices/create call for q.
func (s *InvoicesService) settlement(q *InvoiceParams) apicall.Settlement[Invoice] {
	return settlement(s.client, "invoice", invoiceFromTransaction,
		func(inv *Invoice) string { return invoiceDiffers(q, inv) }, func(inv *Invoice) string { return inv.ID })
}

// invoiceDiffers names the first field of inv that is not what q asked,
// in payments.MatchInvoice's terms (reference first); "" when none. An
// answer without a foreign_id is taken as this one's (the API does not
// always echo it), one with an amount as asked.
func invoiceDiffers(q *InvoiceParams, inv *Invoice) string {
	if inv.Transaction != nil && inv.Transaction.Type != TypeInvoice {
		return "type"
	}
	want := &payments.InvoiceParams{Amount: payments.Money{Amount: q.Amount, Currency: q.Currency}, Reference: q.ForeignID}
	got := &payments.Invoice{ID: inv.ID, Reference: inv.ForeignID, Requested: payments.Money{Amount: inv.Amount, Currency: inv.Currency}}
	if got.Reference == "" {
		got.Reference = q.ForeignID
	}
	return mismatchField(payments.MatchInvoice(want, got))
}

// settlement checks and settles an exchange/fixed or exchange/now call for q.
func (s *ExchangeService) settlement(q *ExchangeParams) apicall.Settlement[Exchange] {
	return settlement(s.client, "exchange", exchangeFromTransaction,
		func(e *Exchange) string { return exchangeDiffers(q, e) }, func(e *Exchange) string { return e.ID })
}

// exchangeDiffers names the first field of e that is not what q asked:
// the reference (an answer without one is taken as this one's), then, on
// an exchange found by reference, its type and the currencies; "" when
// none. The amounts are the rate's, not the caller's, and are not compared.
func exchangeDiffers(q *ExchangeParams, e *Exchange) string {
	switch {
	case e.ForeignID != "" && e.ForeignID != q.ForeignID:
		return "reference"
	case e.Transaction == nil:
		return ""
	case e.Transaction.Type != TypeExchange:
		return "type"
	case e.SenderCurrency != "" && !strings.EqualFold(e.SenderCurrency, q.SenderCurrency):
		return "sender_currency"
	case e.ReceiverCurrency != "" && !strings.EqualFold(e.ReceiverCurrency, q.ReceiverCurrency):
		return "receiver_currency"
	}
	return ""
}

// mismatchField is the field a payments.Match* error names ("" for nil).
func mismatchField(err error) string {
	if err == nil {
		return ""
	}
	var m *payments.ReferenceMismatchError
	if errors.As(err, &m) && m.Field != "" {
		return m.Field
	}
	return "object"
}
