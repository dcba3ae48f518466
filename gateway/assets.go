package gateway

import (
	"context"
	"encoding/json"
	"net/http"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/shopspring/decimal"
)

// AssetsService lists the assets a store can accept.
type AssetsService service

// Asset is an asset (crypto or fiat) the service accepts.
type Asset struct {
	// AssetID is the id used in payments ("BTC", "USDT.TRC20").
	AssetID string `json:"asset_id"`
	// AssetName is the asset's name.
	AssetName string `json:"asset_name"`
	// Currency is the ticker.
	Currency string `json:"currency"`
	// CurrencyName is the currency's name.
	CurrencyName string `json:"currency_name"`
	// Language is the language of the names.
	Language string `json:"language"`
	// AssetType is FIAT or CRYPTO.
	AssetType string `json:"asset_type"`
	// AssetTypeName names the type.
	AssetTypeName string `json:"asset_type_name"`
	// Symbol is the currency symbol.
	Symbol string `json:"symbol"`
	// SortOrder orders the list.
	SortOrder int `json:"sort_order"`
	// MinSize is the smallest amount (1e-08 for BTC).
	MinSize decimal.Decimal `json:"min_size"`
	// Precision is the number of decimal places.
	Precision int `json:"precision"`
	// TimeoutToTrx is the time allowed for a payment or deposit, in minutes.
	TimeoutToTrx int `json:"timeout_to_trx"`
	// TimeoutToWdr is the time allowed for a withdrawal, in minutes.
	TimeoutToWdr int `json:"timeout_to_wdr"`
	// CryptoNetwork is the network (BITCOIN, ETHEREUM, …).
	CryptoNetwork string `json:"crypto_network"`
	// CryptoNetworkName names the network.
	CryptoNetworkName string `json:"crypto_network_name"`
	// CryptoNetworkConfirmations is the confirmations the service waits for.
	CryptoNetworkConfirmations int `json:"crypto_network_confirmations"`
	// CryptoAddressLink is an explorer URL template with {address}.
	CryptoAddressLink string `json:"crypto_address_link"`
	// CryptoTransactionLink is an explorer URL template with {txid}.
	CryptoTransactionLink string `json:"crypto_transaction_link"`
	// MinWithdrawalAmount is the smallest withdrawal.
	MinWithdrawalAmount decimal.Decimal `json:"min_withdrawal_amount"`
	// MaxWithdrawalAmount is the largest withdrawal.
	MaxWithdrawalAmount decimal.Decimal `json:"max_withdrawal_amount"`
	// Raw is the asset's JSON as received.
	Raw json.RawMessage `json:"-"`
}

// assetFields is Asset without its methods.
type assetFields Asset

// assetWire decodes an asset in one pass; numbers may come as strings, in
// exponent form (min_size 1e-08).
type assetWire struct {
	*assetFields
	SortOrder                  decjson.Int     `json:"sort_order"`
	MinSize                    decjson.Lenient `json:"min_size"`
	Precision                  decjson.Int     `json:"precision"`
	TimeoutToTrx               decjson.Int     `json:"timeout_to_trx"`
	TimeoutToWdr               decjson.Int     `json:"timeout_to_wdr"`
	CryptoNetworkConfirmations decjson.Int     `json:"crypto_network_confirmations"`
	MinWithdrawalAmount        decjson.Lenient `json:"min_withdrawal_amount"`
	MaxWithdrawalAmount        decjson.Lenient `json:"max_withdrawal_amount"`
}

// UnmarshalJSON reads an asset.
func (a *Asset) UnmarshalJSON(b []byte) error { return a.decode(trimKeys(b)) }

func (a *Asset) decode(b []byte) error {
	*a = Asset{}
	w := assetWire{assetFields: (*assetFields)(a)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	a.SortOrder, a.Precision, a.MinSize = int(w.SortOrder), int(w.Precision), w.MinSize.Decimal
	a.TimeoutToTrx, a.TimeoutToWdr, a.CryptoNetworkConfirmations = int(w.TimeoutToTrx), int(w.TimeoutToWdr), int(w.CryptoNetworkConfirmations)
	a.MinWithdrawalAmount, a.MaxWithdrawalAmount = w.MinWithdrawalAmount.Decimal, w.MaxWithdrawalAmount.Decimal
	a.Raw = b
	return nil
}

// List returns every asset the service accepts.
// GET /assets
func (s *AssetsService) List(ctx context.Context) ([]Asset, error) {
	return list[Asset](ctx, s.client, &apicall.Call{Op: "list assets", Method: http.MethodGet, Path: "assets"})
}
