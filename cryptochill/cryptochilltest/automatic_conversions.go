package cryptochilltest

import (
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// autoConversion converts a wallet's balance above keep_amount into another kind,
// periodically. The sandbox stores them; it never executes them.
type autoConversion struct {
	id                   string
	fromW, toW           *wallet
	fromKind, toKind     string
	keep, minAmt, maxAmt decimal.Decimal
	exch                 *exchange
	enabled              bool
}

// autoConversionView is the JSON shape of an automatic conversion.
type autoConversionView struct {
	ID         string      `json:"id"`
	FromWallet walletRef   `json:"from_wallet"`
	FromKind   string      `json:"from_kind"`
	ToWallet   walletRef   `json:"to_wallet"`
	ToKind     string      `json:"to_kind"`
	KeepAmount string      `json:"keep_amount"`
	MinAmount  string      `json:"min_amount"`
	MaxAmount  string      `json:"max_amount"`
	Exchange   exchangeRef `json:"exchange"`
	IsEnabled  bool        `json:"is_enabled"`
}

// view renders a.
func (a *autoConversion) view() autoConversionView {
	return autoConversionView{
		ID: a.id, FromWallet: walletRef{a.fromW.id, a.fromW.name}, FromKind: a.fromKind,
		ToWallet: walletRef{a.toW.id, a.toW.name}, ToKind: a.toKind, KeepAmount: a.keep.String(),
		MinAmount: a.minAmt.String(), MaxAmount: a.maxAmt.String(),
		Exchange: exchangeRef{a.exch.id, a.exch.title}, IsEnabled: a.enabled,
	}
}

// applyAutoConversion reads fields into a (required on create, optional on update; the
// from_* fields only on create) and validates the result; the caller holds s.mu.
func (s *Server) applyAutoConversion(p *params, a *autoConversion, create bool) *reply {
	if create {
		a.fromW = s.walletParam(p, "from_wallet", true)
		a.fromKind = kindParam(p, "from_kind", true)
	} else {
		p.checkEditable("from_wallet", a.fromW.id)
		p.checkEditable("from_kind", a.fromKind)
	}
	checkWalletKind(p, "from_kind", a.fromW, a.fromKind)
	if w := s.walletParam(p, "to_wallet", create); w != nil {
		a.toW = w
	}
	if kind := kindParam(p, "to_kind", create); kind != "" {
		a.toKind = kind
	}
	checkWalletKind(p, "to_kind", a.toW, a.toKind)
	if v, ok := p.amount("min_amount", create, parsePositive); ok {
		a.minAmt = v
	}
	if v, ok := p.amount("max_amount", create, parsePositive); ok {
		a.maxAmt = v
	}
	if v, ok := p.amount("keep_amount", create, parseNonNegative); ok {
		a.keep = v
	}
	if e := s.exchangeParam(p, "exchange", create); e != nil {
		a.exch = e
	}
	if v, ok := p.boolean("is_enabled"); ok {
		a.enabled = v
	}
	if p.err != nil {
		return p.err
	}
	var problem string
	switch {
	case a.minAmt.GreaterThan(a.maxAmt):
		problem = "min_amount: must not be greater than max_amount."
	case a.fromKind == a.toKind:
		problem = "to_kind: must differ from from_kind."
	}
	for _, other := range s.st.autoConversions {
		if problem == "" && other.id != a.id && other.fromW == a.fromW && other.fromKind == a.fromKind {
			problem = "Only one automatic conversion per wallet per kind is allowed."
		}
	}
	if problem != "" {
		rep := badValue("%s", problem)
		return &rep
	}
	return nil
}

// autoConversions answers /v1/automatic-conversions/: every field but is_enabled (default
// true) is required on create.
var autoConversions = store[autoConversion, *autoConversion, autoConversionView]{
	items: func(s *Server) *[]*autoConversion { return &s.st.autoConversions },
	view:  (*autoConversion).view,
	fresh: func() *autoConversion { return &autoConversion{id: uuid.NewString(), enabled: true} },
	apply: (*Server).applyAutoConversion,
}
