package gateway

import (
	"cmp"
	"encoding/json"
	"strings"

	"github.com/coinsdk/coinsdk/payments"
)

// The adapter's normalizers: the gateway's models in the payments
// vocabulary (the statuses come from status.go).

// CustomerKey is the key of the custom JSON object under which
// CreateDepositAddress keeps the DepositParams.Customer a dedication was
// made for. The dedication echoes its custom in every answer, and the
// service copies it onto the payments a USES dedication turns deposits
// into (see the package doc), so deposit events name the customer.
const CustomerKey = "customer"

// customer reads the CustomerKey string of a custom JSON object.
func customer(custom string) string {
	if !strings.Contains(custom, `"`+CustomerKey+`"`) {
		return ""
	}
	var v struct {
		Customer string `json:"customer"`
	}
	if json.Unmarshal([]byte(custom), &v) != nil {
		return ""
	}
	return v.Customer
}

// isDeposit reports whether a payment is a deposit into a dedicated
// address (one the service made from a transfer to a USES dedication)
// rather than an invoice: it came through a dedication, and either carries
// the customer CreateDepositAddress recorded or is open-amount (a deposit
// has no price; an invoice the merchant created on an ASSIGN dedication has
// one).
func isDeposit(p *Payment) bool {
	return p.DedicateID != "" && (strings.EqualFold(p.PaymentType, PaymentTypeOpen) || customer(p.Custom) != "")
}

// toInvoice is a payment as a payments.Invoice.
func toInvoice(p *Payment) *payments.Invoice {
	received := p.IPAssetID
	if received == "" {
		received = p.PaymentAssetID
	}
	return &payments.Invoice{Provider: ProviderName, ID: p.PaymentID, Reference: p.Reference(),
		Status: p.Normalized(), ProviderStatus: string(p.Status),
		Requested: payments.Money{Amount: p.Amount, Currency: p.AssetID},
		Due:       payments.Money{Amount: p.PaymentAmount, Currency: p.PaymentAssetID},
		Received:  payments.Money{Amount: p.IPAmount, Currency: received},
		Address:   p.Address, PaymentURL: p.PaymentURL, CreatedAt: p.StartDate, ExpiresAt: p.EndDate, Raw: p.Raw}
}

// toPayout is a withdrawal as a payments.Payout.
func toPayout(w *Withdrawal) *payments.Payout {
	return &payments.Payout{Provider: ProviderName, ID: w.WithdrawID, Reference: w.Reference(),
		Status: w.Normalized(), ProviderStatus: string(w.Status),
		Amount:  payments.Money{Amount: w.Amount, Currency: w.AssetID},
		Fee:     payments.Money{Amount: w.Fee, Currency: w.FeeAssetID},
		Address: w.Address, CreatedAt: w.StartDate, Raw: w.Raw}
}

// toDeposit is a dedicated address made for p as a payments.Deposit.
func toDeposit(d *DedicatedAddress, p *payments.DepositParams) *payments.Deposit {
	return &payments.Deposit{Provider: ProviderName, ID: d.DedicateID, Customer: cmp.Or(customer(d.Custom), p.Customer),
		Asset: cmp.Or(d.AssetID, p.Asset), Address: d.Address, CreatedAt: d.StartDate, Raw: d.Raw}
}

// toEvent is a webhook event as a payments.Event.
func toEvent(ev *Event) *payments.Event {
	out := &payments.Event{Provider: ProviderName, ID: ev.ID, DedupeKey: ev.DedupeKey(), Type: string(ev.Type),
		ObjectID: ev.ObjectID(), BodyAuthenticated: ev.BodyAuthenticated, SignatureCovers: ev.SignatureCovers,
		ReceivedAt: ev.ReceivedAt, Raw: ev.Raw, Kind: payments.EventOther, Status: payments.StatusUnknown}
	switch {
	case ev.Kind == KindPayment && ev.Payment != nil && isDeposit(ev.Payment):
		// A deposit: a payment event naming the customer and the address.
		// The dedication's reference (copied into custom) is no order's, so
		// Reference stays empty: nothing here reads as an order to credit.
		pm := ev.Payment
		inv := toInvoice(pm)
		out.Kind, out.Status, out.ProviderStatus, out.Amount = payments.EventPayment, inv.Status, inv.ProviderStatus, inv.Received
		out.Customer, out.DepositAddress = customer(pm.Custom), pm.Address
	case ev.Kind == KindPayment && ev.Payment != nil:
		inv := toInvoice(ev.Payment)
		out.Kind, out.Invoice = payments.EventInvoice, inv
		out.Status, out.ProviderStatus, out.Reference, out.Amount = inv.Status, inv.ProviderStatus, inv.Reference, inv.Received
	case ev.Kind == KindWithdrawal && ev.Withdrawal != nil:
		p := toPayout(ev.Withdrawal)
		out.Kind, out.Payout = payments.EventPayout, p
		out.Status, out.ProviderStatus, out.Reference, out.Amount = p.Status, p.ProviderStatus, p.Reference, p.Amount
	case ev.Kind == KindDedicated && ev.Dedicated != nil:
		d := ev.Dedicated
		out.Status, out.ProviderStatus = d.Normalized(), string(d.Status)
		out.Customer, out.DepositAddress = customer(d.Custom), d.Address
	}
	return out
}
