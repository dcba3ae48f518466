package cryptochilltest

import (
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// autoPayoutIntervals are the documented execution intervals, in minutes.
var autoPayoutIntervals = map[int64]bool{5: true, 10: true, 15: true, 30: true, 60: true, 120: true, 240: true, 360: true}

// defaultAutoPayoutInterval is used when interval is not given (the documentation's example
// value; the provider's own default is not documented).
const defaultAutoPayoutInterval = 360

// autoPayout sends a wallet's funds above keep_amount to one address, periodically. The
// sandbox stores them; it never executes them.
type autoPayout struct {
	id         string
	w          *wallet
	kind       string
	recipient  string
	enabled    bool
	minAmount  decimal.Decimal
	keepAmount decimal.Decimal
	interval   int64
}

// autoPayoutView is the JSON shape of an automatic payout.
type autoPayoutView struct {
	ID               string    `json:"id"`
	Wallet           walletRef `json:"wallet"`
	Kind             string    `json:"kind"`
	RecipientAddress string    `json:"recipient_address"`
	IsEnabled        bool      `json:"is_enabled"`
	IsAPIEditable    bool      `json:"is_api_editable"`
	MinAmount        string    `json:"min_amount"`
	KeepAmount       string    `json:"keep_amount"`
	Interval         int64     `json:"interval"`
}

// view renders a. Everything created through the API is API-editable.
func (a *autoPayout) view() autoPayoutView {
	return autoPayoutView{
		ID: a.id, Wallet: walletRef{a.w.id, a.w.name}, Kind: a.kind, RecipientAddress: a.recipient,
		IsEnabled: a.enabled, IsAPIEditable: true, MinAmount: a.minAmount.String(),
		KeepAmount: a.keepAmount.String(), Interval: a.interval,
	}
}

// applyAutoPayout reads the editable fields into a (create sets required, update does
// not) and validates the result; the caller holds s.mu.
func (s *Server) applyAutoPayout(p *params, a *autoPayout, create bool) *reply {
	if w := s.walletParam(p, "wallet", create); w != nil {
		a.w = w
	}
	if kind := kindParam(p, "kind", false); kind != "" {
		a.kind = kind
	} else if create && a.w != nil {
		a.kind = a.w.native // the wallet's own coin; its symbol is also its kind
	}
	checkWalletKind(p, "kind", a.w, a.kind)
	if v, ok := p.amount("keep_amount", create, parseNonNegative); ok {
		a.keepAmount = v
	}
	if v, ok := p.amount("min_amount", false, parsePositive); ok {
		a.minAmount = v
	}
	if create {
		a.recipient = p.requiredStr("recipient_address")
	} else if v, ok := p.str("recipient_address"); ok {
		if v == "" {
			p.fail("recipient_address: must not be empty.")
		}
		a.recipient = v
	}
	if v, ok := p.boolean("is_enabled"); ok {
		a.enabled = v
	}
	if n, ok := p.integer("interval"); ok {
		if !autoPayoutIntervals[n] {
			p.fail("interval: supported values are 5, 10, 15, 30, 60, 120, 240, 360.")
		}
		a.interval = n
	}
	if p.err != nil {
		return p.err
	}
	for _, other := range s.st.autoPayouts {
		if other.id != a.id && other.w == a.w && other.kind == a.kind {
			rep := badValue("Only one automatic payout per wallet per kind is allowed.")
			return &rep
		}
	}
	return nil
}

// autoPayouts answers /v1/automatic-payouts/: wallet, keep_amount and recipient_address are
// required on create; is_enabled defaults to true, interval to 360; every field is optional
// on update.
var autoPayouts = store[autoPayout, *autoPayout, autoPayoutView]{
	items: func(s *Server) *[]*autoPayout { return &s.st.autoPayouts },
	view:  (*autoPayout).view,
	fresh: func() *autoPayout {
		return &autoPayout{id: uuid.NewString(), enabled: true, interval: defaultAutoPayoutInterval}
	},
	apply: (*Server).applyAutoPayout,
}
