package cryptopay

import (
	"fmt"
	"strconv"

	"github.com/coinsdk/coinsdk/internal/redact"
)

// Base URLs of the Cryptopay Business API. Every path starts with /api/.
// Pass either to option.WithBaseURL; any other absolute URL (a proxy, a
// local fake such as cryptopaytest) is accepted the same way.
const (
	// ProductionBaseURL is the live API (the default).
	ProductionBaseURL = "https://business.cryptopay.me"
	// SandboxBaseURL is Cryptopay's sandbox (separate account and keys).
	SandboxBaseURL = "https://business-sandbox.cryptopay.me"
)

// Config holds the credentials of one Cryptopay account. Printing a Config
// (any verb) never shows a secret.
type Config struct {
	// APIKey is the key sent in Authorization: HMAC <APIKey>:<signature>. Required.
	APIKey string
	// APISecret signs requests (HMAC-SHA1). Required.
	APISecret string
	// WebhookSecret verifies callbacks (X-Cryptopay-Signature, HMAC-SHA256):
	// the dashboard's "Callback Secret", a secret separate from APISecret
	// (Settings > API). Needed only for Webhooks.Parse.
	WebhookSecret string
	// PreviousWebhookSecrets are previous callback secrets, still accepted
	// during a rotation: Cryptopay retries a callback for about a day and a
	// half, so callbacks signed with the old secret keep arriving after the
	// switch.
	PreviousWebhookSecrets []string
}

// Format prints the Config with every secret masked, for every verb.
func (c Config) Format(f fmt.State, _ rune) {
	redact.Format(f, "cryptopay.Config",
		"APIKey", redact.Key(c.APIKey), "APISecret", redact.Mask(c.APISecret),
		"WebhookSecret", redact.Mask(c.WebhookSecret),
		"PreviousWebhookSecrets", strconv.Itoa(len(c.PreviousWebhookSecrets))+" masked")
}
