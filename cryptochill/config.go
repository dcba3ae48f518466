package cryptochill

import (
	"fmt"
	"strconv"

	"github.com/coinsdk/coinsdk/internal/redact"
)

// ProductionBaseURL is CryptoChill's API host, the default. Testnet and
// mainnet are separate accounts with separate keys on this same host, so
// there is no sandbox host (no SandboxBaseURL).
const ProductionBaseURL = "https://api.cryptochill.com"

// Config holds the credentials of one CryptoChill account. Printing a Config
// (any verb) never shows the secret or the webhook secrets.
type Config struct {
	// APIKey is the key's public id (X-CC-KEY). Required.
	APIKey string
	// APISecret signs requests. Required.
	APISecret string
	// WebhookSecret verifies callbacks: the dashboard's "Callback Token"
	// (Settings > API Keys). Needed only for Webhooks.Parse.
	WebhookSecret string
	// PreviousWebhookSecrets are earlier callback tokens, still accepted
	// during a rotation.
	PreviousWebhookSecrets []string
	// ProfileID is the default profile the payments adapter creates invoices and
	// payouts under.
	ProfileID string
}

// Format prints the Config with every secret masked.
func (c Config) Format(f fmt.State, _ rune) {
	redact.Format(f, "cryptochill.Config",
		"APIKey", redact.Key(c.APIKey), "APISecret", redact.Mask(c.APISecret),
		"WebhookSecret", redact.Mask(c.WebhookSecret),
		"PreviousWebhookSecrets", strconv.Itoa(len(c.PreviousWebhookSecrets))+" masked",
		"ProfileID", c.ProfileID)
}
