package cryptoprocessingtest

import (
	"net/http"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// Exchange parameters: the provider's documented limits, fixed fee for the sandbox.
const (
	fixPeriod      = 60 * time.Second // how long a calculated price can be used by exchange/fixed
	calcLimit      = 30               // exchange/calculate calls per minute
	calcWindow     = time.Minute
	rateLimitBody  = "error code: 1015" // the provider's 429 is plain text from its edge, not JSON
	exchangeFeePct = 1                  // percent of the received amount, in the received currency
)

// quote is a price handed out by exchange/calculate, usable by exchange/fixed
// until release.
type quote struct {
	from, to *currencyInfo
	sender   decimal.Decimal
	receiver decimal.Decimal
	fee      decimal.Decimal
	price    decimal.Decimal
	fixed    time.Time
	release  time.Time
}

// exchange is a conversion between two of the merchant's balances.
type exchange struct {
	id        int64
	foreignID string
	q         quote
	innerID   int64
	status    string
}

func (e *exchange) recordID() int64       { return e.id }
func (e *exchange) rootForeignID() string { return e.foreignID }
func (e *exchange) hasTxid(string) bool   { return false }

// callback renders the exchange: no crypto_address, one exchange entry.
func (e *exchange) callback() callbackJSON {
	return callbackJSON{
		ID:               e.id,
		ForeignID:        e.foreignID,
		Type:             "exchange",
		CurrencySent:     sentJSON{Currency: e.q.from.code, Amount: money(e.q.sender)},
		CurrencyReceived: receivedJSON{Currency: e.q.to.code, Amount: money(e.q.receiver)},
		Transactions: []innerTx{{id: e.innerID, currency: e.q.from.code, currencyTo: e.q.to.code, exchange: true,
			amount: money(e.q.sender), amountTo: money(e.q.receiver)}},
		Fees:   []feeJSON{{Type: "exchange", Currency: e.q.to.code, Amount: money(e.q.fee)}},
		Error:  "",
		Status: e.status,
	}
}

// quoteJSON is the amounts, fee and price every exchange answer carries.
type quoteJSON struct {
	SenderAmount     money  `json:"sender_amount"`
	SenderCurrency   string `json:"sender_currency"`
	ReceiverAmount   money  `json:"receiver_amount"`
	ReceiverCurrency string `json:"receiver_currency"`
	FeeAmount        money  `json:"fee_amount"`
	FeeCurrency      string `json:"fee_currency"`
	Price            money  `json:"price"`
}

// calculateJSON is the data of exchange/calculate.
type calculateJSON struct {
	quoteJSON
	TsFixed   int64 `json:"ts_fixed"`
	TsRelease int64 `json:"ts_release"`
	FixPeriod int64 `json:"fix_period"`
}

// exchangeJSON is the data of exchange/fixed and exchange/now.
type exchangeJSON struct {
	ID        int64  `json:"id"`
	ForeignID string `json:"foreign_id"`
	Type      string `json:"type"`
	quoteJSON
	Status string `json:"status"`
}

// json renders the quote's amounts, fee and price.
func (q quote) json() quoteJSON {
	return quoteJSON{SenderAmount: money(q.sender), SenderCurrency: q.from.code,
		ReceiverAmount: money(q.receiver), ReceiverCurrency: q.to.code,
		FeeAmount: money(q.fee), FeeCurrency: q.to.code, Price: money(q.price)}
}

// readQuote validates the fields shared by the three exchange endpoints and
// prices the conversion. Exactly one of sender_amount and receiver_amount
// says which side is fixed.
func readQuote(f *form, now time.Time) (quote, bool) {
	from := f.currency("sender_currency", true)
	to := f.currency("receiver_currency", true)
	if from != nil && to != nil && !exchangeable(from, to) {
		f.fail("sender_currency", "Exchange is unavailable for given currencies")
	}
	hasSender, hasReceiver := f.present("sender_amount"), f.present("receiver_amount")
	switch {
	case hasSender && hasReceiver:
		f.fail("sender_amount", "The sender amount and receiver amount may not both be present.")
	case !hasSender && !hasReceiver:
		f.fail("sender_amount", "The sender amount field is required when receiver amount is not present.")
	}
	var sender, receiver decimal.Decimal
	var ok bool
	if hasSender && !hasReceiver {
		sender, ok = f.amount("sender_amount", true, precOf(from))
	} else if hasReceiver && !hasSender {
		receiver, ok = f.amount("receiver_amount", true, precOf(to))
	}
	if !f.ok() || !ok {
		return quote{}, false
	}
	q := quote{from: from, to: to, price: rate(from, to), fixed: now, release: now.Add(fixPeriod)}
	if hasSender {
		q.sender = sender
		q.receiver = convert(sender, from, to)
	} else {
		q.receiver = receiver
		q.sender = convertBack(receiver, from, to)
	}
	if q.sender.LessThan(from.min) {
		f.fail("sender_amount", "The amount must be at least %s", money8(from.min))
		return quote{}, false
	}
	if !q.receiver.IsPositive() {
		f.fail("sender_amount", "The amount is too small to exchange.")
		return quote{}, false
	}
	q.fee = percentOf(q.receiver, decimal.NewFromInt(exchangeFeePct), to.prec)
	return q, true
}

// precOf is a currency's precision, or -1 (no check) when it is unknown.
func precOf(c *currencyInfo) int32 {
	if c == nil {
		return -1
	}
	return c.prec
}

// money8 formats an amount as in the provider's messages ("0.00300000").
func money8(d decimal.Decimal) string { return d.StringFixed(8) }

// exchangeCalculate serves exchange/calculate, limited to 30 calls a minute
// on the sandbox clock; the 31st gets a plain-text 429 like the provider's edge.
func (s *Server) exchangeCalculate(c *call) reply {
	cutoff := c.now.Add(-calcWindow)
	kept := s.calcTimes[:0]
	for _, t := range s.calcTimes {
		if t.After(cutoff) {
			kept = append(kept, t)
		}
	}
	s.calcTimes = kept
	if len(s.calcTimes) >= calcLimit {
		wait := s.calcTimes[0].Add(calcWindow).Sub(c.now)
		secs := int64((wait + time.Second - 1) / time.Second)
		if secs < 1 {
			secs = 1
		}
		return reply{status: http.StatusTooManyRequests, body: []byte(rateLimitBody),
			contentType: "text/plain; charset=utf-8", retryAfter: strconv.FormatInt(secs, 10)}
	}
	s.calcTimes = append(s.calcTimes, c.now)

	q, ok := readQuote(c.form, c.now)
	if !ok {
		return errorsReply(http.StatusBadRequest, c.form.errs)
	}
	// Forget quotes that can no longer be used, so the list stays short.
	live := s.quotes[:0]
	for _, old := range s.quotes {
		if !c.now.After(old.release) {
			live = append(live, old)
		}
	}
	s.quotes = append(live, q)
	return dataReply(http.StatusOK, calculateJSON{quoteJSON: q.json(),
		TsFixed: q.fixed.Unix(), TsRelease: q.release.Unix(), FixPeriod: int64(fixPeriod / time.Second),
	})
}

// exchangeFixed serves exchange/fixed: the price and amount must be those of
// an exchange/calculate answer still within its fix period.
func (s *Server) exchangeFixed(c *call) reply {
	f := c.form
	q, ok := readQuote(f, c.now)
	price, havePrice := f.amount("price", true, -1)
	foreignID := f.text("foreign_id", true, true)
	if !ok || !havePrice || foreignID == "" {
		return errorsReply(http.StatusBadRequest, f.errs)
	}
	var match *quote
	for i := range s.quotes {
		old := &s.quotes[i]
		if old.from == q.from && old.to == q.to && old.price.Equal(price) &&
			old.sender.Equal(q.sender) && old.receiver.Equal(q.receiver) && !c.now.After(old.release) {
			match = old
		}
	}
	if match == nil {
		return fieldError(http.StatusBadRequest, "price", "The price is invalid or its fix period has expired.")
	}
	return s.executeExchangeLocked(c, *match, foreignID)
}

// exchangeNow serves exchange/now at the current rate.
func (s *Server) exchangeNow(c *call) reply {
	f := c.form
	q, ok := readQuote(f, c.now)
	foreignID := f.text("foreign_id", true, true)
	if !ok || foreignID == "" {
		return errorsReply(http.StatusBadRequest, f.errs)
	}
	return s.executeExchangeLocked(c, q, foreignID)
}

// executeExchangeLocked moves the balances, records the exchange and queues
// its confirmed callback. The callback is delivered before the HTTP answer
// is written, so a client's call returns with Deliveries already up to date.
func (s *Server) executeExchangeLocked(c *call, q quote, foreignID string) reply {
	if _, taken := s.exchangeForeign[foreignID]; taken {
		return fieldError(http.StatusBadRequest, "foreign_id", "The foreign id has already been taken.")
	}
	if s.balances[q.from.code].LessThan(q.sender) {
		return fieldError(http.StatusBadRequest, "sender_amount", "Insufficient funds")
	}
	e := &exchange{id: s.newRecordIDLocked(), foreignID: foreignID, q: q, innerID: s.newInnerIDLocked(), status: "confirmed"}
	s.balances[q.from.code] = s.balances[q.from.code].Sub(q.sender)
	s.balances[q.to.code] = s.balances[q.to.code].Add(q.receiver.Sub(q.fee))
	s.exchangeForeign[foreignID] = e.id
	s.addRecordLocked(e)
	s.queueLocked(&c.out, e)
	return dataReply(http.StatusCreated, exchangeJSON{ID: e.id, ForeignID: foreignID, Type: "exchange",
		quoteJSON: q.json(), Status: "processing"})
}
