package cryptochilltest

import (
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/shopspring/decimal"
)

// Transaction statuses.
const (
	txPending   = "pending"
	txConfirmed = "confirmed"
	txComplete  = "complete"
)

// transaction is an incoming payment to an invoice's address.
type transaction struct {
	id, txid      string
	inv           *invoice
	amount        decimal.Decimal // what arrived, in the invoice's coin
	feeDeducted   decimal.Decimal // the part of the invoice's custom fee charged to this payment
	createdAt     time.Time
	confirmedAt   *time.Time
	confirmations int
	zeroConf      *string // zero_conf_status: nil, or "confirmed" for zero-conf invoices
	credited      bool    // moved from the wallet's pending to available balance
}

// statusFor maps a number of confirmations to the documented transaction status.
func statusFor(confirmations int) string {
	switch {
	case confirmations >= 6:
		return txComplete
	case confirmations >= 1:
		return txConfirmed
	default:
		return txPending
	}
}

// quotedView is a paid amount with its USD quote.
type quotedView struct {
	Amount   string            `json:"amount"`
	Currency string            `json:"currency"`
	Quotes   map[string]string `json:"quotes"`
}

// txAmountView is a transaction's "amount" object; paid_total appears only when the
// invoice has a custom fee, as documented under "Custom Fees".
type txAmountView struct {
	Paid      quotedView  `json:"paid"`
	PaidTotal *quotedView `json:"paid_total,omitempty"`
}

// transactionView is the JSON shape of Get Transaction and of transaction callbacks.
type transactionView struct {
	ID             string                       `json:"id"`
	Kind           string                       `json:"kind"`
	TxID           string                       `json:"txid"`
	Invoice        invoiceSummaryView           `json:"invoice"`
	Amount         txAmountView                 `json:"amount"`
	CurrencyRates  map[string]map[string]string `json:"currency_rates"`
	CreatedAt      string                       `json:"created_at"`
	ExecutedAt     *string                      `json:"executed_at"`
	ConfirmedAt    *string                      `json:"confirmed_at"`
	Confirmations  int                          `json:"confirmations"`
	Status         string                       `json:"status"`
	ZeroConfStatus *string                      `json:"zero_conf_status"`
	Network        string                       `json:"network"`
}

// quoted renders amount of coin with its USD value.
func quoted(amount decimal.Decimal, coin string, rateUSD decimal.Decimal) quotedView {
	return quotedView{
		Amount:   fixed(amount, coin),
		Currency: coin,
		Quotes:   map[string]string{"USD": amount.Mul(rateUSD).StringFixed(2)},
	}
}

// view renders tx; the caller holds s.mu. executed_at (the block or broadcast time on a real
// chain) is the arrival time here.
func (tx *transaction) view() transactionView {
	inv := tx.inv
	created := timestamp(tx.createdAt)
	v := transactionView{
		ID: tx.id, Kind: inv.kind, TxID: tx.txid, Invoice: inv.summary(),
		Amount:        txAmountView{Paid: quoted(tx.amount.Sub(tx.feeDeducted), inv.coin, inv.rateUSD)},
		CurrencyRates: map[string]map[string]string{inv.coin: {"USD": inv.rateUSD.String()}},
		CreatedAt:     created, ExecutedAt: &created, ConfirmedAt: optTimestamp(tx.confirmedAt),
		Confirmations: tx.confirmations, Status: statusFor(tx.confirmations),
		ZeroConfStatus: tx.zeroConf, Network: "testnet",
	}
	if inv.fee != nil {
		total := quoted(tx.amount, inv.coin, inv.rateUSD)
		v.Amount.PaidTotal = &total
	}
	return v
}

// listTransactions answers GET /v1/transactions/ with filters txid, address, invoice_id.
func (s *Server) listTransactions(q *apiRequest) reply {
	txid, address, invoiceID := q.filter("txid"), q.filter("address"), q.filter("invoice_id")
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expireDue()
	items := sandboxkit.NewestFirst(s.st.txs, func(tx *transaction) bool {
		inv := tx.inv
		switch {
		case txid != "" && tx.txid != txid:
			return false
		case invoiceID != "" && inv.id != invoiceID:
			return false
		case address != "" && inv.address != address && inv.xAddress != address && inv.publicAdr != address:
			return false
		}
		return true
	})
	return pageReply(items, q.filter("p"), (*transaction).view)
}

// getTransaction answers GET /v1/transactions/<ID>/.
func (s *Server) getTransaction(q *apiRequest) reply {
	return getByID(s, func() *transaction { return s.st.txByID[q.id] }, (*transaction).view)
}

// confirmationView is one entry of a confirmations answer.
type confirmationView struct {
	ID            string `json:"id"`
	Confirmations int    `json:"confirmations"`
}

// idList reads the {"id": [...]} payload of the confirmations endpoints. At most 1000 ids
// are accepted so a hostile payload cannot make the answer arbitrarily large.
func idList(payload map[string]any) ([]string, *reply) {
	raw, ok := payload["id"].([]any)
	if !ok {
		rep := badValue("id: must be a list of IDs.")
		return nil, &rep
	}
	if len(raw) > 1000 {
		rep := badValue("id: at most 1000 IDs per request.")
		return nil, &rep
	}
	ids := make([]string, 0, len(raw))
	for _, v := range raw {
		id, ok := v.(string)
		if !ok {
			rep := badValue("id: every ID must be a string.")
			return nil, &rep
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// transactionConfirmations answers POST /v1/transactions/confirmations/. Unknown ids are
// left out of the answer rather than failing the whole request.
func (s *Server) transactionConfirmations(q *apiRequest) reply {
	return s.confirmations(q, func(id string) (int, bool) {
		if tx := s.st.txByID[id]; tx != nil {
			return tx.confirmations, true
		}
		return 0, false
	})
}

// confirmations answers a confirmations endpoint: the count of every known id in the
// payload's list, found by count under s.mu; unknown ids are left out.
func (s *Server) confirmations(q *apiRequest, count func(id string) (int, bool)) reply {
	ids, fail := idList(q.payload)
	if fail != nil {
		return *fail
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []confirmationView{}
	for _, id := range ids {
		if n, ok := count(id); ok {
			out = append(out, confirmationView{ID: id, Confirmations: n})
		}
	}
	return resultReply(out)
}
