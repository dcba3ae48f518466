package cryptochill

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/shopspring/decimal"
)

// WalletsService reads wallets and their balances.
type WalletsService service

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
	k := &apicall.Call{Op: "list wallets", Method: http.MethodGet, Path: "/v1/wallets/"}
	if p != nil && p.ProfileID != "" {
		// Sent as a query parameter (as documented) and in the signed payload
		// (as the reference code carries parameters); see the package doc.
		k.Body = map[string]string{"profile_id": p.ProfileID}
		k.Query = url.Values{"profile_id": {p.ProfileID}}
	}
	items, _, err := apicall.List[Wallet](ctx, s.client.pipe, k)
	return items, err
}

// Get returns one wallet. The documentation shows this one response without
// the {"result": …} wrapper every other endpoint has; both shapes are accepted.
// GET /v1/wallets/<id>/
func (s *WalletsService) Get(ctx context.Context, id string) (*Wallet, error) {
	path, err := objectPath("/v1/wallets/", id)
	if err != nil {
		return nil, err
	}
	k := &apicall.Call{Op: "get wallet", Method: http.MethodGet, Path: path}
	resp, err := s.client.pipe.Send(ctx, k)
	if err != nil {
		return nil, err
	}
	raw, err := walletResult(resp.Body)
	if err != nil {
		return nil, s.client.pipe.Malformed(k, resp.Body, "undecodable answer: "+err.Error())
	}
	w := new(Wallet)
	if err := s.client.pipe.DecodeInto(k, raw, w); err != nil {
		return nil, err
	}
	return w, nil
}

// walletResult is the wallet in an answer {"result": {…}}, or the answer
// itself when it has no result member (the documented example's shape).
func walletResult(body []byte) ([]byte, error) {
	var result []byte
	err := decjson.Members(body, func(key, value []byte) error {
		if string(key) == "result" {
			result = value
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if result == nil {
		return body, nil
	}
	return result, nil
}
