package cryptopay

import (
	"bytes"
	"encoding/json"
	"errors"
	"github.com/shopspring/decimal"

	"github.com/coinsdk/coinsdk/internal/decjson"
)

// Decoding.
//
// Models keep plain decimal.Decimal fields. Each model that holds decimals
// decodes itself through a wire struct that embeds a pointer to the model's
// fields (a method-less defined type) and shadows only the decimal fields
// with decjson.Decimal, which refuses a hostile number (too long, absurd
// exponent) where it is decoded as a number; strings that are not decoded
// as numbers (custom_ids, addresses) are never taken for numbers. The
// envelope is split with decjson.Members (unwrap) and lists with
// decjson.Elements (apicall.List), so each model's Raw is a slice of the
// body read once, never a copy.

// unwrap is the pipeline's Unwrap: it splits {"data": …, "meta": …}
// without copying (the payload and meta are slices of body). An answer that
// is not valid JSON is refused whole: members other than data (decoded
// where it is used) are checked here, and a key that could hide invalid
// JSON has the whole body checked. data and meta match exactly, once.
func unwrap(body []byte) (payload, meta []byte, err error) {
	var seenData, seenMeta bool
	err = members(body, errInvalidJSON, func(key, value []byte) error {
		switch string(key) {
		case "data":
			if seenData {
				return errDuplicateMember
			}
			seenData = true
			payload = value
		case "meta":
			if seenMeta {
				return errDuplicateMember
			}
			seenMeta = true
			if !decjson.IsNull(value) {
				meta = value
			}
			fallthrough
		default:
			if !json.Valid(value) {
				return errInvalidJSON
			}
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return payload, meta, nil
}

// rawSetter is a model without a decoder of its own that keeps its JSON.
type rawSetter interface{ setRaw(json.RawMessage) }

// decode is the pipeline's Decode: one object's bytes into its model, once.
// A model with a guarded decoder (UnmarshalJSON, below) is handed its bytes
// directly and keeps them as its Raw itself; any other is decoded by
// encoding/json and given its Raw here: either way Raw is set once, a slice
// of the body, never a copy.
func decode(raw []byte, v any) error {
	if u, ok := v.(json.Unmarshaler); ok {
		return u.UnmarshalJSON(raw)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return err
	}
	if rs, ok := v.(rawSetter); ok {
		rs.setRaw(raw)
	}
	return nil
}

var (
	errInvalidJSON     = errors.New("the body is not valid JSON")
	errDuplicateMember = errors.New("data or meta given twice")
)

// members is decjson.Members, each member handed to each, with the whole
// body checked when a key could hide invalid JSON (see suspectKey): notJSON
// then. Members checks the structure only, so the callers check every value
// they do not decode, and this covers the keys, at no cost for well-formed
// ones. The envelope (unwrap) and the callback body (decodeCallback) are
// split so.
func members(body []byte, notJSON error, each func(key, value []byte) error) error {
	suspect := false
	err := decjson.Members(body, func(key, value []byte) error {
		suspect = suspect || suspectKey(key)
		return each(key, value)
	})
	if err == nil && suspect && !json.Valid(body) {
		err = notJSON
	}
	return err
}

// suspectKey reports whether a member's key (as decjson.Members gives it:
// escapes decoded, or the raw bytes when they did not decode) holds a
// control character or a backslash. A raw key can be invalid JSON only
// then, and Cryptopay's keys never hold either: the callers check the whole
// body in that rare case instead of every key.
func suspectKey(key []byte) bool {
	for _, c := range key {
		if c < 0x20 || c == '\\' {
			return true
		}
	}
	return false
}

// foldsToDecidingKey reports whether key is "type", "event" or "data" in
// another case: encoding/json would take it for that member.
func foldsToDecidingKey(key []byte) bool {
	switch len(key) {
	case 4:
		return bytes.EqualFold(key, []byte("type")) || bytes.EqualFold(key, []byte("data"))
	case 5:
		return bytes.EqualFold(key, []byte("event"))
	}
	return false
}

type exchangeFields Exchange

// UnmarshalJSON decodes an exchange on its own, through the wire a parent
// decodes it with (exchangeWire), starting from x's fields.
func (x *Exchange) UnmarshalJSON(b []byte) error {
	w := exchangeWire{exchangeFields: exchangeFields(*x)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*x = *w.model()
	return nil
}

type riskFields Risk

// UnmarshalJSON decodes a risk assessment (score is a JSON number) on its
// own, through the wire a parent decodes it with (riskWire).
func (x *Risk) UnmarshalJSON(b []byte) error {
	w := riskWire{riskFields: riskFields(*x)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*x = *w.model()
	return nil
}

// exchangeWire decodes an Exchange inside a parent's wire in the parent's
// single pass (no nested json.Unmarshal), and alone (Exchange.UnmarshalJSON).
type exchangeWire struct {
	exchangeFields
	Rate decjson.Decimal `json:"rate"`
	Fee  decjson.Decimal `json:"fee"`
}

// model returns the Exchange, reusing the wire's memory.
func (w *exchangeWire) model() *Exchange {
	if w == nil {
		return nil
	}
	x := (*Exchange)(&w.exchangeFields)
	x.Rate, x.Fee = w.Rate.Decimal, w.Fee.Decimal
	return x
}

// riskWire decodes a Risk inside a parent's wire in the parent's pass, and
// alone (Risk.UnmarshalJSON).
type riskWire struct {
	riskFields
	Score decjson.Decimal `json:"score"`
}

// model returns the Risk, reusing the wire's memory.
func (w *riskWire) model() *Risk {
	if w == nil {
		return nil
	}
	x := (*Risk)(&w.riskFields)
	x.Score = w.Score.Decimal
	return x
}

// invoiceTransactionWire decodes an InvoiceTransaction, its risk included,
// in the invoice's pass.
type invoiceTransactionWire struct {
	TxID string    `json:"txid"`
	Risk *riskWire `json:"risk"`
}

type invoiceFields Invoice

// UnmarshalJSON decodes an invoice, guarding its decimals; Raw is b.
func (x *Invoice) UnmarshalJSON(b []byte) error {
	w := struct {
		*invoiceFields
		PriceAmount decjson.Decimal `json:"price_amount"`
		Fee         decjson.Decimal `json:"fee"`
		PayAmount   decjson.Decimal `json:"pay_amount"`
		PaidAmount  decjson.Decimal `json:"paid_amount"`
		Exchange    *exchangeWire   `json:"exchange"`
		// Transactions shadows the model's so each risk is decoded in
		// this single pass, not again through (*Risk).UnmarshalJSON.
		Transactions []invoiceTransactionWire `json:"transactions"`
	}{invoiceFields: (*invoiceFields)(x)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	x.PriceAmount, x.Fee, x.PayAmount, x.PaidAmount = w.PriceAmount.Decimal, w.Fee.Decimal, w.PayAmount.Decimal, w.PaidAmount.Decimal
	x.Exchange = w.Exchange.model()
	x.Transactions = nil
	if w.Transactions != nil {
		x.Transactions = make([]InvoiceTransaction, len(w.Transactions))
		for i := range w.Transactions {
			x.Transactions[i] = InvoiceTransaction{TxID: w.Transactions[i].TxID, Risk: w.Transactions[i].Risk.model()}
		}
	}
	x.Raw = b
	return nil
}

type recalculationFields Recalculation

// UnmarshalJSON decodes a recalculation, guarding its decimals; Raw is b.
func (x *Recalculation) UnmarshalJSON(b []byte) error {
	w := struct {
		*recalculationFields
		PriceAmount          decjson.Decimal `json:"price_amount"`
		PayAmount            decjson.Decimal `json:"pay_amount"`
		Fee                  decjson.Decimal `json:"fee"`
		PreviousPayAmount    decjson.Decimal `json:"previous_pay_amount"`
		PreviousPriceAmount  decjson.Decimal `json:"previous_price_amount"`
		PreviousExchangeRate decjson.Decimal `json:"previous_exchange_rate"`
		Exchange             *exchangeWire   `json:"exchange"`
	}{recalculationFields: (*recalculationFields)(x)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	x.PriceAmount, x.PayAmount, x.Fee = w.PriceAmount.Decimal, w.PayAmount.Decimal, w.Fee.Decimal
	x.PreviousPayAmount, x.PreviousPriceAmount, x.PreviousExchangeRate = w.PreviousPayAmount.Decimal, w.PreviousPriceAmount.Decimal, w.PreviousExchangeRate.Decimal
	x.Exchange = w.Exchange.model()
	x.Raw = b
	return nil
}

type refundFields Refund

// UnmarshalJSON decodes a refund, guarding its decimals; Raw is b.
func (x *Refund) UnmarshalJSON(b []byte) error {
	w := struct {
		*refundFields
		Amount decjson.Decimal `json:"amount"`
		Fee    decjson.Decimal `json:"fee"`
		Risk   *riskWire       `json:"risk"`
	}{refundFields: (*refundFields)(x)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	x.Amount, x.Fee = w.Amount.Decimal, w.Fee.Decimal
	x.Risk = w.Risk.model()
	x.Raw = b
	return nil
}

type coinWithdrawalFields CoinWithdrawal

// UnmarshalJSON decodes a coin withdrawal, guarding its decimals; Raw is b.
func (x *CoinWithdrawal) UnmarshalJSON(b []byte) error {
	w := struct {
		*coinWithdrawalFields
		ChargedAmount  decjson.Decimal `json:"charged_amount"`
		ReceivedAmount decjson.Decimal `json:"received_amount"`
		NetworkFee     decjson.Decimal `json:"network_fee"`
		Fee            decjson.Decimal `json:"fee"`
		Exchange       *exchangeWire   `json:"exchange"`
		Risk           *riskWire       `json:"risk"`
	}{coinWithdrawalFields: (*coinWithdrawalFields)(x)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	x.ChargedAmount, x.ReceivedAmount, x.NetworkFee, x.Fee = w.ChargedAmount.Decimal, w.ReceivedAmount.Decimal, w.NetworkFee.Decimal, w.Fee.Decimal
	x.Exchange, x.Risk = w.Exchange.model(), w.Risk.model()
	x.Raw = b
	return nil
}

type networkFeeFields NetworkFee

// UnmarshalJSON decodes a network fee, guarded; Raw is b.
func (x *NetworkFee) UnmarshalJSON(b []byte) error {
	w := struct {
		*networkFeeFields
		Fee decjson.Decimal `json:"fee"`
	}{networkFeeFields: (*networkFeeFields)(x)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	x.Fee = w.Fee.Decimal
	x.Raw = b
	return nil
}

type accountFields Account

// UnmarshalJSON decodes an account, guarded; Raw is b.
func (x *Account) UnmarshalJSON(b []byte) error {
	w := struct {
		*accountFields
		Balance decjson.Decimal `json:"balance"`
	}{accountFields: (*accountFields)(x)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	x.Balance = w.Balance.Decimal
	x.Raw = b
	return nil
}

type transactionFields Transaction

// UnmarshalJSON decodes a transaction, guarding its decimals; Raw is b.
func (x *Transaction) UnmarshalJSON(b []byte) error {
	w := struct {
		*transactionFields
		Amount  decjson.Decimal `json:"amount"`
		Balance decjson.Decimal `json:"balance"`
		Fee     decjson.Decimal `json:"fee"`
		Risk    *riskWire       `json:"risk"`
	}{transactionFields: (*transactionFields)(x)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	x.Amount, x.Balance, x.Fee = w.Amount.Decimal, w.Balance.Decimal, w.Fee.Decimal
	x.Risk = w.Risk.model()
	x.Raw = b
	return nil
}

type rateFields Rate

// UnmarshalJSON decodes a rate, guarded; Raw is b.
func (x *Rate) UnmarshalJSON(b []byte) error {
	w := struct {
		*rateFields
		BuyRate  decjson.Decimal `json:"buy_rate"`
		SellRate decjson.Decimal `json:"sell_rate"`
	}{rateFields: (*rateFields)(x)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	x.BuyRate, x.SellRate = w.BuyRate.Decimal, w.SellRate.Decimal
	x.Raw = b
	return nil
}

type channelPaymentFields ChannelPayment

// UnmarshalJSON decodes a channel payment, guarding its decimals; Raw is b.
func (x *ChannelPayment) UnmarshalJSON(b []byte) error {
	w := struct {
		*channelPaymentFields
		PaidAmount     decjson.Decimal `json:"paid_amount"`
		ReceivedAmount decjson.Decimal `json:"received_amount"`
		Fee            decjson.Decimal `json:"fee"`
		Exchange       *exchangeWire   `json:"exchange"`
		Risk           *riskWire       `json:"risk"`
	}{channelPaymentFields: (*channelPaymentFields)(x)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	x.PaidAmount, x.ReceivedAmount, x.Fee = w.PaidAmount.Decimal, w.ReceivedAmount.Decimal, w.Fee.Decimal
	x.Exchange, x.Risk = w.Exchange.model(), w.Risk.model()
	x.Raw = b
	return nil
}

type exchangeTransferFields ExchangeTransfer

// UnmarshalJSON decodes an exchange transfer, guarding its decimals; Raw is b.
func (x *ExchangeTransfer) UnmarshalJSON(b []byte) error {
	w := struct {
		*exchangeTransferFields
		ChargedAmount  decjson.Decimal `json:"charged_amount"`
		ReceivedAmount decjson.Decimal `json:"received_amount"`
		Exchange       *exchangeWire   `json:"exchange"`
	}{exchangeTransferFields: (*exchangeTransferFields)(x)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	x.ChargedAmount, x.ReceivedAmount = w.ChargedAmount.Decimal, w.ReceivedAmount.Decimal
	x.Exchange = w.Exchange.model()
	x.Raw = b
	return nil
}

type subscriptionFields Subscription

// UnmarshalJSON decodes a subscription, guarded; Raw is b.
func (x *Subscription) UnmarshalJSON(b []byte) error {
	w := struct {
		*subscriptionFields
		Amount decjson.Decimal `json:"amount"`
	}{subscriptionFields: (*subscriptionFields)(x)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	x.Amount = w.Amount.Decimal
	x.Raw = b
	return nil
}

// Encoding.
//
// Cryptopay documents request amounts as JSON strings ("100.0"). A
// decimal.Decimal writes a string or a number depending on the process-wide
// decimal.MarshalJSONWithoutQuotes, which any other package may set, so
// every request type that holds an amount marshals through a wire struct
// that shadows its decimals with amountString: a string whatever the
// global says. (The same embedding trick as decode.go: the shallower field
// takes the key.)

// amountString is an amount that always marshals as a JSON string.
type amountString decimal.Decimal

// MarshalJSON writes the amount as a JSON string, exactly (no rounding, no
// exponent).
func (a amountString) MarshalJSON() ([]byte, error) {
	s := decimal.Decimal(a).String()
	b := make([]byte, 0, len(s)+2)
	return append(append(append(b, '"'), s...), '"'), nil
}

// optAmount is an optional amount: nil stays nil (omitted, or null where
// the field has no omitempty).
func optAmount(d *decimal.Decimal) *amountString {
	if d == nil {
		return nil
	}
	a := amountString(*d)
	return &a
}

type invoiceParamsFields InvoiceParams

// MarshalJSON writes the invoice create body, price_amount as a string.
func (p InvoiceParams) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		invoiceParamsFields
		PriceAmount amountString `json:"price_amount"`
	}{invoiceParamsFields(p), amountString(p.PriceAmount)})
}

type coinWithdrawalParamsFields CoinWithdrawalParams

// MarshalJSON writes the coin withdrawal create body, its amounts as strings.
func (p CoinWithdrawalParams) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		coinWithdrawalParamsFields
		ChargedAmount       *amountString `json:"charged_amount,omitempty"`
		ChargedAmountToSend *amountString `json:"charged_amount_to_send,omitempty"`
		ReceivedAmount      *amountString `json:"received_amount,omitempty"`
	}{coinWithdrawalParamsFields(p), optAmount(p.ChargedAmount), optAmount(p.ChargedAmountToSend), optAmount(p.ReceivedAmount)})
}

type exchangeTransferParamsFields ExchangeTransferParams

// MarshalJSON writes the exchange transfer create body, its amounts as
// strings and the unused one as an explicit null (as the official clients do).
func (p ExchangeTransferParams) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		exchangeTransferParamsFields
		ChargedAmount  *amountString `json:"charged_amount"`
		ReceivedAmount *amountString `json:"received_amount"`
	}{exchangeTransferParamsFields(p), optAmount(p.ChargedAmount), optAmount(p.ReceivedAmount)})
}

type subscriptionParamsFields SubscriptionParams

// MarshalJSON writes the subscription create body, amount as a string.
func (p SubscriptionParams) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		subscriptionParamsFields
		Amount amountString `json:"amount"`
	}{subscriptionParamsFields(p), amountString(p.Amount)})
}
