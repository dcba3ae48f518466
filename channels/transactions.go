package channels

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/coinsdk/coinsdk/internal/httpcore"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// Transaction is a deposit or withdrawal: what GET /api/v2/transaction/{id}
// returns and what a callback carries (the same shape). Every value comes as
// a string on the wire; amounts are decoded exactly.
type Transaction struct {
	// CallbackType is "transaction" on callbacks.
	CallbackType string `json:"callbackType,omitempty"`
	// ID is the transaction id.
	ID string `json:"id"`
	// Type is TypeDeposit or TypeWithdrawal (another value is kept as sent).
	Type string `json:"type"`
	// Status is the provider's status: TransactionStatusConfirmed,
	// TransactionStatusFailed, or TransactionStatusProcessing when
	// processing callbacks are enabled.
	Status TransactionStatus `json:"status"`
	// Amount is the amount in Currency, as the customer sent it (deposits) or
	// as asked (withdrawals).
	Amount decimal.Decimal `json:"amount"`
	// AmountText is the amount exactly as received ("10.50"): the callback
	// hash covers this text, not a re-formatted number.
	AmountText string `json:"-"`
	// Currency is the currency as sent (not always one of the list: a
	// documented example has "EUR" here and the coin in Info).
	Currency Currency `json:"currency"`
	// CustomerID is the merchant's customer id; empty for settlement
	// transactions (their hash uses "N/A").
	CustomerID string `json:"customerId,omitempty"`
	// OrderID is the merchant's orderId (a withdrawal's idempotency key, or
	// the orderId of the invoice a deposit paid).
	OrderID string `json:"orderId,omitempty"`
	// InvoiceID is the invoice the transaction belongs to (a withdrawal
	// creates a linked invoice: simulate takes this id).
	InvoiceID string `json:"invoiceId,omitempty"`
	// ApplicationID is the merchant's application id, if any.
	ApplicationID string `json:"applicationId,omitempty"`
	// Network is the blockchain network as the provider names it.
	Network string `json:"network,omitempty"`
	// TransactionHash is the on-chain transaction hash once broadcast.
	TransactionHash string `json:"transactionHash,omitempty"`
	// Hash is the callback hash (callbacks only); see WebhooksService.
	Hash string `json:"hash,omitempty"`
	// Info holds the conversion details.
	Info TransactionInfo `json:"info"`
	// Fees holds the fees charged.
	Fees Fees `json:"fees"`
	// EUR is the amount's value in euros. Like every secondary amount
	// (USD, Info, Fees) it is unsigned and not Valid when absent or not a
	// decimal (its text stays in Raw): never a zero the provider did not send.
	EUR decimal.NullDecimal `json:"eur"`
	// USD is the amount's value in US dollars (see EUR).
	USD decimal.NullDecimal `json:"usd"`
	// SenderDetails is kept as received (its shape is not published).
	SenderDetails json.RawMessage `json:"senderDetails,omitempty"`
	// AdditionalParams is kept as received (its shape is not published).
	AdditionalParams json.RawMessage `json:"additionalParams,omitempty"`
	// Raw is the transaction's JSON as received.
	Raw json.RawMessage `json:"-"`
}

// TransactionInfo is a transaction's conversion details; an amount or rate
// is not Valid when absent or not a decimal.
type TransactionInfo struct {
	// ExchangeRate is the rate applied.
	ExchangeRate decimal.NullDecimal `json:"exchangeRate"`
	// ReferenceAmount is the amount in ReferenceCurrency.
	ReferenceAmount decimal.NullDecimal `json:"referenceAmount"`
	// ReferenceCurrency is the merchant's reference currency.
	ReferenceCurrency string `json:"referenceCurrency,omitempty"`
	// ReferenceExchangeRate is the rate to the reference currency.
	ReferenceExchangeRate decimal.NullDecimal `json:"referenceExchangeRate"`
	// TransactionAmount is the amount that moved on chain.
	TransactionAmount decimal.NullDecimal `json:"transactionAmount"`
	// TransactionCurrency is the coin that moved on chain ("tUSDT").
	TransactionCurrency string `json:"transactionCurrency,omitempty"`
}

// Fees is what the provider charged; a fee is not Valid when absent or not
// a decimal.
type Fees struct {
	// Processing is the provider's processing fee.
	Processing decimal.NullDecimal `json:"processing"`
	// Technical is the technical (network) fee.
	Technical decimal.NullDecimal `json:"technical"`
}

// IsDeposit reports whether t is a deposit.
func (t *Transaction) IsDeposit() bool { return t.Type == TypeDeposit }

// IsWithdrawal reports whether t is a withdrawal.
func (t *Transaction) IsWithdrawal() bool { return t.Type == TypeWithdrawal }

// wireTransaction is the transaction as sent. Text values accept a string or
// a number (kept exactly as written); secondary amounts that are absent or
// not decimals are not Valid (optDecimal), hostile ones are refused. The
// amount itself must parse.
type wireTransaction struct {
	CallbackType     text       `json:"callbackType"`
	ID               text       `json:"id"`
	Type             text       `json:"type"`
	Status           text       `json:"status"`
	Amount           text       `json:"amount"`
	Currency         text       `json:"currency"`
	CustomerID       text       `json:"customerId"`
	OrderID          text       `json:"orderId"`
	InvoiceID        text       `json:"invoiceId"`
	ApplicationID    text       `json:"applicationId"`
	Network          text       `json:"network"`
	TransactionHash  text       `json:"transactionHash"`
	Hash             text       `json:"hash"`
	Info             *wireInfo  `json:"info"`
	Fees             *wireFees  `json:"fees"`
	EUR              optDecimal `json:"eur"`
	USD              optDecimal `json:"usd"`
	SenderDetails    rawValue   `json:"senderDetails"`
	AdditionalParams rawValue   `json:"additionalParams"`
}

type wireInfo struct {
	ExchangeRate          optDecimal `json:"exchangeRate"`
	ReferenceAmount       optDecimal `json:"referenceAmount"`
	ReferenceCurrency     text       `json:"referenceCurrency"`
	ReferenceExchangeRate optDecimal `json:"referenceExchangeRate"`
	TransactionAmount     optDecimal `json:"transactionAmount"`
	TransactionCurrency   text       `json:"transactionCurrency"`
}

type wireFees struct {
	Processing optDecimal `json:"processing"`
	Technical  optDecimal `json:"technical"`
}

// UnmarshalJSON decodes a transaction from the API's (or a callback's) JSON,
// keeping the amount's text exactly as received (Raw stays empty: the bytes
// are encoding/json's to reuse).
func (t *Transaction) UnmarshalJSON(b []byte) error {
	if err := t.decodeJSON(b); err != nil {
		return err
	}
	t.Raw = nil
	return nil
}

// decodeJSON decodes raw in one pass (numbers are guarded where they are
// decoded) and keeps it as the transaction's Raw.
func (t *Transaction) decodeJSON(raw []byte) error {
	// encoding/json takes invalid UTF-8 inside strings without an error,
	// and text keeps plain strings as their bytes: a body that is not
	// UTF-8 is not JSON, and the provider hashes UTF-8 text.
	if !utf8.Valid(raw) {
		return errors.New("not valid UTF-8")
	}
	var w wireTransaction
	if err := json.Unmarshal(raw, &w); err != nil {
		return err
	}
	*t = Transaction{
		CallbackType: string(w.CallbackType), ID: string(w.ID), Type: string(w.Type), Status: TransactionStatus(w.Status),
		AmountText: string(w.Amount), Currency: Currency(w.Currency), CustomerID: string(w.CustomerID),
		OrderID: string(w.OrderID), InvoiceID: string(w.InvoiceID), ApplicationID: string(w.ApplicationID),
		Network: string(w.Network), TransactionHash: string(w.TransactionHash),
		Hash: string(w.Hash), EUR: w.EUR.NullDecimal, USD: w.USD.NullDecimal,
		SenderDetails: nonNull(json.RawMessage(w.SenderDetails)), AdditionalParams: nonNull(json.RawMessage(w.AdditionalParams)),
		Raw: raw,
	}
	if s := strings.TrimSpace(t.AmountText); s != "" {
		d, err := decjson.ParseDecimal(s)
		if err != nil {
			return fmt.Errorf("amount %q: %w", httpcore.Truncate(s, 40), err)
		}
		t.Amount = d
	}
	if w.Info != nil {
		t.Info = TransactionInfo{ExchangeRate: w.Info.ExchangeRate.NullDecimal, ReferenceAmount: w.Info.ReferenceAmount.NullDecimal,
			ReferenceCurrency: string(w.Info.ReferenceCurrency), ReferenceExchangeRate: w.Info.ReferenceExchangeRate.NullDecimal,
			TransactionAmount: w.Info.TransactionAmount.NullDecimal, TransactionCurrency: string(w.Info.TransactionCurrency)}
	}
	if w.Fees != nil {
		t.Fees = Fees{Processing: w.Fees.Processing.NullDecimal, Technical: w.Fees.Technical.NullDecimal}
	}
	return nil
}

func nonNull(raw json.RawMessage) json.RawMessage {
	if r := bytes.TrimSpace(raw); len(r) == 0 || string(r) == "null" {
		return nil
	}
	return raw
}

// TransactionsService reads transactions and, on demo accounts, simulates them.
type TransactionsService service

// Get reads a transaction by id: the authoritative state of a deposit or a
// withdrawal. XGateway's guidance is that the API, not the callback, is the
// source of truth. payments.ErrNotFound when there is no such transaction.
// GET /api/v2/transaction/{transactionId}
func (s *TransactionsService) Get(ctx context.Context, id string) (*Transaction, error) {
	if strings.TrimSpace(id) == "" {
		return nil, &payments.ValidationError{Field: "transactionId", Reason: "is required"}
	}
	tx, err := apicall.Object[Transaction](ctx, s.client.pipe, &apicall.Call{Op: "get transaction", Method: http.MethodGet,
		Path: "/api/v2/transaction/" + url.PathEscape(id)})
	if err != nil {
		return nil, err
	}
	if tx.ID != "" && tx.ID != id {
		return nil, &payments.APIError{Provider: ProviderName, StatusCode: http.StatusOK,
			Message: fmt.Sprintf("asked for transaction %q, got %q", httpcore.Truncate(id, 64), httpcore.Truncate(tx.ID, 64)), Raw: tx.Raw, Kind: payments.ErrMalformed}
	}
	if tx.ID == "" {
		tx.ID = id
	}
	return tx, nil
}

// SimulateParams asks a demo account to (re)send a transaction's callback.
type SimulateParams struct {
	// Amount is the amount the simulated transaction carries. Required, positive.
	Amount decimal.Decimal
	// InvoiceID is the invoice to simulate against: an invoice's id, or the
	// InvoiceID of a withdrawal's transaction. Required.
	InvoiceID string
	// Status is TransactionStatusConfirmed or TransactionStatusFailed.
	// Required.
	Status TransactionStatus
}

type simulateBody struct {
	Amount    decjson.Number    `json:"amount"`
	InvoiceID string            `json:"invoiceId"`
	Status    TransactionStatus `json:"status"`
}

// Simulate makes a demo account settle a transaction of an invoice with the
// given status, which re-sends its callback. Live accounts refuse it. It is
// not retried after it may have reached the provider: a repeat sends one
// more callback, which a handler deduplicating by DedupeKey absorbs.
// POST /api/v2/transaction/simulate
func (s *TransactionsService) Simulate(ctx context.Context, p *SimulateParams) error {
	if err := p.validate(); err != nil {
		return err
	}
	resp, err := s.client.pipe.Send(ctx, &apicall.Call{Op: "simulate transaction", Method: http.MethodPost, Path: "/api/v2/transaction/simulate",
		Body: simulateBody{Amount: decjson.Number{Decimal: p.Amount}, InvoiceID: p.InvoiceID, Status: p.Status}})
	if err != nil {
		return err
	}
	// The answer's shape is not published: only an explicit refusal
	// counts, not a body that is no envelope.
	if success, _, err := envelopeMembers(resp.Body); err == nil && !success {
		e := decodeError(resp.StatusCode, resp.Header, resp.Body)
		e.Provider, e.StatusCode, e.Raw, e.Kind = ProviderName, resp.StatusCode, resp.Body, payments.ErrInvalidRequest
		return e
	}
	return nil
}
