// Package option holds the client options every coinsdk provider accepts,
// defined once, with the same names and the same behaviour everywhere:
//
//	c, err := cryptopay.New(cfg,
//		option.WithBaseURL(cryptopay.SandboxBaseURL),
//		option.WithHTTPClient(hc),
//		option.WithLogger(logger))
//
// Every provider's New takes ...option.Option. A provider's named hosts are
// constants in its own package (cryptopay.ProductionBaseURL,
// cryptopay.SandboxBaseURL, gateway.BucksBusTestBaseURL, …) passed to
// WithBaseURL; its default is the production host where it has a single one.
//
// Why one package and not WithX functions copied into each provider: a
// merchant who learned one provider knows them all, and a fix to an option's
// behaviour lands once (this follows google-cloud-go's option package; the
// design card's per-provider WithX spelling was dropped for it).
package option

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// Option changes how a provider client talks to its API.
type Option func(*Settings)

// RetryPolicy bounds retries. The zero value means the defaults.
type RetryPolicy struct {
	// MaxAttempts is the total number of attempts, first included (default 3;
	// 1 disables retries).
	MaxAttempts int
	// BaseDelay is the first backoff (default 250ms); it doubles per attempt,
	// with jitter.
	BaseDelay time.Duration
	// MaxDelay caps one backoff (default 5s).
	MaxDelay time.Duration
	// MaxRetryAfter is the longest Retry-After coinsdk waits out itself
	// (default 30s); a longer one is returned to the caller as ErrRateLimited.
	MaxRetryAfter time.Duration
}

// Settings is what the options set. Provider packages read it through
// Apply; merchants use the With functions.
type Settings struct {
	// BaseURL replaces the provider's default host.
	BaseURL string
	// HTTPClient sends requests. Nil means coinsdk's default client (pooled
	// transport sized for concurrent use, 30 s per attempt). A caller's client
	// is never modified: coinsdk uses a copy that refuses redirects.
	HTTPClient *http.Client
	// Logger receives one debug line per attempt; nil logs nothing.
	Logger *slog.Logger
	// Clock is the time source (nonces, Date headers, Retry-After, events).
	Clock func() time.Time
	// Retry bounds retries.
	Retry RetryPolicy
	// UserAgent is sent on every request (a coinsdk default when empty).
	UserAgent string
	// WebhookBodyLimit caps webhook bodies (1 MiB when zero).
	WebhookBodyLimit int64
	// AllowInsecureHTTP accepts a plain http:// base URL on a non-loopback host.
	AllowInsecureHTTP bool
	// NonceSource replaces the nonce source of providers that sign with a
	// nonce (CryptoChill); others ignore it.
	NonceSource func() int64
	// Sleep waits between attempts; tests replace it so that retries take no
	// wall time. Nil means a context-aware timer.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Apply returns the settings opts produce, starting from defaults.
func Apply(defaults Settings, opts ...Option) Settings {
	s := defaults
	for _, o := range opts {
		if o != nil {
			o(&s)
		}
	}
	return s
}

// WithBaseURL points the client at another host: the provider's sandbox (its
// package names the constant), a white-label host, a proxy, a local fake.
// A plain http:// URL is refused unless its host is loopback or
// WithInsecureHTTP is given too.
func WithBaseURL(u string) Option { return func(s *Settings) { s.BaseURL = u } }

// WithHTTPClient sends requests through hc (timeouts, proxies, tests). hc is
// not modified; coinsdk sends through a shallow copy that refuses redirects,
// so a signed request never reaches a host other than the base URL's.
//
// hc.Timeout is then the per-attempt timeout (the default client's is 30 s,
// with a pooled transport keeping 100 idle connections per host, the proxy
// from the environment and 10 s dial and TLS timeouts); the context bounds
// the whole call, retries included. A zero hc.Timeout means no per-attempt
// limit beyond the context.
func WithHTTPClient(hc *http.Client) Option { return func(s *Settings) { s.HTTPClient = hc } }

// WithLogger logs one debug line per attempt: operation, method, path,
// status, duration. Never headers, bodies or secrets.
func WithLogger(l *slog.Logger) Option { return func(s *Settings) { s.Logger = l } }

// WithClock sets the clock used for nonces, Date headers, Retry-After and
// event timestamps.
func WithClock(now func() time.Time) Option { return func(s *Settings) { s.Clock = now } }

// WithRetryPolicy bounds retries and their backoff.
func WithRetryPolicy(p RetryPolicy) Option { return func(s *Settings) { s.Retry = p } }

// WithMaxAttempts bounds attempts per call (first included; 1 disables
// retries), keeping the rest of the retry policy.
func WithMaxAttempts(n int) Option { return func(s *Settings) { s.Retry.MaxAttempts = n } }

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option { return func(s *Settings) { s.UserAgent = ua } }

// WithWebhookBodyLimit caps webhook bodies (default 1 MiB), also for chunked
// bodies without a Content-Length.
func WithWebhookBodyLimit(n int64) Option { return func(s *Settings) { s.WebhookBodyLimit = n } }

// WithInsecureHTTP accepts a plain http:// base URL on a host that is not
// loopback. Credentials and signed bodies then cross the network in clear:
// use it only inside a trusted network.
func WithInsecureHTTP() Option { return func(s *Settings) { s.AllowInsecureHTTP = true } }

// WithNonceSource replaces the nonce source of providers that sign with a
// nonce (CryptoChill); next must return strictly increasing values, also
// across processes that share the API key. Other providers ignore it.
func WithNonceSource(next func() int64) Option { return func(s *Settings) { s.NonceSource = next } }

// WithSleep replaces the wait between attempts (tests use it so that retries
// take no wall time). It must return early, with ctx.Err(), when ctx ends.
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(s *Settings) { s.Sleep = sleep }
}
