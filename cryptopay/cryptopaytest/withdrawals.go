package cryptopaytest

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/shopspring/decimal"
)

// withdrawal is a coin withdrawal (statuses new, pending, on_hold,
// processing, sent, completed, failed, cancelled).
type withdrawal struct {
	id, customID, customerID string
	address, network, txid   string
	status                   string
	charged                  decimal.Decimal
	chargedCurrency          string
	received                 decimal.Decimal
	receivedCurrency         string
	networkFee               decimal.Decimal
	networkFeeLevel          string
	rate, exchangeFee        decimal.Decimal
	risk                     *risk
	createdAt                time.Time
	expired                  bool
	debit                    *txn
	failReason               string
}

type withdrawalView struct {
	ID               string        `json:"id"`
	CustomID         *string       `json:"custom_id"`
	CustomerID       *string       `json:"customer_id"`
	Address          string        `json:"address"`
	Network          string        `json:"network"`
	Txid             *string       `json:"txid"`
	Status           string        `json:"status"`
	ChargedAmount    amount        `json:"charged_amount"`
	ChargedCurrency  string        `json:"charged_currency"`
	ReceivedAmount   amount        `json:"received_amount"`
	ReceivedCurrency string        `json:"received_currency"`
	NetworkFee       amount        `json:"network_fee"`
	NetworkFeeLevel  string        `json:"network_fee_level"`
	Fee              amount        `json:"fee"`
	FeeCurrency      string        `json:"fee_currency"`
	Exchange         *exchangeView `json:"exchange"`
	Risk             *riskView     `json:"risk"`
	CreatedAt        stamp         `json:"created_at"`
}

func (w *withdrawal) view() withdrawalView {
	v := withdrawalView{ID: w.id, CustomID: optStr(w.customID), CustomerID: optStr(w.customerID), Address: w.address,
		Network: w.network, Txid: optStr(w.txid), Status: w.status, ChargedAmount: amt(w.charged), ChargedCurrency: w.chargedCurrency,
		ReceivedAmount: amt(w.received), ReceivedCurrency: w.receivedCurrency, NetworkFee: amt(w.networkFee),
		NetworkFeeLevel: w.networkFeeLevel, Fee: amt(decimal.Zero), FeeCurrency: w.receivedCurrency, Risk: w.risk.view(),
		CreatedAt: atZ(w.createdAt)}
	if w.chargedCurrency != w.receivedCurrency {
		v.Exchange = &exchangeView{Pair: w.receivedCurrency + w.chargedCurrency, Rate: amt(w.rate), Fee: amt(w.exchangeFee), FeeCurrency: w.chargedCurrency}
	}
	return v
}

func withdrawalID(w *withdrawal) string { return w.id }

// amountFields are the three ways to size a coin withdrawal; exactly one is given.
var amountFields = []string{"charged_amount", "charged_amount_to_send", "received_amount"}

// quote is a priced withdrawal or transfer.
type quote struct {
	charged, received, exchangeFee, rate decimal.Decimal
}

// priceWithdrawal sizes a withdrawal from the one amount field given: the
// recipient gets received; the merchant is charged (received + network fee)
// at the rate, plus the exchange fee when the currencies differ.
func (s *Server) priceWithdrawalLocked(field string, value decimal.Decimal, charged, received *currencyInfo, netFee decimal.Decimal) quote {
	q := quote{rate: s.convRateLocked(received.code, charged.code)}
	feeShare := exchangeFee
	if charged.code == received.code {
		feeShare = decimal.Zero
	}
	one := decimal.NewFromInt(1)
	switch field {
	case "received_amount":
		q.received = value
	case "charged_amount_to_send":
		q.received = value.Div(q.rate).RoundDown(received.places)
	default: // charged_amount: everything included
		base := value.Div(one.Add(feeShare))
		q.received = base.Div(q.rate).Sub(netFee).RoundDown(received.places)
		q.charged = value
		q.exchangeFee = value.Sub(base).RoundDown(charged.places)
		return q
	}
	base := q.received.Add(netFee).Mul(q.rate)
	q.exchangeFee = base.Mul(feeShare).RoundUp(charged.places)
	q.charged = base.Add(q.exchangeFee).RoundUp(charged.places)
	return q
}

// createWithdrawal serves POST /api/coin_withdrawals.
func (s *Server) createWithdrawal(c *call) sandboxkit.Reply {
	p := c.p
	addr := p.str("address", true)
	chargedCur := p.currency("charged_currency", currencyCodes)
	receivedCur := p.currency("received_currency", cryptoCodes)
	netw := readNetwork(p, "network", receivedCur)
	level := p.str("network_fee_level", false)
	if level == "" {
		level = "average"
	} else {
		p.included("network_fee_level", level, []string{"slow", "average", "fast"})
	}
	force := p.boolean("force_commit")
	customID, customerID := p.str("custom_id", false), p.str("customer_id", false)
	s.checkCustomer(p, customerID)
	if p.boolean("travel_rule_compliant") {
		checkBeneficiary(p)
	}
	var field string
	var value decimal.Decimal
	given := 0
	for _, f := range amountFields {
		if p.has(f) {
			given++
			field = f
		}
	}
	if given != 1 {
		p.fail("invalid", "charged_amount", "exactly one of charged_amount, charged_amount_to_send and received_amount must be given", nil)
	} else {
		var ok bool
		if value, ok = p.amount(field, true); ok {
			place := chargedCur
			if field == "received_amount" {
				place = receivedCur
			}
			p.checkPlaces(field, value, place)
		}
	}
	if !p.ok() {
		return p.reply()
	}
	if !netw.address.MatchString(addr) {
		return invalid(detail{Code: "invalid_coin_address", Target: "address", Message: "must be a valid " + receivedCur.code + " address",
			Args: map[string]any{"currency": receivedCur.code}})
	}
	if s.st.highRisk[addr] {
		return errReply(http.StatusUnprocessableEntity, "high_risk_address", "We were unable to process your request as the address of the recipient may be associated with resource primarily used for unlawful activities")
	}
	if customID != "" && s.st.withdrawalByCustom[customID] != nil {
		return s.duplicateCustomID()
	}
	fee := netw.fees[level]
	q := s.priceWithdrawalLocked(field, value, chargedCur, receivedCur, fee)
	// The minimum is 5 EUR worth of what is sent.
	minCharged := eurMinimum.Mul(s.convRateLocked("EUR", chargedCur.code)).RoundUp(chargedCur.places)
	if sent := q.received.Mul(q.rate); sent.LessThan(minCharged) || !q.received.IsPositive() {
		target, minimum := field, minCharged
		if field == "received_amount" {
			minimum = minCharged.Div(q.rate).RoundUp(receivedCur.places)
		}
		return invalid(detail{Code: "must_be_greater_than_or_equal", Target: target,
			Message: "must be greater than or equal to " + amountText(minimum), Args: map[string]any{"value": amountText(minimum)}})
	}
	if rep, ok := s.checkBalanceLocked(chargedCur, receivedCur, q.charged, fee); !ok {
		return rep
	}
	w := &withdrawal{id: newID(), customID: customID, customerID: customerID, address: addr, network: netw.name, status: "new",
		charged: q.charged, chargedCurrency: chargedCur.code, received: q.received, receivedCurrency: receivedCur.code,
		networkFee: fee, networkFeeLevel: level, rate: q.rate, exchangeFee: q.exchangeFee, createdAt: c.now}
	store(&s.st.withdrawals, s.st.withdrawalByID, s.st.withdrawalByCustom, w, w.id, customID)
	if force {
		s.commitWithdrawalLocked(w, c.now)
	}
	s.notifyLocked(&c.out, "CoinWithdrawal", "created", w.id, w.view())
	return dataReply(http.StatusCreated, w.view())
}

// amountText writes an amount as the provider does in messages ("5.0").
func amountText(d decimal.Decimal) string {
	s := d.String()
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

// checkBalanceLocked answers the provider's 422 when the merchant's balance
// cannot pay charged: both limits, as in the provider's example.
func (s *Server) checkBalanceLocked(chargedCur, receivedCur *currencyInfo, charged, netFee decimal.Decimal) (sandboxkit.Reply, bool) {
	bal := s.accountLocked(chargedCur.code).balance
	if charged.LessThanOrEqual(bal) {
		return sandboxkit.Reply{}, true
	}
	maxCharged := decimal.Max(bal, decimal.Zero)
	maxQ := s.priceWithdrawalLocked("charged_amount", maxCharged, chargedCur, receivedCur, netFee)
	maxReceived := decimal.Max(maxQ.received, decimal.Zero)
	return invalid(
		detail{Code: "must_be_less_than_or_equal", Target: "charged_amount", Message: "must be less than or equal to " + amountText(maxCharged),
			Args: map[string]any{"value": amountText(maxCharged)}},
		detail{Code: "must_be_less_than_or_equal", Target: "received_amount", Message: "must be less than or equal to " + amountText(maxReceived),
			Args: map[string]any{"value": amountText(maxReceived)}},
	), false
}

// checkBeneficiary applies the travel-rule validations to beneficiary.
func checkBeneficiary(p *params) {
	b := p.object("beneficiary", true)
	if b == nil {
		return
	}
	if t := b.str("type", true); t != "" {
		b.included("type", t, []string{"natural_person", "legal_person"})
	}
	b.str("name", true)
	if a := b.object("address", true); a != nil {
		for _, f := range []string{"country", "city", "line_1", "post_code"} {
			a.str(f, true)
		}
		a.str("line_2", false)
		b.merge("address", a)
	}
	p.merge("beneficiary", b)
}

// commitWithdrawalLocked moves a new withdrawal to pending and debits it.
func (s *Server) commitWithdrawalLocked(w *withdrawal, now time.Time) {
	w.status = "pending"
	w.risk = lowRisk()
	w.debit = s.ledgerLocked(ledgerEntry{acct: s.accountLocked(w.chargedCurrency), amount: w.charged.Neg(), refType: "CoinWithdrawal", customID: w.customID,
		refID: w.id, description: "Coin withdrawal to " + w.address, risk: w.risk, now: now})
	w.debit.status = "pending"
}

// commitWithdrawal serves POST /api/coin_withdrawals/{id}/commit (no body).
func (s *Server) commitWithdrawal(c *call) sandboxkit.Reply {
	w, rep, ok := toCommit(c, s.st.withdrawalByID, "Coin withdrawal", func(w *withdrawal) (bool, string) { return w.expired, w.status })
	if !ok {
		return rep
	}
	if rep, ok := s.checkBalanceLocked(currencies[w.chargedCurrency], currencies[w.receivedCurrency], w.charged, w.networkFee); !ok {
		return rep
	}
	s.commitWithdrawalLocked(w, c.now)
	s.notifyLocked(&c.out, "CoinWithdrawal", "status_changed", w.id, w.view())
	return dataReply(http.StatusOK, w.view())
}

// getWithdrawal serves GET /api/coin_withdrawals/{id} and GET /api/coin_withdrawals/custom_id/{custom_id}.
func (s *Server) getWithdrawal(c *call) sandboxkit.Reply {
	return getOne(c, s.st.withdrawalByID, s.st.withdrawalByCustom, "Coin withdrawal", (*withdrawal).view)
}

// listWithdrawals serves GET /api/coin_withdrawals (customer_id, starting_after).
func (s *Server) listWithdrawals(c *call) sandboxkit.Reply {
	cust := c.query.Get("customer_id")
	return listOf(s, c, s.st.withdrawals, func(w *withdrawal) bool { return cust == "" || w.customerID == cust }, withdrawalID, (*withdrawal).view)
}

type networkFeeView struct {
	Level    string `json:"level"`
	Fee      amount `json:"fee"`
	Currency string `json:"currency"`
	Network  string `json:"network"`
}

// networkFees serves GET /api/coin_withdrawals/network_fees (all_networks):
// one entry per level for each coin's default network, or for every network
// with all_networks=true.
func (s *Server) networkFees(c *call) sandboxkit.Reply {
	all := c.query.Get("all_networks") == "true"
	var out []networkFeeView
	for _, code := range cryptoCodes {
		nets := currencies[code].networks
		if !all {
			nets = nets[:1]
		}
		for _, n := range nets {
			for _, level := range []string{"slow", "average", "fast"} {
				out = append(out, networkFeeView{Level: level, Fee: amt(n.fees[level]), Currency: code, Network: n.name})
			}
		}
	}
	return dataReply(http.StatusOK, out)
}

// setWithdrawalStatusLocked changes status, returns the money of a cancelled
// withdrawal and queues status_changed.
func (s *Server) setWithdrawalStatusLocked(w *withdrawal, status string, now time.Time, out *[]sandboxkit.Notification) {
	if w.status == status {
		return
	}
	w.status = status
	if w.debit != nil {
		switch status {
		case "completed":
			w.debit.status = "completed"
		case "cancelled":
			w.debit.status = "cancelled"
			s.ledgerLocked(ledgerEntry{acct: w.debit.acct, amount: w.charged, refType: "CoinWithdrawal", refID: w.id,
				description: "Cancelled coin withdrawal " + w.id, now: now})
		}
	}
	s.notifyLocked(out, "CoinWithdrawal", "status_changed", w.id, w.view())
}

// withdrawalLocked finds a committed withdrawal for a simulation.
func (s *Server) withdrawalLocked(id string) (*withdrawal, error) {
	w := s.st.withdrawalByID[id]
	if w == nil {
		return nil, fmt.Errorf("%w: coin withdrawal %q", ErrNotFound, id)
	}
	if w.status == "new" || w.status == "completed" || w.status == "cancelled" {
		return nil, fmt.Errorf("%w: coin withdrawal %s is %s", ErrInvalidState, id, w.status)
	}
	return w, nil
}
