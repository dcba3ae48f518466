package cryptochill

import (
	"strings"

	"github.com/coinsdk/coinsdk/payments"
)

// Normalizers: the adapter's translations of CryptoChill's models into the
// payments vocabulary (statuses through the models' Normalized, status.go).

// coinOfKind is the currency an amount-less invoice of kind is denominated
// in: the token of a network-qualified kind ("ETH_USDT" → "USDT",
// "USDT-TRX" → "USDT", "BTC_LIGHTNING" → "BTC").
func coinOfKind(kind string) string {
	k := strings.ToUpper(kind)
	if strings.HasPrefix(k, "L-") {
		return k
	}
	if net, token, ok := strings.Cut(k, "_"); ok {
		if net == "ETH" {
			return token
		}
		return net
	}
	if token, _, ok := strings.Cut(k, "-"); ok {
		return token
	}
	return k
}

// isDepositAddress reports whether inv is an amount-less invoice: what
// CreateDepositAddress makes, a never-expiring address whose passthrough is
// the customer.
func isDepositAddress(inv *Invoice) bool {
	return inv.Amount.Requested == nil && inv.Amount.Invoiced == nil
}

// splitTag splits CryptoChill's "address:tag" form (XRP destination tags).
func splitTag(address string) (addr, tag string) {
	if a, t, ok := strings.Cut(address, ":"); ok && t != "" && isDigits(t) {
		return a, t
	}
	return address, ""
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// received is what arrived: paid_total when a custom fee is used, else paid.
func (inv *Invoice) received() *Amount {
	if inv.Amount.PaidTotal != nil {
		return inv.Amount.PaidTotal
	}
	return inv.Amount.Paid
}

// toInvoice normalizes an invoice.
func toInvoice(inv *Invoice) *payments.Invoice {
	out := &payments.Invoice{
		Provider: ProviderName, ID: inv.ID, Reference: inv.Passthrough,
		Status: inv.Normalized(), ProviderStatus: string(inv.Status),
		Requested: inv.Amount.Requested.Money(), Due: inv.Amount.Invoiced.Money(),
		CreatedAt: inv.CreatedAt, Raw: inv.Raw,
	}
	out.Address, out.Tag = splitTag(inv.Address)
	if inv.Lightning != nil {
		out.PaymentURL = inv.Lightning.PaymentRequest
	}
	out.Received = inv.received().Money()
	if out.Received.Currency == "" {
		out.Received.Currency = out.Due.Currency
	}
	for i, tx := range inv.Transactions {
		if i == 0 || tx.Confirmations < out.Confirmations {
			out.Confirmations = tx.Confirmations
		}
	}
	return out
}

// toPayout normalizes a payout: its first recipient's address and amount.
func toPayout(po *Payout) *payments.Payout {
	out := &payments.Payout{
		Provider: ProviderName, ID: po.ID, Reference: po.ReferenceID, Asset: po.Kind,
		Status: po.Normalized(), ProviderStatus: string(po.Status),
		Sent: payments.Money{Amount: po.Amount.Total, Currency: coinOfKind(po.Kind)},
		Fee:  payments.Money{Amount: po.Amount.NetworkFee, Currency: coinOfKind(po.Kind)},
		TxID: po.TxID, Confirmations: po.Confirmations, CreatedAt: po.CreatedAt, Raw: po.Raw,
	}
	if len(po.Recipients) > 0 {
		r := po.Recipients[0]
		out.Address, out.Tag = splitTag(r.Address)
		out.Amount = r.Amount.Requested.Money()
	}
	return out
}

// toDeposit normalizes an amount-less invoice, a deposit address made for
// customer.
func toDeposit(inv *Invoice, customer string) *payments.Deposit {
	addr, tag := splitTag(inv.Address)
	if inv.Lightning != nil && addr == "" {
		addr = inv.Lightning.PaymentRequest
	}
	return &payments.Deposit{Provider: ProviderName, ID: inv.ID, Customer: customer, Asset: inv.Kind,
		Address: addr, Tag: tag, CreatedAt: inv.CreatedAt, Raw: inv.Raw}
}

// toEvent normalizes a callback. Before Refresh the status comes from the
// unsigned callback_status; after it, from the object the API returned
// (Event.status).
func toEvent(ev *Event) *payments.Event {
	out := &payments.Event{
		Provider: ProviderName, ID: ev.ID, DedupeKey: ev.DedupeKey(), Type: string(ev.Type),
		ProviderStatus: string(ev.Type), ObjectID: ev.ObjectID(), Status: ev.status(),
		BodyAuthenticated: ev.BodyAuthenticated, SignatureCovers: ev.SignatureCovers,
		ReceivedAt: ev.ReceivedAt, Raw: ev.Raw,
	}
	switch ev.Kind {
	case KindInvoice:
		out.Kind = payments.EventInvoice
		if ev.Invoice != nil {
			inv := toInvoice(ev.Invoice)
			out.Invoice, out.Reference, out.Amount, out.Confirmations = inv, inv.Reference, inv.Received, inv.Confirmations
			if ev.BodyAuthenticated {
				out.ProviderStatus = inv.ProviderStatus
			}
		}
	case KindTransaction:
		out.Kind = payments.EventPayment
		if tx := ev.Transaction; tx != nil {
			paid := tx.Amount.Paid
			if tx.Amount.PaidTotal != nil {
				paid = tx.Amount.PaidTotal
			}
			out.Amount, out.Confirmations = paid.Money(), tx.Confirmations
			if inv := tx.Invoice; inv != nil {
				out.Invoice = toInvoice(inv)
				// Status here is the transaction's: a payment "complete" on
				// a half-paid invoice. The order reference belongs to the
				// invoice and travels only with the invoice's own event
				// (and its status); this event names the invoice instead.
				// An invoice without an amount is a deposit address: its
				// passthrough is the customer it was created for.
				if isDepositAddress(inv) {
					out.Customer = inv.Passthrough
					out.DepositAddress, _ = splitTag(inv.Address)
					if out.DepositAddress == "" && inv.Lightning != nil {
						out.DepositAddress = inv.Lightning.PaymentRequest
					}
				} else {
					out.InvoiceID = inv.ID
				}
			}
			if ev.BodyAuthenticated {
				out.ProviderStatus = string(tx.Status)
			}
		}
	case KindPayout:
		out.Kind = payments.EventPayout
		if ev.Payout != nil {
			po := toPayout(ev.Payout)
			out.Payout, out.Reference, out.Amount, out.Confirmations = po, po.Reference, po.Sent, po.Confirmations
			if ev.BodyAuthenticated {
				out.ProviderStatus = po.ProviderStatus
			}
		}
	default:
		out.Kind = payments.EventOther
	}
	return out
}
