package channelstest

import (
	"crypto/sha512"
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/shopspring/decimal"
)

// coin is the sandbox's own view of a currency: its network name in
// callbacks, its decimals, and which address family it shares.
type coin struct {
	network  string
	decimals int32
	family   string // "evm" for every EVM chain: one address per customer
}

var coins = map[string]coin{
	"BNB": {"BSC", 18, "evm"}, "bUSDT": {"BSC", 18, "evm"}, "BTC": {"BTC", 8, "btc"},
	"ETH": {"ETH", 18, "evm"}, "eUSDC": {"ETH", 6, "evm"}, "eUSDT": {"ETH", 6, "evm"},
	"FTN": {"FTN", 18, "evm"}, "POL": {"POLYGON", 18, "evm"}, "pUSDC": {"POLYGON", 6, "evm"},
	"SOL": {"SOLANA", 9, "sol"}, "sUSDT": {"SOLANA", 6, "sol"}, "tUSDC": {"TRON", 6, "tron"},
	"tUSDT": {"TRON", 6, "tron"}, "wpUSDC": {"POLYGON", 6, "evm"}, "wpUSDT": {"POLYGON", 6, "evm"},
}

// address is a customer's deposit address in one family.
type address struct {
	text, customer, family string
	currency               string // the currency last asked for
}

// transaction is a deposit or withdrawal.
type transaction struct {
	id, kind, status  string
	amount            string // as sent: the hash covers this text
	currency          string
	customer, orderID string
	invoiceID, appID  string
	address, txHash   string
	reason            string
	value             decimal.Decimal
}

// invoice is a hosted checkout invoice (v1 floating, v2 fixed) or the
// invoice a withdrawal is linked to.
type invoice struct {
	id, customer, base, orderID, appID string
	amount                             string
	version                            int
	withdrawal                         string // the linked withdrawal's id
	open                               bool
	expired                            bool // ExpireInvoice: no more payments
}

// wire is the transaction as the API and callbacks show it: every value a
// string, only the published field names (no destination address: it is
// not among them).
func (t *transaction) wire(withHash bool, secret string) map[string]any {
	net := coins[t.currency].network
	m := map[string]any{
		"id": t.id, "type": t.kind, "status": t.status, "amount": t.amount, "currency": t.currency,
		"customerId": t.customer, "orderId": t.orderID, "invoiceId": t.invoiceID, "applicationId": t.appID,
		"network": net, "transactionHash": t.txHash,
		"info": map[string]string{"exchangeRate": "1", "referenceAmount": t.amount, "referenceCurrency": t.currency,
			"referenceExchangeRate": "1", "transactionAmount": t.amount, "transactionCurrency": t.currency},
		"fees": map[string]string{"processing": "0", "technical": "0"},
		"eur":  t.amount, "usd": t.amount,
	}
	if withHash {
		m["callbackType"] = "transaction"
		m["hash"] = callbackHash(t.id, t.customer, t.amount, t.currency, secret)
	}
	if t.customer == "" {
		m["customerId"] = nil
	}
	return m
}

// callbackHash is the provider's callback hash, written here from the
// documentation and not shared with the client package:
// base64(SHA-512("{id}.{customerId}.{amount}.{currency}.{secretKey}")),
// "N/A" standing in for a missing customerId.
func callbackHash(id, customer, amount, currency, secret string) string {
	if customer == "" {
		customer = "N/A"
	}
	sum := sha512.Sum512([]byte(id + "." + customer + "." + amount + "." + currency + "." + secret))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// newAddressLocked makes an address of a family.
func (s *Server) newAddressLocked(family string) string {
	h := sandboxkit.RandomHex(20)
	switch family {
	case "evm":
		return "0x" + h
	case "btc":
		return "tb1q" + h[:38]
	case "tron":
		return "T" + strings.ToUpper(h[:1]) + base58ish(h)[:32]
	default:
		return base58ish(h + sandboxkit.RandomHex(4))[:44]
	}
}

func base58ish(h string) string {
	const alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
	var b strings.Builder
	for i := 0; i < len(h); i++ {
		b.WriteByte(alphabet[int(h[i])*7%len(alphabet)])
		b.WriteByte(alphabet[(int(h[i])+i)%len(alphabet)])
	}
	return b.String()
}

// channel returns (creating it on first use) a customer's address for a
// currency: the same for the same customer, and on EVM chains the same for
// every EVM currency.
func (s *Server) channel(customer, currency string) string {
	family := coins[currency].family
	s.mu.Lock()
	defer s.mu.Unlock()
	key := customer + "\x00" + family
	if a := s.addrs[key]; a != nil {
		a.currency = currency
		return a.text
	}
	a := &address{text: s.newAddressLocked(family), customer: customer, family: family, currency: currency}
	s.addrs[key] = a
	s.addrByText[a.text] = a
	return a.text
}

func (s *Server) createChannel(w http.ResponseWriter, body map[string]rawValue) {
	currency, customer, okay := channelParams(w, body)
	if !okay {
		return
	}
	addr := s.channel(customer, currency)
	ok(w, http.StatusCreated, map[string]string{"address": addr, "qrCodeURL": "https://sandbox.invalid/qr/" + addr,
		"qrCode": "data:image/png;base64,iVBORw0KGgo="})
}

// walletAddress is the older call: "data" is the address itself.
func (s *Server) walletAddress(w http.ResponseWriter, body map[string]rawValue) {
	currency, customer, okay := channelParams(w, body)
	if !okay {
		return
	}
	addr := s.channel(customer, currency)
	sandboxkit.JSON(http.StatusCreated, map[string]any{"success": true, "data": addr, "qrCodeURL": "https://sandbox.invalid/qr/" + addr}).Write(w)
}

func channelParams(w http.ResponseWriter, body map[string]rawValue) (string, string, bool) {
	currency, good := text(body, "currency")
	if _, known := coins[currency]; !good || !known {
		failField(w, http.StatusBadRequest, "VALIDATION_ERROR", "currency", "currency must be one of the supported currencies")
		return "", "", false
	}
	customer, good := required(w, body, "customerId")
	return currency, customer, good
}

func (s *Server) getTransaction(w http.ResponseWriter, id string) {
	s.mu.Lock()
	t := s.txs[id]
	var data map[string]any
	if t != nil {
		data = t.wire(false, "")
	}
	s.mu.Unlock()
	if t == nil {
		fail(w, http.StatusNotFound, "TRANSACTION_NOT_FOUND", "Transaction not found")
		return
	}
	ok(w, http.StatusOK, data)
}

// createWithdrawal makes a withdrawal (or answers the one made for the same
// orderId). On a demo account it fails at once for lack of funds and its
// failed callback goes out before the answer; simulate (or CompletePayout)
// confirms it later.
func (s *Server) createWithdrawal(w http.ResponseWriter, body map[string]rawValue) {
	if !onlyFields(w, body, "amount", "currency", "customerId", "address", "orderId", "applicationId") {
		return
	}
	currency, good := text(body, "currency")
	c, known := coins[currency]
	if !good || !known {
		failField(w, http.StatusBadRequest, "VALIDATION_ERROR", "currency", "currency must be one of the supported currencies")
		return
	}
	amt, value, good := amountField(w, body, c.decimals)
	if !good {
		return
	}
	customer, good := required(w, body, "customerId")
	if !good {
		return
	}
	addr, good := required(w, body, "address")
	if !good {
		return
	}
	orderID, good3 := text(body, "orderId")
	appID, good4 := text(body, "applicationId")
	if !good3 || !good4 {
		fail(w, http.StatusBadRequest, "VALIDATION_ERROR", "orderId and applicationId must be strings")
		return
	}
	s.mu.Lock()
	if id, seen := s.byOrder[orderID]; orderID != "" && seen {
		data := s.withdrawalAnswerLocked(s.txs[id])
		s.mu.Unlock()
		ok(w, http.StatusCreated, data)
		return
	}
	t := &transaction{id: s.nextIDLocked(), kind: "withdrawal", status: "processing", amount: amt, value: value,
		currency: currency, customer: customer, orderID: orderID, appID: appID, address: addr}
	inv := &invoice{id: s.nextIDLocked(), customer: customer, base: currency, amount: amt, orderID: orderID, appID: appID, withdrawal: t.id}
	t.invoiceID = inv.id
	s.invoices[inv.id] = inv
	s.addTxLocked(t)
	if orderID != "" {
		s.byOrder[orderID] = t.id
	}
	var notes []sandboxkit.Notification
	if !s.live {
		t.status, t.reason = "failed", "Insufficient funds"
		notes = append(notes, s.noteLocked(t))
	} else if s.processing {
		notes = append(notes, s.noteLocked(t))
	}
	data := s.withdrawalAnswerLocked(t)
	s.mu.Unlock()
	sandboxkit.DeliverAll(s.kit, notes)
	ok(w, http.StatusCreated, data)
}

// withdrawalAnswerLocked is the "data" of a withdrawal answer: the whole
// transaction, or {"id", "status"} when the answer is to be minimal.
func (s *Server) withdrawalAnswerLocked(t *transaction) map[string]any {
	if s.minimalLocked() {
		return map[string]any{"id": t.id, "status": t.status}
	}
	return t.wire(false, "")
}

func (s *Server) addTxLocked(t *transaction) {
	s.txs[t.id] = t
	s.txOrder = append(s.txOrder, t.id)
}

// createInvoice makes a v1 (floating, one open per customer) or v2 (fixed)
// invoice.
func (s *Server) createInvoice(w http.ResponseWriter, body map[string]rawValue, version int) {
	if !onlyFields(w, body, "customerId", "amount", "baseCurrency", "orderId", "applicationId", "displayCurrencies", "redirectUrl") {
		return
	}
	customer, good := required(w, body, "customerId")
	if !good {
		return
	}
	base, good := required(w, body, "baseCurrency")
	if !good {
		return
	}
	amt, _, good := amountField(w, body, 18)
	if !good {
		return
	}
	orderID, _ := text(body, "orderId")
	appID, _ := text(body, "applicationId")
	s.mu.Lock()
	if version == 1 {
		for _, inv := range s.invoices {
			if inv.version == 1 && inv.open && inv.customer == customer {
				s.mu.Unlock()
				fail(w, http.StatusUnprocessableEntity, "INVOICE_ALREADY_OPEN", "The customer already has an open invoice")
				return
			}
		}
	}
	inv := &invoice{id: s.nextIDLocked(), customer: customer, base: base, amount: amt, orderID: orderID, appID: appID, version: version, open: true}
	s.invoices[inv.id] = inv
	s.mu.Unlock()
	ok(w, http.StatusCreated, map[string]any{"id": inv.id, "url": "https://checkout.sandbox.invalid/invoice/" + inv.id,
		"status": "created", "amount": amt, "baseCurrency": base, "customerId": customer, "orderId": orderID})
}

// simulate settles the transaction of an invoice (a withdrawal's linked
// invoice, or a checkout invoice, which gets a deposit) and sends its
// callback. Demo accounts only.
func (s *Server) simulate(w http.ResponseWriter, body map[string]rawValue) {
	if s.live {
		fail(w, http.StatusBadRequest, "NOT_DEMO_ACCOUNT", "Simulation is available for demo accounts only")
		return
	}
	if !onlyFields(w, body, "amount", "invoiceId", "status") {
		return
	}
	invID, _ := text(body, "invoiceId")
	status, _ := text(body, "status")
	if status != "confirmed" && status != "failed" {
		failField(w, http.StatusBadRequest, "VALIDATION_ERROR", "status", "status must be one of: confirmed, failed")
		return
	}
	amt, value, good := amountField(w, body, 18)
	if !good {
		return
	}
	_, err := s.settleInvoice(invID, amt, value, status)
	if err != nil {
		fail(w, http.StatusNotFound, "INVOICE_NOT_FOUND", "Invoice not found")
		return
	}
	ok(w, http.StatusCreated, map[string]any{"invoiceId": invID, "status": status})
}
