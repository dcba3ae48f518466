package cryptochill

import (
	"fmt"
	"strconv"

	"github.com/coinsdk/coinsdk/internal/redact"
)

// DefaultBaseURL is CryptoChill's API host. Testnet and mainnet are separate
// accounts with separate keys on this same host.
const DefaultBaseURL = "https://api.cryptochill.com"

// Config holds the credentials of one CryptoChill account. Printing a Config
// (any verb) never shows the secret or the callback tokens.
type Config struct {
	// APIKey is the key's public id (X-CC-KEY). Required.
	APIKey string
	// APISecret signs requests. Required.
	APISecret string
	// CallbackToken verifies callbacks (Settings > API Keys). Needed only for
	// Webhooks.Parse.
	CallbackToken string
	// PreviousCallbackTokens are still accepted during a token rotation.
	PreviousCallbackTokens []string
	// ProfileID is the default profile the payments adapter creates invoices and
	// payouts under.
	ProfileID string
}

// Format prints the Config with every secret masked.
func (c Config) Format(f fmt.State, _ rune) {
	redact.Format(f, "cryptochill.Config",
		"APIKey", redact.Key(c.APIKey), "APISecret", redact.Mask(c.APISecret),
		"CallbackToken", redact.Mask(c.CallbackToken),
		"PreviousCallbackTokens", strconv.Itoa(len(c.PreviousCallbackTokens))+" masked",
		"ProfileID", c.ProfileID)
}
