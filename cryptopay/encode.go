package cryptopay

import (
	"encoding/json"

	"github.com/shopspring/decimal"
)

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
