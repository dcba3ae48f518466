package gateway

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
)

// TransfersService moves funds between stores.
type TransfersService service

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
	TransferID string `json:"transfer_id"`
	// TransferNum is its number.
	TransferNum string `json:"transfer_num"`
	// FromStoreID is the source store.
	FromStoreID string `json:"from_store_id"`
	// FromStoreName names the source store.
	FromStoreName string `json:"from_store_name"`
	// FromAccountID is the source coin account.
	FromAccountID string `json:"from_account_id"`
	// ToStoreID is the destination store.
	ToStoreID string `json:"to_store_id"`
	// ToStoreName names the destination store.
	ToStoreName string `json:"to_store_name"`
	// ToAccountID is the destination coin account.
	ToAccountID string `json:"to_account_id"`
	// IsTest is true between test stores.
	IsTest bool `json:"is_test"`
	// Amount is the amount moved.
	Amount decimal.Decimal `json:"amount"`
	// AssetID is the asset moved.
	AssetID string `json:"asset_id"`
	// Status is OPEN or COMPLETE.
	Status TransferStatus `json:"status"`
	// StatusName names the status.
	StatusName string `json:"status_name"`
	// CryptoNetwork is the network.
	CryptoNetwork string `json:"crypto_network"`
	// CryptoNetworkName names the network.
	CryptoNetworkName string `json:"crypto_network_name"`
	// StartDate is when the transfer was created.
	StartDate time.Time `json:"start_date"`
	// CompleteDate is when it completed.
	CompleteDate time.Time `json:"complete_date"`
	// Description describes the transfer.
	Description string `json:"description"`
	// Raw is the JSON as received.
	Raw json.RawMessage `json:"-"`
}

// transferFields is Transfer without its methods.
type transferFields Transfer

// transferWire decodes a transfer in one pass.
type transferWire struct {
	*transferFields
	TransferNum  decjson.String  `json:"transfer_num"`
	IsTest       flag            `json:"is_test"`
	Amount       decjson.Lenient `json:"amount"`
	StartDate    stamp           `json:"start_date"`
	CompleteDate stamp           `json:"complete_date"`
	wireStatus
}

// UnmarshalJSON reads a transfer.
func (t *Transfer) UnmarshalJSON(b []byte) error { return t.decode(trimKeys(b)) }

func (t *Transfer) decode(b []byte) error {
	*t = Transfer{}
	w := transferWire{transferFields: (*transferFields)(t)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	t.TransferNum, t.IsTest, t.Amount = string(w.TransferNum), bool(w.IsTest), w.Amount.Decimal
	t.StartDate, t.CompleteDate = time.Time(w.StartDate), time.Time(w.CompleteDate)
	setStatus(w.wireStatus, &t.Status, &t.StatusName)
	t.Raw = b
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
	k := &apicall.Call{Op: "create transfer", Method: http.MethodPost, Path: "transfer", Body: body}
	return create(ctx, s.client, k, transferSettlement(p))
}
