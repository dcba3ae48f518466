package cryptopaytest

import (
	"net/http"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/shopspring/decimal"
)

// transfer is an exchange transfer between two of the merchant's accounts
// (statuses new — waiting for the commit —, completed, cancelled).
type transfer struct {
	id, customID                      string
	status                            string
	charged, received, fee, rate      decimal.Decimal
	chargedCurrency, receivedCurrency string
	createdAt                         time.Time
	expired                           bool
}

type transferView struct {
	ID               string       `json:"id"`
	CustomID         *string      `json:"custom_id"`
	ChargedAmount    amount       `json:"charged_amount"`
	ChargedCurrency  string       `json:"charged_currency"`
	ReceivedAmount   amount       `json:"received_amount"`
	ReceivedCurrency string       `json:"received_currency"`
	Exchange         exchangeView `json:"exchange"`
}

func (t *transfer) view() transferView {
	return transferView{ID: t.id, CustomID: optStr(t.customID), ChargedAmount: amt(t.charged),
		ChargedCurrency: t.chargedCurrency, ReceivedAmount: amt(t.received), ReceivedCurrency: t.receivedCurrency,
		Exchange: exchangeView{Pair: t.receivedCurrency + t.chargedCurrency, Rate: amt(t.rate), Fee: amt(t.fee), FeeCurrency: t.chargedCurrency}}
}

// createTransfer serves POST /api/exchange_transfers. The unused amount may
// be sent as an explicit null, as the provider's clients do.
func (s *Server) createTransfer(c *call) sandboxkit.Reply {
	p := c.p
	chargedCur := p.currency("charged_currency", currencyCodes)
	receivedCur := p.currency("received_currency", currencyCodes)
	customID := p.str("custom_id", false)
	force := p.boolean("force_commit")
	hasC, hasR := p.has("charged_amount"), p.has("received_amount")
	var value decimal.Decimal
	switch {
	case hasC == hasR:
		p.fail("invalid", "charged_amount", "exactly one of charged_amount and received_amount must be given", nil)
	case hasC:
		if v, ok := p.amount("charged_amount", true); ok && p.checkPlaces("charged_amount", v, chargedCur) {
			value = v
		}
	default:
		if v, ok := p.amount("received_amount", true); ok && p.checkPlaces("received_amount", v, receivedCur) {
			value = v
		}
	}
	if chargedCur != nil && receivedCur != nil && chargedCur == receivedCur {
		p.fail("invalid", "received_currency", "must differ from charged_currency", nil)
	}
	if rep, ok := refused(s, p, customID, s.st.transferByCustom); ok {
		return rep
	}
	t := &transfer{id: newID(), customID: customID, status: "new", chargedCurrency: chargedCur.code, receivedCurrency: receivedCur.code, createdAt: c.now}
	t.rate = s.convRateLocked(receivedCur.code, chargedCur.code)
	if hasC {
		t.charged = value
		t.fee = value.Mul(exchangeFee).RoundUp(chargedCur.places)
		t.received = value.Sub(t.fee).Div(t.rate).RoundDown(receivedCur.places)
	} else {
		t.received = value
		base := value.Mul(t.rate)
		t.fee = base.Mul(exchangeFee).RoundUp(chargedCur.places)
		t.charged = base.Add(t.fee).RoundUp(chargedCur.places)
	}
	if !t.received.IsPositive() {
		return invalid(detail{Code: "must_be_greater_than", Target: "charged_amount", Message: "is too small to exchange", Args: map[string]any{"value": "0.0"}})
	}
	if rep, ok := s.checkTransferBalanceLocked(t); !ok {
		return rep
	}
	store(&s.st.transfers, s.st.transferByID, s.st.transferByCustom, t, t.id, customID)
	if force {
		s.commitTransferLocked(t, c.now)
	}
	return dataReply(http.StatusCreated, t.view())
}

// checkTransferBalanceLocked answers 422 when the charged account cannot pay.
func (s *Server) checkTransferBalanceLocked(t *transfer) (sandboxkit.Reply, bool) {
	bal := s.accountLocked(t.chargedCurrency).balance
	if t.charged.LessThanOrEqual(bal) {
		return sandboxkit.Reply{}, true
	}
	return invalid(detail{Code: "must_be_less_than_or_equal", Target: "charged_amount",
		Message: "must be less than or equal to " + amountText(bal), Args: map[string]any{"value": amountText(bal)}}), false
}

// commitTransferLocked moves the money and completes the transfer.
func (s *Server) commitTransferLocked(t *transfer, now time.Time) {
	t.status = "completed"
	s.ledgerLocked(ledgerEntry{acct: s.accountLocked(t.chargedCurrency), amount: t.charged.Neg(), fee: t.fee, refType: "ExchangeTransfer", customID: t.customID,
		refID: t.id, description: "Exchange to " + t.receivedCurrency, now: now})
	s.ledgerLocked(ledgerEntry{acct: s.accountLocked(t.receivedCurrency), amount: t.received, refType: "ExchangeTransfer", customID: t.customID,
		refID: t.id, description: "Exchange from " + t.chargedCurrency, now: now})
}

// commitTransfer serves POST /api/exchange_transfers/{id}/commit.
func (s *Server) commitTransfer(c *call) sandboxkit.Reply {
	t, rep, ok := toCommit(c, s.st.transferByID, "Exchange transfer", func(t *transfer) (bool, string) { return t.expired, t.status })
	if !ok {
		return rep
	}
	if rep, ok := s.checkTransferBalanceLocked(t); !ok {
		return rep
	}
	s.commitTransferLocked(t, c.now)
	return dataReply(http.StatusOK, t.view())
}

// getTransfer serves GET /api/exchange_transfers/{id}.
func (s *Server) getTransfer(c *call) sandboxkit.Reply {
	return getOne(c, s.st.transferByID, nil, "Exchange transfer", (*transfer).view)
}
