package cryptochilltest

import (
	"fmt"
	"slices"
	"sort"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// This file plays the outside world: payers, the blockchain and the payout processor. Each
// method changes state under the lock, collects the callbacks the change causes, and
// delivers them after unlocking, in order, before returning; so when it returns, the
// merchant's callback handler has already seen every event.

// invoiceRank orders invoice statuses; incomplete ranks with new because it is not paid.
var invoiceRank = map[string]int{invoiceNew: 0, invoiceIncomplete: 0, invoicePending: 1, invoiceConfirmed: 2, invoiceComplete: 3}

// PayInvoice makes a transaction with 0 confirmations arrive at the invoice's address (or
// pay its Lightning request). amount is in the invoice's coin (the "invoiced" currency) and
// may be exact, short (the invoice becomes "incomplete") or over. It returns the new
// transaction's id, for Confirm.
//
// Callbacks: transaction_pending; transaction_zero_conf_confirmed when the invoice has
// zero_conf_enabled (its zero_conf_status becomes "confirmed" and the invoice counts as
// confirmed); then invoice_incomplete or invoice_pending (and invoice_confirmed for
// zero-conf). Invoices without an amount send only the transaction callbacks, and an
// expired invoice stays "expired" (the late payment is recorded and reported as a
// transaction only).
func (s *Server) PayInvoice(invoiceID string, amount decimal.Decimal) (txID string, err error) {
	return s.pay(amount, func() (*invoice, error) {
		if inv := s.st.invoiceByID[invoiceID]; inv != nil {
			return inv, nil
		}
		return nil, fmt.Errorf("%w: invoice %q", ErrNotFound, invoiceID)
	})
}

// PayDeposit is PayInvoice for whoever pays an address: any invoice's address (an XRP
// "account:tag", its X-address, a Liquid public address or a Lightning payment request work
// too), including the never-expiring deposit addresses of invoices created without amount.
func (s *Server) PayDeposit(address string, amount decimal.Decimal) (txID string, err error) {
	return s.pay(amount, func() (*invoice, error) {
		if inv := s.st.byAddress[address]; inv != nil {
			return inv, nil
		}
		return nil, fmt.Errorf("%w: no invoice has address %q", ErrNotFound, address)
	})
}

// pay records a payment to the invoice find returns (called under s.mu, after lazy expiry)
// and delivers its callbacks after unlocking.
func (s *Server) pay(amount decimal.Decimal, find func() (*invoice, error)) (string, error) {
	s.mu.Lock()
	s.expireDue()
	inv, err := find()
	var tx *transaction
	var events []*event
	if err == nil {
		tx, events, err = s.receive(inv, amount)
	}
	s.mu.Unlock()
	if err != nil {
		return "", err
	}
	s.deliverAll(events)
	return tx.id, nil
}

// receive records an incoming transaction; the caller holds s.mu.
func (s *Server) receive(inv *invoice, amount decimal.Decimal) (*transaction, []*event, error) {
	places := decimalsOf(inv.coin)
	if !amount.IsPositive() || !sane(amount) || !amount.Round(places).Equal(amount) {
		return nil, nil, fmt.Errorf("%w: amount must be positive with at most %d decimal places of %s", ErrInvalidArgument, places, inv.coin)
	}
	tx := &transaction{id: uuid.NewString(), txid: randomTxID(), inv: inv, amount: amount, createdAt: s.Now()}
	if len(inv.txs) == 0 && inv.fee != nil {
		tx.feeDeducted = decimal.Min(*inv.fee, amount) // the custom fee is taken from the first payment
	}
	inv.txs = append(inv.txs, tx)
	s.st.txs = append(s.st.txs, tx)
	s.st.txByID[tx.id] = tx
	s.walletForKind(inv.kind).bal[inv.coin].pending = s.walletForKind(inv.kind).bal[inv.coin].pending.Add(amount)

	events := []*event{s.emit(inv.profileID, "transaction_pending", "transaction", tx.id, tx.view())}
	if inv.zeroConf != nil && *inv.zeroConf {
		confirmed := "confirmed"
		tx.zeroConf = &confirmed
		events = append(events, s.emit(inv.profileID, "transaction_zero_conf_confirmed", "transaction", tx.id, tx.view()))
	}
	events = append(events, s.advanceInvoice(inv)...)
	return tx, events, nil
}

// effectiveConfirmations is what a transaction counts for towards its invoice: a zero-conf
// confirmed transaction counts as having the invoice's required confirmations.
func (tx *transaction) effectiveConfirmations() int {
	if tx.zeroConf != nil && *tx.zeroConf == "confirmed" {
		return max(tx.confirmations, tx.inv.requiredConfirmations())
	}
	return tx.confirmations
}

// advanceInvoice recomputes an invoice's status from its transactions and returns the
// callbacks for every step reached, each rendered with its own status. Statuses never go
// back (an extra unconfirmed payment does not un-complete an invoice), deposit addresses
// have no invoice status to move, and expired invoices stay expired. The caller holds s.mu.
func (s *Server) advanceInvoice(inv *invoice) []*event {
	if inv.amountless() || inv.status == invoiceExpired || len(inv.txs) == 0 {
		return nil
	}
	old := inv.status
	next := invoiceIncomplete
	if !inv.paidTotal().LessThan(inv.invoiced) {
		weakest := inv.txs[0].effectiveConfirmations()
		for _, tx := range inv.txs[1:] {
			weakest = min(weakest, tx.effectiveConfirmations())
		}
		switch {
		case weakest >= 6:
			next = invoiceComplete
		case weakest >= inv.requiredConfirmations():
			next = invoiceConfirmed
		default:
			next = invoicePending
		}
	}
	if invoiceRank[next] < invoiceRank[old] || next == old {
		return nil
	}
	inv.status = next
	if next == invoiceIncomplete {
		return []*event{s.emit(inv.profileID, "invoice_incomplete", "invoice", inv.id, inv.view(next))}
	}
	var events []*event
	for _, step := range []string{invoicePending, invoiceConfirmed, invoiceComplete} {
		if invoiceRank[step] > invoiceRank[old] && invoiceRank[step] <= invoiceRank[next] {
			events = append(events, s.emit(inv.profileID, "invoice_"+step, "invoice", inv.id, inv.view(step)))
		}
	}
	return events
}

// steps lists the confirmation counts to walk through from cur to target: every mark in
// between, then target itself, so that each callback shows the state of its own step.
func steps(cur, target int, marks ...int) []int {
	var out []int
	for _, m := range marks {
		if m > cur && m < target {
			out = append(out, m)
		}
	}
	sort.Ints(out)
	out = dedupe(out)
	if target > cur {
		out = append(out, target)
	}
	return out
}

// dedupe removes adjacent duplicates from a sorted slice.
func dedupe(xs []int) []int {
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// Confirm confirms a transaction fully: SetConfirmations to 6 (transaction_complete, and
// invoice_complete once every payment of a fully paid invoice is complete). A transaction
// that already has 6 or more is left as it is.
func (s *Server) Confirm(txID string) error {
	return s.setConfirmations(txID, completeConfirmations, true)
}

// completeConfirmations is where transactions and payouts become "complete".
const completeConfirmations = 6

// SetConfirmations sets a transaction's confirmations (they only go up: 0 → 1 → 6 …). On the
// way it stops at 1, at the invoice's min_confirmations and at 6, so each status reached gets
// its callback: transaction_confirmed (1), transaction_complete (6), and invoice_confirmed /
// invoice_complete once every payment of a fully paid invoice has enough. The wallet's
// pending balance becomes available at the first confirmation.
func (s *Server) SetConfirmations(txID string, confirmations int) error {
	return s.setConfirmations(txID, confirmations, false)
}

// setConfirmations is SetConfirmations; orMore leaves a transaction that already has more
// alone instead of failing.
func (s *Server) setConfirmations(txID string, confirmations int, orMore bool) error {
	if confirmations < 0 {
		return fmt.Errorf("%w: confirmations must not be negative", ErrInvalidArgument)
	}
	s.mu.Lock()
	s.expireDue()
	tx := s.st.txByID[txID]
	if tx == nil {
		s.mu.Unlock()
		return fmt.Errorf("%w: transaction %q", ErrNotFound, txID)
	}
	if confirmations < tx.confirmations {
		s.mu.Unlock()
		if orMore {
			return nil
		}
		return fmt.Errorf("%w: transaction has %d confirmations, cannot go down to %d", ErrInvalidState, tx.confirmations, confirmations)
	}
	inv := tx.inv
	var events []*event
	for _, n := range steps(tx.confirmations, confirmations, 1, inv.requiredConfirmations(), 6) {
		before := statusFor(tx.confirmations)
		tx.confirmations = n
		if n >= 1 && tx.confirmedAt == nil {
			now := s.Now()
			tx.confirmedAt = &now
		}
		if n >= 1 && !tx.credited {
			b := s.walletForKind(inv.kind).bal[inv.coin]
			b.pending = b.pending.Sub(tx.amount)
			b.available = b.available.Add(tx.amount)
			tx.credited = true
		}
		if after := statusFor(n); after != before {
			events = append(events, s.emit(inv.profileID, "transaction_"+after, "transaction", tx.id, tx.view()))
		}
		events = append(events, s.advanceInvoice(inv)...)
	}
	s.mu.Unlock()
	s.deliverAll(events)
	return nil
}

// ExpireInvoice expires an unpaid invoice now, as its 15 minutes running out would (which
// also happens by itself, checked whenever the sandbox is used, once Options.Now passes the
// expiry). There is no expiry callback. Invoices that were paid (even partly) or that have no
// amount cannot expire; expiring an expired invoice is a no-op.
func (s *Server) ExpireInvoice(invoiceID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expireDue()
	inv := s.st.invoiceByID[invoiceID]
	switch {
	case inv == nil:
		return fmt.Errorf("%w: invoice %q", ErrNotFound, invoiceID)
	case inv.status == invoiceExpired:
		return nil
	case inv.amountless() || inv.status != invoiceNew || len(inv.txs) > 0:
		return fmt.Errorf("%w: invoice is %q and cannot expire", ErrInvalidState, inv.status)
	}
	inv.status = invoiceExpired
	return nil
}

// payoutStatusFor maps a broadcast payout's confirmations to its status.
func payoutStatusFor(confirmations int) string {
	switch {
	case confirmations >= 6:
		return payoutComplete
	case confirmations >= 1:
		return payoutConfirmed
	default:
		return payoutPending
	}
}

// CompletePayout completes a payout: SetPayoutConfirmations to 6 (payout_pending,
// payout_confirmed, payout_complete on the way). A payout that already has 6 or more is
// left as it is.
func (s *Server) CompletePayout(payoutID string) error {
	return s.setPayoutConfirmations(payoutID, completeConfirmations, true)
}

// SetPayoutConfirmations moves a payout forward: a "new" payout is broadcast first
// ("pending", a txid and executed_at assigned, payout_pending), then confirmations rise to
// the given number, with payout_confirmed at 1 and payout_complete at 6.
// SetPayoutConfirmations(id, 0) only broadcasts. Drafts, rejected and failed payouts cannot
// move, and confirmations never go down.
func (s *Server) SetPayoutConfirmations(payoutID string, confirmations int) error {
	return s.setPayoutConfirmations(payoutID, confirmations, false)
}

// setPayoutConfirmations is SetPayoutConfirmations; orMore leaves a payout that already has
// more alone instead of failing.
func (s *Server) setPayoutConfirmations(payoutID string, confirmations int, orMore bool) error {
	if confirmations < 0 {
		return fmt.Errorf("%w: confirmations must not be negative", ErrInvalidArgument)
	}
	s.mu.Lock()
	po := s.st.payoutByID[payoutID]
	var err error
	switch {
	case po == nil:
		err = fmt.Errorf("%w: payout %q", ErrNotFound, payoutID)
	case po.status != payoutNew && po.status != payoutPending && po.status != payoutConfirmed && po.status != payoutComplete:
		err = fmt.Errorf("%w: payout is %q", ErrInvalidState, po.status)
	case confirmations < po.confirmations && orMore:
		confirmations = po.confirmations
	case confirmations < po.confirmations:
		err = fmt.Errorf("%w: payout has %d confirmations, cannot go down to %d", ErrInvalidState, po.confirmations, confirmations)
	}
	if err != nil {
		s.mu.Unlock()
		return err
	}
	var events []*event
	if po.status == payoutNew {
		now := s.Now()
		txid := randomTxID()
		po.executedAt, po.txid, po.status = &now, &txid, payoutPending
		events = append(events, s.emit(po.profileID, "payout_pending", "payout", po.id, po.view()))
	}
	for _, n := range steps(po.confirmations, confirmations, 1, 6) {
		po.confirmations = n
		if st := payoutStatusFor(n); st != po.status {
			po.status = st
			events = append(events, s.emit(po.profileID, "payout_"+st, "payout", po.id, po.view()))
		}
	}
	s.mu.Unlock()
	s.deliverAll(events)
	return nil
}

// FailPayout fails a payout that was not yet complete ("failed", payout_failed) and returns
// its total to the wallet. reason is kept for the test's own messages only: the provider's
// payout object has no field for it.
func (s *Server) FailPayout(payoutID string, reason string) error {
	s.mu.Lock()
	po := s.st.payoutByID[payoutID]
	switch {
	case po == nil:
		s.mu.Unlock()
		return fmt.Errorf("%w: payout %q", ErrNotFound, payoutID)
	case po.status != payoutNew && po.status != payoutPending && po.status != payoutConfirmed:
		s.mu.Unlock()
		return fmt.Errorf("%w: payout is %q", ErrInvalidState, po.status)
	}
	s.refund(po)
	po.status = payoutFailed
	po.failReason = reason
	ev := s.emit(po.profileID, "payout_failed", "payout", po.id, po.view())
	s.mu.Unlock()
	s.deliverAll([]*event{ev})
	return nil
}

// HoldPayout holds a "new" payout for approval: it becomes a "draft", as one over the key's
// Max Payout is, and its total goes back to the wallet (a draft is debited only when
// approved). CryptoChill sends no callback for a draft. Approving or rejecting it (the
// approver key), or CancelPayout, ends the hold.
func (s *Server) HoldPayout(payoutID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	po, err := s.payoutIn(payoutID, payoutNew)
	if err != nil {
		return err
	}
	s.refund(po)
	po.status = payoutDraft
	return nil
}

// CancelPayout rejects a draft or "new" payout: status "rejected", as a draft rejected by the
// approver, and a new payout's total goes back to the wallet. reason is kept for the test's
// own messages only; CryptoChill sends no callback for a rejected payout.
func (s *Server) CancelPayout(payoutID, reason string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	po, err := s.payoutIn(payoutID, payoutNew, payoutDraft)
	if err != nil {
		return err
	}
	if po.status == payoutNew {
		s.refund(po)
	}
	po.status = payoutRejected
	po.failReason = reason
	return nil
}

// refund returns a debited payout's total to its wallet; the caller holds s.mu.
func (s *Server) refund(po *payout) {
	b := lookup(s.st.wallets, po.walletID).bal[po.coin]
	b.available = b.available.Add(po.total)
}

// payoutIn finds a payout in one of the statuses given (ErrNotFound,
// ErrInvalidState otherwise); the caller holds s.mu.
func (s *Server) payoutIn(payoutID string, statuses ...string) (*payout, error) {
	po := s.st.payoutByID[payoutID]
	if po == nil {
		return nil, fmt.Errorf("%w: payout %q", ErrNotFound, payoutID)
	}
	if !slices.Contains(statuses, po.status) {
		return nil, fmt.Errorf("%w: payout is %q", ErrInvalidState, po.status)
	}
	return po, nil
}
