package gateway

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/shopspring/decimal"
)

// AccountsService reads the store's balances.
type AccountsService struct{ c *Client }

// Balances is the store's aggregate balance and its coin accounts.
type Balances struct {
	// Balance is the aggregate balance in the store currency.
	Balance decimal.Decimal
	// Available is the aggregate amount available for withdrawal.
	Available decimal.Decimal
	// OnHold is the aggregate amount on hold.
	OnHold decimal.Decimal
	// AssetID is the store currency.
	AssetID string
	// Accounts are the per-coin balances.
	Accounts []Account
	// Raw is the JSON as received.
	Raw json.RawMessage
}

// Account is one coin balance.
type Account struct {
	// AccountID is the coin account's id.
	AccountID string
	// StoreID is the store's id.
	StoreID string
	// AccountNum orders the list.
	AccountNum int
	// CryptoNetwork is the network (BITCOIN, ETHEREUM, …).
	CryptoNetwork string
	// CryptoNetworkName names the network.
	CryptoNetworkName string
	// Balance is the balance.
	Balance decimal.Decimal
	// Available is balance minus on hold.
	Available decimal.Decimal
	// OnHold is the amount on hold.
	OnHold decimal.Decimal
	// AssetID is the asset.
	AssetID string
	// Currency is the ticker.
	Currency string
	// BaseBalance is the balance in the store currency.
	BaseBalance decimal.Decimal
	// BaseAvailable is the available amount in the store currency.
	BaseAvailable decimal.Decimal
	// BaseOnHold is the amount on hold in the store currency.
	BaseOnHold decimal.Decimal
	// BaseAssetID is the store currency's asset id.
	BaseAssetID string
	// BaseCurrency is the store currency.
	BaseCurrency string
	// Rate converts the store currency into the coin at RateDate.
	Rate decimal.Decimal
	// RateDate is when Rate was taken.
	RateDate time.Time
	// Raw is the account's JSON as received.
	Raw json.RawMessage
}

// UnmarshalJSON reads balances given as strings or numbers.
func (b *Balances) UnmarshalJSON(data []byte) error {
	var v struct {
		Balance   decjson.Lenient `json:"balance"`
		Available decjson.Lenient `json:"available"`
		OnHold    decjson.Lenient `json:"on_hold"`
		AssetID   decjson.String  `json:"asset_id"`
		Accounts  []Account       `json:"accounts"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*b = Balances{Balance: v.Balance.Decimal, Available: v.Available.Decimal, OnHold: v.OnHold.Decimal,
		AssetID: string(v.AssetID), Accounts: v.Accounts, Raw: data}
	return nil
}

// UnmarshalJSON reads an account given with strings or numbers.
func (a *Account) UnmarshalJSON(data []byte) error {
	var v struct {
		AccountID         decjson.String  `json:"account_id"`
		StoreID           decjson.String  `json:"store_id"`
		AccountNum        decjson.Int     `json:"account_num"`
		CryptoNetwork     string          `json:"crypto_network"`
		CryptoNetworkName string          `json:"crypto_network_name"`
		Balance           decjson.Lenient `json:"balance"`
		Available         decjson.Lenient `json:"available"`
		OnHold            decjson.Lenient `json:"on_hold"`
		AssetID           decjson.String  `json:"asset_id"`
		Currency          string          `json:"currency"`
		BaseBalance       decjson.Lenient `json:"base_balance"`
		BaseAvailable     decjson.Lenient `json:"base_available"`
		BaseOnHold        decjson.Lenient `json:"base_on_hold"`
		BaseAssetID       decjson.String  `json:"base_asset_id"`
		BaseCurrency      string          `json:"base_currency"`
		Rate              decjson.Lenient `json:"rate"`
		RateDate          stamp           `json:"rate_date"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*a = Account{AccountID: string(v.AccountID), StoreID: string(v.StoreID), AccountNum: int(v.AccountNum),
		CryptoNetwork: v.CryptoNetwork, CryptoNetworkName: v.CryptoNetworkName, Balance: v.Balance.Decimal,
		Available: v.Available.Decimal, OnHold: v.OnHold.Decimal, AssetID: string(v.AssetID), Currency: v.Currency,
		BaseBalance: v.BaseBalance.Decimal, BaseAvailable: v.BaseAvailable.Decimal, BaseOnHold: v.BaseOnHold.Decimal,
		BaseAssetID: string(v.BaseAssetID), BaseCurrency: v.BaseCurrency, Rate: v.Rate.Decimal,
		RateDate: time.Time(v.RateDate), Raw: data}
	return nil
}

// Get returns the store's balances.
// GET /accounts
func (s *AccountsService) Get(ctx context.Context) (*Balances, error) {
	var out Balances
	if err := s.c.do(ctx, call{op: "get accounts", method: http.MethodGet, path: "accounts"}, &out); err != nil {
		return nil, err
	}
	return &out, nil
}
