package cryptochill

import (
	"context"
	"encoding/json"
)

// ProfilesService reads profiles: which wallet receives for each coin and
// where callbacks go.
type ProfilesService service

// Profile is a set of settings invoices and payouts are made under.
type Profile struct {
	// ID is the profile id (the ProfileID of invoices and payouts).
	ID string `json:"id"`
	// Name is the profile's display name.
	Name string `json:"name"`
	// CallbackURL is where callbacks are sent; nil when none is set.
	CallbackURL *string `json:"callback_url"`
	// Currencies lists the coins the profile receives and their wallets.
	Currencies []ProfileCurrency `json:"currencies"`
	// Raw is the profile's JSON as received.
	Raw json.RawMessage `json:"-"`
}

func (p *Profile) setRaw(b json.RawMessage) { p.Raw = b }

// ProfileCurrency is one coin a profile receives.
type ProfileCurrency struct {
	// Kind is the coin or token and network ("BTC").
	Kind string `json:"kind"`
	// Network is "mainnet" or "testnet".
	Network string `json:"network"`
	// WalletID is the wallet that receives it.
	WalletID string `json:"wallet_id"`
}

// List returns every profile (the endpoint is not paged).
// GET /v1/profiles/
func (s *ProfilesService) List(ctx context.Context) ([]Profile, error) {
	return list[Profile](ctx, s.client, "list profiles", "/v1/profiles/")
}

// Get returns one profile.
// GET /v1/profiles/<id>/
func (s *ProfilesService) Get(ctx context.Context, id string) (*Profile, error) {
	return get[Profile](ctx, s.client, "get profile", "/v1/profiles/", id)
}
