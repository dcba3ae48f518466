package cryptoprocessing

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Transaction types, as in the "type" of callbacks and transactions/info.
const (
	TypeDeposit            = "deposit"
	TypeDepositExchange    = "deposit_exchange"
	TypeWithdrawal         = "withdrawal"
	TypeWithdrawalExchange = "withdrawal_exchange"
	TypeExchange           = "exchange"
	TypeInvoice            = "invoice"
)

// withForeignID returns id, or a new UUID when it is empty: every call that
// creates an object or moves money carries a foreign_id (the API's dedupe
// key), so that it is retried safely and can be found again with
// Transactions.FindByReference.
func withForeignID(id string) string {
	if id == "" {
		return uuid.NewString()
	}
	return id
}

// createByForeignID sends k, a create carrying the foreign_id k.Reference,
// and settles it with s (apicall.Create); an answer that leaves the
// foreign_id out is given the one sent (foreignID points at the model's).
func createByForeignID[T any](ctx context.Context, c *Client, k *apicall.Call, s apicall.Settlement[T], foreignID func(*T) *string) (*T, error) {
	v, err := apicall.Create(ctx, c.pipe, k, s)
	if err != nil {
		return nil, err
	}
	if id := foreignID(v); *id == "" {
		*id = k.Reference
	}
	return v, nil
}

// TransactionsService looks transactions up.
type TransactionsService service

// Transaction is a deposit, withdrawal, exchange or invoice as callbacks
// and transactions/info describe it (the same shape for both).
//
// Deposits carry the customer's foreign_id inside CryptoAddress;
// withdrawals, exchanges and invoices carry the merchant's at the root:
// Reference returns whichever is set.
type Transaction struct {
	// ID is the provider's id of the deposit, withdrawal, exchange or invoice.
	ID string `json:"id"`
	// ForeignID is the merchant's reference of a withdrawal, exchange or invoice.
	ForeignID string `json:"foreign_id,omitempty"`
	// EndUserReference identifies the merchant's customer, when it was sent.
	EndUserReference string `json:"end_user_reference,omitempty"`
	// Type is deposit, deposit_exchange, withdrawal, withdrawal_exchange,
	// exchange or invoice.
	Type string `json:"type"`
	// CryptoAddress is the deposit address, or a withdrawal's destination.
	CryptoAddress CryptoAddress `json:"crypto_address"`
	// CurrencySent is what the payer sent (deposits, invoices) or what left
	// the merchant's balance (withdrawals with exchange).
	CurrencySent CurrencyAmount `json:"currency_sent"`
	// CurrencyReceived is what the merchant received (deposits, invoices) or
	// what the payee received (withdrawals with exchange).
	CurrencyReceived CurrencyAmount `json:"currency_received"`
	// Transactions are the blockchain, internal and exchange legs.
	Transactions []TransactionEntry `json:"transactions"`
	// Fees are the fees charged.
	Fees []Fee `json:"fees"`
	// Error says why a transaction was cancelled, declined or failed.
	Error string `json:"error"`
	// Status is the provider's status (see the TransactionStatus constants
	// and Normalized).
	Status TransactionStatus `json:"status"`
	// FixedAt is when an invoice's rate was fixed, if it was.
	FixedAt time.Time `json:"fixed_at,omitzero"`
	// ExpiresAt is when an invoice's payment window closes, if it has one.
	ExpiresAt time.Time `json:"expires_at,omitzero"`
	// Raw is the JSON as received.
	Raw json.RawMessage `json:"-"`
}

// transactionWire is Transaction as the API writes it: every documented spelling.
type transactionWire struct {
	ID               decjson.String         `json:"id"`
	ForeignID        decjson.String         `json:"foreign_id"`
	EndUserReference decjson.String         `json:"end_user_reference"`
	Type             decjson.String         `json:"type"`
	CryptoAddress    cryptoAddressWire      `json:"crypto_address"`
	CurrencySent     currencyAmountWire     `json:"currency_sent"`
	CurrencyReceived currencyAmountWire     `json:"currency_received"`
	Transactions     []transactionEntryWire `json:"transactions"`
	Fees             []feeWire              `json:"fees"`
	Error            looseText              `json:"error"`
	Status           decjson.String         `json:"status"`
	FixedAt          unixTime               `json:"fixed_at"`
	ExpiresAt        unixTime               `json:"expires_at"`
}

func (w *transactionWire) model(b json.RawMessage) (t Transaction) {
	t = Transaction{
		ID: string(w.ID), ForeignID: string(w.ForeignID), EndUserReference: string(w.EndUserReference),
		Type: string(w.Type), CryptoAddress: w.CryptoAddress.model(nil), CurrencySent: w.CurrencySent.model(nil),
		CurrencyReceived: w.CurrencyReceived.model(nil), Transactions: models[TransactionEntry](w.Transactions), Fees: models[Fee](w.Fees),
		Error: string(w.Error), Status: TransactionStatus(w.Status), FixedAt: w.FixedAt.Time, ExpiresAt: w.ExpiresAt.Time,
		Raw: b,
	}
	return t
}

// UnmarshalJSON reads a callback or transactions/info answer leniently.
func (t *Transaction) UnmarshalJSON(b []byte) error {
	return unmarshalWire[Transaction, transactionWire](copyRaw(b), t)
}

// decodeRaw is the pipeline's decode: Raw is raw itself, not a copy.
func (t *Transaction) decodeRaw(raw []byte) error {
	return decodeWire[Transaction, transactionWire](raw, t)
}

// Reference returns the merchant's reference: the root foreign_id
// (withdrawals, exchanges, invoices) or the address's (deposits: the customer).
func (t *Transaction) Reference() string {
	if t.ForeignID != "" {
		return t.ForeignID
	}
	return t.CryptoAddress.ForeignID
}

// IsDeposit reports whether t is a deposit, with or without exchange.
func (t *Transaction) IsDeposit() bool { return t.Type == TypeDeposit || t.Type == TypeDepositExchange }

// IsWithdrawal reports whether t is a withdrawal, with or without exchange.
func (t *Transaction) IsWithdrawal() bool {
	return t.Type == TypeWithdrawal || t.Type == TypeWithdrawalExchange
}

// Confirmations is the lowest confirmation count of t's blockchain and
// internal legs (0 when it has none).
func (t *Transaction) Confirmations() int {
	n, seen := 0, false
	for _, e := range t.Transactions {
		if e.TransactionType == "exchange" {
			continue
		}
		if !seen || e.Confirmations < n {
			n, seen = e.Confirmations, true
		}
	}
	return n
}

// TxID is the blockchain hash of t's first on-chain leg, once there is one.
func (t *Transaction) TxID() string {
	for _, e := range t.Transactions {
		if e.TxID != "" && e.TransactionType != "exchange" {
			return e.TxID
		}
	}
	return ""
}

// CryptoAddress is the address a transaction went to.
type CryptoAddress struct {
	// ID is the provider's id of the address.
	ID string `json:"id"`
	// Currency is the currency the address receives.
	Currency string `json:"currency"`
	// ConvertTo is the currency deposits are converted to, if any.
	ConvertTo string `json:"convert_to,omitempty"`
	// Address is the address.
	Address string `json:"address"`
	// Tag is the destination tag or memo, if the currency uses one.
	Tag string `json:"tag,omitempty"`
	// ForeignID is the customer reference given to addresses/take (deposits).
	ForeignID string `json:"foreign_id,omitempty"`
}

// cryptoAddressWire is CryptoAddress as the API writes it: every documented spelling.
type cryptoAddressWire struct {
	ID        decjson.String `json:"id"`
	Currency  decjson.String `json:"currency"`
	ConvertTo decjson.String `json:"convert_to"`
	Address   decjson.String `json:"address"`
	Tag       decjson.String `json:"tag"`
	ForeignID decjson.String `json:"foreign_id"`
}

func (w *cryptoAddressWire) model(b json.RawMessage) (a CryptoAddress) {
	a = CryptoAddress{ID: string(w.ID), Currency: string(w.Currency), ConvertTo: string(w.ConvertTo),
		Address: string(w.Address), Tag: string(w.Tag), ForeignID: string(w.ForeignID)}
	return a
}

// UnmarshalJSON reads crypto_address leniently (tags and ids as numbers or strings).
func (a *CryptoAddress) UnmarshalJSON(b []byte) error {
	return unmarshalWire[CryptoAddress, cryptoAddressWire](b, a)
}

// CurrencyAmount is an amount in a currency, as currency_sent and
// currency_received carry it.
type CurrencyAmount struct {
	// Currency is the currency code.
	Currency string `json:"currency"`
	// Amount is the amount.
	Amount decimal.Decimal `json:"amount"`
	// AmountMinusFee is the amount after fees, when given.
	AmountMinusFee decimal.Decimal `json:"amount_minus_fee"`
	// RemainingAmount is what an invoice's payer still owes, when given.
	RemainingAmount decimal.Decimal `json:"remaining_amount"`
}

// currencyAmountWire is CurrencyAmount as the API writes it: every documented spelling.
type currencyAmountWire struct {
	Currency        decjson.String  `json:"currency"`
	Amount          decjson.Lenient `json:"amount"`
	AmountMinusFee  decjson.Lenient `json:"amount_minus_fee"`
	RemainingAmount decjson.Lenient `json:"remaining_amount"`
}

func (w *currencyAmountWire) model(b json.RawMessage) (m CurrencyAmount) {
	m = CurrencyAmount{Currency: string(w.Currency), Amount: w.Amount.Decimal,
		AmountMinusFee: w.AmountMinusFee.Decimal, RemainingAmount: w.RemainingAmount.Decimal}
	return m
}

// UnmarshalJSON reads amounts given as numbers, strings, "" or null.
func (m *CurrencyAmount) UnmarshalJSON(b []byte) error {
	return unmarshalWire[CurrencyAmount, currencyAmountWire](b, m)
}

// Money returns the amount as payments.Money.
func (m CurrencyAmount) Money() payments.Money {
	return payments.Money{Amount: m.Amount, Currency: m.Currency}
}

// TransactionEntry is one leg of a transaction: a blockchain or internal
// transfer (address, tag, txid, confirmations) or an exchange (currency_to,
// amount_to).
type TransactionEntry struct {
	// ID is the provider's id of the leg.
	ID string `json:"id"`
	// Currency is the leg's currency (the one sold, for an exchange).
	Currency string `json:"currency"`
	// CurrencyTo is the currency bought, for an exchange leg.
	CurrencyTo string `json:"currency_to,omitempty"`
	// TransactionType is blockchain, internal or exchange.
	TransactionType string `json:"transaction_type"`
	// Type is deposit, withdrawal or exchange.
	Type string `json:"type"`
	// Address is the on-chain address.
	Address string `json:"address,omitempty"`
	// Tag is the destination tag or memo, if any.
	Tag string `json:"tag,omitempty"`
	// Amount is the amount moved (sold, for an exchange).
	Amount decimal.Decimal `json:"amount"`
	// AmountTo is the amount bought, for an exchange leg.
	AmountTo decimal.Decimal `json:"amount_to"`
	// TxID is the blockchain hash; empty until broadcast.
	TxID string `json:"txid,omitempty"`
	// RiskScore is the compliance risk score, when given.
	RiskScore string `json:"riskscore,omitempty"`
	// Confirmations is the confirmation count.
	Confirmations int `json:"confirmations"`
}

// transactionEntryWire is TransactionEntry as the API writes it: every documented spelling.
type transactionEntryWire struct {
	ID              decjson.String  `json:"id"`
	Currency        decjson.String  `json:"currency"`
	CurrencyTo      decjson.String  `json:"currency_to"`
	TransactionType decjson.String  `json:"transaction_type"`
	Type            decjson.String  `json:"type"`
	Address         decjson.String  `json:"address"`
	Tag             decjson.String  `json:"tag"`
	Amount          decjson.Lenient `json:"amount"`
	AmountTo        decjson.Lenient `json:"amount_to"`
	TxID            decjson.String  `json:"txid"`
	RiskScore       decjson.String  `json:"riskscore"`
	Confirmations   decjson.Int     `json:"confirmations"`
}

func (w *transactionEntryWire) model(b json.RawMessage) (e TransactionEntry) {
	e = TransactionEntry{ID: string(w.ID), Currency: string(w.Currency), CurrencyTo: string(w.CurrencyTo),
		TransactionType: string(w.TransactionType), Type: string(w.Type), Address: string(w.Address),
		Tag: string(w.Tag), Amount: w.Amount.Decimal, AmountTo: w.AmountTo.Decimal, TxID: string(w.TxID),
		RiskScore: string(w.RiskScore), Confirmations: max(int(w.Confirmations), 0)}
	return e
}

// UnmarshalJSON reads a leg leniently.
func (e *TransactionEntry) UnmarshalJSON(b []byte) error {
	return unmarshalWire[TransactionEntry, transactionEntryWire](b, e)
}

// Fee is one fee charged on a transaction.
type Fee struct {
	// Type names the fee (deposit, mining, exchange, fee_crypto_deposit, …).
	Type string `json:"type"`
	// Currency is the fee's currency.
	Currency string `json:"currency"`
	// Amount is the fee.
	Amount decimal.Decimal `json:"amount"`
}

// feeWire is Fee as the API writes it: every documented spelling.
type feeWire struct {
	Type     decjson.String  `json:"type"`
	Currency decjson.String  `json:"currency"`
	Amount   decjson.Lenient `json:"amount"`
}

func (w *feeWire) model(b json.RawMessage) (f Fee) {
	f = Fee{Type: string(w.Type), Currency: string(w.Currency), Amount: w.Amount.Decimal}
	return f
}

// UnmarshalJSON reads a fee leniently.
func (f *Fee) UnmarshalJSON(b []byte) error {
	return unmarshalWire[Fee, feeWire](b, f)
}

// TransactionQuery selects one transaction: set exactly one field.
type TransactionQuery struct {
	// ID is the provider's id (a number) of a deposit, withdrawal, exchange or invoice.
	ID string
	// ForeignID is the merchant's reference of a withdrawal, exchange or invoice.
	ForeignID string
	// TxID is a blockchain hash.
	TxID string
}

// transactionQueryBody is the signed JSON body; the id goes out as a number,
// as documented.
type transactionQueryBody struct {
	ID        json.Number `json:"id,omitempty"`
	ForeignID string      `json:"foreign_id,omitempty"`
	TxID      string      `json:"txid,omitempty"`
}

func (q *TransactionQuery) validate() error {
	if q == nil {
		return &payments.ValidationError{Field: "id", Reason: "one of id, foreign_id or txid is required"}
	}
	set := 0
	for _, f := range []struct{ name, v string }{{"id", q.ID}, {"foreign_id", q.ForeignID}, {"txid", q.TxID}} {
		if strings.TrimSpace(f.v) == "" {
			continue
		}
		if set++; set > 1 {
			return &payments.ValidationError{Field: f.name, Reason: "only one of id, foreign_id or txid may be set"}
		}
	}
	if set == 0 {
		return &payments.ValidationError{Field: "id", Reason: "one of id, foreign_id or txid is required"}
	}
	if q.ID != "" && !isDigits(q.ID) {
		return &payments.ValidationError{Field: "id", Reason: "must be a positive integer"}
	}
	return nil
}

// Info fetches one transaction by exactly one of id, foreign_id or txid.
// The answer has the callback's shape and, unlike every other answer, is
// not wrapped in "data". A transaction that does not exist is ErrNotFound.
// GET transactions/info (with a signed JSON body)
func (s *TransactionsService) Info(ctx context.Context, q *TransactionQuery) (*Transaction, error) {
	if err := q.validate(); err != nil {
		return nil, err
	}
	k := &apicall.Call{Op: "get transaction", Method: http.MethodGet, Path: "transactions/info",
		Body: transactionQueryBody{ID: json.Number(q.ID), ForeignID: q.ForeignID, TxID: q.TxID}}
	resp, err := s.client.pipe.Send(ctx, k)
	if err != nil {
		return nil, err
	}
	raw, err := unwrapBare(resp.Body)
	if err != nil {
		return nil, s.client.pipe.Malformed(k, resp.Body, "undecodable transaction: "+err.Error())
	}
	t := new(Transaction)
	if err := s.client.pipe.DecodeInto(k, raw, t); err != nil {
		return nil, err
	}
	if t.ID == "" || t.Type == "" {
		return nil, s.client.pipe.Malformed(k, raw, "transaction has no id or type")
	}
	return t, nil
}

// Get fetches a transaction by the provider's id.
// GET transactions/info {"id": …}
func (s *TransactionsService) Get(ctx context.Context, id string) (*Transaction, error) {
	return s.Info(ctx, &TransactionQuery{ID: id})
}

// FindByReference fetches a withdrawal, exchange or invoice by the merchant's
// foreign_id. This is how a withdrawal whose outcome is unknown is resolved.
// GET transactions/info {"foreign_id": …}
func (s *TransactionsService) FindByReference(ctx context.Context, foreignID string) (*Transaction, error) {
	return s.Info(ctx, &TransactionQuery{ForeignID: foreignID})
}

// ByTxID fetches a transaction by its blockchain hash.
// GET transactions/info {"txid": …}
func (s *TransactionsService) ByTxID(ctx context.Context, txid string) (*Transaction, error) {
	return s.Info(ctx, &TransactionQuery{TxID: txid})
}
