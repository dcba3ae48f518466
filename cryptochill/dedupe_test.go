package cryptochill

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
)

// TestDedupeKeyComponents: each component of a refreshed event's dedupe
// key separates two notifications that differ only in it (a key that
// dropped it would merge them, and the second would never be processed),
// while a redelivery of the same state keeps the key.
func TestDedupeKeyComponents(t *testing.T) {
	t.Parallel()
	amt := func(s string) *Amount { return &Amount{Amount: decimal.RequireFromString(s), Currency: "BTC"} }
	invoice := func() *Event {
		return &Event{Kind: KindInvoice, BodyAuthenticated: true, Invoice: &Invoice{ID: "inv-1", Status: "incomplete",
			Amount:       InvoiceAmount{Paid: amt("0.001")},
			Transactions: []InvoiceTransaction{{ID: "tx-1", Confirmations: 1}}}}
	}
	tx := func() *Event {
		return &Event{Kind: KindTransaction, BodyAuthenticated: true, Transaction: &Transaction{ID: "tx-1", Status: "pending",
			Amount: TransactionAmount{Paid: amt("0.001")}, Confirmations: 0}}
	}
	payout := func() *Event {
		return &Event{Kind: KindPayout, BodyAuthenticated: true, Payout: &Payout{ID: "po-1", Status: "pending", TxID: "ab", Confirmations: 0}}
	}
	for name, c := range map[string]struct {
		base   func() *Event
		change func(*Event)
	}{
		"invoice id":         {invoice, func(e *Event) { e.Invoice.ID = "inv-2" }},
		"invoice status":     {invoice, func(e *Event) { e.Invoice.Status = "complete" }},
		"invoice paid":       {invoice, func(e *Event) { e.Invoice.Amount.Paid = amt("0.002") }},
		"invoice paid_total": {invoice, func(e *Event) { e.Invoice.Amount.PaidTotal = amt("0.0025") }},
		"invoice payments": {invoice, func(e *Event) {
			e.Invoice.Transactions = append(e.Invoice.Transactions, InvoiceTransaction{ID: "tx-2", Confirmations: 1})
		}},
		"invoice confirmations":     {invoice, func(e *Event) { e.Invoice.Transactions[0].Confirmations = 2 }},
		"transaction id":            {tx, func(e *Event) { e.Transaction.ID = "tx-2" }},
		"transaction status":        {tx, func(e *Event) { e.Transaction.Status = "confirmed" }},
		"transaction amount":        {tx, func(e *Event) { e.Transaction.Amount.Paid = amt("0.002") }},
		"transaction confirmations": {tx, func(e *Event) { e.Transaction.Confirmations = 1 }},
		"payout id":                 {payout, func(e *Event) { e.Payout.ID = "po-2" }},
		"payout status":             {payout, func(e *Event) { e.Payout.Status = "confirmed" }},
		"payout txid":               {payout, func(e *Event) { e.Payout.TxID = "cd" }},
		"payout confirmations":      {payout, func(e *Event) { e.Payout.Confirmations = 1 }},
		"kind":                      {invoice, func(e *Event) { e.Kind, e.Payout = KindPayout, &Payout{ID: "inv-1", Status: "incomplete"} }},
	} {
		a, b := c.base(), c.base()
		assert.NotEmpty(t, a.DedupeKey(), name)
		assert.Equal(t, a.DedupeKey(), b.DedupeKey(), "%s: a redelivery keeps the key", name)
		c.change(b)
		assert.NotEqual(t, a.DedupeKey(), b.DedupeKey(), "%s: two notifications that differ in it share a key", name)
	}
	// An unrefreshed event has no key: its body is not the API's word.
	e := invoice()
	e.BodyAuthenticated = false
	assert.Empty(t, e.DedupeKey())
}
