package cryptoprocessing

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
)

// TestDedupeKeyComponents: each component of the dedupe key separates two
// callbacks that differ only in it (a key that dropped it would merge them,
// and the second would never be processed), while a redelivery keeps it.
func TestDedupeKeyComponents(t *testing.T) {
	t.Parallel()
	d := decimal.RequireFromString
	base := func() *Event {
		return &Event{BodyAuthenticated: true, Transaction: &Transaction{ID: "588", Type: TypeInvoice, Status: "pending",
			CurrencySent:     CurrencyAmount{Currency: "BTC", Amount: d("0.0002")},
			CurrencyReceived: CurrencyAmount{Currency: "EUR", Amount: d("10")},
			Transactions:     []TransactionEntry{{ID: "1", TxID: "ab", Currency: "BTC", Amount: d("0.0001"), Confirmations: 1}}}}
	}
	for name, change := range map[string]func(*Event){
		"id":                         func(e *Event) { e.Transaction.ID = "589" },
		"status":                     func(e *Event) { e.Transaction.Status = "confirmed" },
		"currency_sent.currency":     func(e *Event) { e.Transaction.CurrencySent.Currency = "ETH" },
		"currency_sent.amount":       func(e *Event) { e.Transaction.CurrencySent.Amount = d("0.0003") },
		"currency_received.currency": func(e *Event) { e.Transaction.CurrencyReceived.Currency = "USD" },
		"currency_received.amount":   func(e *Event) { e.Transaction.CurrencyReceived.Amount = d("11") },
		"a second payment": func(e *Event) {
			e.Transaction.Transactions = append(e.Transaction.Transactions, TransactionEntry{ID: "2", TxID: "cd", Currency: "BTC", Amount: d("0.0001")})
		},
		"leg id":            func(e *Event) { e.Transaction.Transactions[0].ID = "9" },
		"leg txid":          func(e *Event) { e.Transaction.Transactions[0].TxID = "ef" },
		"leg currency":      func(e *Event) { e.Transaction.Transactions[0].Currency = "LTC" },
		"leg amount":        func(e *Event) { e.Transaction.Transactions[0].Amount = d("0.00015") },
		"leg confirmations": func(e *Event) { e.Transaction.Transactions[0].Confirmations = 2 },
	} {
		a, b := base(), base()
		assert.NotEmpty(t, a.DedupeKey(), name)
		assert.Equal(t, a.DedupeKey(), b.DedupeKey(), "%s: a redelivery keeps the key", name)
		change(b)
		assert.NotEqual(t, a.DedupeKey(), b.DedupeKey(), "%s: two callbacks that differ in it share a key", name)
	}
	// Field boundaries are kept: moving text from one field to the next is
	// another key.
	a, b := base(), base()
	a.Transaction.CurrencySent.Currency, a.Transaction.CurrencyReceived.Currency = "BTC", "EUR"
	b.Transaction.CurrencySent.Currency, b.Transaction.CurrencyReceived.Currency = "BTCE", "UR"
	assert.NotEqual(t, a.DedupeKey(), b.DedupeKey(), "field boundaries")
	e := base()
	e.BodyAuthenticated = false
	assert.Empty(t, e.DedupeKey(), "an unverified body has no key")
}
