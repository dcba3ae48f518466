package cryptoprocessingtest

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
)

// ErrNoCallbackURL is the Err of a Delivery made while no callback URL was set;
// the body and signature are still recorded.
var ErrNoCallbackURL = sandboxkit.ErrNoCallbackURL

// Delivery is one callback the sandbox sent (or tried to send): ID names it
// for Redeliver (a redelivery repeats it, with Attempt counting up), Type and
// Status are the callback's "type" (deposit, withdrawal_exchange, invoice, …)
// and "status" (not_confirmed, confirmed, …), ObjectID its "id" (the record
// id transactions/info knows), Body the exact JSON sent (the bytes the
// signature covers), Header what was sent with it (X-Processing-Signature),
// StatusCode the merchant's answer. Delivered reports a 2xx answer; the
// provider itself only stops retrying on a 200.
type Delivery = sandboxkit.Delivery

// outgoing is a rendered, signed callback waiting for s.mu to be released.
type outgoing = sandboxkit.Notification

// record is anything transactions/info can return and callbacks describe.
type record interface {
	recordID() int64
	rootForeignID() string
	hasTxid(txid string) bool
	callback() callbackJSON
}

// callbackJSON is the provider's callback (and transactions/info) shape.
type callbackJSON struct {
	ID               int64        `json:"id"`
	ForeignID        string       `json:"foreign_id,omitempty"`
	EndUserReference string       `json:"end_user_reference,omitempty"`
	Type             string       `json:"type"`
	CryptoAddress    *addressJSON `json:"crypto_address,omitempty"`
	CurrencySent     sentJSON     `json:"currency_sent"`
	CurrencyReceived receivedJSON `json:"currency_received"`
	Transactions     []innerTx    `json:"transactions"`
	Fees             []feeJSON    `json:"fees"`
	Error            any          `json:"error"` // string, or nil for null in invoice callbacks
	Status           string       `json:"status"`
	FixedAt          *int64       `json:"fixed_at,omitempty"`
	ExpiresAt        *int64       `json:"expires_at,omitempty"`
}

// addressJSON is crypto_address. Tag is a number (XRP deposits), a string or nil.
type addressJSON struct {
	ID        int64  `json:"id"`
	Currency  string `json:"currency"`
	ConvertTo string `json:"convert_to,omitempty"`
	Address   string `json:"address"`
	Tag       any    `json:"tag"`
	ForeignID string `json:"foreign_id,omitempty"`
}

type sentJSON struct {
	Currency        string `json:"currency"`
	Amount          money  `json:"amount"`
	AmountMinusFee  *money `json:"amount_minus_fee,omitempty"`
	RemainingAmount *money `json:"remaining_amount,omitempty"`
}

type receivedJSON struct {
	Currency       string `json:"currency"`
	Amount         money  `json:"amount"`
	AmountMinusFee *money `json:"amount_minus_fee,omitempty"`
}

type feeJSON struct {
	Type     string `json:"type"`
	Currency string `json:"currency"`
	Amount   money  `json:"amount"`
}

// innerTx is one entry of transactions[]. Blockchain entries carry address,
// tag, txid and confirmations; exchange entries carry currency_to and
// amount_to instead, as in the provider's examples.
type innerTx struct {
	id            int64
	currency      string
	currencyTo    string // exchange entries
	exchange      bool
	typ           string // deposit, withdrawal, exchange
	address       string
	tag           any
	amount        money
	amountTo      money
	txid          string // "" renders null (not yet on chain)
	riskscore     string
	confirmations any // int for deposits, string for withdrawals and invoices
}

// MarshalJSON implements json.Marshaler, fixing the field order and which
// fields each kind of entry has.
func (t innerTx) MarshalJSON() ([]byte, error) {
	if t.exchange {
		return json.Marshal(struct {
			ID              int64  `json:"id"`
			Currency        string `json:"currency"`
			CurrencyTo      string `json:"currency_to"`
			TransactionType string `json:"transaction_type"`
			Type            string `json:"type"`
			Amount          money  `json:"amount"`
			AmountTo        money  `json:"amount_to"`
		}{t.id, t.currency, t.currencyTo, "exchange", "exchange", t.amount, t.amountTo})
	}
	var txid any
	if t.txid != "" {
		txid = t.txid
	}
	return json.Marshal(struct {
		ID              int64  `json:"id"`
		Currency        string `json:"currency"`
		TransactionType string `json:"transaction_type"`
		Type            string `json:"type"`
		Address         string `json:"address"`
		Tag             any    `json:"tag"`
		Amount          money  `json:"amount"`
		Txid            any    `json:"txid"`
		Riskscore       string `json:"riskscore,omitempty"`
		Confirmations   any    `json:"confirmations"`
	}{t.id, t.currency, "blockchain", t.typ, t.address, t.tag, t.amount, txid, t.riskscore, t.confirmations})
}

// render is a record's callback with empty lists as [] rather than null,
// as the provider sends them.
func render(r record) callbackJSON {
	cb := r.callback()
	if cb.Transactions == nil {
		cb.Transactions = []innerTx{}
	}
	if cb.Fees == nil {
		cb.Fees = []feeJSON{}
	}
	return cb
}

// queueLocked renders and signs a record's callback as it is now, to be
// delivered after the lock is released. Rendering under the lock gives each
// callback a consistent snapshot.
func (s *Server) queueLocked(out *[]outgoing, r record) {
	cb := render(r)
	body, err := json.Marshal(cb)
	if err != nil { // our own types always encode; keep going rather than panic
		return
	}
	*out = append(*out, outgoing{Type: cb.Type, Status: cb.Status, ObjectID: strconv.FormatInt(cb.ID, 10), Body: body,
		Header: http.Header{headerKey: {s.APIKey}, headerSignature: {sign(s.APISecret, body)}}})
}

// confirmationsOf is the confirmations an invoice or withdrawal callback
// shows (a string, as in the provider's examples): one once confirmed.
func confirmationsOf(status string) string {
	if status == "confirmed" {
		return "1"
	}
	return "0"
}
