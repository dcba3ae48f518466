package cryptochill

import (
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

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

// Option changes how a Client talks to the API.
type Option func(*options)

type options struct {
	baseURL      string
	httpClient   *http.Client
	logger       *slog.Logger
	now          func() time.Time
	nonce        func() int64
	maxAttempts  int
	webhookLimit int64
	userAgent    string
}

// WithBaseURL points the client at another host (a sandbox, a proxy).
func WithBaseURL(u string) Option { return func(o *options) { o.baseURL = u } }

// WithHTTPClient sends requests through hc (for timeouts, proxies, tests).
func WithHTTPClient(hc *http.Client) Option { return func(o *options) { o.httpClient = hc } }

// WithLogger logs one debug line per attempt: method, path, status, duration.
// Never headers, payloads or secrets.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// WithClock sets the clock used for nonces, timestamps and Retry-After.
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// WithNonceSource replaces the nonce source; next must return strictly
// increasing values, also across processes that share the API key.
func WithNonceSource(next func() int64) Option { return func(o *options) { o.nonce = next } }

// WithMaxAttempts bounds attempts per call (first included; 1 disables retries).
func WithMaxAttempts(n int) Option { return func(o *options) { o.maxAttempts = n } }

// WithWebhookBodyLimit caps callback bodies (default 1 MiB).
func WithWebhookBodyLimit(n int64) Option { return func(o *options) { o.webhookLimit = n } }

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option { return func(o *options) { o.userAgent = ua } }
