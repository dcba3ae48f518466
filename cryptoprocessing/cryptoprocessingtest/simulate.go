package cryptoprocessingtest

import (
	"cmp"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"

	"github.com/shopspring/decimal"
)

// Errors returned by the simulation methods; match them with errors.Is.
var (
	// ErrNotFound means no address, deposit, withdrawal or invoice has that reference.
	ErrNotFound = errors.New("cryptoprocessingtest: not found")
	// ErrInvalidState means the record is not in a state that allows the step.
	ErrInvalidState = errors.New("cryptoprocessingtest: invalid state")
	// ErrInvalidAmount means the amount is not positive, too precise for the
	// currency, or absurdly large.
	ErrInvalidAmount = errors.New("cryptoprocessingtest: invalid amount")
)

// parseID reads an id given to a simulation method: the decimal text of the
// JSON number the API answered with.
func parseID(kind, id string) (int64, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%w: %s %q", ErrNotFound, kind, id)
	}
	return n, nil
}

// simulate runs one outside-world event under the lock, after lazy invoice
// expiry, then delivers the resulting callbacks (expiry ones too, even when
// the event itself failed) before returning. A callback the merchant refuses
// does not make the event fail: it happened, and Deliveries tells the rest.
func (s *Server) simulate(event func(now time.Time, out *[]outgoing) error) error {
	var out []outgoing
	s.mu.Lock()
	now := s.Now()
	s.expireDueLocked(now, &out)
	err := event(now, &out)
	s.mu.Unlock()
	sandboxkit.DeliverAll(s.kit, out)
	return err
}

// checkAmount validates an amount given from Go code.
func checkAmount(amount decimal.Decimal, cur *currencyInfo) error {
	if !sane(amount) {
		// Never format it: printing 1e999999999 writes a billion digits.
		return fmt.Errorf("%w: out of range", ErrInvalidAmount)
	}
	if !amount.IsPositive() || !fitsPrecision(amount, cur.prec) {
		return fmt.Errorf("%w: %s %s (precision %d)", ErrInvalidAmount, amount.String(), cur.code, cur.prec)
	}
	return nil
}

// PayDeposit simulates a customer's payment (of any amount) arriving at an
// address from addresses/take (for XRP pass "address?dt=TAG"). It sends a
// not_confirmed callback, of type deposit_exchange when the address has
// convert_to; an amount under the currency's minimum_amount is cancelled at
// once instead. The returned id is the deposit's id (the callback's "id"),
// for Confirm, CancelDeposit and transactions/info.
func (s *Server) PayDeposit(address string, amount decimal.Decimal) (txID string, err error) {
	err = s.simulate(func(now time.Time, out *[]outgoing) error {
		a := s.addrByText[address]
		if a == nil {
			for _, known := range s.addrByText {
				if known.tag != 0 && known.text == address {
					return fmt.Errorf("%w: %s needs its destination tag, as %q", ErrNotFound, address, known.text+"?dt=TAG")
				}
			}
			return fmt.Errorf("%w: address %q was not handed out by addresses/take", ErrNotFound, address)
		}
		if err := checkAmount(amount, a.cur); err != nil {
			return err
		}
		d := &deposit{id: s.newRecordIDLocked(), addr: a, amount: amount, recvCur: a.cur,
			innerID: s.newInnerIDLocked(), txid: s.newTxidLocked(a.cur), status: "not_confirmed"}
		if a.conv != nil {
			d.recvCur = a.conv
			d.exchID = s.newInnerIDLocked()
		}
		d.received = convert(amount, a.cur, d.recvCur)
		if amount.LessThan(a.cur.min) {
			d.status = "cancelled"
			d.errMsg = reasonBelowMinimum
		} else {
			d.fee = percentOf(d.received, a.cur.depositFee, d.recvCur.prec)
		}
		s.addRecordLocked(d)
		s.queueLocked(out, d)
		txID = strconv.FormatInt(d.id, 10)
		return nil
	})
	return txID, err
}

// depositLocked finds a deposit awaiting confirmation.
func (s *Server) depositLocked(txID string) (*deposit, error) {
	d, err := recordLocked[*deposit](s, "deposit", txID)
	if err != nil {
		return nil, err
	}
	if d.status != "not_confirmed" {
		return nil, fmt.Errorf("%w: deposit %s is %s", ErrInvalidState, txID, d.status)
	}
	return d, nil
}

// Confirm confirms a not_confirmed deposit: a confirmed callback (3
// confirmations) is sent and the balance (in convert_to, if any) is credited
// minus the deposit fee. Invoice payments need no Confirm: PayInvoice
// confirms them.
func (s *Server) Confirm(txID string) error {
	return change(s, s.depositLocked, txID, func(d *deposit) error {
		d.status = "confirmed"
		d.confirmations = depositConfirmations
		s.balances[d.recvCur.code] = s.balances[d.recvCur.code].Add(d.received.Sub(d.fee))
		return nil
	})
}

// CancelDeposit cancels a not_confirmed deposit (a double spend): a cancelled
// callback with reason in "error" is sent and nothing is credited.
func (s *Server) CancelDeposit(txID string, reason string) error {
	return change(s, s.depositLocked, txID, func(d *deposit) error {
		d.status = "cancelled"
		d.errMsg = cmp.Or(strings.TrimSpace(reason), "Double spend")
		return nil
	})
}

// withdrawalLocked finds a withdrawal still processing.
func (s *Server) withdrawalLocked(id string) (*withdrawal, error) {
	w, err := recordLocked[*withdrawal](s, "withdrawal", id)
	if err != nil {
		return nil, err
	}
	if w.status != "processing" && w.status != "pending" {
		return nil, fmt.Errorf("%w: withdrawal %s is %s", ErrInvalidState, id, w.status)
	}
	return w, nil
}

// HoldPayout holds a processing withdrawal for approval in the back office
// (the provider's withdrawal limits): status pending and a pending callback.
// CompletePayout (approved and sent), FailPayout or CancelPayout end it.
func (s *Server) HoldPayout(id string) error {
	return change(s, s.withdrawalLocked, id, func(w *withdrawal) error {
		if w.status != "processing" {
			return fmt.Errorf("%w: withdrawal %s is %s", ErrInvalidState, id, w.status)
		}
		w.status = "pending"
		return nil
	})
}

// CompletePayout completes a processing (or held) withdrawal (id as withdrawal/crypto
// answered it): a txid is assigned and a confirmed callback is sent.
func (s *Server) CompletePayout(id string) error {
	return change(s, s.withdrawalLocked, id, func(w *withdrawal) error {
		w.status = "confirmed"
		w.txid = s.newTxidLocked(w.recv)
		return nil
	})
}

// FailPayout declines a processing withdrawal: the amount goes back to the
// balance and a declined callback carries reason in "error".
func (s *Server) FailPayout(id string, reason string) error {
	return s.endWithdrawal(id, "declined", cmp.Or(strings.TrimSpace(reason), "Withdrawal declined"))
}

// CancelPayout is FailPayout with status cancelled, the provider's other
// unsuccessful ending.
func (s *Server) CancelPayout(id string, reason string) error {
	return s.endWithdrawal(id, "cancelled", cmp.Or(strings.TrimSpace(reason), "Withdrawal cancelled"))
}

// endWithdrawal refunds and closes a withdrawal that did not go out.
func (s *Server) endWithdrawal(id string, status, reason string) error {
	return change(s, s.withdrawalLocked, id, func(w *withdrawal) error {
		w.status = status
		w.errMsg = reason
		s.balances[w.cur.code] = s.balances[w.cur.code].Add(w.amount)
		return nil
	})
}

// invoiceLocked finds an invoice by the id invoices/create returned.
func (s *Server) invoiceLocked(id string) (*invoice, error) {
	return recordLocked[*invoice](s, "invoice", id)
}

// openInvoiceLocked finds an invoice still open.
func (s *Server) openInvoiceLocked(id string) (*invoice, error) {
	inv, err := s.invoiceLocked(id)
	if err == nil && !inv.open() {
		return nil, fmt.Errorf("%w: invoice %s is %s", ErrInvalidState, id, inv.status)
	}
	return inv, err
}

// recordLocked finds the record of kind id names.
func recordLocked[R record](s *Server, kind, id string) (R, error) {
	var r R
	n, err := parseID(kind, id)
	if err != nil {
		return r, err
	}
	r, ok := s.records[n].(R)
	if !ok {
		return r, fmt.Errorf("%w: %s %s", ErrNotFound, kind, id)
	}
	return r, nil
}

// change is a simulation on one record: find it by id, alter it, and send
// its callback.
func change[R record](s *Server, find func(string) (R, error), id string, alter func(R) error) error {
	return s.simulate(func(_ time.Time, out *[]outgoing) error {
		r, err := find(id)
		if err != nil {
			return err
		}
		if err := alter(r); err != nil {
			return err
		}
		s.queueLocked(out, r)
		return nil
	})
}

// PayInvoice simulates the payer sending amount, in the invoice's paying
// currency (sender_currency, else the invoice currency when crypto, else
// BTC). Paying the remaining amount or more sends processing then confirmed
// callbacks and credits the merchant in the invoice currency minus the
// deposit fee; paying less sends a pending (partly paid) callback. An invoice
// whose timer ran out is failed first and the payment refused. The returned
// id is the payment's entry in the callback's transactions[].
func (s *Server) PayInvoice(invoiceID string, amount decimal.Decimal) (txID string, err error) {
	err = s.simulate(func(now time.Time, out *[]outgoing) error {
		inv, err := s.openInvoiceLocked(invoiceID)
		if err != nil {
			return err
		}
		if err := checkAmount(amount, inv.payCur); err != nil {
			return err
		}
		s.payInvoiceLocked(inv, amount, now, out)
		txID = strconv.FormatInt(inv.payments[len(inv.payments)-1].innerID, 10)
		return nil
	})
	return txID, err
}

// ExpireInvoice runs an open invoice's timer out now: a failed callback with
// error "timer expired" (or "paid less than requested" after a part payment).
// The same happens by itself once the sandbox clock passes the expiry.
func (s *Server) ExpireInvoice(invoiceID string) error {
	return s.simulate(func(now time.Time, out *[]outgoing) error {
		inv, err := s.openInvoiceLocked(invoiceID)
		if err != nil {
			return err
		}
		s.failInvoiceLocked(inv, out)
		return nil
	})
}
