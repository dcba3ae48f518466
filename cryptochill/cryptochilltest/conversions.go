package cryptochilltest

import (
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// exchange is a venue conversions run on. The API has no endpoint that lists them; the
// sandbox seeds "Binance" (Server.ExchangeID) and "Kraken".
type exchange struct {
	id, title string
}

// exchangeRef is the {"id", "title"} object conversions embed.
type exchangeRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// conversion is a one-off conversion between two kinds.
type conversion struct {
	id               string
	fromW, toW       *wallet
	fromKind, toKind string
	amount           decimal.Decimal
	exch             *exchange
	approved         bool
}

// conversionView is the JSON shape of a conversion.
type conversionView struct {
	ID         string      `json:"id"`
	FromWallet walletRef   `json:"from_wallet"`
	FromKind   string      `json:"from_kind"`
	ToWallet   walletRef   `json:"to_wallet"`
	ToKind     string      `json:"to_kind"`
	Amount     string      `json:"amount"`
	Exchange   exchangeRef `json:"exchange"`
	Status     string      `json:"status"`
	IsApproved bool        `json:"is_approved"`
}

// view renders c. The documentation shows only "draft" (not approved); the sandbox says "new"
// once is_approved is true, like an approved payout draft. Conversions never execute here.
func (c *conversion) view() conversionView {
	status := "draft"
	if c.approved {
		status = "new"
	}
	return conversionView{
		ID: c.id, FromWallet: walletRef{c.fromW.id, c.fromW.name}, FromKind: c.fromKind,
		ToWallet: walletRef{c.toW.id, c.toW.name}, ToKind: c.toKind, Amount: c.amount.String(),
		Exchange: exchangeRef{c.exch.id, c.exch.title}, Status: status, IsApproved: c.approved,
	}
}

// walletParam reads a wallet id field; missing is fine unless required, unknown is an
// error. The caller holds s.mu.
func (s *Server) walletParam(p *params, key string, required bool) *wallet {
	id := p.strIf(key, required)
	if id == "" || p.err != nil {
		return nil
	}
	w := lookup(s.st.wallets, id)
	if w == nil {
		p.fail("%s: wallet %q does not exist.", key, id)
	}
	return w
}

// kindParam reads a kind field against the list conversions and automatic payouts share.
func kindParam(p *params, key string, required bool) string {
	kind := p.strIf(key, required)
	if kind != "" && p.err == nil {
		p.oneOf(key, kind, conversionKinds)
	}
	return kind
}

// checkWalletKind makes sure kind is kept in w (USDT-TRX lives in Tron, not in Ethereum).
func checkWalletKind(p *params, key string, w *wallet, kind string) {
	if p.err == nil && w != nil && kind != "" && kindTable[kind].wallet != w.name {
		p.fail("%s: %s is not kept in the %s wallet.", key, kind, w.name)
	}
}

// exchangeParam reads an exchange id field; the caller holds s.mu.
func (s *Server) exchangeParam(p *params, key string, required bool) *exchange {
	id := p.strIf(key, required)
	if id == "" || p.err != nil {
		return nil
	}
	for _, e := range s.st.exchanges {
		if e.id == id {
			return e
		}
	}
	p.fail("%s: exchange %q does not exist.", key, id)
	return nil
}

// findConversion returns the conversion with id and its index; the caller holds s.mu.
func (s *Server) findConversion(id string) (*conversion, int) {
	return findByID(s.st.conversions, id)
}

// conversionTaken reports whether another conversion already converts fromKind out of w:
// "Only one conversion per wallet per kind is allowed."
func (s *Server) conversionTaken(w *wallet, fromKind string, self *conversion) bool {
	for _, c := range s.st.conversions {
		if c != self && c.fromW == w && c.fromKind == fromKind {
			return true
		}
	}
	return false
}

// createConversion answers POST /v1/conversions/; every field but is_approved is required.
func (s *Server) createConversion(q *apiRequest) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := &params{m: q.payload}
	c := &conversion{id: uuid.NewString()}
	c.fromW = s.walletParam(p, "from_wallet", true)
	c.fromKind = kindParam(p, "from_kind", true)
	checkWalletKind(p, "from_kind", c.fromW, c.fromKind)
	c.toW = s.walletParam(p, "to_wallet", true)
	c.toKind = kindParam(p, "to_kind", true)
	checkWalletKind(p, "to_kind", c.toW, c.toKind)
	c.amount, _ = p.amount("amount", true, parsePositive)
	c.exch = s.exchangeParam(p, "exchange", true)
	c.approved, _ = p.boolean("is_approved")
	if p.err != nil {
		return *p.err
	}
	if c.fromKind == c.toKind {
		return badValue("to_kind: must differ from from_kind.")
	}
	if s.conversionTaken(c.fromW, c.fromKind, nil) {
		return badValue("Only one conversion per wallet per kind is allowed.")
	}
	s.st.conversions = append(s.st.conversions, c)
	return resultReply(c.view())
}

// updateConversion answers PUT /v1/conversions/<ID>/. As documented, to_wallet, to_kind,
// amount and exchange are required and is_approved is optional; from_wallet and from_kind
// are not editable (sending their current values is tolerated).
func (s *Server) updateConversion(q *apiRequest) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, _ := s.findConversion(q.id)
	if c == nil {
		return objectNotFound()
	}
	p := &params{m: q.payload}
	p.checkEditable("from_wallet", c.fromW.id)
	p.checkEditable("from_kind", c.fromKind)
	toW := s.walletParam(p, "to_wallet", true)
	toKind := kindParam(p, "to_kind", true)
	checkWalletKind(p, "to_kind", toW, toKind)
	amount, _ := p.amount("amount", true, parsePositive)
	exch := s.exchangeParam(p, "exchange", true)
	approved, hasApproved := p.boolean("is_approved")
	if p.err != nil {
		return *p.err
	}
	if toKind == c.fromKind {
		return badValue("to_kind: must differ from from_kind.")
	}
	c.toW, c.toKind, c.amount, c.exch = toW, toKind, amount, exch
	if hasApproved {
		c.approved = approved
	}
	return resultReply(c.view())
}

// conversions answers /v1/conversions/ (not paginated, as documented); its create and update
// read fields the automatic resources do not have.
var conversions = store[conversion, *conversion, conversionView]{
	items:  func(s *Server) *[]*conversion { return &s.st.conversions },
	view:   (*conversion).view,
	create: (*Server).createConversion,
	update: (*Server).updateConversion,
}
