package cryptochill

import (
	"slices"

	"github.com/coinsdk/coinsdk/payments"
)

// The vocabularies parameters are checked against before any request: the
// kinds and currencies the API documents. Each is exported as a function
// returning a fresh copy, so that no caller can change what validation
// reads.

// InvoiceKinds lists the invoice kinds the API documents.
func InvoiceKinds() []string { return slices.Clone(invoiceKinds) }

var invoiceKinds = []string{
	"BTC", "BTC_BECH32", "BTC_LIGHTNING", "LTC", "ETH", "BNB", "TRX", "XRP", "DOGE", "L-BTC", "L-USDT",
	"ETH_USDT", "ETH_TUSD", "ETH_USDC", "ETH_PAX", "ETH_GUSD", "ETH_DAI", "ETH_SAND", "ETH_SHIB", "ETH_BUSD",
	"ETH-BSC", "USDC-BSC", "DAI-BSC", "SHIB-BSC", "BUSD", "WBNB", "USDT-TRX", "USDC-TRX",
}

// InvoiceCurrencies lists the currencies an invoice amount may be given in.
func InvoiceCurrencies() []string { return slices.Clone(invoiceCurrencies) }

var invoiceCurrencies = []string{
	"BTC", "LTC", "ETH", "TRX", "XRP", "DOGE", "USDT", "TUSD", "USDC", "PAX", "GUSD", "BUSD", "WBNB", "SAND",
	"DAI", "SHIB", "L-BTC", "L-USDT", "USD", "EUR", "GBP", "AUD", "CHF",
}

// PayoutKinds lists the payout kinds the API documents.
func PayoutKinds() []string { return slices.Clone(payoutKinds) }

var payoutKinds = []string{
	"BTC", "BTC_LIGHTNING_TO_BTC", "BTC_LIGHTNING_TO_LIGHTNING", "LTC", "ETH", "BNB", "TRX", "XRP", "DOGE",
	"L-BTC", "L-USDT", "ETH_USDT", "ETH_TUSD", "ETH_USDC", "ETH_PAX", "ETH_GUSD", "ETH_DAI", "ETH_SAND",
	"ETH_SHIB", "ETH_BUSD", "ETH-BSC", "USDC-BSC", "DAI-BSC", "SHIB-BSC", "BUSD", "WBNB", "USDT-TRX", "USDC-TRX",
}

// PayoutCurrencies lists the currencies a recipient amount may be given in.
// The payout table documents BTC, LTC, ETH, XRP, DOGE, USDT, TUSD, USDC, PAX,
// GUSD, L-BTC, L-USDT, USD, EUR, GBP, AUD and CHF; it is older than the kinds
// it sits next to, so the coins of documented kinds (TRX, BNB, …, as the
// invoice table lists them) are accepted too, or a TRX payout could not be
// written in TRX.
func PayoutCurrencies() []string { return slices.Clone(payoutCurrencies) }

var payoutCurrencies = []string{
	"BTC", "LTC", "ETH", "XRP", "DOGE", "USDT", "TUSD", "USDC", "PAX", "GUSD", "L-BTC", "L-USDT",
	"USD", "EUR", "GBP", "AUD", "CHF",
	"TRX", "BNB", "BUSD", "WBNB", "SAND", "DAI", "SHIB",
}

// ConversionKinds lists the kinds the API documents for conversions,
// automatic conversions and automatic payouts.
func ConversionKinds() []string { return slices.Clone(conversionKinds) }

var conversionKinds = []string{
	"BTC", "BTC_LIGHTNING_TO_BTC", "LTC", "ETH", "BNB", "TRX", "XRP", "DOGE", "L-BTC", "L-USDT",
	"ETH_USDT", "ETH_TUSD", "ETH_USDC", "ETH_PAX", "ETH_GUSD", "ETH_DAI", "ETH_SAND", "ETH_SHIB", "ETH_BUSD",
	"ETH-BSC", "USDC-BSC", "DAI-BSC", "SHIB-BSC", "BUSD", "WBNB", "USDT-TRX", "USDC-TRX",
}

// AutomaticPayoutIntervals are the run intervals, in minutes, the API supports.
func AutomaticPayoutIntervals() []int { return slices.Clone(automaticPayoutIntervals) }

var automaticPayoutIntervals = []int{5, 10, 15, 30, 60, 120, 240, 360}

// validKind checks a conversion or automatic payout kind against ConversionKinds.
func validKind(field, kind string) error {
	if !slices.Contains(conversionKinds, kind) {
		return &payments.ValidationError{Field: field, Reason: "is not a documented kind"}
	}
	return nil
}

func validInterval(n int) error {
	if !slices.Contains(automaticPayoutIntervals, n) {
		return &payments.ValidationError{Field: "interval", Reason: "must be one of 5, 10, 15, 30, 60, 120, 240, 360 (minutes)"}
	}
	return nil
}
