package cryptoprocessing

import (
	"cmp"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// This file turns the provider's objects into the provider-neutral ones.
// Currency codes go through the adapter's name mapping so that a merchant
// who wrote "USDT-TRX" gets "USDT-TRX" back rather than the provider's code.

// eventKind says what a callback of type txType is about.
func eventKind(txType string) payments.EventKind {
	switch statusFamily(txType) {
	case "deposit":
		return payments.EventPayment
	case "withdrawal":
		return payments.EventPayout
	case "exchange":
		return payments.EventExchange
	case "invoice":
		return payments.EventInvoice
	}
	return payments.EventOther
}

// toEvent normalizes a verified (or refreshed) callback.
func (a *Adapter) toEvent(ev *Event) *payments.Event {
	tx := ev.Transaction
	out := &payments.Event{
		Provider:          ProviderName,
		ID:                tx.ID,
		DedupeKey:         ev.DedupeKey(),
		Kind:              eventKind(tx.Type),
		Type:              tx.Type,
		Status:            tx.Normalized(),
		ProviderStatus:    string(tx.Status),
		ObjectID:          tx.ID,
		Reference:         tx.Reference(),
		Amount:            a.money(eventAmount(tx)),
		Confirmations:     tx.Confirmations(),
		BodyAuthenticated: ev.BodyAuthenticated,
		SignatureCovers:   ev.SignatureCovers,
		ReceivedAt:        ev.ReceivedAt,
		Raw:               ev.Raw,
	}
	if tx.IsDeposit() {
		// A deposit into a customer's address: the address's foreign_id
		// is the customer (addresses/take), not an order reference, so it
		// goes in Customer and Reference stays empty.
		out.Reference = ""
		out.Customer = tx.CryptoAddress.ForeignID
		out.DepositAddress = tx.CryptoAddress.Address
	}
	switch out.Kind {
	case payments.EventInvoice:
		out.Invoice = a.toInvoice(tx)
		out.Amount = out.Invoice.Received
	case payments.EventPayout:
		out.Payout = a.toPayout(tx)
	}
	return out
}

// eventAmount is what an event reports: for deposits and exchanges what the
// merchant received (after conversion, before fees); for withdrawals what
// the payee receives; the on-chain leg when the callback has no
// currency_received (plain withdrawals).
func eventAmount(tx *Transaction) CurrencyAmount {
	if tx.CurrencyReceived.Currency != "" {
		return tx.CurrencyReceived
	}
	if leg := chainLeg(tx); leg != nil {
		return CurrencyAmount{Currency: leg.Currency, Amount: leg.Amount}
	}
	return tx.CurrencySent
}

// toInvoiceFromCreate normalizes the invoices/create answer.
func (a *Adapter) toInvoiceFromCreate(inv *Invoice) *payments.Invoice {
	out := &payments.Invoice{
		Provider:       ProviderName,
		ID:             inv.ID,
		Reference:      inv.ForeignID,
		Status:         inv.Normalized(),
		ProviderStatus: string(inv.Status),
		Requested:      payments.Money{Amount: inv.Amount, Currency: a.name(inv.Currency)},
		Address:        inv.Address,
		PaymentURL:     inv.URL,
		ExpiresAt:      inv.ReleaseAt,
		Raw:            inv.Raw,
	}
	if inv.SenderCurrency != "" {
		out.Due = payments.Money{Amount: inv.SenderAmount, Currency: a.name(inv.SenderCurrency)}
		out.Received = payments.Money{Amount: decimal.Zero, Currency: out.Due.Currency}
	}
	return out
}

// toInvoice normalizes an invoice callback or transactions/info
// answer: currency_received is the price, currency_sent what the payer owes,
// and the on-chain legs what has arrived.
func (a *Adapter) toInvoice(tx *Transaction) *payments.Invoice {
	paid := decimal.Zero
	payCurrency := tx.CurrencySent.Currency
	for _, e := range tx.Transactions {
		if e.TransactionType == "exchange" {
			continue
		}
		paid = paid.Add(e.Amount)
		if payCurrency == "" {
			payCurrency = e.Currency
		}
	}
	return &payments.Invoice{
		Provider:       ProviderName,
		ID:             tx.ID,
		Reference:      tx.ForeignID,
		Status:         tx.Normalized(),
		ProviderStatus: string(tx.Status),
		Requested:      a.money(tx.CurrencyReceived),
		Due:            a.money(tx.CurrencySent),
		Received:       payments.Money{Amount: paid, Currency: a.name(payCurrency)},
		Address:        tx.CryptoAddress.Address,
		Tag:            tx.CryptoAddress.Tag,
		Confirmations:  tx.Confirmations(),
		CreatedAt:      tx.FixedAt,
		ExpiresAt:      tx.ExpiresAt,
		Raw:            tx.Raw,
	}
}

// toPayoutFromWithdrawal normalizes the withdrawal/crypto answer; the address
// and tag come from the request, which the answer does not echo.
func (a *Adapter) toPayoutFromWithdrawal(w *Withdrawal, p *WithdrawalParams) *payments.Payout {
	if w.Transaction != nil {
		return a.toPayout(w.Transaction)
	}
	out := &payments.Payout{
		Provider:       ProviderName,
		ID:             w.ID,
		Reference:      w.ForeignID,
		Status:         w.Normalized(),
		ProviderStatus: string(w.Status),
		Amount:         payments.Money{Amount: w.Amount, Currency: a.name(cmp.Or(w.SenderCurrency, p.Currency))},
		Asset:          a.name(cmp.Or(w.ReceiverCurrency, cmp.Or(p.ConvertTo, p.Currency))),
		Address:        p.Address,
		Tag:            p.Tag,
		Raw:            w.Raw,
	}
	if w.Amount.IsZero() {
		out.Amount.Amount = p.Amount
	}
	if w.ReceiverCurrency != "" && !w.ReceiverAmount.IsZero() {
		out.Sent = payments.Money{Amount: w.ReceiverAmount, Currency: a.name(w.ReceiverCurrency)}
	}
	return out
}

// toPayout normalizes a withdrawal callback or
// transactions/info answer.
func (a *Adapter) toPayout(tx *Transaction) *payments.Payout {
	w := withdrawalFromTransaction(tx)
	out := &payments.Payout{
		Provider:       ProviderName,
		ID:             tx.ID,
		Reference:      tx.ForeignID,
		Status:         tx.Normalized(),
		ProviderStatus: string(tx.Status),
		Amount:         payments.Money{Amount: w.SenderAmount, Currency: a.name(w.SenderCurrency)},
		Asset:          a.name(w.ReceiverCurrency),
		Sent:           payments.Money{Amount: w.ReceiverAmount, Currency: a.name(w.ReceiverCurrency)},
		Fee:            a.money(feeTotal(tx.Fees)),
		Address:        withdrawalAddress(tx),
		Tag:            tx.CryptoAddress.Tag,
		TxID:           tx.TxID(),
		Confirmations:  tx.Confirmations(),
		Raw:            tx.Raw,
	}
	if leg := chainLeg(tx); leg != nil && out.Tag == "" {
		out.Tag = leg.Tag
	}
	return out
}

// feeTotal adds fees up when they are all in one currency; fees in mixed
// currencies cannot be summed and are left to Raw.
func feeTotal(fees []Fee) CurrencyAmount {
	var total CurrencyAmount
	for i, f := range fees {
		if i > 0 && f.Currency != total.Currency {
			return CurrencyAmount{}
		}
		total.Currency = f.Currency
		total.Amount = total.Amount.Add(f.Amount)
	}
	return total
}

// toDeposit normalizes the addresses/take answer to p; the asset is the
// merchant's name for it, as asked.
func (a *Adapter) toDeposit(addr *Address, p *payments.DepositParams) *payments.Deposit {
	return &payments.Deposit{
		Provider: ProviderName,
		ID:       addr.ID,
		Customer: cmp.Or(addr.ForeignID, p.Customer),
		Asset:    p.Asset,
		Address:  addr.Address,
		Tag:      addr.Tag,
		Raw:      addr.Raw,
	}
}

// money converts a CurrencyAmount, renaming the currency for the merchant.
func (a *Adapter) money(m CurrencyAmount) payments.Money {
	return payments.Money{Amount: m.Amount, Currency: a.name(m.Currency)}
}
