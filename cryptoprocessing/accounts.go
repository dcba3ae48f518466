package cryptoprocessing

import (
	"context"
	"encoding/json"

	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/shopspring/decimal"
)

// AccountsService reads the merchant's balances.
type AccountsService service

// Account is the balance of one currency.
type Account struct {
	// Currency is the currency code ("BTC", "EUR").
	Currency string `json:"currency"`
	// Type is "crypto" or "fiat".
	Type string `json:"type"`
	// Balance is the available balance.
	Balance decimal.Decimal `json:"balance"`
	// Raw is the JSON as received.
	Raw json.RawMessage `json:"-"`
}

// accountWire is Account as the API writes it: every documented spelling.
type accountWire struct {
	Currency decjson.String  `json:"currency"`
	Type     decjson.String  `json:"type"`
	Balance  decjson.Lenient `json:"balance"`
}

func (w *accountWire) model(b json.RawMessage) (a Account) {
	a = Account{Currency: string(w.Currency), Type: string(w.Type), Balance: w.Balance.Decimal, Raw: b}
	return a
}

// UnmarshalJSON reads a balance given as a number or a string.
func (a *Account) UnmarshalJSON(b []byte) error {
	return unmarshalWire[Account, accountWire](copyRaw(b), a)
}

// decodeRaw is the pipeline's decode: Raw is raw itself, not a copy.
func (a *Account) decodeRaw(raw []byte) error { return decodeWire[Account, accountWire](raw, a) }

// List returns every balance, zero balances included.
// POST accounts/list
func (s *AccountsService) List(ctx context.Context) ([]Account, error) {
	return readList[Account](ctx, s.client, "list accounts", "accounts/list", nil)
}
