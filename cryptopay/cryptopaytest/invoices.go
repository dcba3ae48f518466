package cryptopaytest

import (
	"net/http"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/shopspring/decimal"
)

// invoice is a request for payment (statuses new, completed, unresolved,
// refunded, cancelled; status_context overpaid, underpaid, paid_late,
// illicit_resource).
type invoice struct {
	id, customID, customerID, subscriptionID string
	status, statusContext                    string
	address, network                         string
	priceAmount                              decimal.Decimal
	priceCurrency                            string
	payAmount                                decimal.Decimal
	payCurrency                              string
	paidAmount                               decimal.Decimal
	rate                                     decimal.Decimal
	name, description, payerEmail            string
	successURL, unsuccessURL                 string
	metadata                                 map[string]string
	txs                                      []*invoiceTx
	refunds                                  []*refund
	illicit                                  bool
	credited                                 *txn // the Invoice ledger entry, once completed
	createdAt, expiresAt                     time.Time
	hostedURL                                string
}

// invoiceTx is a payment received for an invoice.
type invoiceTx struct {
	txid      string
	amount    decimal.Decimal
	confirmed bool
	late      bool
	risk      *risk
}

func (inv *invoice) anyConfirmed() bool {
	for _, t := range inv.txs {
		if t.confirmed {
			return true
		}
	}
	return false
}

type exchangeView struct {
	Pair        string `json:"pair"`
	Rate        amount `json:"rate"`
	Fee         amount `json:"fee"`
	FeeCurrency string `json:"fee_currency"`
}

type invoiceTxView struct {
	Txid string    `json:"txid"`
	Risk *riskView `json:"risk"`
}

type invoiceView struct {
	ID                   string            `json:"id"`
	CustomID             *string           `json:"custom_id"`
	CustomerID           *string           `json:"customer_id"`
	SubscriptionID       *string           `json:"subscription_id"`
	Status               string            `json:"status"`
	StatusContext        *string           `json:"status_context"`
	Address              string            `json:"address"`
	Network              string            `json:"network"`
	URI                  string            `json:"uri"`
	PriceAmount          amount            `json:"price_amount"`
	PriceCurrency        string            `json:"price_currency"`
	Fee                  amount            `json:"fee"`
	FeeCurrency          string            `json:"fee_currency"`
	PayAmount            amount            `json:"pay_amount"`
	PayCurrency          string            `json:"pay_currency"`
	PaidAmount           amount            `json:"paid_amount"`
	Exchange             exchangeView      `json:"exchange"`
	Transactions         []invoiceTxView   `json:"transactions"`
	Name                 *string           `json:"name"`
	Description          *string           `json:"description"`
	Metadata             map[string]string `json:"metadata"`
	SuccessRedirectURL   *string           `json:"success_redirect_url"`
	UnsuccessRedirectURL *string           `json:"unsuccess_redirect_url"`
	HostedPageURL        string            `json:"hosted_page_url"`
	CreatedAt            stamp             `json:"created_at"`
	ExpiresAt            stamp             `json:"expires_at"`
}

func (inv *invoice) view() invoiceView {
	txs := make([]invoiceTxView, len(inv.txs))
	for i, t := range inv.txs {
		txs[i] = invoiceTxView{Txid: t.txid, Risk: t.risk.view()}
	}
	return invoiceView{
		ID: inv.id, CustomID: optStr(inv.customID), CustomerID: optStr(inv.customerID), SubscriptionID: optStr(inv.subscriptionID),
		Status: inv.status, StatusContext: optStr(inv.statusContext), Address: inv.address, Network: inv.network,
		URI:         uriScheme(inv.network) + ":" + inv.address + "?amount=" + inv.payAmount.String(),
		PriceAmount: amt(inv.priceAmount), PriceCurrency: inv.priceCurrency, Fee: amt(decimal.Zero), FeeCurrency: inv.priceCurrency,
		PayAmount: amt(inv.payAmount), PayCurrency: inv.payCurrency, PaidAmount: amt(inv.paidAmount),
		Exchange:     exchangeView{Pair: inv.payCurrency + inv.priceCurrency, Rate: amt(inv.rate), Fee: amt(decimal.Zero), FeeCurrency: inv.priceCurrency},
		Transactions: txs, Name: optStr(inv.name), Description: optStr(inv.description), Metadata: inv.metadata,
		SuccessRedirectURL: optStr(inv.successURL), UnsuccessRedirectURL: optStr(inv.unsuccessURL),
		HostedPageURL: inv.hostedURL, CreatedAt: at(inv.createdAt), ExpiresAt: at(inv.expiresAt),
	}
}

func invoiceID(inv *invoice) string { return inv.id }

// duplicateCustomID answers a reused custom_id the way Options chose.
func (s *Server) duplicateCustomID() sandboxkit.Reply {
	if s.opts.DuplicateCustomIDStatus == http.StatusUnprocessableEntity {
		return invalid(detail{Code: "duplicate_custom_id", Target: "custom_id", Message: "has already been taken"})
	}
	return errReply(http.StatusConflict, "conflict", "custom_id has already been taken",
		detail{Code: "taken", Target: "custom_id", Message: "has already been taken"})
}

// readNetwork reads an optional network for a coin.
func readNetwork(p *params, key string, coin *currencyInfo) *network {
	name := p.str(key, false)
	if coin == nil {
		return nil
	}
	n, ok := coin.networkOf(name)
	if !ok {
		p.included(key, name, coin.networkNames())
		return nil
	}
	return n
}

// createInvoice serves POST /api/invoices.
func (s *Server) createInvoice(c *call) sandboxkit.Reply {
	p := c.p
	price, hasPrice := p.amount("price_amount", true)
	priceCur := p.currency("price_currency", currencyCodes)
	payCur := p.currency("pay_currency", cryptoCodes)
	netw := readNetwork(p, "network", payCur)
	if hasPrice {
		p.checkPlaces("price_amount", price, priceCur)
	}
	inv := &invoice{
		customID: p.str("custom_id", false), customerID: p.str("customer_id", false),
		name: p.str("name", false), description: p.str("description", false), payerEmail: p.str("payer_email", false),
		successURL: p.str("success_redirect_url", false), unsuccessURL: p.str("unsuccess_redirect_url", false),
		metadata: p.stringMap("metadata"),
	}
	s.checkCustomer(p, inv.customerID)
	if rep, ok := refused(s, p, inv.customID, s.st.invoiceByCustom); ok {
		return rep
	}
	s.openInvoiceLocked(inv, price, priceCur, payCur, netw, c.now)
	s.notifyLocked(&c.out, "Invoice", "created", inv.id, inv.view())
	return dataReply(http.StatusCreated, inv.view())
}

// openInvoiceLocked prices and stores a new invoice.
func (s *Server) openInvoiceLocked(inv *invoice, price decimal.Decimal, priceCur, payCur *currencyInfo, netw *network, now time.Time) {
	inv.id = newID()
	inv.status = "new"
	inv.priceAmount, inv.priceCurrency, inv.payCurrency, inv.network = price, priceCur.code, payCur.code, netw.name
	inv.rate = s.convRateLocked(payCur.code, priceCur.code)
	inv.payAmount = price.Div(inv.rate).RoundUp(payCur.places)
	inv.address = newAddress(netw)
	inv.createdAt = now
	inv.hostedURL = s.st.baseURL + "/invoices/" + inv.id
	if priceCur.crypto {
		inv.expiresAt = now.Add(2 * time.Hour)
	} else {
		inv.expiresAt = now.Add(10 * time.Minute)
	}
	store(&s.st.invoices, s.st.invoiceByID, s.st.invoiceByCustom, inv, inv.id, inv.customID)
}

// getInvoice serves GET /api/invoices/{id} and GET /api/invoices/custom_id/{custom_id}.
func (s *Server) getInvoice(c *call) sandboxkit.Reply {
	return getOne(c, s.st.invoiceByID, s.st.invoiceByCustom, "Invoice", (*invoice).view)
}

// listInvoices serves GET /api/invoices (customer_id, subscription_id,
// starting_after).
func (s *Server) listInvoices(c *call) sandboxkit.Reply {
	cust, sub := c.query.Get("customer_id"), c.query.Get("subscription_id")
	keep := func(inv *invoice) bool {
		return (cust == "" || inv.customerID == cust) && (sub == "" || inv.subscriptionID == sub)
	}
	return listOf(s, c, s.st.invoices, keep, invoiceID, (*invoice).view)
}

// setInvoiceStatusLocked changes status and context and queues
// status_changed when either changed.
func (s *Server) setInvoiceStatusLocked(inv *invoice, status, context string, out *[]sandboxkit.Notification) {
	if inv.status == status && inv.statusContext == context {
		return
	}
	inv.status, inv.statusContext = status, context
	s.notifyLocked(out, "Invoice", "status_changed", inv.id, inv.view())
}

// settleInvoiceLocked decides an invoice's status once every payment is
// confirmed, crediting the merchant when it completes.
func (s *Server) settleInvoiceLocked(inv *invoice, now time.Time, out *[]sandboxkit.Notification) {
	late := false
	for _, t := range inv.txs {
		late = late || t.late
	}
	switch {
	case inv.illicit:
		s.setInvoiceStatusLocked(inv, "unresolved", "illicit_resource", out)
	case late:
		s.setInvoiceStatusLocked(inv, "unresolved", "paid_late", out)
	case inv.paidAmount.LessThan(inv.payAmount):
		s.setInvoiceStatusLocked(inv, "unresolved", "underpaid", out)
	case inv.paidAmount.GreaterThan(inv.payAmount):
		s.creditInvoiceLocked(inv, now)
		s.setInvoiceStatusLocked(inv, "completed", "overpaid", out)
	default:
		s.creditInvoiceLocked(inv, now)
		s.setInvoiceStatusLocked(inv, "completed", "", out)
	}
}

// creditInvoiceLocked credits what was paid, in the price currency at the
// invoice's rate, once.
func (s *Server) creditInvoiceLocked(inv *invoice, now time.Time) {
	if inv.credited != nil {
		return
	}
	cur := currencies[inv.priceCurrency]
	value := inv.paidAmount.Mul(inv.rate).RoundDown(cur.places)
	inv.credited = s.ledgerLocked(ledgerEntry{acct: s.accountLocked(inv.priceCurrency), amount: value, refType: "Invoice", customID: inv.customID,
		refID: inv.id, description: "Invoice " + inv.id, risk: lowRisk(), now: now})
}

// recalculation is a new price for an unresolved invoice at today's rate.
type recalculation struct {
	id                     string
	inv                    *invoice
	priceAmount, payAmount decimal.Decimal
	rate                   decimal.Decimal
	prevPay, prevPrice     decimal.Decimal
	prevRate               decimal.Decimal
	status                 string // new, committed, expired (not published: kept inside)
	createdAt, expiresAt   time.Time
}

type recalculationView struct {
	ID            string       `json:"id"`
	InvoiceID     string       `json:"invoice_id"`
	PriceAmount   amount       `json:"price_amount"`
	PriceCurrency string       `json:"price_currency"`
	PayAmount     amount       `json:"pay_amount"`
	PayCurrency   string       `json:"pay_currency"`
	Fee           amount       `json:"fee"`
	FeeCurrency   string       `json:"fee_currency"`
	PrevPay       amount       `json:"previous_pay_amount"`
	PrevPrice     amount       `json:"previous_price_amount"`
	PrevRate      *amount      `json:"previous_exchange_rate"`
	Exchange      exchangeView `json:"exchange"`
	CreatedAt     stamp        `json:"created_at"`
}

func (r *recalculation) view() recalculationView {
	inv := r.inv
	return recalculationView{ID: r.id, InvoiceID: inv.id, PriceAmount: amt(r.priceAmount), PriceCurrency: inv.priceCurrency,
		PayAmount: amt(r.payAmount), PayCurrency: inv.payCurrency, Fee: amt(decimal.Zero), FeeCurrency: inv.priceCurrency,
		PrevPay: amt(r.prevPay), PrevPrice: amt(r.prevPrice), PrevRate: optAmt(r.prevRate),
		Exchange:  exchangeView{Pair: inv.payCurrency + inv.priceCurrency, Rate: amt(r.rate), Fee: amt(decimal.Zero), FeeCurrency: inv.priceCurrency},
		CreatedAt: at(r.createdAt)}
}

// createRecalculation serves POST /api/invoices/{id}/recalculations
// ({force_commit}). Only an unresolved invoice that was underpaid or paid
// late can be recalculated: its price becomes what was paid, at the rate of
// now.
func (s *Server) createRecalculation(c *call) sandboxkit.Reply {
	inv := s.st.invoiceByID[c.args["id"]]
	if inv == nil {
		return notFound("Invoice")
	}
	force := c.p.boolean("force_commit")
	if !c.p.ok() {
		return c.p.reply()
	}
	if inv.status != "unresolved" || (inv.statusContext != "underpaid" && inv.statusContext != "paid_late") {
		return invalid(detail{Code: "invalid", Target: "invoice", Message: "only an unresolved underpaid or paid late invoice can be recalculated",
			Args: map[string]any{"status": inv.status}})
	}
	r := &recalculation{id: newID(), inv: inv, payAmount: inv.paidAmount, status: "new", createdAt: c.now, expiresAt: c.now.Add(CommitWindow),
		prevPay: inv.payAmount, prevPrice: inv.priceAmount, prevRate: inv.rate}
	r.rate = s.convRateLocked(inv.payCurrency, inv.priceCurrency)
	r.priceAmount = inv.paidAmount.Mul(r.rate).RoundDown(currencies[inv.priceCurrency].places)
	s.st.recalcByID[r.id] = r
	if force {
		s.applyRecalculationLocked(r, c.now, &c.out)
	}
	return dataReply(http.StatusCreated, r.view())
}

// commitRecalculation serves
// POST /api/invoices/{id}/recalculations/{recalculation_id}/commit.
func (s *Server) commitRecalculation(c *call) sandboxkit.Reply {
	r := s.st.recalcByID[c.args["recalculation_id"]]
	if r == nil || r.inv.id != c.args["id"] {
		return notFound("Recalculation")
	}
	switch r.status {
	case "expired":
		return errReply(http.StatusUnprocessableEntity, "expired", "The recalculation has expired; create a new one")
	case "committed":
		return invalid(detail{Code: "invalid", Target: "status", Message: "the recalculation is already committed"})
	}
	if r.inv.status != "unresolved" {
		return invalid(detail{Code: "invalid", Target: "invoice", Message: "the invoice is no longer unresolved"})
	}
	s.applyRecalculationLocked(r, c.now, &c.out)
	return dataReply(http.StatusOK, r.view())
}

// applyRecalculationLocked reprices the invoice, completes it and credits it.
func (s *Server) applyRecalculationLocked(r *recalculation, now time.Time, out *[]sandboxkit.Notification) {
	r.status = "committed"
	inv := r.inv
	inv.priceAmount, inv.payAmount, inv.rate = r.priceAmount, r.payAmount, r.rate
	for _, t := range inv.txs {
		t.late = false
	}
	s.notifyLocked(out, "Invoice", "recalculated", inv.id, inv.view())
	s.creditInvoiceLocked(inv, now)
	s.setInvoiceStatusLocked(inv, "completed", "", out)
}

// refund sends an invoice's payment back to the payer.
type refund struct {
	id        string
	inv       *invoice
	address   string
	customID  string
	network   string
	amount    decimal.Decimal // what the payer gets back, the network fee taken off
	fee       decimal.Decimal // the network fee, in currency
	currency  string
	status    string // pending, completed
	txid      string
	createdAt time.Time
}

type refundView struct {
	ID             string    `json:"id"`
	InvoiceID      string    `json:"invoice_id"`
	CustomID       *string   `json:"custom_id"`
	Amount         amount    `json:"amount"`
	AmountCurrency string    `json:"amount_currency"`
	Fee            amount    `json:"fee"`
	FeeCurrency    string    `json:"fee_currency"`
	Address        string    `json:"address"`
	Network        string    `json:"network"`
	Txid           *string   `json:"txid"`
	Risk           *riskView `json:"risk"`
	CreatedAt      stamp     `json:"created_at"`
}

func (r *refund) view() refundView {
	return refundView{ID: r.id, InvoiceID: r.inv.id, CustomID: optStr(r.customID), Address: r.address, Network: r.network,
		Amount: amt(r.amount), AmountCurrency: r.currency, Fee: amt(r.fee), FeeCurrency: r.currency,
		Txid: optStr(r.txid), Risk: lowRisk().view(), CreatedAt: at(r.createdAt)}
}

// createRefund serves POST /api/invoices/{id}/refunds ({address}, or no body
// at all: then the customer's address for the pay currency is used).
func (s *Server) createRefund(c *call) sandboxkit.Reply {
	inv := s.st.invoiceByID[c.args["id"]]
	if inv == nil {
		return notFound("Invoice")
	}
	p := c.p
	addr := p.str("address", false)
	customID := p.str("custom_id", false)
	if p.boolean("travel_rule_compliant") {
		checkBeneficiary(p)
	}
	if !p.ok() {
		return p.reply()
	}
	// A reused custom_id is refused before the invoice's state is looked
	// at, so a repeat of a refund that was made is "taken" (the SDK then
	// finds it by its custom_id), not "already refunded".
	if customID != "" && s.st.refundByCustom[customID] != nil {
		return s.duplicateCustomID()
	}
	if (inv.status != "completed" && inv.status != "unresolved") || !inv.paidAmount.IsPositive() {
		return invalid(detail{Code: "invalid", Target: "invoice", Message: "only a paid completed or unresolved invoice can be refunded",
			Args: map[string]any{"status": inv.status}})
	}
	if addr == "" {
		if cust := s.st.customerByID[inv.customerID]; cust != nil {
			addr = cust.addressFor(inv.payCurrency)
		}
	}
	if addr == "" {
		p.blank("address")
		return p.reply()
	}
	netw, _ := currencies[inv.payCurrency].networkOf(inv.network)
	if !netw.address.MatchString(addr) {
		return invalid(detail{Code: "invalid_coin_address", Target: "address", Message: "must be a valid " + inv.payCurrency + " address",
			Args: map[string]any{"currency": inv.payCurrency}})
	}
	fee := netw.fees["average"]
	if fee.GreaterThan(inv.paidAmount) {
		fee = inv.paidAmount
	}
	r := &refund{id: newID(), inv: inv, address: addr, customID: customID, network: netw.name, amount: inv.paidAmount.Sub(fee), fee: fee, currency: inv.payCurrency, status: "pending", createdAt: c.now}
	inv.refunds = append(inv.refunds, r)
	s.st.refundByID[r.id] = r
	if customID != "" {
		s.st.refundByCustom[customID] = r
	}
	if inv.credited != nil {
		back := inv.credited.amount.Neg()
		s.ledgerLocked(ledgerEntry{acct: inv.credited.acct, amount: back, refType: "InvoiceRefund", refID: r.id,
			description: "Refund of invoice " + inv.id, now: c.now})
	}
	inv.status, inv.statusContext = "refunded", ""
	s.notifyLocked(&c.out, "Invoice", "refunded", inv.id, inv.view())
	return dataReply(http.StatusCreated, r.view())
}

// listRefunds serves GET /api/invoices/{id}/refunds.
func (s *Server) listRefunds(c *call) sandboxkit.Reply {
	inv := s.st.invoiceByID[c.args["id"]]
	if inv == nil {
		return notFound("Invoice")
	}
	return listOf(s, c, inv.refunds, nil, func(r *refund) string { return r.id }, (*refund).view)
}
