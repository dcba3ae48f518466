package cryptochill

import (
	"context"
	"encoding/json"
	"net/url"

	"github.com/shopspring/decimal"
)

// WalletsService reads wallets and their balances.
type WalletsService struct{ c *Client }

// Wallet is a wallet with its coin balance and, for token networks, token balances.
type Wallet struct {
	// ID is the wallet id.
	ID string `json:"id"`
	// Name is the wallet's display name ("Bitcoin", "Ethereum").
	Name string `json:"name"`
	// Balances is the balance of the wallet's own coin.
	Balances Balance `json:"balances"`
	// TokenBalances are the balances of tokens on the wallet's network (USDT on Ethereum).
	TokenBalances []Balance `json:"token_balances,omitempty"`
	// Raw is the wallet's JSON as received.
	Raw json.RawMessage `json:"-"`
}

func (w *Wallet) setRaw(b json.RawMessage) { w.Raw = b }

// Balance is one currency's balance in a wallet.
type Balance struct {
	// Available can be spent now.
	Available decimal.Decimal `json:"available"`
	// Pending is incoming but not yet confirmed.
	Pending decimal.Decimal `json:"pending"`
	// ToConsolidate waits on deposit addresses to be swept into the wallet
	// (account-based networks only; zero elsewhere).
	ToConsolidate decimal.Decimal `json:"to_consolidate"`
	// Currency is the coin or token ("ETH", "USDT").
	Currency string `json:"currency"`
}

// WalletListParams filters List.
type WalletListParams struct {
	// ProfileID lists only the wallets the profile uses.
	ProfileID string
}

// List returns the wallets (the endpoint is not paged), optionally only a
// profile's.
// GET /v1/wallets/
func (s *WalletsService) List(ctx context.Context, p *WalletListParams) ([]Wallet, error) {
	r := request{op: "list wallets", method: "GET", path: "/v1/wallets/"}
	if p != nil && p.ProfileID != "" {
		// Sent as a query parameter (as documented) and in the signed payload
		// (as the reference code carries parameters); see the package doc.
		r.params = map[string]string{"profile_id": p.ProfileID}
		r.query = url.Values{"profile_id": {p.ProfileID}}
	}
	return resultList[Wallet](ctx, s.c, r)
}

// Get returns one wallet. The documentation shows this one response without
// the {"result": …} wrapper every other endpoint has; both shapes are accepted.
// GET /v1/wallets/<id>/
func (s *WalletsService) Get(ctx context.Context, id string) (*Wallet, error) {
	path, err := objectPath("/v1/wallets/", id)
	if err != nil {
		return nil, err
	}
	env := envelope[Wallet]{orBare: true}
	if err := s.c.do(ctx, request{op: "get wallet", method: "GET", path: path}, &env); err != nil {
		return nil, err
	}
	return env.object()
}
