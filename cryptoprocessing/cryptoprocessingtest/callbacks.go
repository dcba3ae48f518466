package cryptoprocessingtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// ErrNoCallbackURL is the Err of a Delivery made while no callback URL was set;
// the body and signature are still recorded.
var ErrNoCallbackURL = errors.New("cryptoprocessingtest: no callback URL set")

// Delivery is one callback the sandbox sent (or tried to send).
type Delivery struct {
	// URL is where it went; empty when no callback URL was set.
	URL string
	// Body is the exact JSON sent, the bytes the signature covers.
	Body []byte
	// Signature is the X-Processing-Signature header sent with Body.
	Signature string
	// StatusCode is the merchant's HTTP answer (0 when none came).
	StatusCode int
	// Err is the transport error, or ErrNoCallbackURL; a non-200 answer is
	// only reported in StatusCode.
	Err error
	// Type is the callback's "type" (deposit, withdrawal_exchange, invoice, ...).
	Type string
	// Status is the callback's "status" (not_confirmed, confirmed, ...).
	Status string
	// ID is the callback's "id", the record id transactions/info knows.
	ID int64
}

// Delivered reports whether the merchant accepted the callback: the
// provider only stops retrying on a 200.
func (d Delivery) Delivered() bool { return d.Err == nil && d.StatusCode == http.StatusOK }

// outgoing is a rendered, signed callback waiting for s.mu to be released.
type outgoing struct {
	body []byte
	sig  string
	typ  string
	stat string
	id   int64
}

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
	*out = append(*out, outgoing{body: body, sig: sign(s.APISecret, body), typ: cb.Type, stat: cb.Status, id: cb.ID})
}

// deliver sends callbacks in order, one at a time, without holding s.mu,
// and returns what it recorded.
func (s *Server) deliver(out []outgoing) []Delivery {
	var done []Delivery
	for _, o := range out {
		s.mu.Lock()
		url := s.callbackURL
		s.mu.Unlock()
		d := Delivery{URL: url, Body: o.body, Signature: o.sig, Type: o.typ, Status: o.stat, ID: o.id}
		d.StatusCode, d.Err = s.post(url, o.body, o.sig)
		s.mu.Lock()
		s.deliveries = append(s.deliveries, d)
		s.mu.Unlock()
		done = append(done, d)
	}
	return done
}

// post sends one signed callback the way the provider does.
func (s *Server) post(url string, body []byte, sig string) (int, error) {
	if url == "" {
		return 0, ErrNoCallbackURL
	}
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(headerKey, s.APIKey)
	req.Header.Set(headerSignature, sig)
	resp, err := s.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16)) // let the connection be reused
	return resp.StatusCode, nil
}

// Deliveries returns every callback sent so far, oldest first.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivery(nil), s.deliveries...)
}

// Redeliver sends Deliveries()[index] again, with the identical body and
// signature, to the current callback URL, as the provider's at-least-once
// delivery does; the new attempt is appended to Deliveries and returned.
func (s *Server) Redeliver(index int) (Delivery, error) {
	s.mu.Lock()
	if index < 0 || index >= len(s.deliveries) {
		n := len(s.deliveries)
		s.mu.Unlock()
		return Delivery{}, fmt.Errorf("cryptoprocessingtest: no delivery %d (have %d)", index, n)
	}
	prev := s.deliveries[index]
	s.mu.Unlock()
	done := s.deliver([]outgoing{{body: prev.Body, sig: prev.Signature, typ: prev.Type, stat: prev.Status, id: prev.ID}})
	return done[0], nil
}
