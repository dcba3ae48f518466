package channels

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// Every request is checked here before anything is sent: a documented
// currency (or one of Config.ExtraCurrencies), a positive amount within its
// decimals, a customer id and, for withdrawals, an address.

func (p *ChannelParams) validate(c *Client) error {
	if p == nil {
		return &payments.ValidationError{Field: "params", Reason: "is required"}
	}
	if _, err := c.currency("currency", p.Currency); err != nil {
		return err
	}
	return checkCustomer(p.CustomerID)
}

// checkCustomer validates a customerId for every call that takes one
// (channel, wallet address, withdrawal, invoice).
//
// A customerId may contain '.' (customers created outside the SDK often
// have e-mail-style ids): the callback hash joins its fields with '.', so
// the hash binds such a customerId only together with the amount, and the
// SDK credits from Refresh, which reads both from the API by the
// transaction id (the one value the hash binds exactly; see Event). The
// customerId "N/A" is refused: the hash uses it for a callback without a
// customer (a settlement), so a customer of that name would be
// indistinguishable from none.
func checkCustomer(id string) error {
	if strings.TrimSpace(id) == "" {
		return &payments.ValidationError{Field: "customerId", Reason: "is required"}
	}
	if len(id) > 255 {
		return &payments.ValidationError{Field: "customerId", Reason: "is longer than 255 characters"}
	}
	if id == NoCustomer {
		return &payments.ValidationError{Field: "customerId", Reason: `"N/A" is what the callback hash uses for no customer`}
	}
	return nil
}

func (p *WithdrawalParams) validate(c *Client) error {
	if p == nil {
		return &payments.ValidationError{Field: "params", Reason: "is required"}
	}
	info, err := c.currency("currency", p.Currency)
	if err != nil {
		return err
	}
	if err := checkAmount("amount", p.Amount, info); err != nil {
		return err
	}
	if err := checkCustomer(p.CustomerID); err != nil {
		return err
	}
	if strings.TrimSpace(p.Address) == "" {
		return &payments.ValidationError{Field: "address", Reason: "is required"}
	}
	if strings.ContainsAny(p.Address, " \t\r\n") {
		return &payments.ValidationError{Field: "address", Reason: "contains whitespace"}
	}
	if len(p.OrderID) > 255 {
		return &payments.ValidationError{Field: "orderId", Reason: "is longer than 255 characters"}
	}
	return nil
}

func (p *InvoiceParams) validate() error {
	if p == nil {
		return &payments.ValidationError{Field: "params", Reason: "is required"}
	}
	if err := checkCustomer(p.CustomerID); err != nil {
		return err
	}
	if strings.TrimSpace(p.BaseCurrency) == "" {
		return &payments.ValidationError{Field: "baseCurrency", Reason: "is required"}
	}
	if err := payments.ValidateAmount("amount", p.Amount, p.BaseCurrency); err != nil {
		return err
	}
	if info, ok := LookupCurrency(Currency(p.BaseCurrency)); ok {
		if err := checkAmount("amount", p.Amount, info); err != nil {
			return err
		}
	}
	if p.RedirectURL != "" {
		if u, err := url.Parse(p.RedirectURL); err != nil || !u.IsAbs() {
			return &payments.ValidationError{Field: "redirectUrl", Reason: "must be an absolute URL"}
		}
	}
	if len(p.OrderID) > 255 {
		return &payments.ValidationError{Field: "orderId", Reason: "is longer than 255 characters"}
	}
	return nil
}

func (p *SimulateParams) validate() error {
	if p == nil {
		return &payments.ValidationError{Field: "params", Reason: "is required"}
	}
	if !p.Amount.IsPositive() {
		return &payments.ValidationError{Field: "amount", Reason: "must be greater than zero"}
	}
	if strings.TrimSpace(p.InvoiceID) == "" {
		return &payments.ValidationError{Field: "invoiceId", Reason: "is required"}
	}
	if p.Status != TransactionStatusConfirmed && p.Status != TransactionStatusFailed {
		return &payments.ValidationError{Field: "status", Reason: `must be "confirmed" or "failed"`}
	}
	return nil
}

// currency finds code in the documented list or in the client's extra
// currencies. A code that differs from a listed one only by case is named in
// the error, since the API's codes are case-sensitive.
func (c *Client) currency(field string, code Currency) (CurrencyInfo, error) {
	if strings.TrimSpace(string(code)) == "" {
		return CurrencyInfo{}, &payments.ValidationError{Field: field, Reason: "is required"}
	}
	if info, ok := LookupCurrency(code); ok {
		return info, nil
	}
	for _, x := range c.extra {
		if x.Code == code {
			return x, nil
		}
	}
	for _, info := range currencyTable {
		if strings.EqualFold(string(info.Code), string(code)) {
			return CurrencyInfo{}, &payments.ValidationError{Field: field, Reason: fmt.Sprintf("unknown currency %q (codes are case-sensitive: did you mean %q?)", code, info.Code)}
		}
	}
	return CurrencyInfo{}, &payments.ValidationError{Field: field,
		Reason: fmt.Sprintf("unknown currency %q: not in the documented list (add it to Config.ExtraCurrencies to allow it)", code)}
}

// checkAmount validates a positive amount within the currency's decimals.
func checkAmount(field string, amount decimal.Decimal, info CurrencyInfo) error {
	if !amount.IsPositive() {
		return &payments.ValidationError{Field: field, Reason: "must be greater than zero"}
	}
	// Truncate, not Exponent: "1.500" has three places of which one counts.
	if !amount.Truncate(info.Decimals).Equal(amount) {
		return &payments.ValidationError{Field: field, Reason: fmt.Sprintf("has more decimal places than the %d %s allows", info.Decimals, info.Code)}
	}
	return nil
}
