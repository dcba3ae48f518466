package cryptoprocessing

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// WithdrawalsService sends crypto.
type WithdrawalsService service

// WithdrawalParams sends crypto to an address.
type WithdrawalParams struct {
	// ForeignID is the merchant's unique reference, the dedupe key: the API
	// refuses a second withdrawal with the same one. Left empty, Crypto fills
	// in a UUID (on its own copy) and returns it on the Withdrawal and on an
	// unknown-outcome error.
	ForeignID string
	// Amount is what to send, in Currency; with ConvertTo it is the amount
	// debited from the Currency balance. Must be positive.
	Amount decimal.Decimal
	// Currency is the balance to send from ("BTC", or "EUR" with ConvertTo). Required.
	Currency string
	// Address is the destination. Required.
	Address string
	// Tag is the destination tag or memo (XRP, EOS and alike).
	Tag string
	// ConvertTo is the crypto the payee receives when it differs from
	// Currency (a withdrawal with exchange); it must differ from Currency.
	ConvertTo string
	// EndUserReference identifies the payee for compliance; no personal data.
	EndUserReference string
}

// withdrawalBody is withdrawal/crypto's JSON: amounts as strings, as documented.
type withdrawalBody struct {
	ForeignID        string `json:"foreign_id"`
	Amount           string `json:"amount"`
	Currency         string `json:"currency"`
	ConvertTo        string `json:"convert_to,omitempty"`
	Address          string `json:"address"`
	Tag              string `json:"tag,omitempty"`
	EndUserReference string `json:"end_user_reference,omitempty"`
}

func (p *WithdrawalParams) validate() error {
	if p == nil {
		return &payments.ValidationError{Field: "params", Reason: "is required"}
	}
	if err := validateForeignID(p.ForeignID); err != nil {
		return err
	}
	if strings.TrimSpace(p.Currency) == "" {
		return &payments.ValidationError{Field: "currency", Reason: "is required"}
	}
	if err := payments.ValidateAmount("amount", p.Amount, p.Currency); err != nil {
		return err
	}
	if strings.TrimSpace(p.Address) == "" {
		return &payments.ValidationError{Field: "address", Reason: "is required"}
	}
	if strings.ContainsAny(p.Address, " \t\r\n") {
		return &payments.ValidationError{Field: "address", Reason: "contains whitespace"}
	}
	if err := validateConvertTo(p.ConvertTo, p.Currency); err != nil {
		return err
	}
	return nil
}

// Withdrawal is a withdrawal as withdrawal/crypto answers it.
type Withdrawal struct {
	// ID is the provider's id; look it up with Transactions.Get.
	ID string `json:"id"`
	// ForeignID is the merchant's reference (generated when left empty).
	ForeignID string `json:"foreign_id"`
	// Type is "withdrawal", or "withdrawal_exchange" with ConvertTo.
	Type string `json:"type"`
	// Status is "processing" once accepted; the outcome arrives by callback.
	Status WithdrawalStatus `json:"status"`
	// Amount is the amount requested.
	Amount decimal.Decimal `json:"amount"`
	// SenderAmount is what leaves the balance, in SenderCurrency.
	SenderAmount decimal.Decimal `json:"sender_amount"`
	// SenderCurrency is the balance debited.
	SenderCurrency string `json:"sender_currency"`
	// ReceiverAmount is what the payee receives, in ReceiverCurrency (not
	// always given).
	ReceiverAmount decimal.Decimal `json:"receiver_amount"`
	// ReceiverCurrency is the currency the payee receives.
	ReceiverCurrency string `json:"receiver_currency"`
	// Transaction is set when the create call's outcome was unknown (a
	// timeout or 5xx after the request was sent) and Crypto found the
	// withdrawal by its foreign_id: it is the transactions/info answer the
	// fields above were taken from.
	Transaction *Transaction `json:"-"`
	// Raw is the JSON as received.
	Raw json.RawMessage `json:"-"`
}

// withdrawalWire is Withdrawal as the API writes it: every documented spelling.
type withdrawalWire struct {
	ID               decjson.String  `json:"id"`
	ForeignID        decjson.String  `json:"foreign_id"`
	Type             decjson.String  `json:"type"`
	Status           decjson.String  `json:"status"`
	Amount           decjson.Lenient `json:"amount"`
	SenderAmount     decjson.Lenient `json:"sender_amount"`
	SenderCurrency   decjson.String  `json:"sender_currency"`
	ReceiverAmount   decjson.Lenient `json:"receiver_amount"`
	ReceiverCurrency decjson.String  `json:"receiver_currency"`
}

func (v *withdrawalWire) model(b json.RawMessage) (w Withdrawal) {
	w = Withdrawal{ID: string(v.ID), ForeignID: string(v.ForeignID), Type: string(v.Type), Status: WithdrawalStatus(v.Status),
		Amount: v.Amount.Decimal, SenderAmount: v.SenderAmount.Decimal, SenderCurrency: string(v.SenderCurrency),
		ReceiverAmount: v.ReceiverAmount.Decimal, ReceiverCurrency: string(v.ReceiverCurrency), Raw: b}
	return w
}

// UnmarshalJSON reads a withdrawal leniently.
func (w *Withdrawal) UnmarshalJSON(b []byte) error {
	return unmarshalWire[Withdrawal, withdrawalWire](copyRaw(b), w)
}

// decodeRaw is the pipeline's decode: Raw is raw itself, not a copy.
func (w *Withdrawal) decodeRaw(raw []byte) error {
	return decodeWire[Withdrawal, withdrawalWire](raw, w)
}

// Crypto sends p.Amount of p.Currency to p.Address (converted to
// p.ConvertTo first, when set). The answer means the withdrawal was
// accepted, not sent: the outcome arrives by callback.
//
// The call always carries a foreign_id, so it is retried on timeouts and
// 5xx answers without risk of paying twice (the API refuses a reused
// foreign_id). When the outcome stays unknown (a retry answered "already
// taken", or every attempt failed after the request went out), Crypto looks
// the withdrawal up by foreign_id: found, it is returned (with Transaction
// set); not found, the error matches payments.ErrUnknownOutcome and its
// *payments.UnknownOutcomeError carries the foreign_id to look up later
// with Transactions.FindByReference, or to retry with.
// POST withdrawal/crypto
func (s *WithdrawalsService) Crypto(ctx context.Context, p *WithdrawalParams) (*Withdrawal, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	q := *p // the caller's params are never changed
	q.ForeignID = withForeignID(q.ForeignID)
	k := &apicall.Call{Op: "create withdrawal", Method: http.MethodPost, Path: "withdrawal/crypto", Reference: q.ForeignID,
		Body: withdrawalBody{ForeignID: q.ForeignID, Amount: q.Amount.String(), Currency: q.Currency,
			ConvertTo: q.ConvertTo, Address: q.Address, Tag: q.Tag, EndUserReference: q.EndUserReference}}
	return apicall.Create(ctx, s.client.pipe, k, s.settlement(&q))
}

// withdrawalAddress is where a withdrawal transaction goes.
func withdrawalAddress(tx *Transaction) string {
	if tx.CryptoAddress.Address != "" {
		return tx.CryptoAddress.Address
	}
	for _, e := range tx.Transactions {
		if e.TransactionType != "exchange" && e.Address != "" {
			return e.Address
		}
	}
	return ""
}

// withdrawalFromTransaction fills a Withdrawal from the callback shape. A
// plain withdrawal's callback may carry no currency_sent/currency_received:
// the on-chain leg then gives the amount.
func withdrawalFromTransaction(tx *Transaction) *Withdrawal {
	w := &Withdrawal{ID: tx.ID, ForeignID: tx.ForeignID, Type: tx.Type, Status: WithdrawalStatus(tx.Status),
		SenderAmount: tx.CurrencySent.Amount, SenderCurrency: tx.CurrencySent.Currency,
		ReceiverAmount: tx.CurrencyReceived.Amount, ReceiverCurrency: tx.CurrencyReceived.Currency,
		Transaction: tx, Raw: tx.Raw}
	if leg := chainLeg(tx); leg != nil {
		if w.ReceiverCurrency == "" {
			w.ReceiverCurrency, w.ReceiverAmount = leg.Currency, leg.Amount
		}
		if w.SenderCurrency == "" {
			w.SenderCurrency, w.SenderAmount = leg.Currency, leg.Amount
		}
	}
	if w.SenderCurrency == "" {
		w.SenderCurrency = tx.CryptoAddress.Currency
	}
	w.Amount = w.SenderAmount
	return w
}

// chainLeg is a transaction's first blockchain or internal leg.
func chainLeg(tx *Transaction) *TransactionEntry {
	for i := range tx.Transactions {
		if tx.Transactions[i].TransactionType != "exchange" {
			return &tx.Transactions[i]
		}
	}
	return nil
}
