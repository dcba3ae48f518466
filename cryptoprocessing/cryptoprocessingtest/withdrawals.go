package cryptoprocessingtest

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// withdrawal is a payout created by withdrawal/crypto.
type withdrawal struct {
	id         int64
	foreignID  string
	endUserRef string
	cur        *currencyInfo // the balance debited
	recv       *currencyInfo // what the payee receives (convert_to, else cur)
	addrID     int64
	address    string
	tag        any // number when all digits, else string, else nil
	amount     decimal.Decimal
	received   decimal.Decimal
	innerID    int64
	exchID     int64 // the exchange entry of a withdrawal_exchange
	txid       string
	status     string
	errMsg     string
}

func (w *withdrawal) recordID() int64          { return w.id }
func (w *withdrawal) rootForeignID() string    { return w.foreignID }
func (w *withdrawal) hasTxid(txid string) bool { return w.txid != "" && w.txid == txid }

func (w *withdrawal) kind() string {
	if w.recv != w.cur {
		return "withdrawal_exchange"
	}
	return "withdrawal"
}

// callback renders the withdrawal: foreign_id at the root, confirmations as a
// string (as in the provider's examples), txid null until confirmed.
func (w *withdrawal) callback() callbackJSON {
	addr := &addressJSON{ID: w.addrID, Currency: w.cur.code, Address: w.address, Tag: w.tag}
	if w.recv != w.cur {
		addr.ConvertTo = w.recv.code
	}
	confirmations := confirmationsOf(w.status)
	var txs []innerTx
	if w.recv != w.cur {
		txs = append(txs, innerTx{id: w.exchID, currency: w.cur.code, currencyTo: w.recv.code, exchange: true,
			amount: money(w.amount), amountTo: money(w.received)})
	}
	txs = append(txs, innerTx{id: w.innerID, currency: w.recv.code, typ: "withdrawal", address: w.address,
		tag: w.tag, amount: money(w.received), txid: w.txid, confirmations: confirmations})
	return callbackJSON{
		ID:               w.id,
		ForeignID:        w.foreignID,
		EndUserReference: w.endUserRef,
		Type:             w.kind(),
		CryptoAddress:    addr,
		CurrencySent:     sentJSON{Currency: w.cur.code, Amount: money(w.amount)},
		CurrencyReceived: receivedJSON{Currency: w.recv.code, Amount: money(w.received)},
		Transactions:     txs,
		Error:            w.errMsg,
		Status:           w.status,
	}
}

// withdrawalJSON is the data of withdrawal/crypto.
type withdrawalJSON struct {
	ID               int64  `json:"id"`
	ForeignID        string `json:"foreign_id"`
	Type             string `json:"type"`
	Status           string `json:"status"`
	Amount           money  `json:"amount"`
	SenderAmount     money  `json:"sender_amount"`
	SenderCurrency   string `json:"sender_currency"`
	ReceiverAmount   money  `json:"receiver_amount"`
	ReceiverCurrency string `json:"receiver_currency"`
}

// tagFromRequest keeps a numeric tag a number, as XRP tags are, and anything
// else (memos) a string.
func tagFromRequest(v string) any {
	if v == "" {
		return nil
	}
	if strings.Trim(v, "0123456789") == "" {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return n
		}
	}
	return v
}

// withdrawalCrypto serves withdrawal/crypto: validate, refuse a reused
// foreign_id (which is what makes retrying safe), check and debit the
// balance, and leave the payout processing until CompletePayout or
// FailPayout.
func (s *Server) withdrawalCrypto(c *call) reply {
	f := c.form
	foreignID := f.text("foreign_id", true, true)
	cur := f.currency("currency", true)
	conv := f.currency("convert_to", false)
	prec := int32(-1)
	if cur != nil {
		prec = cur.prec
	}
	amount, haveAmount := f.amount("amount", true, prec)
	addr := f.text("address", true, false)
	if addr != "" && strings.ContainsAny(addr, " \t\r\n") {
		f.fail("address", "The address format is invalid.")
	}
	tag := tagFromRequest(f.text("tag", false, true))
	endUserRef := f.text("end_user_reference", false, true)

	recv := cur
	if cur != nil && conv != nil {
		switch {
		case conv == cur:
			f.fail("convert_to", "The convert to and currency must be different.")
		case !conv.crypto():
			f.fail("convert_to", "The selected convert to is invalid.")
		default:
			recv = conv
		}
	} else if cur != nil && !cur.crypto() {
		f.fail("currency", "The selected currency is invalid.")
	}
	if cur != nil && haveAmount && amount.LessThan(cur.min) {
		f.fail("amount", "The amount must be at least %s.", cur.min.String())
	}
	if foreignID != "" {
		if _, taken := s.withdrawalForeign[foreignID]; taken {
			f.fail("foreign_id", "The foreign id has already been taken.")
		}
	}
	if !f.ok() {
		return errorsReply(http.StatusBadRequest, f.errs)
	}
	if s.balances[cur.code].LessThan(amount) {
		return fieldError(http.StatusBadRequest, "amount", "Insufficient funds")
	}

	w := &withdrawal{
		id: s.newRecordIDLocked(), foreignID: foreignID, endUserRef: endUserRef,
		cur: cur, recv: recv, addrID: s.newAddrIDLocked(), address: addr, tag: tag,
		amount: amount, received: convert(amount, cur, recv),
		innerID: s.newInnerIDLocked(), status: "processing",
	}
	if recv != cur {
		w.exchID = s.newInnerIDLocked()
	}
	s.balances[cur.code] = s.balances[cur.code].Sub(amount)
	s.withdrawalForeign[foreignID] = w.id
	s.addRecordLocked(w)

	return dataReply(http.StatusCreated, withdrawalJSON{
		ID: w.id, ForeignID: w.foreignID, Type: w.kind(), Status: w.status,
		Amount: money(w.amount), SenderAmount: money(w.amount), SenderCurrency: cur.code,
		ReceiverAmount: money(w.received), ReceiverCurrency: recv.code,
	})
}

// PayoutsMade reports how many withdrawals the sandbox holds (every status): a test that
// repeats a payout after an unknown outcome checks with it that exactly one was made.
func (s *Server) PayoutsMade() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.withdrawalForeign)
}
