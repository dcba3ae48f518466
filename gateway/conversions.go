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

// ConversionsService converts amounts between assets at the service's rate.
type ConversionsService service

// ConvertParams asks what FromAmount of FromAssetID is worth in AssetID.
type ConvertParams struct {
	// FromAmount is the amount to convert. Must be positive.
	FromAmount decimal.Decimal
	// FromAssetID is the asset converted from ("USD"). Required.
	FromAssetID string
	// AssetID is the asset converted into ("BTC"). Required, different.
	AssetID string
}

// Conversion is a conversion's result.
type Conversion struct {
	// FromAmount is the amount converted.
	FromAmount decimal.Decimal `json:"from_amount"`
	// FromAssetID is the asset converted from.
	FromAssetID string `json:"from_asset_id"`
	// Amount is the result (from amount_str when sent, else amount).
	Amount decimal.Decimal `json:"amount"`
	// AssetID is the asset converted into.
	AssetID string `json:"asset_id"`
	// Rate is the rate used (often in exponent form on the wire).
	Rate decimal.Decimal `json:"rate"`
	// RateDate is when the rate was taken.
	RateDate time.Time `json:"rate_date"`
	// Raw is the JSON as received.
	Raw json.RawMessage `json:"-"`
}

// conversionFields is Conversion without its methods.
type conversionFields Conversion

// conversionWire decodes a conversion in one pass; the *_str fields win
// over the numbers.
type conversionWire struct {
	*conversionFields
	FromAmount    decjson.Lenient `json:"from_amount"`
	FromAmountStr decjson.Lenient `json:"from_amount_str"`
	Amount        decjson.Lenient `json:"amount"`
	AmountStr     decjson.Lenient `json:"amount_str"`
	Rate          decjson.Lenient `json:"rate"`
	RateDate      stamp           `json:"rate_date"`
}

// UnmarshalJSON reads a conversion.
func (c *Conversion) UnmarshalJSON(b []byte) error { return c.decode(trimKeys(b)) }

func (c *Conversion) decode(b []byte) error {
	*c = Conversion{}
	w := conversionWire{conversionFields: (*conversionFields)(c)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	c.FromAmount, c.Amount, c.Rate, c.RateDate = w.FromAmount.Decimal, w.Amount.Decimal, w.Rate.Decimal, time.Time(w.RateDate)
	if !w.FromAmountStr.IsZero() {
		c.FromAmount = w.FromAmountStr.Decimal
	}
	if !w.AmountStr.IsZero() {
		c.Amount = w.AmountStr.Decimal
	}
	c.Raw = b
	return nil
}

// convertBody is /convert's JSON: the amount as a number written from the
// decimal's exact text.
type convertBody struct {
	FromAmount  decjson.Number `json:"from_amount"`
	FromAssetID string         `json:"from_asset_id"`
	AssetID     string         `json:"asset_id"`
}

// Convert converts p.FromAmount of p.FromAssetID into p.AssetID. It changes
// nothing, so it is retried like a read.
// POST /convert
func (s *ConversionsService) Convert(ctx context.Context, p *ConvertParams) (*Conversion, error) {
	if p == nil {
		return nil, &payments.ValidationError{Field: "params", Reason: "is required"}
	}
	if err := validAsset("from_asset_id", p.FromAssetID, true); err != nil {
		return nil, err
	}
	if err := validAsset("asset_id", p.AssetID, true); err != nil {
		return nil, err
	}
	if strings.EqualFold(p.FromAssetID, p.AssetID) {
		return nil, &payments.ValidationError{Field: "asset_id", Reason: "must differ from from_asset_id"}
	}
	if err := validAmount("from_amount", p.FromAmount, p.FromAssetID); err != nil {
		return nil, err
	}
	k := &apicall.Call{Op: "convert", Method: http.MethodPost, Path: "convert", Idempotent: true,
		Body: convertBody{FromAmount: decjson.Number{Decimal: p.FromAmount}, FromAssetID: p.FromAssetID, AssetID: p.AssetID}}
	return read[Conversion](ctx, s.client, k)
}
