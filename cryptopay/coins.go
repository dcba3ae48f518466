package cryptopay

import (
	"context"
	"github.com/coinsdk/coinsdk/internal/apicall"
	"net/http"
)

// CoinsService reads the supported cryptocurrencies.
type CoinsService service

// CoinNetwork is one network a coin is available on.
type CoinNetwork struct {
	// Network is the network's code ("bitcoin", "tron", …).
	Network string `json:"network"`
	// Name is the network's display name.
	Name string `json:"name"`
	// Precision is the number of decimal places on this network, if given.
	Precision int `json:"precision"`
	// DestinationTag describes the network's destination tag (XRP, XLM …);
	// nil when the network has none.
	DestinationTag *CoinDestinationTag `json:"destination_tag"`
	// Invoices says whether invoices can be paid on this network.
	Invoices FeatureConfig `json:"invoices"`
	// Channels says whether channels accept payments on this network.
	Channels FeatureConfig `json:"channels"`
	// CoinWithdrawals says whether coin withdrawals can be sent on this network.
	CoinWithdrawals FeatureConfig `json:"coin_withdrawals"`
}

// CoinDestinationTag is a network's destination tag.
type CoinDestinationTag struct {
	// Required reports whether a payment without the tag is refused.
	Required bool `json:"required"`
	// Name is what the network calls it ("Destination tag", "Memo").
	Name string `json:"name"`
}

// FeatureConfig says whether a feature (invoices, channels, coin
// withdrawals) is available on a coin's network.
type FeatureConfig struct {
	// Enabled reports whether it is.
	Enabled bool `json:"enabled"`
}

// Coin is a supported cryptocurrency.
type Coin struct {
	// Currency is the code ("BTC").
	Currency string `json:"currency"`
	// Name is the display name.
	Name string `json:"name"`
	// LogoURL is the coin's logo.
	LogoURL string `json:"logo_url"`
	// Networks lists the networks it is available on.
	Networks []CoinNetwork `json:"networks"`
	rawJSON
}

// List reads every supported coin with its networks.
// GET /api/coins
func (s *CoinsService) List(ctx context.Context) ([]Coin, error) {
	coins, _, err := apicall.List[Coin](ctx, s.client.pipe, &apicall.Call{Op: "list coins", Method: http.MethodGet, Path: "/api/coins"})
	return coins, err
}
