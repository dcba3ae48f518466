package channelstest

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/shopspring/decimal"
)

// noteLocked builds the hashed callback of t's current state.
func (s *Server) noteLocked(t *transaction) sandboxkit.Notification {
	body, _ := json.Marshal(t.wire(true, s.SecretKey))
	return sandboxkit.Notification{Type: t.kind, Status: t.status, ObjectID: t.id, Body: body}
}

// PayDeposit makes amount arrive at a channel address, in the currency the
// address was last asked for, as a new deposit in processing (its callback
// goes out only with Options.ProcessingCallbacks). Confirm it with Confirm
// (or fail it with FailDeposit). It returns the transaction id. The amount
// is written with the places it holds: decimal.RequireFromString("10.50")
// is sent as "10.50" (the callback hash covers that text).
func (s *Server) PayDeposit(address string, amount decimal.Decimal) (txID string, err error) {
	s.mu.Lock()
	a := s.addrByText[address]
	currency := ""
	if a != nil {
		currency = a.currency
	}
	s.mu.Unlock()
	if a == nil {
		return "", fmt.Errorf("%w: address %q", ErrNotFound, address)
	}
	return s.pay(address, "", currency, amount)
}

// PayDepositIn is PayDeposit in a given currency, as the provider spells
// it (an EVM address receives every EVM currency).
func (s *Server) PayDepositIn(address, currency string, amount decimal.Decimal) (string, error) {
	return s.pay(address, "", currency, amount)
}

// amountText writes amount with the places it holds ("10.50" stays
// "10.50"): the provider sends amounts as text, and the callback hash
// covers the text exactly.
func amountText(amount decimal.Decimal) string {
	return amount.StringFixed(max(0, -amount.Exponent()))
}

// PayInvoice makes a payment of amount arrive for a checkout invoice (in
// its base currency when that is a coin, else tUSDT): a deposit carrying the
// invoice's id and orderId, in processing. Confirm it with Confirm. Partial
// and over payments are whatever amount says. It returns the transaction id;
// an invoice ExpireInvoice ran out is ErrInvalidState.
func (s *Server) PayInvoice(invoiceID string, amount decimal.Decimal) (txID string, err error) {
	s.mu.Lock()
	inv := s.invoices[invoiceID]
	currency := "tUSDT"
	if inv != nil {
		if _, known := coins[inv.base]; known {
			currency = inv.base
		}
	}
	s.mu.Unlock()
	return s.pay("", invoiceID, currency, amount)
}

func (s *Server) pay(addr, invoiceID, currency string, d decimal.Decimal) (string, error) {
	c, known := coins[currency]
	amount := amountText(d)
	if !known || !d.IsPositive() || !numberRE.MatchString(amount) {
		return "", fmt.Errorf("channelstest: a positive amount of a supported currency is needed, got %q %q", amount, currency)
	}
	if i := strings.IndexByte(amount, '.'); i >= 0 && int32(len(amount)-i-1) > c.decimals {
		return "", fmt.Errorf("channelstest: %s has at most %d decimals", currency, c.decimals)
	}
	s.mu.Lock()
	t := &transaction{id: s.nextIDLocked(), kind: "deposit", status: "processing", amount: amount, value: d,
		currency: currency, txHash: "0x" + sandboxkit.RandomHex(32)}
	if invoiceID != "" {
		inv := s.invoices[invoiceID]
		if inv == nil || inv.withdrawal != "" {
			s.mu.Unlock()
			return "", fmt.Errorf("%w: invoice %q", ErrNotFound, invoiceID)
		}
		if inv.expired {
			s.mu.Unlock()
			return "", fmt.Errorf("%w: invoice %q has expired", ErrInvalidState, invoiceID)
		}
		t.customer, t.orderID, t.appID, t.invoiceID = inv.customer, inv.orderID, inv.appID, inv.id
	} else {
		a := s.addrByText[addr]
		if a == nil {
			s.mu.Unlock()
			return "", fmt.Errorf("%w: address %q", ErrNotFound, addr)
		}
		if a.family != c.family {
			s.mu.Unlock()
			return "", fmt.Errorf("channelstest: address %q does not receive %s", addr, currency)
		}
		t.customer, t.address = a.customer, a.text
	}
	s.addTxLocked(t)
	var notes []sandboxkit.Notification
	if s.processing {
		notes = append(notes, s.noteLocked(t))
	}
	s.mu.Unlock()
	sandboxkit.DeliverAll(s.kit, notes)
	return t.id, nil
}

// PaySettlement records a settlement deposit: one without a customerId,
// whose callback hash has "N/A" in the customer's place. It is confirmed at
// once and its callback delivered. The amount is written as PayDeposit
// writes it.
func (s *Server) PaySettlement(currency string, amount decimal.Decimal) (string, error) {
	text := amountText(amount)
	if _, known := coins[currency]; !known || !amount.IsPositive() || !numberRE.MatchString(text) {
		return "", fmt.Errorf("channelstest: a positive amount of a supported currency is needed")
	}
	s.mu.Lock()
	t := &transaction{id: s.nextIDLocked(), kind: "deposit", status: "confirmed", amount: text,
		value: amount, currency: currency, txHash: "0x" + sandboxkit.RandomHex(32)}
	s.addTxLocked(t)
	n := s.noteLocked(t)
	s.mu.Unlock()
	sandboxkit.Deliver(s.kit, n)
	return t.id, nil
}

// ExpireInvoice runs a checkout invoice's time to live out now (24 hours
// for a floating-rate invoice, from activation for a fixed-rate one): it is
// no longer open (the customer may open another floating-rate invoice) and
// PayInvoice refuses it with ErrInvalidState. XGateway sends callbacks for
// transactions only, so nothing is delivered. ErrNotFound for an unknown
// invoice or a withdrawal's linked one; ErrInvalidState for an invoice already
// paid in full or expired.
func (s *Server) ExpireInvoice(invoiceID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	inv := s.invoices[invoiceID]
	if inv == nil || inv.withdrawal != "" {
		return fmt.Errorf("%w: invoice %q", ErrNotFound, invoiceID)
	}
	if inv.expired || !inv.open {
		return fmt.Errorf("%w: invoice %q is no longer open", ErrInvalidState, invoiceID)
	}
	inv.open, inv.expired = false, true
	return nil
}

// Confirm confirms a deposit and delivers its callback.
func (s *Server) Confirm(txID string) error { return s.finish(txID, "deposit", "confirmed", "") }

// FailDeposit fails a deposit and delivers its callback.
func (s *Server) FailDeposit(id, reason string) error {
	return s.finish(id, "deposit", "failed", reason)
}

// CompletePayout confirms a withdrawal and delivers its callback, as
// simulate with status confirmed does on a demo account (where the
// withdrawal failed first for lack of funds).
func (s *Server) CompletePayout(id string) error {
	return s.finish(id, "withdrawal", "confirmed", "")
}

// FailPayout fails a withdrawal and delivers its callback.
func (s *Server) FailPayout(id, reason string) error {
	return s.finish(id, "withdrawal", "failed", reason)
}

func (s *Server) finish(id, kind, status, reason string) error {
	s.mu.Lock()
	t := s.txs[id]
	if t == nil || t.kind != kind {
		s.mu.Unlock()
		return fmt.Errorf("%w: %s %q", ErrNotFound, kind, id)
	}
	if t.status == "confirmed" {
		s.mu.Unlock()
		return fmt.Errorf("%w: %s %q is already confirmed", ErrInvalidState, kind, id)
	}
	t.status, t.reason = status, reason
	if status == "confirmed" && t.txHash == "" {
		t.txHash = "0x" + sandboxkit.RandomHex(32)
	}
	if inv := s.invoices[t.invoiceID]; inv != nil && status == "confirmed" {
		inv.open = false
	}
	n := s.noteLocked(t)
	s.mu.Unlock()
	sandboxkit.Deliver(s.kit, n)
	return nil
}

// settleInvoice is simulate: a withdrawal's linked invoice settles the
// withdrawal; a checkout invoice gets a deposit of amount in that state.
func (s *Server) settleInvoice(invoiceID, amount string, value decimal.Decimal, status string) (string, error) {
	s.mu.Lock()
	inv := s.invoices[invoiceID]
	if inv == nil {
		s.mu.Unlock()
		return "", fmt.Errorf("%w: invoice %q", ErrNotFound, invoiceID)
	}
	var t *transaction
	if inv.withdrawal != "" {
		t = s.txs[inv.withdrawal]
	} else {
		currency := inv.base
		if _, known := coins[currency]; !known {
			currency = "tUSDT"
		}
		t = &transaction{id: s.nextIDLocked(), kind: "deposit", amount: amount, value: value, currency: currency,
			customer: inv.customer, orderID: inv.orderID, appID: inv.appID, invoiceID: inv.id}
		s.addTxLocked(t)
	}
	t.status = status
	if status == "confirmed" {
		inv.open = false
		if t.txHash == "" {
			t.txHash = "0x" + sandboxkit.RandomHex(32)
		}
	}
	n := s.noteLocked(t)
	s.mu.Unlock()
	sandboxkit.Deliver(s.kit, n)
	return t.id, nil
}

// Transaction returns a transaction's status as the provider holds it
// ("processing", "confirmed", "failed"), or ErrNotFound: what GET
// /api/v2/transaction/{id} would answer, without a request.
func (s *Server) Transaction(id string) (status string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.txs[id]
	if t == nil {
		return "", fmt.Errorf("%w: transaction %q", ErrNotFound, id)
	}
	return t.status, nil
}

// WithdrawalByOrderID returns the id of the withdrawal made for orderID, for
// tests that check a resend made no second one.
func (s *Server) WithdrawalByOrderID(orderID string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, found := s.byOrder[orderID]
	return id, found
}

// PayoutsMade counts the withdrawals made (a repeated orderId makes none).
func (s *Server) PayoutsMade() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, t := range s.txs {
		if t.kind == "withdrawal" {
			n++
		}
	}
	return n
}
