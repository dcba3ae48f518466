package cryptoprocessing

import (
	"fmt"
	"strconv"

	"github.com/coinsdk/coinsdk/internal/redact"
)

// Base URLs of the API. White-label hosts expose the same API elsewhere:
// pass their URL to WithBaseURL.
const (
	// ProductionBaseURL is the live API.
	ProductionBaseURL = "https://app.cryptoprocessing.com/api/v2"
	// SandboxBaseURL is the provider's test environment (separate keys).
	SandboxBaseURL = "https://app.sandbox.cryptoprocessing.com/api/v2"
)

// Config holds the credentials of one CryptoProcessing merchant account.
// Printing a Config (any verb) never shows a secret.
type Config struct {
	// APIKey is the public key, sent as X-Processing-Key. Required.
	APIKey string
	// APISecret signs requests and verifies callbacks. Required.
	APISecret string
	// PreviousAPISecrets are still accepted for callbacks while a secret is
	// being rotated: callbacks signed before the switch keep arriving for hours
	// (the provider retries for about a day). Requests are always signed with
	// APISecret.
	PreviousAPISecrets []string
}

// Format prints the Config with the secrets masked, for every verb.
func (c Config) Format(f fmt.State, _ rune) {
	redact.Format(f, "cryptoprocessing.Config",
		"APIKey", redact.Key(c.APIKey), "APISecret", redact.Mask(c.APISecret),
		"PreviousAPISecrets", strconv.Itoa(len(c.PreviousAPISecrets))+" masked")
}
