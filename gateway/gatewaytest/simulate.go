package gatewaytest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/shopspring/decimal"
)

// sign is the sandbox's own X-Webhook-HMAC-SHA256, written from the
// documentation (lowercase hex HMAC-SHA256 of the raw body under the
// webhook secret), not the client's code.
func (s *Server) sign(body []byte) http.Header {
	h := http.Header{"Content-Type": {"application/json"}}
	if s.WebhookSecret != "" {
		m := hmac.New(sha256.New, []byte(s.WebhookSecret))
		m.Write(body)
		h.Set("X-Webhook-HMAC-SHA256", hex.EncodeToString(m.Sum(nil)))
	}
	return h
}

// paymentNoteLocked builds a payment webhook: {"type":"notification","event":…,"payment":{…}}.
func (s *Server) paymentNoteLocked(p *payment, event string) sandboxkit.Notification {
	body, _ := json.Marshal(map[string]any{"type": "notification", "event": event, "payment": s.paymentJSONLocked(p)})
	return sandboxkit.Notification{Type: event, Status: p.status, ObjectID: p.id, Target: p.webhookURL, Body: body, Header: s.sign(body)}
}

// Pay makes a transaction of amount (in the payment's crypto) arrive at the
// payment's address, unconfirmed: ip_amount grows and the payment is
// delivered ("any time a payment is received"). When what has arrived
// covers the amount due of an OPEN fixed-amount payment, the payment is
// CLOSING (in the process of closing: waiting for the confirmations) until
// Confirm completes it; the callback's event stays payment.open, the only
// documented event before the end. It returns the transaction hash for
// Confirm. A payment already ended keeps its status: a late payment to a
// cancelled one is recorded (ip_amount grows, payment.cancel is delivered
// again) but never completes it.
func (s *Server) Pay(paymentID string, amount decimal.Decimal) (txHash string, err error) {
	if err := positive("pay", amount); err != nil {
		return "", err
	}
	s.mu.Lock()
	p, err := in(s.payments, "payment", paymentID)
	if err != nil {
		s.mu.Unlock()
		return "", err
	}
	now := s.Now().UTC().Truncate(time.Second)
	t := &tx{hash: sandboxkit.RandomHex(32), amount: amount.Truncate(p.payAsset.precision), status: "OPEN", received: now}
	p.txs = append(p.txs, t)
	p.ip = p.ip.Add(t.amount)
	s.txByHash[t.hash] = p
	event := "payment.open"
	switch p.status {
	case "COMPLETE":
		event = "payment.complete"
	case "CANCEL":
		event = "payment.cancel"
	case "OPEN":
		if p.ptype != "OPEN_AMOUNT" && p.ip.GreaterThanOrEqual(p.due) {
			p.status = "CLOSING"
		}
	}
	note := s.paymentNoteLocked(p, event)
	s.mu.Unlock()
	sandboxkit.Deliver(s.kit, note)
	return t.hash, nil
}

// Confirm confirms a transaction made by Pay: the amount is credited to
// the store's balance, and an OPEN or CLOSING payment completes
// (payment.complete) when what is confirmed covers the amount due (any
// amount, for an open-amount payment). A cancelled payment stays cancelled:
// the late funds are in the balance and in ip_amount, for the merchant to
// settle with the payer.
func (s *Server) Confirm(txID string) error {
	s.mu.Lock()
	p := s.txByHash[txID]
	if p == nil {
		s.mu.Unlock()
		return fmt.Errorf("%w: transaction %q", ErrNotFound, txID)
	}
	var t *tx
	for _, x := range p.txs {
		if x.hash == txID {
			t = x
		}
	}
	if t.status == "COMPLETE" {
		s.mu.Unlock()
		return nil
	}
	t.status, t.date = "COMPLETE", s.Now().UTC().Truncate(time.Second)
	s.balances[p.payAsset.id] = s.balances[p.payAsset.id].Add(t.amount)
	confirmed := p.confirmedLocked()
	enough := confirmed.IsPositive() && (p.ptype == "OPEN_AMOUNT" || confirmed.GreaterThanOrEqual(p.due))
	var notes []sandboxkit.Notification
	if (p.status == "OPEN" || p.status == "CLOSING") && enough {
		p.status, p.done = "COMPLETE", t.date
		notes = append(notes, s.paymentNoteLocked(p, "payment.complete"))
	}
	s.mu.Unlock()
	sandboxkit.DeliverAll(s.kit, notes)
	return nil
}

// PayInvoice pays a payment (exact, partial or over) with one transaction
// and confirms it: payment.open on arrival (CLOSING once the amount due has
// arrived), payment.complete once it is confirmed. After ExpireInvoice it
// is a late payment: recorded, delivered as payment.cancel, never completed.
func (s *Server) PayInvoice(invoiceID string, amount decimal.Decimal) (txID string, err error) {
	h, err := s.Pay(invoiceID, amount)
	if err != nil {
		return "", err
	}
	return h, s.Confirm(h)
}

// ExpireInvoice ends an open payment's waiting time: an open-amount payment
// that received confirmed funds completes, any other is cancelled
// (payment.cancel).
func (s *Server) ExpireInvoice(invoiceID string) error {
	s.mu.Lock()
	p, err := openIn(s.payments, "payment", invoiceID)
	if err != nil {
		s.mu.Unlock()
		return err
	}
	event := "payment.cancel"
	if p.ptype == "OPEN_AMOUNT" && p.confirmedLocked().IsPositive() {
		p.status, p.done, event = "COMPLETE", s.Now().UTC().Truncate(time.Second), "payment.complete"
	} else {
		p.status = "CANCEL"
	}
	note := s.paymentNoteLocked(p, event)
	s.mu.Unlock()
	sandboxkit.Deliver(s.kit, note)
	return nil
}

// Payment reports a payment's status (OPEN, CLOSING, COMPLETE, CANCEL).
func (s *Server) Payment(paymentID string) (status string, err error) {
	return field(s, s.payments, "payment", paymentID, (*payment).state)
}

// PaymentOf returns the id of the payment a transaction (from Pay,
// PayInvoice or PayDeposit) paid: a deposit into a dedicated address
// becomes a payment the service creates, and this is how a test learns it.
func (s *Server) PaymentOf(txID string) (paymentID string, err error) {
	return field(s, s.txByHash, "transaction", txID, func(p *payment) string { return p.id })
}

// PayDeposit makes amount arrive at a dedicated address (USES), named by
// its address or its dedicate_id: the service turns it into an open-amount
// payment carrying the dedicate_id and the dedication's custom fields,
// delivered as payment.open then, once confirmed, payment.complete. It
// returns the transaction hash (PaymentOf gives the payment's id).
func (s *Server) PayDeposit(address string, amount decimal.Decimal) (txID string, err error) {
	if err := positive("deposit", amount); err != nil {
		return "", err
	}
	s.mu.Lock()
	d := s.dedicated[address]
	if d == nil {
		// By address: the open USES dedication holds it (a POOL address may
		// also belong to released ones).
		for _, x := range s.dedicated {
			if x.address == address && (d == nil || x.status == "OPEN" && x.dtype == "USES") {
				d = x
			}
		}
	}
	if d == nil {
		s.mu.Unlock()
		return "", fmt.Errorf("%w: dedicated address %q", ErrNotFound, address)
	}
	if d.status != "OPEN" || d.dtype != "USES" {
		s.mu.Unlock()
		return "", fmt.Errorf("%w: dedicated address %q is %s/%s, not an open USES dedication", ErrInvalidState, address, d.status, d.dtype)
	}
	p := &payment{ptype: "OPEN_AMOUNT", asset: d.asset, payAsset: d.asset, amount: amount.Truncate(d.asset.precision),
		status: "OPEN", address: d.address, addressID: d.addressID, dedicateID: d.id, payer: d.payer,
		description: d.description, webhookURL: d.webhookURL, successURL: d.successURL, customs: map[string]string{}}
	for k, v := range d.customs {
		p.customs[k] = v
	}
	p.id, p.num = s.nextIDLocked()
	p.start = s.Now().UTC().Truncate(time.Second)
	p.end = p.start.Add(90 * time.Minute)
	p.rate, p.due = decimal.NewFromInt(1), p.amount
	s.payments[p.id] = p
	s.payOrder = append(s.payOrder, p.id)
	s.mu.Unlock()
	h, err := s.Pay(p.id, amount)
	if err != nil {
		return "", err
	}
	return h, s.Confirm(h)
}

// in finds the object id names in m (mu held): ErrNotFound when there is none.
func in[T any](m map[string]*T, kind, id string) (*T, error) {
	if x := m[id]; x != nil {
		return x, nil
	}
	return nil, fmt.Errorf("%w: %s %q", ErrNotFound, kind, id)
}

// positive refuses a simulated payment of nothing.
func positive(op string, amount decimal.Decimal) error {
	if !amount.IsPositive() {
		return fmt.Errorf("gatewaytest: %s: amount must be positive", op)
	}
	return nil
}

// field reads f of the object id names in m, under the server's lock.
func field[T, R any](s *Server, m map[string]*T, kind, id string, f func(*T) R) (R, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	x, err := in(m, kind, id)
	if err != nil {
		var zero R
		return zero, err
	}
	return f(x), nil
}

// openIn is in for an object a simulation may end: ErrInvalidState when
// it is no longer OPEN.
func openIn[T any, PT interface {
	*T
	state() string
}](m map[string]*T, kind, id string) (*T, error) {
	x, err := in(m, kind, id)
	if err != nil {
		return nil, err
	}
	if st := PT(x).state(); st != "OPEN" {
		return nil, fmt.Errorf("%w: %s %q is %s, not OPEN", ErrInvalidState, kind, id, st)
	}
	return x, nil
}

func (p *payment) state() string     { return p.status }
func (wd *withdrawal) state() string { return wd.status }
