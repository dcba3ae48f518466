package cryptopaytest

import (
	"fmt"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/shopspring/decimal"
)

// This file plays the outside world: payers, the blockchain and the payout
// processor. Each method changes state under the lock, queues the callbacks
// the change causes, and delivers them in order before it returns, so when
// it returns the merchant's callback handler has seen every event.

// checkSimAmount refuses a non-positive, oversized or too precise amount.
func checkSimAmount(d decimal.Decimal, currency string) error {
	places := currencies[currency].places
	if !d.IsPositive() || d.GreaterThan(maxAmount) || !d.Round(places).Equal(d) {
		return fmt.Errorf("cryptopaytest: amount %s must be positive with at most %d decimal places of %s", d, places, currency)
	}
	return nil
}

// PayInvoice makes a payment of amount (in the invoice's pay_currency)
// arrive at the invoice's address, unconfirmed: paid_amount grows and the
// Invoice callback transaction_created is delivered. The amount may be exact,
// short or over; a payment that arrives after expires_at (see Advance) is
// late. ConfirmInvoice then decides the status. It returns the payment's txid.
func (s *Server) PayInvoice(invoiceID string, amount decimal.Decimal) (txID string, err error) {
	err = s.deliverAfter(func(out *[]sandboxkit.Notification) error {
		inv := s.st.invoiceByID[invoiceID]
		if inv == nil {
			return fmt.Errorf("%w: invoice %q", ErrNotFound, invoiceID)
		}
		if err := checkSimAmount(amount, inv.payCurrency); err != nil {
			return err
		}
		switch {
		case inv.status == "new", inv.status == "cancelled",
			inv.status == "unresolved" && inv.statusContext == "underpaid":
		default:
			return fmt.Errorf("%w: invoice %s is %s", ErrInvalidState, invoiceID, inv.status)
		}
		now := s.Now()
		tx := &invoiceTx{txid: s.txidLocked(), amount: amount, risk: lowRisk(),
			late: inv.status == "cancelled" || !now.Before(inv.expiresAt)}
		if inv.illicit {
			tx.risk = illicitRisk()
		}
		inv.txs = append(inv.txs, tx)
		inv.paidAmount = inv.paidAmount.Add(amount)
		txID = tx.txid
		s.notifyLocked(out, "Invoice", "transaction_created", inv.id, inv.view())
		return nil
	})
	return txID, err
}

// ConfirmInvoice confirms every unconfirmed payment of an invoice (one
// transaction_confirmed callback each) and settles it with status_changed:
// exact → completed; over → completed with status_context overpaid (the
// merchant is credited what was paid); under → unresolved/underpaid; any
// late payment → unresolved/paid_late; flagged (FlagInvoiceIllicit) →
// unresolved/illicit_resource. An unresolved invoice can be recalculated or
// refunded through the API.
func (s *Server) ConfirmInvoice(id string) error {
	return s.deliverAfter(func(out *[]sandboxkit.Notification) error {
		inv := s.st.invoiceByID[id]
		if inv == nil {
			return fmt.Errorf("%w: invoice %q", ErrNotFound, id)
		}
		confirmed := false
		for _, t := range inv.txs {
			if !t.confirmed {
				t.confirmed, confirmed = true, true
				s.notifyLocked(out, "Invoice", "transaction_confirmed", inv.id, inv.view())
			}
		}
		if !confirmed {
			return fmt.Errorf("%w: invoice %s has no unconfirmed payment", ErrInvalidState, id)
		}
		s.settleInvoiceLocked(inv, s.Now(), out)
		return nil
	})
}

// Confirm confirms one payment by its txid, as every coinsdk sandbox names
// it: an invoice payment from PayInvoice (transaction_confirmed, and the
// invoice settles as ConfirmInvoice describes once none of its payments is
// unconfirmed) or a channel payment from PayDeposit or PayChannel (as
// ConfirmChannelPayment).
func (s *Server) Confirm(txID string) error {
	s.mu.Lock()
	var payment string
	for _, cp := range s.st.payments {
		if cp.txid == txID {
			payment = cp.id
		}
	}
	s.mu.Unlock()
	if payment != "" {
		return s.ConfirmChannelPayment(payment)
	}
	return s.deliverAfter(func(out *[]sandboxkit.Notification) error {
		for _, inv := range s.st.invoices {
			for _, t := range inv.txs {
				if t.txid != txID {
					continue
				}
				if t.confirmed {
					return fmt.Errorf("%w: transaction %s is already confirmed", ErrInvalidState, txID)
				}
				t.confirmed = true
				s.notifyLocked(out, "Invoice", "transaction_confirmed", inv.id, inv.view())
				for _, other := range inv.txs {
					if !other.confirmed {
						return nil // settled when the last one is confirmed
					}
				}
				s.settleInvoiceLocked(inv, s.Now(), out)
				return nil
			}
		}
		return fmt.Errorf("%w: transaction %q", ErrNotFound, txID)
	})
}

// PayDeposit makes a payment of amount arrive at a channel's address (a
// deposit address, in coinsdk's terms): PayChannel for whoever knows only
// the address. It returns the payment's txid, for Confirm.
func (s *Server) PayDeposit(address string, amount decimal.Decimal) (txID string, err error) {
	s.mu.Lock()
	var channelID string
	for _, ch := range s.st.channels {
		if ch.address == address {
			channelID = ch.id
		}
	}
	s.mu.Unlock()
	if channelID == "" {
		return "", fmt.Errorf("%w: no channel has address %q", ErrNotFound, address)
	}
	paymentID, err := s.PayChannel(channelID, amount)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.paymentByID[paymentID].txid, nil
}

// PayInvoiceInFull pays what is still due on an invoice (pay_amount minus
// paid_amount) and confirms it: the invoice completes.
func (s *Server) PayInvoiceInFull(id string) error {
	s.mu.Lock()
	inv := s.st.invoiceByID[id]
	var due decimal.Decimal
	if inv != nil {
		due = inv.payAmount.Sub(inv.paidAmount)
	}
	s.mu.Unlock()
	if inv == nil {
		return fmt.Errorf("%w: invoice %q", ErrNotFound, id)
	}
	if !due.IsPositive() {
		return fmt.Errorf("%w: invoice %s has nothing due", ErrInvalidState, id)
	}
	if _, err := s.PayInvoice(id, due); err != nil {
		return err
	}
	return s.ConfirmInvoice(id)
}

// FlagInvoiceIllicit marks an invoice's payer as an illicit resource: the
// invoice settles as unresolved/illicit_resource (at once when its payments
// are already confirmed).
func (s *Server) FlagInvoiceIllicit(id string) error {
	return s.deliverAfter(func(out *[]sandboxkit.Notification) error {
		inv := s.st.invoiceByID[id]
		if inv == nil {
			return fmt.Errorf("%w: invoice %q", ErrNotFound, id)
		}
		inv.illicit = true
		for _, t := range inv.txs {
			t.risk = illicitRisk()
		}
		if inv.anyConfirmed() && inv.status != "refunded" {
			s.setInvoiceStatusLocked(inv, "unresolved", "illicit_resource", out)
		}
		return nil
	})
}

// CompleteRefund marks an invoice refund as sent on chain (status
// completed, txid set).
func (s *Server) CompleteRefund(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.st.refundByID[id]
	if r == nil {
		return fmt.Errorf("%w: refund %q", ErrNotFound, id)
	}
	if r.status != "pending" {
		return fmt.Errorf("%w: refund %s is %s", ErrInvalidState, id, r.status)
	}
	r.status, r.txid = "completed", s.txidLocked()
	return nil
}

// PayChannel makes a payment of amount (in the channel's pay_currency) arrive
// at a channel's address: a channel payment is created as pending (or
// on_hold with status_context channel_disabled when the channel is
// disabled), with the ChannelPayment callbacks created (and on_hold). It
// returns the payment's id.
func (s *Server) PayChannel(channelID string, amount decimal.Decimal) (paymentID string, err error) {
	err = s.deliverAfter(func(out *[]sandboxkit.Notification) error {
		ch := s.st.channelByID[channelID]
		if ch == nil {
			return fmt.Errorf("%w: channel %q", ErrNotFound, channelID)
		}
		if err := checkSimAmount(amount, ch.payCurrency); err != nil {
			return err
		}
		recv := currencies[ch.receiverCurrency]
		cp := &channelPayment{id: newID(), ch: ch, status: "pending", paid: amount, txid: s.txidLocked(), risk: lowRisk(), createdAt: s.Now()}
		cp.rate = s.convRateLocked(ch.payCurrency, ch.receiverCurrency)
		gross := amount.Mul(cp.rate)
		if ch.payCurrency != ch.receiverCurrency {
			cp.fee = gross.Mul(exchangeFee).RoundUp(recv.places)
		}
		cp.received = gross.Sub(cp.fee).RoundDown(recv.places)
		ch.payments = append(ch.payments, cp)
		s.st.payments = append(s.st.payments, cp)
		s.st.paymentByID[cp.id] = cp
		paymentID = cp.id
		s.notifyLocked(out, "ChannelPayment", "created", cp.id, cp.view())
		if ch.status == "disabled" {
			cp.status, cp.statusContext = "on_hold", "channel_disabled"
			s.notifyLocked(out, "ChannelPayment", "on_hold", cp.id, cp.view())
		}
		return nil
	})
	return paymentID, err
}

// channelPaymentLocked finds a payment in one of the allowed statuses.
func (s *Server) channelPaymentLocked(id string, allowed ...string) (*channelPayment, error) {
	cp := s.st.paymentByID[id]
	if cp == nil {
		return nil, fmt.Errorf("%w: channel payment %q", ErrNotFound, id)
	}
	for _, a := range allowed {
		if cp.status == a {
			return cp, nil
		}
	}
	return nil, fmt.Errorf("%w: channel payment %s is %s", ErrInvalidState, id, cp.status)
}

// ConfirmChannelPayment completes a pending or on_hold channel payment,
// crediting the receiver currency account (callback completed).
func (s *Server) ConfirmChannelPayment(paymentID string) error {
	return s.deliverAfter(func(out *[]sandboxkit.Notification) error {
		cp, err := s.channelPaymentLocked(paymentID, "pending", "on_hold")
		if err != nil {
			return err
		}
		cp.status, cp.statusContext = "completed", ""
		cp.credited = s.ledgerLocked(ledgerEntry{acct: s.accountLocked(cp.ch.receiverCurrency), amount: cp.received, fee: cp.fee,
			refType: "ChannelPayment", refID: cp.id, customID: cp.ch.customID, description: "Channel payment " + cp.id, risk: cp.risk, now: s.Now()})
		s.notifyLocked(out, "ChannelPayment", "completed", cp.id, cp.view())
		return nil
	})
}

// HoldChannelPayment puts a pending channel payment on hold as an illicit
// resource (callback on_hold).
func (s *Server) HoldChannelPayment(paymentID string) error {
	return s.deliverAfter(func(out *[]sandboxkit.Notification) error {
		cp, err := s.channelPaymentLocked(paymentID, "pending")
		if err != nil {
			return err
		}
		cp.status, cp.statusContext = "on_hold", "illicit_resource"
		cp.risk = illicitRisk()
		s.notifyLocked(out, "ChannelPayment", "on_hold", cp.id, cp.view())
		return nil
	})
}

// RefundChannelPayment sends an on_hold channel payment back to the payer
// (callback refunded).
func (s *Server) RefundChannelPayment(paymentID string) error {
	return s.deliverAfter(func(out *[]sandboxkit.Notification) error {
		cp, err := s.channelPaymentLocked(paymentID, "on_hold")
		if err != nil {
			return err
		}
		cp.status = "refunded"
		s.notifyLocked(out, "ChannelPayment", "refunded", cp.id, cp.view())
		return nil
	})
}

// CancelChannelPayment cancels a pending or on_hold channel payment
// (callback cancelled).
func (s *Server) CancelChannelPayment(paymentID string) error {
	return s.deliverAfter(func(out *[]sandboxkit.Notification) error {
		cp, err := s.channelPaymentLocked(paymentID, "pending", "on_hold")
		if err != nil {
			return err
		}
		cp.status = "cancelled"
		s.notifyLocked(out, "ChannelPayment", "cancelled", cp.id, cp.view())
		return nil
	})
}

// HoldPayout puts a committed coin withdrawal on hold (compliance review);
// CompletePayout or CancelPayout later release it.
func (s *Server) HoldPayout(id string) error {
	return s.deliverAfter(func(out *[]sandboxkit.Notification) error {
		w, err := s.withdrawalLocked(id)
		if err != nil {
			return err
		}
		s.setWithdrawalStatusLocked(w, "on_hold", s.Now(), out)
		return nil
	})
}

// SendPayout broadcasts a committed coin withdrawal: processing, then sent
// with a txid (a status_changed callback each).
func (s *Server) SendPayout(id string) error {
	return s.deliverAfter(func(out *[]sandboxkit.Notification) error {
		w, err := s.withdrawalLocked(id)
		if err != nil {
			return err
		}
		s.sendLocked(w, out)
		return nil
	})
}

func (s *Server) sendLocked(w *withdrawal, out *[]sandboxkit.Notification) {
	now := s.Now()
	if w.status == "pending" || w.status == "on_hold" {
		s.setWithdrawalStatusLocked(w, "processing", now, out)
	}
	if w.txid == "" {
		w.txid = s.txidLocked()
	}
	s.setWithdrawalStatusLocked(w, "sent", now, out)
}

// CompletePayout takes a committed coin withdrawal (pending, on_hold,
// processing or sent) through what is left of processing and sent to
// completed, with a status_changed callback for each step; a failed one goes
// straight to completed, as the provider's payout guide describes.
func (s *Server) CompletePayout(id string) error {
	return s.deliverAfter(func(out *[]sandboxkit.Notification) error {
		w, err := s.withdrawalLocked(id)
		if err != nil {
			return err
		}
		switch w.status {
		case "sent":
		case "failed":
			if w.txid == "" {
				w.txid = s.txidLocked()
			}
		default:
			s.sendLocked(w, out)
		}
		s.setWithdrawalStatusLocked(w, "completed", s.Now(), out)
		return nil
	})
}

// FailPayout marks a committed coin withdrawal failed. As on the provider,
// failed is not final: the money stays charged, and CompletePayout or
// CancelPayout moves it on. The reason is kept for FailureReason (the
// provider's object has no field for it).
func (s *Server) FailPayout(id, reason string) error {
	return s.deliverAfter(func(out *[]sandboxkit.Notification) error {
		w, err := s.withdrawalLocked(id)
		if err != nil {
			return err
		}
		w.failReason = reason
		s.setWithdrawalStatusLocked(w, "failed", s.Now(), out)
		return nil
	})
}

// CancelPayout cancels a committed coin withdrawal and returns the money to
// the merchant's account (callback status_changed). The reason is kept for
// FailureReason (the provider's object has no field for it).
func (s *Server) CancelPayout(id, reason string) error {
	return s.deliverAfter(func(out *[]sandboxkit.Notification) error {
		w, err := s.withdrawalLocked(id)
		if err != nil {
			return err
		}
		w.failReason = reason
		s.setWithdrawalStatusLocked(w, "cancelled", s.Now(), out)
		return nil
	})
}

// FailureReason is the reason given to FailPayout or CancelPayout for a
// coin withdrawal.
func (s *Server) FailureReason(id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if w := s.st.withdrawalByID[id]; w != nil {
		return w.failReason
	}
	return ""
}

// PaySubscription charges one period of an active subscription: an invoice
// with its subscription_id is created in payCurrency ("" = BTC), paid in
// full and confirmed (its Invoice callbacks), the period moves on, and the
// Subscription callback paid is delivered. It returns the invoice's id.
func (s *Server) PaySubscription(id string, payCurrency string) (invoiceID string, err error) {
	if payCurrency == "" {
		payCurrency = "BTC"
	}
	err = s.deliverAfter(func(out *[]sandboxkit.Notification) error {
		sub := s.st.subByID[id]
		if sub == nil {
			return fmt.Errorf("%w: subscription %q", ErrNotFound, id)
		}
		if sub.status != "active" {
			return fmt.Errorf("%w: subscription %s is %s", ErrInvalidState, id, sub.status)
		}
		payCur := currencies[payCurrency]
		if payCur == nil || !payCur.crypto {
			return fmt.Errorf("cryptopaytest: %q is not a coin the sandbox knows", payCurrency)
		}
		now := s.Now()
		netw, _ := payCur.networkOf("")
		inv := &invoice{subscriptionID: sub.id, name: sub.name, description: sub.productDescription, payerEmail: sub.payerEmail}
		s.openInvoiceLocked(inv, sub.amount, currencies[sub.currency], payCur, netw, now)
		s.notifyLocked(out, "Invoice", "created", inv.id, inv.view())
		inv.txs = append(inv.txs, &invoiceTx{txid: s.txidLocked(), amount: inv.payAmount, risk: lowRisk(), confirmed: true})
		inv.paidAmount = inv.payAmount
		s.notifyLocked(out, "Invoice", "transaction_created", inv.id, inv.view())
		s.notifyLocked(out, "Invoice", "transaction_confirmed", inv.id, inv.view())
		s.settleInvoiceLocked(inv, now, out)
		start := sub.periodEnds
		if start.IsZero() {
			start = sub.startsAt
			if start.Before(sub.createdAt) || start.IsZero() {
				start = now
			}
		}
		sub.periodStarts, sub.periodEnds, sub.periodPaid = start, addPeriod(start, sub.period, sub.periodQuantity), true
		invoiceID = inv.id
		s.notifyLocked(out, "Subscription", "paid", sub.id, sub.view())
		return nil
	})
	return invoiceID, err
}

// CancelSubscription cancels a subscription from the payer's side (as the
// API's cancel does) and delivers the Subscription callback cancelled.
func (s *Server) CancelSubscription(id string) error {
	return s.deliverAfter(func(out *[]sandboxkit.Notification) error {
		sub := s.st.subByID[id]
		if sub == nil {
			return fmt.Errorf("%w: subscription %q", ErrNotFound, id)
		}
		if sub.status != "active" {
			return fmt.Errorf("%w: subscription %s is %s", ErrInvalidState, id, sub.status)
		}
		sub.status, sub.cancelledAt = "cancelled", s.Now()
		s.notifyLocked(out, "Subscription", "cancelled", sub.id, sub.view())
		return nil
	})
}

// illicitRisk is the risk of a payer flagged as an illicit resource.
func illicitRisk() *risk {
	return &risk{score: "9.5", level: "high", resource: "Darknet market", category: "illicit"}
}

// ExpireInvoice ends an invoice's payment window now, as UnpaidInvoiceLifetime
// passing would: an invoice with nothing confirmed is cancelled and its
// status_changed callback delivered. It is the shared sandbox name for
// expiry; Advance(UnpaidInvoiceLifetime) does the same through the clock.
func (s *Server) ExpireInvoice(id string) error {
	return s.deliverAfter(func(out *[]sandboxkit.Notification) error {
		inv := s.st.invoiceByID[id]
		if inv == nil {
			return fmt.Errorf("%w: invoice %q", ErrNotFound, id)
		}
		if inv.status != "new" || inv.anyConfirmed() {
			return fmt.Errorf("%w: invoice %s is %s", ErrInvalidState, id, inv.status)
		}
		s.setInvoiceStatusLocked(inv, "cancelled", "", out)
		return nil
	})
}
