package gateway

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/shopspring/decimal"
)

// AssetsService lists the assets a store can accept.
type AssetsService struct{ c *Client }

// Asset is an asset (crypto or fiat) the service accepts.
type Asset struct {
	// AssetID is the id used in payments ("BTC", "USDT.TRC20").
	AssetID string
	// AssetName is the asset's name.
	AssetName string
	// Currency is the ticker.
	Currency string
	// CurrencyName is the currency's name.
	CurrencyName string
	// Language is the language of the names.
	Language string
	// AssetType is FIAT or CRYPTO.
	AssetType string
	// AssetTypeName names the type.
	AssetTypeName string
	// Symbol is the currency symbol.
	Symbol string
	// SortOrder orders the list.
	SortOrder int
	// MinSize is the smallest amount (1e-08 for BTC).
	MinSize decimal.Decimal
	// Precision is the number of decimal places.
	Precision int
	// TimeoutToTrx is the time allowed for a payment or deposit, in minutes.
	TimeoutToTrx int
	// TimeoutToWdr is the time allowed for a withdrawal, in minutes.
	TimeoutToWdr int
	// CryptoNetwork is the network (BITCOIN, ETHEREUM, …).
	CryptoNetwork string
	// CryptoNetworkName names the network.
	CryptoNetworkName string
	// CryptoNetworkConfirmations is the confirmations the service waits for.
	CryptoNetworkConfirmations int
	// CryptoAddressLink is an explorer URL template with {address}.
	CryptoAddressLink string
	// CryptoTransactionLink is an explorer URL template with {txid}.
	CryptoTransactionLink string
	// MinWithdrawalAmount is the smallest withdrawal.
	MinWithdrawalAmount decimal.Decimal
	// MaxWithdrawalAmount is the largest withdrawal.
	MaxWithdrawalAmount decimal.Decimal
	// Raw is the asset's JSON as received.
	Raw json.RawMessage
}

// UnmarshalJSON reads an asset; numbers may come as strings, in exponent form.
func (a *Asset) UnmarshalJSON(b []byte) error {
	var v struct {
		AssetID                    decjson.String  `json:"asset_id"`
		AssetName                  string          `json:"asset_name"`
		Currency                   string          `json:"currency"`
		CurrencyName               string          `json:"currency_name"`
		Language                   string          `json:"language"`
		AssetType                  string          `json:"asset_type"`
		AssetTypeName              string          `json:"asset_type_name"`
		Symbol                     string          `json:"symbol"`
		SortOrder                  decjson.Int     `json:"sort_order"`
		MinSize                    decjson.Lenient `json:"min_size"`
		Precision                  decjson.Int     `json:"precision"`
		TimeoutToTrx               decjson.Int     `json:"timeout_to_trx"`
		TimeoutToWdr               decjson.Int     `json:"timeout_to_wdr"`
		CryptoNetwork              string          `json:"crypto_network"`
		CryptoNetworkName          string          `json:"crypto_network_name"`
		CryptoNetworkConfirmations decjson.Int     `json:"crypto_network_confirmations"`
		CryptoAddressLink          string          `json:"crypto_address_link"`
		CryptoTransactionLink      string          `json:"crypto_transaction_link"`
		MinWithdrawalAmount        decjson.Lenient `json:"min_withdrawal_amount"`
		MaxWithdrawalAmount        decjson.Lenient `json:"max_withdrawal_amount"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*a = Asset{AssetID: string(v.AssetID), AssetName: v.AssetName, Currency: v.Currency, CurrencyName: v.CurrencyName,
		Language: v.Language, AssetType: v.AssetType, AssetTypeName: v.AssetTypeName, Symbol: v.Symbol,
		SortOrder: int(v.SortOrder), MinSize: v.MinSize.Decimal, Precision: int(v.Precision),
		TimeoutToTrx: int(v.TimeoutToTrx), TimeoutToWdr: int(v.TimeoutToWdr), CryptoNetwork: v.CryptoNetwork,
		CryptoNetworkName: v.CryptoNetworkName, CryptoNetworkConfirmations: int(v.CryptoNetworkConfirmations),
		CryptoAddressLink: v.CryptoAddressLink, CryptoTransactionLink: v.CryptoTransactionLink,
		MinWithdrawalAmount: v.MinWithdrawalAmount.Decimal, MaxWithdrawalAmount: v.MaxWithdrawalAmount.Decimal, Raw: b}
	return nil
}

// List returns every asset the service accepts.
// GET /assets
func (s *AssetsService) List(ctx context.Context) ([]Asset, error) {
	var out []Asset
	if err := s.c.do(ctx, call{op: "list assets", method: http.MethodGet, path: "assets"}, &out); err != nil {
		return nil, err
	}
	return out, nil
}
