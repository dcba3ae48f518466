package channels

import (
	"fmt"
	"strconv"

	"github.com/coinsdk/coinsdk/internal/redact"
)

// ProductionBaseURL is XGateway's API host. Demo and live accounts are told
// apart by their API keys, not by host: both use this URL.
const ProductionBaseURL = "https://api.xgateway.tech"

// Config holds the credentials of one XGateway account. Printing a Config
// (any verb) shows at most the last four characters of the API key and
// never the webhook secrets.
type Config struct {
	// APIKey authenticates every request (x-api-key). It is the account's
	// credential: anyone holding it can withdraw. Required.
	APIKey string
	// WebhookSecret is the callback secret, the dashboard's "secret key":
	// callbacks carry
	// hash = base64(SHA-512("{id}.{customerId}.{amount}.{currency}.{secret key}")).
	// Needed only to verify callbacks.
	WebhookSecret string
	// PreviousWebhookSecrets are still accepted for callbacks while the
	// secret key is rotated (the provider retries a callback up to ten
	// times, so callbacks hashed with the old key keep arriving for a while).
	PreviousWebhookSecrets []string
	// ExtraCurrencies are accepted in requests besides the documented list
	// (Currencies), for a currency XGateway added after this package was
	// written. Each needs its Decimals, so amounts can still be checked.
	ExtraCurrencies []CurrencyInfo
}

// Format prints the Config with the API key shortened and the secrets
// masked, for every verb.
func (c Config) Format(f fmt.State, _ rune) {
	redact.Format(f, "channels.Config",
		"APIKey", redact.Key(c.APIKey), "WebhookSecret", redact.Mask(c.WebhookSecret),
		"PreviousWebhookSecrets", strconv.Itoa(len(c.PreviousWebhookSecrets))+" masked",
		"ExtraCurrencies", strconv.Itoa(len(c.ExtraCurrencies)))
}
