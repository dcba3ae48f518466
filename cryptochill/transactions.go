package cryptochill

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// TransactionsService reads incoming transactions: payments to invoices and
// deposits to any of the wallets' addresses.
type TransactionsService service

// Transaction is an incoming blockchain transaction.
type Transaction struct {
	// ID is the transaction's CryptoChill id.
	ID string `json:"id"`
	// Kind is the coin or token and network ("BTC", "ETH_USDT").
	Kind string `json:"kind"`
	// TxID is the blockchain transaction hash.
	TxID string `json:"txid"`
	// Invoice is a summary of the invoice the transaction paid (no status or
	// transactions); nil for a deposit to a wallet address.
	Invoice *Invoice `json:"invoice"`
	// Amount holds the paid amounts with their fiat quotes.
	Amount TransactionAmount `json:"amount"`
	// CurrencyRates are the rates used, by coin then fiat: {"BTC": {"USD": "3406.83"}}.
	CurrencyRates map[string]map[string]decimal.Decimal `json:"currency_rates"`
	// CreatedAt is when CryptoChill first saw the transaction.
	CreatedAt time.Time `json:"created_at"`
	// ExecutedAt is when the transaction was executed; nil until then.
	ExecutedAt *time.Time `json:"executed_at"`
	// ConfirmedAt is when the transaction was confirmed; nil until then.
	ConfirmedAt *time.Time `json:"confirmed_at"`
	// Confirmations is the confirmation count.
	Confirmations int `json:"confirmations"`
	// Status is one of the TransactionStatus* constants.
	Status TransactionStatus `json:"status"`
	// ZeroConfStatus is the zero-confirmation verdict (confirmed,
	// unconfirmed, unknown); nil when no such check was made.
	ZeroConfStatus *string `json:"zero_conf_status"`
	// Network is "mainnet" or "testnet".
	Network string `json:"network"`
	// Raw is the transaction's JSON as received.
	Raw json.RawMessage `json:"-"`
}

// TransactionAmount groups a transaction's amounts.
type TransactionAmount struct {
	// Paid is the amount credited (after the invoice's custom fee, if any),
	// with fiat quotes.
	Paid *Amount `json:"paid"`
	// PaidTotal is the amount actually received when a custom fee is used.
	PaidTotal *Amount `json:"paid_total,omitempty"`
}

// TransactionListParams filters List and All.
type TransactionListParams struct {
	// Page is the page number (from 1); All starts there.
	Page int
	// TxID filters by transaction hash.
	TxID string
	// Address filters by receiving address.
	Address string
	// InvoiceID filters by the invoice paid.
	InvoiceID string
}

func (p *TransactionListParams) filters() (map[string]string, int, error) {
	if p == nil {
		return nil, 0, nil
	}
	return pageFilters(p.Page, map[string]string{"txid": p.TxID, "address": p.Address, "invoice_id": p.InvoiceID})
}

// List returns one page of transactions, newest first (25 per page).
// GET /v1/transactions/
func (s *TransactionsService) List(ctx context.Context, p *TransactionListParams) (*Page[Transaction], error) {
	return pageOf[Transaction](ctx, s.client, "list transactions", "/v1/transactions/", p)
}

// All iterates over every transaction matching p, page after page, fetching
// the next page only as the loop reaches it; breaking the loop stops fetching.
// GET /v1/transactions/?p=N
func (s *TransactionsService) All(ctx context.Context, p *TransactionListParams) iter.Seq2[Transaction, error] {
	return allOf[Transaction](ctx, s.client, "list transactions", "/v1/transactions/", p, func(v Transaction) string { return v.ID })
}

// Get returns one transaction.
// GET /v1/transactions/<id>/
func (s *TransactionsService) Get(ctx context.Context, id string) (*Transaction, error) {
	return get[Transaction](ctx, s.client, "get transaction", "/v1/transactions/", id)
}

// Confirmations returns the confirmation counts of one or more transactions.
// POST /v1/transactions/confirmations/
func (s *TransactionsService) Confirmations(ctx context.Context, ids ...string) ([]Confirmation, error) {
	return confirmations(ctx, s.client, "transaction confirmations", "/v1/transactions/confirmations/", ids)
}

// Confirmation is the confirmation count of one transaction or payout.
type Confirmation struct {
	// ID is the transaction or payout id.
	ID string `json:"id"`
	// Confirmations is its confirmation count.
	Confirmations int `json:"confirmations"`
}

// confirmations asks for the confirmation counts of ids at path (the
// transactions and payouts endpoints share the shape).
func confirmations(ctx context.Context, c *Client, op, path string, ids []string) ([]Confirmation, error) {
	if len(ids) == 0 {
		return nil, &payments.ValidationError{Field: "id", Reason: "at least one id is required"}
	}
	for i, id := range ids {
		if strings.TrimSpace(id) == "" {
			return nil, &payments.ValidationError{Field: "id[" + strconv.Itoa(i) + "]", Reason: "is empty"}
		}
	}
	params := struct {
		ID []string `json:"id"`
	}{ids}
	// A POST only because it carries a list: it changes nothing, so it is
	// retried like a GET and never an unknown outcome.
	items, _, err := apicall.List[Confirmation](ctx, c.pipe, &apicall.Call{Op: op, Method: http.MethodPost, Path: path, Body: params, Idempotent: true})
	return items, err
}
