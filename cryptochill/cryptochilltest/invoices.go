package cryptochilltest

import (
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// invoiceLifetime is how long an unpaid invoice with an amount stays payable ("about 15
// minutes" in the documentation).
const invoiceLifetime = 15 * time.Minute

// Invoice statuses used by the sandbox.
const (
	invoiceNew        = "new"
	invoiceIncomplete = "incomplete"
	invoicePending    = "pending"
	invoiceConfirmed  = "confirmed"
	invoiceComplete   = "complete"
	invoiceExpired    = "expired"
)

// invoice is a payment request and the transactions paid to its address.
type invoice struct {
	id, kind, profileID string
	createdAt, expires  time.Time
	address             string // empty for BTC_LIGHTNING
	xAddress, publicAdr string
	lightning           *lightningView
	status              string
	currency            string           // currency of the requested amount
	requested           *decimal.Decimal // nil: a never-expiring deposit address
	invoiced            decimal.Decimal  // in coin, custom fee included
	coin                string           // currency of the invoiced amount
	rateUSD             decimal.Decimal  // coin's USD rate when the invoice was made
	fee                 *decimal.Decimal
	minConf             *int64
	zeroConf            *bool
	notes, passthrough  *string
	txs                 []*transaction
}

// amountless reports whether the invoice is a deposit address without an amount: it never
// expires and sends only transaction callbacks.
func (inv *invoice) amountless() bool { return inv.requested == nil }

// requiredConfirmations is min_confirmations, defaulting to the profile default of 1.
func (inv *invoice) requiredConfirmations() int {
	if inv.minConf != nil {
		return int(*inv.minConf)
	}
	return 1
}

// paidTotal sums every transaction paid to the invoice.
func (inv *invoice) paidTotal() decimal.Decimal {
	sum := decimal.Zero
	for _, tx := range inv.txs {
		sum = sum.Add(tx.amount)
	}
	return sum
}

// moneyView is {"amount": "...", "currency": "..."}.
type moneyView struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

// invoicedView is the invoiced amount, which also carries the rate used.
type invoicedView struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
	RateUSD  string `json:"rate_usd"`
}

// invoiceAmountView is an invoice's "amount" object.
type invoiceAmountView struct {
	Requested *moneyView    `json:"requested"`
	Invoiced  *invoicedView `json:"invoiced"`
	Paid      *moneyView    `json:"paid"`
	PaidTotal *moneyView    `json:"paid_total,omitempty"`
}

// invoiceTxView is one entry of an invoice's "transactions".
type invoiceTxView struct {
	ID            string `json:"id"`
	Kind          string `json:"kind"`
	TxID          string `json:"txid"`
	Confirmations int    `json:"confirmations"`
	Amount        string `json:"amount"`
	CreatedAt     string `json:"created_at"`
}

// invoiceHead is the first fields of both invoice shapes, in the documented order.
type invoiceHead struct {
	ID            string         `json:"id"`
	Kind          string         `json:"kind"`
	CreatedAt     string         `json:"created_at"`
	ProfileID     string         `json:"profile_id"`
	Address       *string        `json:"address"`
	XAddress      string         `json:"x_address,omitempty"`
	PublicAddress string         `json:"public_address,omitempty"`
	Lightning     *lightningView `json:"lightning"`
	Network       string         `json:"network"`
}

// invoiceTail is the fields both invoice shapes have after "amount".
type invoiceTail struct {
	CustomFee        *moneyView `json:"custom_fee"`
	MinConfirmations *int64     `json:"min_confirmations"`
	ZeroConfEnabled  *bool      `json:"zero_conf_enabled"`
	Notes            *string    `json:"notes"`
	Passthrough      *string    `json:"passthrough"`
}

// invoiceView is the JSON shape of Get Invoice and of invoice callbacks.
type invoiceView struct {
	invoiceHead
	Status string            `json:"status"`
	Amount invoiceAmountView `json:"amount"`
	invoiceTail
	Transactions []invoiceTxView `json:"transactions"`
}

// invoiceSummaryAmountView is the "amount" of the invoice summary inside a transaction.
type invoiceSummaryAmountView struct {
	Requested *moneyView    `json:"requested"`
	Invoiced  *invoicedView `json:"invoiced"`
}

// invoiceSummaryView is the invoice as embedded in a transaction (no status, no payments).
type invoiceSummaryView struct {
	invoiceHead
	Amount invoiceSummaryAmountView `json:"amount"`
	invoiceTail
}

// amounts renders the requested and invoiced amounts (null for a deposit address).
func (inv *invoice) amounts() (*moneyView, *invoicedView) {
	if inv.amountless() {
		return nil, nil
	}
	return &moneyView{Amount: asGiven(*inv.requested), Currency: inv.currency},
		&invoicedView{Amount: fixed(inv.invoiced, inv.coin), Currency: inv.coin, RateUSD: inv.rateUSD.String()}
}

// optAddress is the address, or null for lightning invoices.
func (inv *invoice) optAddress() *string {
	if inv.address == "" {
		return nil
	}
	a := inv.address
	return &a
}

// customFee renders custom_fee (null when no fee_amount was given).
func (inv *invoice) customFee() *moneyView {
	if inv.fee == nil {
		return nil
	}
	return &moneyView{Amount: fixed(*inv.fee, inv.coin), Currency: inv.coin}
}

// view renders the invoice with the given status (callbacks for intermediate steps show
// the step's status); the caller holds s.mu.
func (inv *invoice) view(status string) invoiceView {
	req, invd := inv.amounts()
	v := invoiceView{invoiceHead: inv.head(), Status: status, Amount: invoiceAmountView{Requested: req, Invoiced: invd},
		invoiceTail: inv.tail(), Transactions: []invoiceTxView{}}
	if len(inv.txs) > 0 {
		total := inv.paidTotal()
		if inv.fee != nil {
			paid := decimal.Max(total.Sub(*inv.fee), decimal.Zero)
			v.Amount.Paid = &moneyView{Amount: fixed(paid, inv.coin), Currency: inv.coin}
			v.Amount.PaidTotal = &moneyView{Amount: fixed(total, inv.coin), Currency: inv.coin}
		} else {
			v.Amount.Paid = &moneyView{Amount: fixed(total, inv.coin), Currency: inv.coin}
		}
	}
	for _, tx := range inv.txs {
		v.Transactions = append(v.Transactions, invoiceTxView{
			ID: tx.id, Kind: inv.kind, TxID: tx.txid, Confirmations: tx.confirmations,
			Amount: fixed(tx.amount, inv.coin), CreatedAt: timestamp(tx.createdAt),
		})
	}
	return v
}

// summary renders the invoice as a transaction embeds it.
func (inv *invoice) summary() invoiceSummaryView {
	req, invd := inv.amounts()
	return invoiceSummaryView{invoiceHead: inv.head(), Amount: invoiceSummaryAmountView{Requested: req, Invoiced: invd}, invoiceTail: inv.tail()}
}

// head renders the fields both invoice shapes start with.
func (inv *invoice) head() invoiceHead {
	return invoiceHead{ID: inv.id, Kind: inv.kind, CreatedAt: timestamp(inv.createdAt), ProfileID: inv.profileID,
		Address: inv.optAddress(), XAddress: inv.xAddress, PublicAddress: inv.publicAdr, Lightning: inv.lightning, Network: "testnet"}
}

// tail renders the fields both invoice shapes end with.
func (inv *invoice) tail() invoiceTail {
	return invoiceTail{CustomFee: inv.customFee(), MinConfirmations: inv.minConf, ZeroConfEnabled: inv.zeroConf,
		Notes: inv.notes, Passthrough: inv.passthrough}
}

// expireDue moves every unpaid invoice whose time is up to "expired". Expiry is checked
// lazily, on every API request and simulation call, instead of with timers, so an injected
// clock controls it completely. The caller holds s.mu.
func (s *Server) expireDue() {
	now := s.Now()
	for _, inv := range s.st.invoices {
		if inv.status == invoiceNew && !inv.amountless() && len(inv.txs) == 0 && now.After(inv.expires) {
			inv.status = invoiceExpired
		}
	}
}

// listInvoices answers GET /v1/invoices/ with the documented filters txid, address, status.
func (s *Server) listInvoices(q *apiRequest) reply {
	txid, address, status := q.filter("txid"), q.filter("address"), q.filter("status")
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expireDue()
	items := sandboxkit.NewestFirst(s.st.invoices, func(inv *invoice) bool {
		if address != "" && inv.address != address && inv.xAddress != address && inv.publicAdr != address {
			return false
		}
		if status != "" && inv.status != status {
			return false
		}
		if txid != "" {
			for _, tx := range inv.txs {
				if tx.txid == txid {
					return true
				}
			}
			return false
		}
		return true
	})
	return pageReply(items, q.filter("p"), func(inv *invoice) invoiceView { return inv.view(inv.status) })
}

// getInvoice answers GET /v1/invoices/<ID>/.
func (s *Server) getInvoice(q *apiRequest) reply {
	return getByID(s, func() *invoice { s.expireDue(); return s.st.invoiceByID[q.id] },
		func(inv *invoice) invoiceView { return inv.view(inv.status) })
}

// createInvoice answers POST /v1/invoices/, validating every documented parameter.
func (s *Server) createInvoice(q *apiRequest) reply {
	p := &params{m: q.payload}
	profileID := p.requiredStr("profile_id")
	currency := p.requiredStr("currency")
	if p.err == nil {
		p.oneOf("currency", currency, invoiceCurrencies)
	}
	kind := "BTC"
	if k, ok := p.str("kind"); ok {
		kind = k
		p.oneOf("kind", kind, invoiceKinds)
	}
	amount, hasAmount := p.amount("amount", false, parsePositive)
	fee, hasFee := p.amount("fee_amount", false, parsePositive)
	var minConf *int64
	if n, ok := p.integer("min_confirmations"); ok {
		if n < 1 || n > 5 {
			p.fail("min_confirmations: must be between 1 and 5.")
		}
		minConf = &n
	}
	notes := p.optStr("notes")
	passthrough := p.optStr("passthrough")
	var zeroConf *bool
	if b, ok := p.boolean("zero_conf_enabled"); ok {
		zeroConf = &b
	}
	if p.err != nil {
		return *p.err
	}
	if p.has("exchange_rate_limit") {
		if fail := checkRateLimit(q.payload["exchange_rate_limit"], ""); fail != nil {
			return *fail
		}
	}
	coin := kindTable[kind].currency
	switch {
	case zeroConf != nil && *zeroConf && kind != "BTC" && kind != "BTC_BECH32":
		return badValue("zero_conf_enabled: zero confirmation deposits are available for Bitcoin On-chain only.")
	case hasFee && !hasAmount:
		return badValue("fee_amount: a custom fee needs an amount.")
	case !hasAmount && kind == "BTC_LIGHTNING":
		return badValue("amount: a Lightning invoice needs an amount.")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if lookup(s.st.profiles, profileID) == nil {
		return badValue("profile_id: profile %q does not exist.", profileID)
	}
	now := s.Now()
	inv := &invoice{
		id: uuid.NewString(), kind: kind, profileID: profileID, createdAt: now,
		expires: now.Add(invoiceLifetime), status: invoiceNew, currency: currency, coin: coin,
		rateUSD: rateBySymbol[coin].usd, minConf: minConf, zeroConf: zeroConf, notes: notes,
		passthrough: passthrough,
	}
	if hasAmount {
		invoiced := convert(amount, currency, coin)
		if !invoiced.IsPositive() {
			return badValue("amount: %s %s is less than the smallest %s amount.", amount.String(), currency, coin)
		}
		if hasFee {
			fee = fee.Round(decimalsOf(coin))
			inv.fee = &fee
			invoiced = invoiced.Add(fee)
		}
		inv.requested = &amount
		inv.invoiced = invoiced
	}
	inv.address, inv.xAddress, inv.publicAdr, inv.lightning = s.newAddress(kind)
	s.st.invoices = append(s.st.invoices, inv)
	s.st.invoiceByID[inv.id] = inv
	for _, a := range []string{inv.address, inv.xAddress, inv.publicAdr} {
		if a != "" {
			s.st.byAddress[a] = inv
		}
	}
	if inv.lightning != nil {
		s.st.byAddress[inv.lightning.PaymentRequest] = inv
	}
	return resultReply(inv.view(inv.status))
}
