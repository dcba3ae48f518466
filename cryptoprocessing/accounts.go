package cryptoprocessing

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/shopspring/decimal"
)

// AccountsService reads the merchant's balances.
type AccountsService struct{ c *Client }

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

// UnmarshalJSON reads a balance given as a number or a string.
func (a *Account) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		return nil
	}
	var w struct {
		Currency decjson.String  `json:"currency"`
		Type     decjson.String  `json:"type"`
		Balance  decjson.Lenient `json:"balance"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*a = Account{Currency: string(w.Currency), Type: string(w.Type), Balance: w.Balance.Decimal, Raw: copyRaw(b)}
	return nil
}

// List returns every balance, zero balances included.
// POST accounts/list
func (s *AccountsService) List(ctx context.Context) ([]Account, error) {
	return dataList[Account](ctx, s.c, call{op: "list accounts", idempotent: true, method: http.MethodPost, path: "accounts/list"})
}
