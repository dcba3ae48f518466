package gateway

import (
	"fmt"
	"strconv"

	"github.com/coinsdk/coinsdk/internal/redact"
)

// Base URLs of a known operator of the Crypto Payment Gateway. The API is
// white-label (its documentation writes https://api.[service_name]/int), so
// New has no default host: pass one of these, or another operator's URL, to
// option.WithBaseURL.
const (
	// BucksBusBaseURL is BucksBus's live API.
	BucksBusBaseURL = "https://api.bucksbus.com/int"
	// BucksBusTestBaseURL is BucksBus's test API (test stores, no real funds).
	BucksBusTestBaseURL = "https://devapi.bucksbus.com/int"
)

// Config holds the credentials of one store. Printing a Config (any verb)
// never shows a secret.
type Config struct {
	// APIKey is the store's API key (Settings -> API), the Basic auth
	// username. Required.
	APIKey string
	// APISecret is the store's API secret, the Basic auth password. Required.
	APISecret string
	// WebhookSecret is the store's webhook secret (Settings -> Webhook): the
	// key of X-Webhook-HMAC-SHA256. Empty means webhooks cannot be verified,
	// and are refused unless AcceptUnsignedWebhooks is set.
	WebhookSecret string
	// PreviousWebhookSecrets are still accepted while the webhook secret is
	// being rotated: the service retries a webhook for up to ten hours.
	PreviousWebhookSecrets []string
	// AcceptUnsignedWebhooks accepts a webhook that carries no
	// X-Webhook-HMAC-SHA256 header (the service sends none when the store has
	// no webhook secret). Such an event is not BodyAuthenticated and has no
	// DedupeKey until Refresh replaces its object with the API's. It is for
	// a store without a webhook secret only: New refuses it together with
	// WebhookSecret or PreviousWebhookSecrets (with a secret, every genuine
	// webhook is signed, and an unsigned one is a forgery).
	AcceptUnsignedWebhooks bool
}

// Format prints the Config with the secrets masked, for every verb.
func (c Config) Format(f fmt.State, _ rune) {
	redact.Format(f, "gateway.Config",
		"APIKey", redact.Key(c.APIKey), "APISecret", redact.Mask(c.APISecret),
		"WebhookSecret", redact.Mask(c.WebhookSecret),
		"PreviousWebhookSecrets", strconv.Itoa(len(c.PreviousWebhookSecrets))+" masked",
		"AcceptUnsignedWebhooks", strconv.FormatBool(c.AcceptUnsignedWebhooks))
}
