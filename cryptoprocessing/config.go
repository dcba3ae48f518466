package cryptoprocessing

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

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

// Option changes how a Client talks to the API.
type Option func(*options)

type options struct {
	baseURL      string
	httpClient   *http.Client
	logger       *slog.Logger
	now          func() time.Time
	sleep        func(ctx context.Context, d time.Duration) error // tests only
	maxAttempts  int
	webhookLimit int64
	userAgent    string
}

// WithBaseURL points the client at another host: the sandbox, a white-label
// host, a proxy or a local fake. Any absolute http(s) URL is accepted; it
// should end in the API version ("…/api/v2").
func WithBaseURL(u string) Option { return func(o *options) { o.baseURL = u } }

// WithSandbox points the client at SandboxBaseURL.
func WithSandbox() Option { return WithBaseURL(SandboxBaseURL) }

// WithHTTPClient sends requests through hc (timeouts, proxies, tests).
func WithHTTPClient(hc *http.Client) Option { return func(o *options) { o.httpClient = hc } }

// WithLogger logs one debug line per attempt: method, path, status, duration.
// Never headers, bodies or secrets.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.logger = l } }

// WithClock sets the clock used for Retry-After and event timestamps.
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// WithMaxAttempts bounds attempts per call (first included; 1 disables retries).
func WithMaxAttempts(n int) Option { return func(o *options) { o.maxAttempts = n } }

// WithWebhookBodyLimit caps callback bodies (default 1 MiB).
func WithWebhookBodyLimit(n int64) Option { return func(o *options) { o.webhookLimit = n } }

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option { return func(o *options) { o.userAgent = ua } }
