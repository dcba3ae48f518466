package channels

import (
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// The adapter's normalizers: a channel, a withdrawal and a callback in the
// provider-neutral payments shapes.

// toDeposit normalizes a customer's channel: its address is its id (a
// customer has one per currency, the same every time).
func toDeposit(ch *Channel) *payments.Deposit {
	return &payments.Deposit{Provider: ProviderName, ID: ch.Address, Customer: ch.CustomerID, Asset: string(ch.Currency),
		Address: ch.Address, Raw: ch.Raw}
}

// status normalizes a transaction's status (see
// AdapterOptions.DemoFailedWithdrawalsAreProcessing).
func (a *Adapter) status(tx *Transaction) payments.Status {
	if a.opts.DemoFailedWithdrawalsAreProcessing && tx.IsWithdrawal() && tx.Status == TransactionStatusFailed {
		return payments.StatusProcessing
	}
	return tx.Normalized()
}

// toPayout normalizes a withdrawal; address is the destination asked for, or
// "" where it is not known: no published field of a transaction carries it.
func (a *Adapter) toPayout(tx *Transaction, address string) *payments.Payout {
	amount := payments.Money{Amount: tx.Amount, Currency: string(tx.Currency)}
	// The fee is the fees given; none given (or none a decimal) is no fee
	// known, an empty Money, rather than a zero the provider did not say.
	var fee payments.Money
	for _, f := range []decimal.NullDecimal{tx.Fees.Processing, tx.Fees.Technical} {
		if f.Valid {
			fee = payments.Money{Amount: fee.Amount.Add(f.Decimal), Currency: string(tx.Currency)}
		}
	}
	return &payments.Payout{Provider: ProviderName, ID: tx.ID, Reference: tx.OrderID, Status: a.status(tx),
		ProviderStatus: string(tx.Status), Amount: amount, Sent: amount, Asset: string(tx.Currency), Fee: fee,
		Address: address, TxID: tx.TransactionHash, Raw: tx.Raw}
}

// toEvent normalizes a callback; before Refresh only what the hash covers is
// taken as the provider's word.
func (a *Adapter) toEvent(ev *Event) *payments.Event {
	tx := ev.Transaction
	out := &payments.Event{Provider: ProviderName, ID: ev.ID, DedupeKey: ev.DedupeKey(), Type: string(ev.Type),
		ObjectID: ev.ID, Status: payments.StatusUnknown, BodyAuthenticated: ev.BodyAuthenticated,
		SignatureCovers: ev.SignatureCovers, ReceivedAt: ev.ReceivedAt, Raw: ev.Raw}
	if out.Type == "" {
		out.Type = "transaction"
	}
	switch ev.Kind {
	case KindDeposit:
		out.Kind = payments.EventPayment
	case KindWithdrawal:
		out.Kind = payments.EventPayout
	default:
		out.Kind = payments.EventOther
	}
	if tx == nil {
		return out
	}
	out.ProviderStatus = string(tx.Status)
	out.Amount = payments.Money{Amount: tx.Amount, Currency: string(tx.Currency)}
	switch {
	case ev.Kind == KindWithdrawal:
		// A withdrawal's orderId is its own reference (the idempotency key
		// CreatePayout sent): status and reference describe one payout.
		out.Reference = tx.OrderID
	case ev.Kind == KindDeposit && tx.InvoiceID != "":
		// A deposit into a checkout invoice carries the invoice's orderId,
		// but its status is this one transaction's: "confirmed" on a
		// deposit of half the price. XGateway has no call that reads an
		// invoice (or its paid total) back, so the SDK cannot give the
		// order's status: the event names the invoice and never carries
		// the order reference, so the README recipe
		// (credit(u.Event.Reference) on a success) cannot credit an order
		// from one deposit. Settle invoices by InvoiceID (see Adapter).
		out.InvoiceID = tx.InvoiceID
	case ev.Kind == KindDeposit:
		// A deposit into a customer's channel: the customer it was created
		// for (DepositParams.Customer). The address is not in callbacks;
		// Refresh fills it in (depositAddress).
		out.Customer = tx.CustomerID
	}
	if ev.BodyAuthenticated {
		out.Status = a.status(tx)
		if ev.Kind == KindWithdrawal {
			out.Payout = a.toPayout(tx, "")
		}
	}
	return out
}
