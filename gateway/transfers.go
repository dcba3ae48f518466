package gateway

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// TransfersService moves funds between stores.
type TransfersService struct{ c *Client }

// TransferParams moves Amount of AssetID to another store.
type TransferParams struct {
	// ToStoreID is the destination store. Required.
	ToStoreID string
	// Amount is the amount to move. Must be positive; sent as a JSON number
	// written from the decimal's exact text.
	Amount decimal.Decimal
	// AssetID is the asset moved. Required.
	AssetID string
	// Description describes the transfer.
	Description string
}

// transferBody is POST /transfer's JSON.
type transferBody struct {
	ToStoreID   string         `json:"to_store_id"`
	Amount      decjson.Number `json:"amount"`
	AssetID     string         `json:"asset_id"`
	Description string         `json:"description,omitempty"`
}

// Transfer is a transfer between stores.
type Transfer struct {
	// TransferID is the transfer's id.
	TransferID string
	// TransferNum is its number.
	TransferNum string
	// FromStoreID is the source store.
	FromStoreID string
	// FromStoreName names the source store.
	FromStoreName string
	// FromAccountID is the source coin account.
	FromAccountID string
	// ToStoreID is the destination store.
	ToStoreID string
	// ToStoreName names the destination store.
	ToStoreName string
	// ToAccountID is the destination coin account.
	ToAccountID string
	// IsTest is true between test stores.
	IsTest bool
	// Amount is the amount moved.
	Amount decimal.Decimal
	// AssetID is the asset moved.
	AssetID string
	// Status is OPEN or COMPLETE.
	Status string
	// StatusName names the status.
	StatusName string
	// CryptoNetwork is the network.
	CryptoNetwork string
	// CryptoNetworkName names the network.
	CryptoNetworkName string
	// StartDate is when the transfer was created.
	StartDate time.Time
	// CompleteDate is when it completed.
	CompleteDate time.Time
	// Description describes the transfer.
	Description string
	// Raw is the JSON as received.
	Raw json.RawMessage
}

// UnmarshalJSON reads a transfer.
func (t *Transfer) UnmarshalJSON(b []byte) error {
	var v struct {
		TransferID        decjson.String  `json:"transfer_id"`
		TransferNum       decjson.String  `json:"transfer_num"`
		FromStoreID       decjson.String  `json:"from_store_id"`
		FromStoreName     string          `json:"from_store_name"`
		FromAccountID     decjson.String  `json:"from_account_id"`
		ToStoreID         decjson.String  `json:"to_store_id"`
		ToStoreName       string          `json:"to_store_name"`
		ToAccountID       decjson.String  `json:"to_account_id"`
		IsTest            flag            `json:"is_test"`
		Amount            decjson.Lenient `json:"amount"`
		AssetID           decjson.String  `json:"asset_id"`
		CryptoNetwork     string          `json:"crypto_network"`
		CryptoNetworkName string          `json:"crypto_network_name"`
		StartDate         stamp           `json:"start_date"`
		CompleteDate      stamp           `json:"complete_date"`
		Description       string          `json:"description"`
		wireStatus
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	status, name := v.status()
	*t = Transfer{TransferID: string(v.TransferID), TransferNum: string(v.TransferNum), FromStoreID: string(v.FromStoreID),
		FromStoreName: v.FromStoreName, FromAccountID: string(v.FromAccountID), ToStoreID: string(v.ToStoreID),
		ToStoreName: v.ToStoreName, ToAccountID: string(v.ToAccountID), IsTest: bool(v.IsTest), Amount: v.Amount.Decimal,
		AssetID: string(v.AssetID), Status: status, StatusName: name, CryptoNetwork: v.CryptoNetwork,
		CryptoNetworkName: v.CryptoNetworkName, StartDate: time.Time(v.StartDate), CompleteDate: time.Time(v.CompleteDate),
		Description: v.Description, Raw: b}
	return nil
}

// Create moves p.Amount of p.AssetID to store p.ToStoreID. Like every call
// that moves money it is sent exactly once (the API has no idempotency key
// and no transfer lookup): a 500, a timeout or a reset after sending is a
// *payments.UnknownOutcomeError; check both stores' balances before
// sending another.
// POST /transfer
func (s *TransfersService) Create(ctx context.Context, p *TransferParams) (*Transfer, error) {
	if p == nil {
		return nil, &payments.ValidationError{Field: "params", Reason: "is required"}
	}
	if strings.TrimSpace(p.ToStoreID) == "" {
		return nil, &payments.ValidationError{Field: "to_store_id", Reason: "is required"}
	}
	if strings.TrimSpace(p.ToStoreID) != p.ToStoreID {
		return nil, &payments.ValidationError{Field: "to_store_id", Reason: "has surrounding spaces"}
	}
	if err := validAsset("asset_id", p.AssetID, true); err != nil {
		return nil, err
	}
	if err := validAmount("amount", p.Amount, p.AssetID); err != nil {
		return nil, err
	}
	body := transferBody{ToStoreID: p.ToStoreID, Amount: decjson.Number{Decimal: p.Amount}, AssetID: p.AssetID, Description: p.Description}
	k := call{op: "create transfer", method: http.MethodPost, path: "transfer", body: body, create: true}
	var out Transfer
	if err := s.c.do(ctx, k, &out); err != nil {
		return nil, err
	}
	if strings.EqualFold(out.AssetID, p.AssetID) && !out.Amount.Equal(p.Amount) {
		return nil, mismatch(k, out.Raw, "amount "+out.Amount.String()+", sent "+p.Amount.String())
	}
	return &out, nil
}
