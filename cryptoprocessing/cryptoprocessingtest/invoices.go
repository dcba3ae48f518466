package cryptoprocessingtest

import (
	"fmt"
	"net/http"
	"time"

	"github.com/shopspring/decimal"
)

// Invoice timers, as documented: 15 minutes to pay, then 24 hours for a
// payment seen in the mempool to confirm.
const (
	invoiceTimer      = 15 * time.Minute
	invoiceProcessing = 24 * time.Hour
)

// Invoice failure reasons, sent in the callback's error field.
const (
	reasonTimerExpired = "timer expired"
	reasonPaidLess     = "paid less than requested"
)

// invoice is a payment page created by invoices/create.
type invoice struct {
	id          int64
	foreignID   string
	code        string // the last part of the invoice URL
	title       string
	description string
	email       string
	urlSuccess  string
	urlFailed   string
	typ         string // fill_or_kill or good_until_expired
	timer       bool
	cur         *currencyInfo // what the merchant receives
	amount      decimal.Decimal
	senderCur   *currencyInfo // as requested; nil lets the payer choose
	payCur      *currencyInfo // what the payer pays in
	addr        *address
	due         decimal.Decimal // in payCur
	paid        decimal.Decimal // in payCur
	payments    []payment
	fixedAt     time.Time // zero until the rate is fixed
	expiresAt   time.Time // zero while no timer runs
	status      string
	errMsg      string
	fee         decimal.Decimal
}

// payment is one blockchain transfer towards an invoice.
type payment struct {
	innerID int64
	txid    string
	amount  decimal.Decimal
}

func (inv *invoice) recordID() int64       { return inv.id }
func (inv *invoice) rootForeignID() string { return inv.foreignID }
func (inv *invoice) hasTxid(txid string) bool {
	for _, p := range inv.payments {
		if p.txid == txid {
			return true
		}
	}
	return false
}

// remaining is what the payer still owes, never negative.
func (inv *invoice) remaining() decimal.Decimal {
	r := inv.due.Sub(inv.paid)
	if r.IsNegative() {
		return decimal.Zero
	}
	return r
}

// open reports whether the invoice still accepts payments.
func (inv *invoice) open() bool { return inv.status == "created" || inv.status == "pending" }

// unixPtr is a timestamp as the provider sends it, or nil when unset.
func unixPtr(t time.Time) *int64 {
	if t.IsZero() {
		return nil
	}
	u := t.Unix()
	return &u
}

// callback renders the invoice: foreign_id at the root, confirmations as
// strings, error null when empty (as in the provider's invoice examples).
func (inv *invoice) callback() callbackJSON {
	addr := inv.addr.json(false)
	if inv.payCur != inv.cur {
		addr.ConvertTo = inv.cur.code
	}
	confirmations := confirmationsOf(inv.status)
	var txs []innerTx
	for _, p := range inv.payments {
		txs = append(txs, innerTx{id: p.innerID, currency: inv.payCur.code, typ: "deposit", address: inv.addr.text,
			tag: inv.addr.tagValue(), amount: money(p.amount), txid: p.txid, confirmations: confirmations})
	}
	var fees []feeJSON
	if inv.status == "confirmed" {
		fees = append(fees, feeJSON{Type: "fee_crypto_deposit", Currency: inv.cur.code, Amount: money(inv.fee)})
	}
	var errField any
	if inv.errMsg != "" {
		errField = inv.errMsg
	}
	return callbackJSON{
		ID:               inv.id,
		ForeignID:        inv.foreignID,
		Type:             "invoice",
		CryptoAddress:    addr,
		CurrencySent:     sentJSON{Currency: inv.payCur.code, Amount: money(inv.due), RemainingAmount: moneyPtr(inv.remaining())},
		CurrencyReceived: receivedJSON{Currency: inv.cur.code, Amount: money(inv.amount)},
		Transactions:     txs,
		Fees:             fees,
		Error:            errField,
		Status:           inv.status,
		FixedAt:          unixPtr(inv.fixedAt),
		ExpiresAt:        unixPtr(inv.expiresAt),
	}
}

// invoiceJSON is the data of invoices/create (and of a cancel).
type invoiceJSON struct {
	ID             int64   `json:"id"`
	URL            string  `json:"url"`
	ForeignID      string  `json:"foreign_id"`
	Address        *string `json:"address"`
	Title          string  `json:"title"`
	Status         string  `json:"status"`
	Currency       string  `json:"currency"`
	Amount         money   `json:"amount"`
	SenderCurrency *string `json:"sender_currency"`
	SenderAmount   *money  `json:"sender_amount"`
	FixedAt        *int64  `json:"fixed_at"`
	ReleaseAt      *int64  `json:"release_at"`
	SecondsLeft    *int64  `json:"seconds_left"`
}

// invoiceData renders the invoice for API answers. The address and paying currency
// show once they are known: requested up front, or chosen by paying.
func (s *Server) invoiceData(inv *invoice, now time.Time) invoiceJSON {
	out := invoiceJSON{
		ID: inv.id, URL: s.root + "/invoice/" + inv.code, ForeignID: inv.foreignID, Title: inv.title,
		Status: inv.status, Currency: inv.cur.code, Amount: money(inv.amount),
		FixedAt: unixPtr(inv.fixedAt), ReleaseAt: unixPtr(inv.expiresAt),
	}
	if inv.senderCur != nil || len(inv.payments) > 0 {
		out.Address = &inv.addr.text
		out.SenderCurrency = &inv.payCur.code
		out.SenderAmount = moneyPtr(inv.due)
	}
	if !inv.expiresAt.IsZero() {
		left := int64(inv.expiresAt.Sub(now) / time.Second)
		if left < 0 {
			left = 0
		}
		out.SecondsLeft = &left
	}
	return out
}

// invoicesCreate serves invoices/create.
func (s *Server) invoicesCreate(c *call) reply {
	f := c.form
	timer, _ := f.boolean("timer")
	title := f.text("title", true, false)
	description := f.text("description", false, false)
	cur := f.currency("currency", true)
	amount, haveAmount := f.amount("amount", true, precOf(cur))
	senderCur := f.currency("sender_currency", false)
	if senderCur != nil && !senderCur.crypto() {
		f.fail("sender_currency", "The selected sender currency is invalid.")
	}
	foreignID := f.text("foreign_id", true, true)
	urlSuccess := f.httpURL("url_success")
	urlFailed := f.httpURL("url_failed")
	email := f.email("email_user")
	typ := f.oneOf("type", "fill_or_kill", "good_until_expired")
	if typ == "" {
		typ = "fill_or_kill"
	}
	if cur != nil && haveAmount && amount.LessThan(cur.min) {
		f.fail("amount", "The amount is too small. The minimum amount is %s %s.", cur.min.StringFixed(cur.prec), cur.code)
	}
	if foreignID != "" && s.invoiceForeign[foreignID] != nil {
		f.fail("foreign_id", "The foreign id has already been taken.")
	}
	if !f.ok() {
		return errorsReply(http.StatusBadRequest, f.errs)
	}

	// The payer pays in sender_currency; without one the sandbox's payer
	// picks the invoice currency when it is crypto, else BTC.
	payCur := senderCur
	if payCur == nil {
		payCur = cur
		if !cur.crypto() {
			payCur = lookupCurrency("BTC")
		}
	}
	inv := &invoice{
		id: s.newRecordIDLocked(), foreignID: foreignID, title: title, description: description,
		email: email, urlSuccess: urlSuccess, urlFailed: urlFailed, typ: typ, timer: timer,
		cur: cur, amount: amount, senderCur: senderCur, payCur: payCur, status: "created",
	}
	inv.code = fromSeed(fmt.Sprintf("%s/invoice/%d", s.APIKey, inv.id), rippleChars, 6)
	inv.addr = &address{id: s.newAddrIDLocked(), cur: payCur, foreignID: foreignID}
	inv.addr.text = fakeAddress(payCur.code, fmt.Sprintf("%s/%s/%d", s.APIKey, payCur.code, inv.addr.id))
	if payCur.tagged {
		s.nextTag++
		inv.addr.tag = s.nextTag
	}
	inv.due = convertBack(amount, payCur, cur)
	if timer {
		inv.fixedAt = c.now
		inv.expiresAt = c.now.Add(invoiceTimer)
	}
	s.invoiceForeign[foreignID] = inv
	s.addRecordLocked(inv)
	return dataReply(http.StatusOK, s.invoiceData(inv, c.now))
}

// invoicesCancel serves invoices/{foreign_id}/cancel/.
func (s *Server) invoicesCancel(c *call) reply {
	inv := s.invoiceForeign[c.arg]
	if inv == nil {
		return jsonReply(http.StatusNotFound, invoiceStateError{Errors: stateError{"Invoice not found", "invoice_not_found"}})
	}
	switch inv.status {
	case "created", "pending", "processing":
	default:
		return jsonReply(http.StatusBadRequest, invoiceStateError{Errors: stateError{"Invoice cannot be cancelled in current state", "invalid_invoice_state"}})
	}
	inv.status = "cancelled"
	s.queueLocked(&c.out, inv)
	return dataReply(http.StatusOK, s.invoiceData(inv, c.now))
}

// invoiceStateError is the shape the provider documents for cancel failures:
// {"errors": {"error": ..., "code": ...}}.
type invoiceStateError struct {
	Errors stateError `json:"errors"`
}

type stateError struct {
	Error string `json:"error"`
	Code  string `json:"code"`
}

// expireDueLocked fails every open invoice whose timer has run out, so expiry
// also happens lazily whenever the sandbox clock passes it.
func (s *Server) expireDueLocked(now time.Time, out *[]outgoing) {
	for _, id := range s.recordOrder {
		inv, ok := s.records[id].(*invoice)
		if ok && inv.open() && !inv.expiresAt.IsZero() && !now.Before(inv.expiresAt) {
			s.failInvoiceLocked(inv, out)
		}
	}
}

// failInvoiceLocked ends an unpaid or partly paid invoice.
func (s *Server) failInvoiceLocked(inv *invoice, out *[]outgoing) {
	inv.status = "failed"
	inv.errMsg = reasonTimerExpired
	if inv.paid.IsPositive() {
		inv.errMsg = reasonPaidLess
	}
	s.queueLocked(out, inv)
}

// payInvoiceLocked records a payment: a short one leaves the invoice pending,
// a full one goes to processing (24h to confirm) and then confirmed, crediting
// the merchant in the invoice currency minus the deposit fee.
func (s *Server) payInvoiceLocked(inv *invoice, amount decimal.Decimal, now time.Time, out *[]outgoing) {
	if inv.fixedAt.IsZero() { // no timer: the rate is fixed when the payer commits
		inv.fixedAt = now
		inv.expiresAt = now.Add(invoiceTimer)
	}
	inv.payments = append(inv.payments, payment{innerID: s.newInnerIDLocked(), txid: s.newTxidLocked(inv.payCur), amount: amount})
	inv.paid = inv.paid.Add(amount)
	if inv.paid.LessThan(inv.due) {
		inv.status = "pending"
		s.queueLocked(out, inv)
		return
	}
	inv.status = "processing"
	inv.expiresAt = now.Add(invoiceProcessing)
	s.queueLocked(out, inv)

	inv.status = "confirmed"
	inv.fee = percentOf(inv.amount, inv.payCur.depositFee, inv.cur.prec)
	s.balances[inv.cur.code] = s.balances[inv.cur.code].Add(inv.amount.Sub(inv.fee))
	s.queueLocked(out, inv)
}
