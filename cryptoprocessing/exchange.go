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
	"github.com/shopspring/decimal"
)

// ExchangeService quotes and makes conversions between the merchant's balances.
type ExchangeService service

// ExchangeParams describes a conversion. Give exactly one of SenderAmount
// (what to sell) and ReceiverAmount (what to buy).
type ExchangeParams struct {
	// SenderCurrency is the currency sold. Required.
	SenderCurrency string
	// ReceiverCurrency is the currency bought. Required.
	ReceiverCurrency string
	// SenderAmount is the amount sold; zero when ReceiverAmount is given.
	SenderAmount decimal.Decimal
	// ReceiverAmount is the amount bought; zero when SenderAmount is given.
	ReceiverAmount decimal.Decimal
	// ForeignID is the merchant's unique reference (Fixed and Now only). Left
	// empty, a UUID is filled in on a copy and returned on the Exchange and on
	// an unknown-outcome error.
	ForeignID string
	// Price is the quote's price from Calculate (Fixed only; required there):
	// the exchange is refused when the rate has moved.
	Price decimal.Decimal
}

// exchangeBody is the JSON of the three exchange calls; amounts as strings.
type exchangeBody struct {
	SenderCurrency   string `json:"sender_currency"`
	ReceiverCurrency string `json:"receiver_currency"`
	SenderAmount     string `json:"sender_amount,omitempty"`
	ReceiverAmount   string `json:"receiver_amount,omitempty"`
	ForeignID        string `json:"foreign_id,omitempty"`
	Price            string `json:"price,omitempty"`
}

// validate checks p for one of the three calls ("calculate", "fixed", "now").
func (p *ExchangeParams) validate(kind string) error {
	if p == nil {
		return &payments.ValidationError{Field: "params", Reason: "is required"}
	}
	if err := apicall.Required("sender_currency", p.SenderCurrency, "receiver_currency", p.ReceiverCurrency); err != nil {
		return err
	}
	if strings.EqualFold(p.SenderCurrency, p.ReceiverCurrency) {
		return &payments.ValidationError{Field: "receiver_currency", Reason: "must differ from sender_currency"}
	}
	sender, receiver := !p.SenderAmount.IsZero(), !p.ReceiverAmount.IsZero()
	switch {
	case sender && receiver:
		return &payments.ValidationError{Field: "receiver_amount", Reason: "must not be set together with sender_amount"}
	case !sender && !receiver:
		return &payments.ValidationError{Field: "sender_amount", Reason: "one of sender_amount or receiver_amount is required"}
	case sender:
		if err := payments.ValidateAmount("sender_amount", p.SenderAmount, p.SenderCurrency); err != nil {
			return err
		}
	default:
		if err := payments.ValidateAmount("receiver_amount", p.ReceiverAmount, p.ReceiverCurrency); err != nil {
			return err
		}
	}
	if err := validateForeignID(p.ForeignID); err != nil {
		return err
	}
	switch kind {
	case "calculate":
		if p.ForeignID != "" {
			return &payments.ValidationError{Field: "foreign_id", Reason: "is only sent by Fixed and Now"}
		}
		fallthrough
	case "now":
		if !p.Price.IsZero() {
			return &payments.ValidationError{Field: "price", Reason: "is only sent by Fixed"}
		}
	case "fixed":
		if !p.Price.IsPositive() {
			return &payments.ValidationError{Field: "price", Reason: "is required (the price quoted by Calculate)"}
		}
	}
	return nil
}

func (p *ExchangeParams) body() exchangeBody {
	b := exchangeBody{SenderCurrency: p.SenderCurrency, ReceiverCurrency: p.ReceiverCurrency, ForeignID: p.ForeignID}
	if !p.SenderAmount.IsZero() {
		b.SenderAmount = p.SenderAmount.String()
	}
	if !p.ReceiverAmount.IsZero() {
		b.ReceiverAmount = p.ReceiverAmount.String()
	}
	if !p.Price.IsZero() {
		b.Price = p.Price.String()
	}
	return b
}

// ExchangeQuote is a rate fixed for a short while by Calculate.
type ExchangeQuote struct {
	// SenderCurrency is the currency that would be sold.
	SenderCurrency string `json:"sender_currency"`
	// SenderAmount is the amount that would be sold.
	SenderAmount decimal.Decimal `json:"sender_amount"`
	// ReceiverCurrency is the currency that would be bought.
	ReceiverCurrency string `json:"receiver_currency"`
	// ReceiverAmount is the amount that would be bought.
	ReceiverAmount decimal.Decimal `json:"receiver_amount"`
	// FeeCurrency is the exchange fee's currency.
	FeeCurrency string `json:"fee_currency"`
	// FeeAmount is the exchange fee.
	FeeAmount decimal.Decimal `json:"fee_amount"`
	// Price is the rate; pass it to Fixed to exchange at it.
	Price decimal.Decimal `json:"price"`
	// FixedAt is when the rate was fixed.
	FixedAt time.Time `json:"ts_fixed,omitzero"`
	// ReleaseAt is when the rate stops holding.
	ReleaseAt time.Time `json:"ts_release,omitzero"`
	// FixPeriod is how long the rate holds, in seconds.
	FixPeriod int `json:"fix_period"`
	// Raw is the JSON as received.
	Raw json.RawMessage `json:"-"`
}

// exchangeQuoteWire is ExchangeQuote as the API writes it: every documented spelling.
type exchangeQuoteWire struct {
	SenderCurrency   decjson.String  `json:"sender_currency"`
	SenderAmount     decjson.Lenient `json:"sender_amount"`
	ReceiverCurrency decjson.String  `json:"receiver_currency"`
	ReceiverAmount   decjson.Lenient `json:"receiver_amount"`
	FeeCurrency      decjson.String  `json:"fee_currency"`
	FeeAmount        decjson.Lenient `json:"fee_amount"`
	Price            decjson.Lenient `json:"price"`
	FixedAt          unixTime        `json:"ts_fixed"`
	ReleaseAt        unixTime        `json:"ts_release"`
	FixPeriod        decjson.Int     `json:"fix_period"`
}

func (w *exchangeQuoteWire) model(b json.RawMessage) (q ExchangeQuote) {
	q = ExchangeQuote{SenderCurrency: string(w.SenderCurrency), SenderAmount: w.SenderAmount.Decimal,
		ReceiverCurrency: string(w.ReceiverCurrency), ReceiverAmount: w.ReceiverAmount.Decimal,
		FeeCurrency: string(w.FeeCurrency), FeeAmount: w.FeeAmount.Decimal, Price: w.Price.Decimal,
		FixedAt: w.FixedAt.Time, ReleaseAt: w.ReleaseAt.Time, FixPeriod: int(w.FixPeriod), Raw: b}
	return q
}

// UnmarshalJSON reads a quote leniently.
func (q *ExchangeQuote) UnmarshalJSON(b []byte) error {
	return unmarshalWire[ExchangeQuote, exchangeQuoteWire](copyRaw(b), q)
}

// decodeRaw is the pipeline's decode: Raw is raw itself, not a copy.
func (q *ExchangeQuote) decodeRaw(raw []byte) error {
	return decodeWire[ExchangeQuote, exchangeQuoteWire](raw, q)
}

// Exchange is a conversion made by Fixed or Now.
type Exchange struct {
	// ID is the provider's id; look it up with Transactions.Get.
	ID string `json:"id"`
	// ForeignID is the merchant's reference (generated when left empty).
	ForeignID string `json:"foreign_id"`
	// Type is "exchange".
	Type string `json:"type"`
	// SenderCurrency is the currency sold.
	SenderCurrency string `json:"sender_currency"`
	// SenderAmount is the amount sold.
	SenderAmount decimal.Decimal `json:"sender_amount"`
	// ReceiverCurrency is the currency bought.
	ReceiverCurrency string `json:"receiver_currency"`
	// ReceiverAmount is the amount bought.
	ReceiverAmount decimal.Decimal `json:"receiver_amount"`
	// FeeCurrency is the exchange fee's currency.
	FeeCurrency string `json:"fee_currency"`
	// FeeAmount is the exchange fee.
	FeeAmount decimal.Decimal `json:"fee_amount"`
	// Price is the rate applied.
	Price decimal.Decimal `json:"price"`
	// Status is the provider's status ("processing", then "confirmed" by callback).
	Status ExchangeStatus `json:"status"`
	// Transaction is set when the create call's outcome was unknown and the
	// exchange was found by its foreign_id: the transactions/info answer
	// the fields above were taken from.
	Transaction *Transaction `json:"-"`
	// Raw is the JSON as received.
	Raw json.RawMessage `json:"-"`
}

// exchangeWire is Exchange as the API writes it: every documented spelling.
type exchangeWire struct {
	ID               decjson.String  `json:"id"`
	ForeignID        decjson.String  `json:"foreign_id"`
	Type             decjson.String  `json:"type"`
	SenderCurrency   decjson.String  `json:"sender_currency"`
	SenderAmount     decjson.Lenient `json:"sender_amount"`
	ReceiverCurrency decjson.String  `json:"receiver_currency"`
	ReceiverAmount   decjson.Lenient `json:"receiver_amount"`
	FeeCurrency      decjson.String  `json:"fee_currency"`
	FeeAmount        decjson.Lenient `json:"fee_amount"`
	Price            decjson.Lenient `json:"price"`
	Status           decjson.String  `json:"status"`
}

func (w *exchangeWire) model(b json.RawMessage) (e Exchange) {
	e = Exchange{ID: string(w.ID), ForeignID: string(w.ForeignID), Type: string(w.Type),
		SenderCurrency: string(w.SenderCurrency), SenderAmount: w.SenderAmount.Decimal,
		ReceiverCurrency: string(w.ReceiverCurrency), ReceiverAmount: w.ReceiverAmount.Decimal,
		FeeCurrency: string(w.FeeCurrency), FeeAmount: w.FeeAmount.Decimal, Price: w.Price.Decimal,
		Status: ExchangeStatus(w.Status), Raw: b}
	return e
}

// UnmarshalJSON reads an exchange leniently.
func (e *Exchange) UnmarshalJSON(b []byte) error {
	return unmarshalWire[Exchange, exchangeWire](copyRaw(b), e)
}

// decodeRaw is the pipeline's decode: Raw is raw itself, not a copy.
func (e *Exchange) decodeRaw(raw []byte) error { return decodeWire[Exchange, exchangeWire](raw, e) }

// Calculate quotes a conversion and fixes its rate for FixPeriod seconds.
// The API allows 30 calls a minute per IP; past that it answers 429, which
// matches payments.ErrRateLimited.
// POST exchange/calculate
func (s *ExchangeService) Calculate(ctx context.Context, p *ExchangeParams) (*ExchangeQuote, error) {
	if err := p.validate("calculate"); err != nil {
		return nil, err
	}
	return apicall.Object[ExchangeQuote](ctx, s.client.pipe, &apicall.Call{Op: "calculate exchange", Idempotent: true, Method: http.MethodPost,
		Path: "exchange/calculate", Body: p.body()})
}

// Fixed converts at the price a Calculate quote fixed (p.Price); the API
// refuses it once the quote has expired. It always carries a foreign_id
// (generated when empty), so it is retried safely; an unknown outcome
// carries that foreign_id for Transactions.FindByReference.
// POST exchange/fixed
func (s *ExchangeService) Fixed(ctx context.Context, p *ExchangeParams) (*Exchange, error) {
	return s.make(ctx, p, "fixed")
}

// Now converts at the current rate, whatever it is. It always carries a
// foreign_id (generated when empty), so it is retried safely; an unknown
// outcome carries that foreign_id for Transactions.FindByReference.
// POST exchange/now
func (s *ExchangeService) Now(ctx context.Context, p *ExchangeParams) (*Exchange, error) {
	return s.make(ctx, p, "now")
}

func (s *ExchangeService) make(ctx context.Context, p *ExchangeParams, kind string) (*Exchange, error) {
	if err := p.validate(kind); err != nil {
		return nil, err
	}
	q := *p // the caller's params are never changed
	q.ForeignID = withForeignID(q.ForeignID)
	k := &apicall.Call{Op: "exchange " + kind, Method: http.MethodPost, Path: "exchange/" + kind, Body: q.body(), Reference: q.ForeignID}
	return createByForeignID(ctx, s.client, k, s.settlement(&q), func(e *Exchange) *string { return &e.ForeignID })
}

// exchangeFromTransaction fills an Exchange from transactions/info's shape
// (type "exchange"): currency_sent is what was sold, currency_received what
// was bought.
func exchangeFromTransaction(tx *Transaction) *Exchange {
	fee := feeTotal(tx.Fees)
	return &Exchange{ID: tx.ID, ForeignID: tx.ForeignID, Type: tx.Type,
		SenderCurrency: tx.CurrencySent.Currency, SenderAmount: tx.CurrencySent.Amount,
		ReceiverCurrency: tx.CurrencyReceived.Currency, ReceiverAmount: tx.CurrencyReceived.Amount,
		FeeCurrency: fee.Currency, FeeAmount: fee.Amount, Status: ExchangeStatus(tx.Status), Transaction: tx, Raw: tx.Raw}
}
