package cryptochill

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/coinsdk/coinsdk/internal/apicall"
)

// AccountService reads the settings of the account the API key belongs to.
type AccountService service

// Account is a CryptoChill account. Testnet and mainnet are separate accounts
// with separate keys.
type Account struct {
	// ID is the account id.
	ID string `json:"id"`
	// Name is the account's display name.
	Name string `json:"name"`
	// IsTestnet reports whether this is a testnet account.
	IsTestnet bool `json:"is_testnet"`
	// URL is the account's dashboard address.
	URL string `json:"url"`
	// Raw is the account's JSON as received.
	Raw json.RawMessage `json:"-"`
}

func (a *Account) setRaw(b json.RawMessage) { a.Raw = b }

// Settings returns the account the API key belongs to: a cheap call to check
// that credentials work and which network (testnet or mainnet) they reach.
// GET /v1/account/settings/
func (s *AccountService) Settings(ctx context.Context) (*Account, error) {
	return apicall.Object[Account](ctx, s.client.pipe, &apicall.Call{Op: "get account settings", Method: http.MethodGet, Path: "/v1/account/settings/"})
}
