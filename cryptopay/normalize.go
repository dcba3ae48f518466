package cryptopay

import (
	"strings"

	"github.com/coinsdk/coinsdk/payments"
)

// The adapter's normalizers: Cryptopay's models into the payments
// vocabulary (statuses come from each model's Normalized, status.go).

// providerStatus writes a status with its context: "unresolved:underpaid".
func providerStatus(status, context string) string {
	if context == "" {
		return status
	}
	return status + ":" + context
}

// toInvoice normalizes an invoice (Invoice.Normalized). ProviderStatus
// carries status_context after a colon ("completed:overpaid").
func toInvoice(inv *Invoice) *payments.Invoice {
	addr, tag := SplitTag(inv.Address)
	url := inv.HostedPageURL
	if url == "" {
		url = inv.URI
	}
	return &payments.Invoice{
		Provider: ProviderName, ID: inv.ID, Reference: inv.CustomID,
		Status: inv.Normalized(), ProviderStatus: providerStatus(string(inv.Status), inv.StatusContext),
		Requested: payments.Money{Amount: inv.PriceAmount, Currency: inv.PriceCurrency},
		Due:       payments.Money{Amount: inv.PayAmount, Currency: inv.PayCurrency},
		Received:  payments.Money{Amount: inv.PaidAmount, Currency: inv.PayCurrency},
		Address:   addr, Tag: tag, PaymentURL: url,
		CreatedAt: inv.CreatedAt, ExpiresAt: inv.ExpiresAt, Raw: inv.Raw,
	}
}

// toPayout normalizes a coin withdrawal. denom is the currency the
// merchant's amount was in, when known: the amount on that side (charged
// or received) is the payout's Amount; without it the received side is.
func (a *Adapter) toPayout(w *CoinWithdrawal, denom string) *payments.Payout {
	addr, tag := SplitTag(w.Address)
	amount := payments.Money{Amount: w.ReceivedAmount, Currency: w.ReceivedCurrency}
	if denom != "" && strings.EqualFold(denom, w.ChargedCurrency) && !strings.EqualFold(denom, w.ReceivedCurrency) {
		amount = payments.Money{Amount: w.ChargedAmount, Currency: w.ChargedCurrency}
	}
	return &payments.Payout{
		Provider: ProviderName, ID: w.ID, Reference: w.CustomID,
		Status: w.Normalized(), ProviderStatus: string(w.Status),
		Amount: amount, Asset: w.ReceivedCurrency,
		Sent:    payments.Money{Amount: w.ReceivedAmount, Currency: w.ReceivedCurrency},
		Fee:     payments.Money{Amount: w.NetworkFee, Currency: w.ReceivedCurrency},
		Address: addr, Tag: tag, TxID: w.TxID, CreatedAt: w.CreatedAt, Raw: w.Raw,
	}
}

// toEvent normalizes a callback.
func (a *Adapter) toEvent(ev *Event) *payments.Event {
	out := &payments.Event{
		Provider: ProviderName, ID: ev.ID, DedupeKey: ev.DedupeKey(), Type: ev.ObjectType + "." + string(ev.Type),
		ObjectID: ev.ObjectID(), BodyAuthenticated: ev.BodyAuthenticated, SignatureCovers: ev.SignatureCovers,
		ReceivedAt: ev.ReceivedAt, Raw: ev.Raw, Kind: payments.EventOther, Status: payments.StatusUnknown,
	}
	switch {
	case ev.Invoice != nil:
		inv := toInvoice(ev.Invoice)
		out.Kind, out.Invoice, out.Reference = payments.EventInvoice, inv, inv.Reference
		out.Status, out.ProviderStatus, out.Amount = inv.Status, inv.ProviderStatus, inv.Received
	case ev.CoinWithdrawal != nil:
		po := a.toPayout(ev.CoinWithdrawal, "")
		out.Kind, out.Payout, out.Reference = payments.EventPayout, po, po.Reference
		out.Status, out.ProviderStatus, out.Amount = po.Status, po.ProviderStatus, po.Sent
	case ev.ChannelPayment != nil:
		// A payment into a deposit address: it names the customer and the
		// address (the channel's custom_id stays the Reference).
		x := ev.ChannelPayment
		out.Kind, out.Reference = payments.EventPayment, x.CustomID
		out.Customer = paymentCustomer(x)
		out.DepositAddress, _ = SplitTag(x.Address)
		out.Status, out.ProviderStatus = x.Normalized(), providerStatus(string(x.Status), x.StatusContext)
		out.Amount = payments.Money{Amount: x.PaidAmount, Currency: x.PaidCurrency}
	case ev.Subscription != nil:
		x := ev.Subscription
		out.Reference, out.ProviderStatus = x.CustomID, string(x.Status)
		switch ev.Type {
		case EventPaid:
			out.Status = payments.StatusPaid
		case EventCancelled:
			out.Status = payments.StatusCancelled
		}
		out.Amount = payments.Money{Amount: x.Amount, Currency: x.Currency}
	}
	return out
}

// toDeposit normalizes the channel that is p's deposit address.
func toDeposit(ch *Channel, p *payments.DepositParams) *payments.Deposit {
	addr, tag := SplitTag(ch.Address)
	return &payments.Deposit{Provider: ProviderName, ID: ch.ID, Customer: p.Customer, Asset: p.Asset,
		Address: addr, Tag: tag, Raw: ch.Raw} // a channel publishes no created_at
}
