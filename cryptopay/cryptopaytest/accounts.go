package cryptopaytest

import (
	"encoding/json"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/shopspring/decimal"
)

// account is the merchant's balance in one currency.
type account struct {
	id       string
	currency string
	balance  decimal.Decimal
}

type accountView struct {
	ID        string `json:"id"`
	Balance   amount `json:"balance"`
	Currency  string `json:"currency"`
	ProjectID string `json:"project_id"`
}

// risk is the provider's risk assessment of an address or payment.
type risk struct {
	score    string // a JSON number, e.g. 3.4027
	level    string // low, medium, high
	resource string
	category string
}

type riskView struct {
	Score            json.Number `json:"score"`
	Level            string      `json:"level"`
	ResourceName     *string     `json:"resource_name"`
	ResourceCategory *string     `json:"resource_category"`
}

func (r *risk) view() *riskView {
	if r == nil {
		return nil
	}
	return &riskView{Score: json.Number(r.score), Level: r.level, ResourceName: optStr(r.resource), ResourceCategory: optStr(r.category)}
}

// lowRisk is what every incoming payment and outgoing withdrawal is scored
// unless a simulation says otherwise.
func lowRisk() *risk { return &risk{score: "0.9", level: "low"} }

// txn is one balance movement (the provider's "transaction").
type txn struct {
	id          string
	customID    string // the custom_id of the object it moved money for
	customerID  string // the customer_id of that object, if any
	acct        *account
	amount      decimal.Decimal
	fee         decimal.Decimal
	refID       string
	refType     string
	description string
	status      string // "" renders null
	risk        *risk
	balance     decimal.Decimal
	createdAt   time.Time
}

type txnView struct {
	ID            string    `json:"id"`
	CustomID      *string   `json:"custom_id"`
	CustomerID    *string   `json:"customer_id"`
	Amount        amount    `json:"amount"`
	Currency      string    `json:"currency"`
	Fee           amount    `json:"fee"`
	FeeCurrency   string    `json:"fee_currency"`
	ReferenceID   string    `json:"reference_id"`
	ReferenceType string    `json:"reference_type"`
	Description   string    `json:"description"`
	Status        *string   `json:"status"`
	StatusContext *string   `json:"status_context"`
	Risk          *riskView `json:"risk"`
	Balance       amount    `json:"balance"`
	CreatedAt     stamp     `json:"created_at"`
}

func (t *txn) view() txnView {
	return txnView{ID: t.id, CustomID: optStr(t.customID), CustomerID: optStr(t.customerID), Amount: amt(t.amount), Currency: t.acct.currency, Fee: amt(t.fee), FeeCurrency: t.acct.currency,
		ReferenceID: t.refID, ReferenceType: t.refType, Description: t.description, Status: optStr(t.status),
		Risk: t.risk.view(), Balance: amt(t.balance), CreatedAt: atZ(t.createdAt)}
}

// referenceTypes are the transaction reference types the notes list.
var referenceTypes = []string{"BankDeposit", "BankWithdrawal", "ChannelPayment", "CoinDeposit", "CoinWithdrawal",
	"ExchangeTransfer", "Invoice", "InvoiceRefund", "ManualBalanceTransaction"}

// ledgerEntry is a balance movement to record.
type ledgerEntry struct {
	acct        *account
	amount      decimal.Decimal // signed
	fee         decimal.Decimal
	refType     string
	refID       string
	customID    string
	description string
	risk        *risk
	now         time.Time
	noStatus    bool // status null, as some provider transactions have
}

// accountLocked returns the account of a currency, opening it when needed.
func (s *Server) accountLocked(currency string) *account {
	for _, a := range s.st.accounts {
		if a.currency == currency {
			return a
		}
	}
	a := &account{id: newID(), currency: currency}
	s.st.accounts = append(s.st.accounts, a)
	return a
}

// ledgerLocked moves a balance and records the transaction.
func (s *Server) ledgerLocked(e ledgerEntry) *txn {
	e.acct.balance = e.acct.balance.Add(e.amount)
	t := &txn{id: newID(), customID: e.customID, acct: e.acct, amount: e.amount, fee: e.fee, refID: e.refID, refType: e.refType,
		description: e.description, risk: e.risk, balance: e.acct.balance, createdAt: e.now, status: "completed"}
	if e.noStatus {
		t.status = ""
	}
	if t.refID == "" {
		t.refID = t.id
	}
	s.st.txns = append(s.st.txns, t)
	return t
}

// listAccounts serves GET /api/accounts.
func (s *Server) listAccounts(c *call) sandboxkit.Reply {
	views := make([]accountView, len(s.st.accounts))
	for i, a := range s.st.accounts {
		views[i] = accountView{ID: a.id, Balance: amt(a.balance), Currency: a.currency, ProjectID: s.st.projectID}
	}
	return listReply(views, listMeta{Total: len(views)})
}

// listAccountTransactions serves GET /api/accounts/{id}/transactions.
func (s *Server) listAccountTransactions(c *call) sandboxkit.Reply {
	var acct *account
	for _, a := range s.st.accounts {
		if a.id == c.args["id"] {
			acct = a
		}
	}
	if acct == nil {
		return notFound("Account")
	}
	return listOf(s, c, s.st.txns, func(t *txn) bool { return t.acct == acct }, txnID, (*txn).view)
}

func txnID(t *txn) string { return t.id }

// parseTime reads a created_at_from/created_at_to filter: RFC 3339 or a date.
func parseTime(v string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// listTransactions serves GET /api/transactions with the filters
// created_at_from, created_at_to, reference_type, currency, status,
// risk_level and starting_after.
func (s *Server) listTransactions(c *call) sandboxkit.Reply {
	q := c.query
	p := &params{}
	var from, to time.Time
	for key, dst := range map[string]*time.Time{"created_at_from": &from, "created_at_to": &to} {
		if v := q.Get(key); v != "" {
			t, ok := parseTime(v)
			if !ok {
				p.fail("invalid", key, "is not a valid date", nil)
			}
			*dst = t
		}
	}
	refType, cur, status, level := q.Get("reference_type"), q.Get("currency"), q.Get("status"), q.Get("risk_level")
	if refType != "" {
		p.included("reference_type", refType, referenceTypes)
	}
	if level != "" {
		p.included("risk_level", level, []string{"low", "medium", "high"})
	}
	if !p.ok() {
		return p.reply()
	}
	keep := func(t *txn) bool {
		switch {
		case !from.IsZero() && t.createdAt.Before(from),
			!to.IsZero() && t.createdAt.After(to),
			refType != "" && t.refType != refType,
			cur != "" && t.acct.currency != cur,
			status != "" && t.status != status,
			level != "" && (t.risk == nil || t.risk.level != level):
			return false
		}
		return true
	}
	return listOf(s, c, s.st.txns, keep, txnID, (*txn).view)
}
