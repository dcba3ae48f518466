package gateway

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/shopspring/decimal"
)

// AccountsService reads the store's balances.
type AccountsService service

// Balances is the store's aggregate balance and its coin accounts.
type Balances struct {
	// Balance is the aggregate balance in the store currency.
	Balance decimal.Decimal `json:"balance"`
	// Available is the aggregate amount available for withdrawal.
	Available decimal.Decimal `json:"available"`
	// OnHold is the aggregate amount on hold.
	OnHold decimal.Decimal `json:"on_hold"`
	// AssetID is the store currency.
	AssetID string `json:"asset_id"`
	// Accounts are the per-coin balances.
	Accounts []Account `json:"accounts"`
	// Raw is the JSON as received.
	Raw json.RawMessage `json:"-"`
}

// Account is one coin balance.
type Account struct {
	// AccountID is the coin account's id.
	AccountID string `json:"account_id"`
	// StoreID is the store's id.
	StoreID string `json:"store_id"`
	// AccountNum orders the list.
	AccountNum int `json:"account_num"`
	// CryptoNetwork is the network (BITCOIN, ETHEREUM, …).
	CryptoNetwork string `json:"crypto_network"`
	// CryptoNetworkName names the network.
	CryptoNetworkName string `json:"crypto_network_name"`
	// Balance is the balance.
	Balance decimal.Decimal `json:"balance"`
	// Available is balance minus on hold.
	Available decimal.Decimal `json:"available"`
	// OnHold is the amount on hold.
	OnHold decimal.Decimal `json:"on_hold"`
	// AssetID is the asset.
	AssetID string `json:"asset_id"`
	// Currency is the ticker.
	Currency string `json:"currency"`
	// BaseBalance is the balance in the store currency.
	BaseBalance decimal.Decimal `json:"base_balance"`
	// BaseAvailable is the available amount in the store currency.
	BaseAvailable decimal.Decimal `json:"base_available"`
	// BaseOnHold is the amount on hold in the store currency.
	BaseOnHold decimal.Decimal `json:"base_on_hold"`
	// BaseAssetID is the store currency's asset id.
	BaseAssetID string `json:"base_asset_id"`
	// BaseCurrency is the store currency.
	BaseCurrency string `json:"base_currency"`
	// Rate converts the store currency into the coin at RateDate.
	Rate decimal.Decimal `json:"rate"`
	// RateDate is when Rate was taken.
	RateDate time.Time `json:"rate_date"`
	// Raw is the account's JSON as received.
	Raw json.RawMessage `json:"-"`
}

// balancesFields is Balances without its methods.
type balancesFields Balances

// balancesWire decodes the balances in one pass; the accounts through
// accountList, which decodes each element once.
type balancesWire struct {
	*balancesFields
	Balance   decjson.Lenient `json:"balance"`
	Available decjson.Lenient `json:"available"`
	OnHold    decjson.Lenient `json:"on_hold"`
	Accounts  accountList     `json:"accounts"`
}

// accountList decodes the accounts array element by element.
type accountList []Account

// UnmarshalJSON reads each account once, keeping its bytes as Raw.
func (l *accountList) UnmarshalJSON(b []byte) error {
	if decjson.IsNull(b) {
		return nil
	}
	return decjson.Elements(b, func(elem []byte) error {
		var a Account
		if err := a.decode(elem); err != nil {
			return err
		}
		*l = append(*l, a)
		return nil
	})
}

// UnmarshalJSON reads balances given as strings or numbers.
func (b *Balances) UnmarshalJSON(data []byte) error { return b.decode(trimKeys(data)) }

func (b *Balances) decode(data []byte) error {
	*b = Balances{}
	w := balancesWire{balancesFields: (*balancesFields)(b)}
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	b.Balance, b.Available, b.OnHold, b.Accounts = w.Balance.Decimal, w.Available.Decimal, w.OnHold.Decimal, []Account(w.Accounts)
	b.Raw = data
	return nil
}

// accountFields is Account without its methods.
type accountFields Account

// accountWire decodes an account in one pass.
type accountWire struct {
	*accountFields
	AccountNum    decjson.Int     `json:"account_num"`
	Balance       decjson.Lenient `json:"balance"`
	Available     decjson.Lenient `json:"available"`
	OnHold        decjson.Lenient `json:"on_hold"`
	BaseBalance   decjson.Lenient `json:"base_balance"`
	BaseAvailable decjson.Lenient `json:"base_available"`
	BaseOnHold    decjson.Lenient `json:"base_on_hold"`
	Rate          decjson.Lenient `json:"rate"`
	RateDate      stamp           `json:"rate_date"`
}

// UnmarshalJSON reads an account given with strings or numbers.
func (a *Account) UnmarshalJSON(data []byte) error { return a.decode(trimKeys(data)) }

func (a *Account) decode(data []byte) error {
	*a = Account{}
	w := accountWire{accountFields: (*accountFields)(a)}
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	a.AccountNum, a.Balance, a.Available, a.OnHold = int(w.AccountNum), w.Balance.Decimal, w.Available.Decimal, w.OnHold.Decimal
	a.BaseBalance, a.BaseAvailable, a.BaseOnHold = w.BaseBalance.Decimal, w.BaseAvailable.Decimal, w.BaseOnHold.Decimal
	a.Rate, a.RateDate = w.Rate.Decimal, time.Time(w.RateDate)
	a.Raw = data
	return nil
}

// Get returns the store's balances.
// GET /accounts
func (s *AccountsService) Get(ctx context.Context) (*Balances, error) {
	return read[Balances](ctx, s.client, &apicall.Call{Op: "get accounts", Method: http.MethodGet, Path: "accounts"})
}
