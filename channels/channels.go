package channels

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/decjson"
)

// ChannelsService hands out deposit addresses: one per customer and
// currency, the same every time it is asked again (and, on EVM chains, the
// same address for every EVM currency), so a customer can store it and keep
// depositing; every deposit is reported by callback.
type ChannelsService service

// ChannelParams asks for a customer's deposit address.
type ChannelParams struct {
	// Currency is the currency to receive; one of Currencies() (or
	// Config.ExtraCurrencies). Required.
	Currency Currency `json:"currency"`
	// CustomerID is the merchant's id for the customer; every deposit's
	// callback carries it. Required; not "N/A" (the callback hash uses
	// "N/A" for no customer). A '.' is allowed (e-mail-style ids): the
	// callback hash then binds the customerId only together with the
	// amount, and Refresh reads both from the API (see Event).
	CustomerID string `json:"customerId"`
}

// Channel is a customer's deposit address.
type Channel struct {
	// Address is where the customer sends funds.
	Address string
	// QRCodeURL links to a QR image of the address, when given.
	QRCodeURL string
	// QRCode is the QR code itself (typically a data URL), when given.
	QRCode string
	// Currency and CustomerID are what was asked.
	Currency Currency
	// CustomerID is the customer the address belongs to.
	CustomerID string
	// Raw is the answer's "data" as received.
	Raw json.RawMessage
}

// wireChannel is the documented "data" object (the older call's "data" is
// the bare address string). Keys match in any case, as encoding/json does:
// "qrCodeURL" and "qrCodeUrl" alike.
type wireChannel struct {
	Address   decjson.String `json:"address"`
	QRCodeURL decjson.String `json:"qrCodeURL"`
	QRCode    decjson.String `json:"qrCode"`
}

// Create returns the customer's deposit address for a currency, creating it
// on first use. Asking again returns the same address, so the call is
// retried like a read.
// POST /api/v2/channels
func (s *ChannelsService) Create(ctx context.Context, p *ChannelParams) (*Channel, error) {
	return s.address(ctx, "create channel", "/api/v2/channels", p)
}

// WalletAddress is the older call for the same thing: the customer's
// address for a currency ("data" holds the address, qrCodeURL a QR image
// link). Prefer Create.
// POST /wallet/address
func (s *ChannelsService) WalletAddress(ctx context.Context, p *ChannelParams) (*Channel, error) {
	return s.address(ctx, "wallet address", "/wallet/address", p)
}

// address asks for p's address. The answer's "data" is an object
// (wireChannel) or, on the older call, the bare address with qrCodeURL
// beside "data" in the envelope: an answer Object cannot decode, so it is
// read from the payload.
func (s *ChannelsService) address(ctx context.Context, op, path string, p *ChannelParams) (*Channel, error) {
	if err := p.validate(s.client); err != nil {
		return nil, err
	}
	k := &apicall.Call{Op: op, Method: http.MethodPost, Path: path, Body: *p, Idempotent: true}
	raw, envelope, err := s.client.pipe.Payload(ctx, k)
	if err != nil {
		return nil, err
	}
	ch := &Channel{Currency: p.Currency, CustomerID: p.CustomerID, Raw: raw}
	var w wireChannel
	switch {
	case len(raw) > 0 && raw[0] == '"':
		if err := w.Address.UnmarshalJSON(raw); err != nil {
			return nil, s.client.pipe.Malformed(k, raw, "undecodable address")
		}
		// The older call's QR code is beside "data": read from the envelope.
		_ = decjson.Members(envelope, func(key, value []byte) error {
			switch {
			case bytes.EqualFold(key, []byte("qrCodeURL")):
				_ = w.QRCodeURL.UnmarshalJSON(value)
			case bytes.EqualFold(key, []byte("qrCode")):
				_ = w.QRCode.UnmarshalJSON(value)
			}
			return nil
		})
	case len(raw) > 0 && raw[0] == '{':
		if err := json.Unmarshal(raw, &w); err != nil {
			return nil, s.client.pipe.Malformed(k, raw, "undecodable data: "+err.Error())
		}
	}
	ch.Address = strings.TrimSpace(string(w.Address))
	ch.QRCodeURL, ch.QRCode = string(w.QRCodeURL), string(w.QRCode)
	if ch.Address == "" {
		return nil, s.client.pipe.Malformed(k, raw, "answer has no address")
	}
	return ch, nil
}

func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
