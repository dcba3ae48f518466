package httpcore

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/coinsdk/coinsdk/internal/redact"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
)

// ErrorBodyLimit caps how much of an error response is read.
const ErrorBodyLimit int64 = 1 << 20

// DefaultResponseLimit caps how much of a successful response is read.
const DefaultResponseLimit int64 = 16 << 20

// DefaultTimeout is the per-attempt timeout of the default HTTP client: one
// attempt (connect, TLS, request, response headers and body) ends after 30 s.
// A caller's own client (option.WithHTTPClient) keeps its own Timeout.
const DefaultTimeout = 30 * time.Second

// DefaultMaxIdleConnsPerHost is how many idle connections the default
// transport keeps per host: sized for a backend calling one provider from
// many goroutines (Go's own default is 2, which serialises a busy client on
// connection setup).
const DefaultMaxIdleConnsPerHost = 100

// defaultTransport is shared by every client built without its own
// *http.Client, so that clients of one provider share one connection pool.
var defaultTransport = sync.OnceValue(func() *http.Transport {
	return &http.Transport{
		Proxy: http.ProxyFromEnvironment,
		DialContext: (&net.Dialer{
			Timeout:   10 * time.Second,
			KeepAlive: 30 * time.Second,
		}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          4 * DefaultMaxIdleConnsPerHost,
		MaxIdleConnsPerHost:   DefaultMaxIdleConnsPerHost,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12},
	}
})

// noRedirects returns the client requests go through: hc (or the default
// client: shared pooled transport, proxy from the environment, DefaultTimeout
// per attempt) copied with a redirect policy that follows nothing. hc itself
// is never modified. Go strips only Authorization and Cookie when a redirect
// changes host; the providers' key and signature headers, and a signed body,
// would follow it, so a signed request goes to the base URL's host or nowhere.
func noRedirects(hc *http.Client) *http.Client {
	var c http.Client
	if hc != nil {
		c = *hc
	} else {
		c = http.Client{Transport: defaultTransport(), Timeout: DefaultTimeout}
	}
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

// Config configures a Client. The embedded option.Settings is what the
// merchant's options produced (base URL, HTTP client, logger, clock, retry
// policy, user agent); the provider adds its name and error decoder.
type Config struct {
	option.Settings
	// Provider names the provider in errors and logs.
	Provider string
	// Refused reports whether an error answer means the provider refused
	// this attempt before doing anything (CryptoChill's 401 InvalidNonce for a
	// nonce at or below the last one it saw, a provider's stale Date): such
	// an attempt is safe to resend freshly signed, even for a call that
	// moves money. It is resent up to MaxRefusedRetries times with short
	// jittered backoff, without counting against RetryPolicy.MaxAttempts;
	// from the third refusal of one call on, the resend waits (at most 2 s)
	// until none of the client's other requests is in flight and goes alone
	// (holding new ones back meanwhile), so that no later-signed request can
	// overtake it.
	// Nil: no answer is taken as a refusal.
	Refused func(*payments.APIError) bool
	// DecodeError turns a non-2xx response into an *APIError; the core fills
	// Provider, StatusCode, Raw, RetryAfter and a default Kind around it.
	// Nil decodes nothing but the status.
	DecodeError func(status int, header http.Header, body []byte) *payments.APIError
}

// Client sends requests for one provider.
type Client struct {
	cfg  Config
	base *url.URL      // never holds userinfo (see basicAuth)
	gate *orderGate    // only with Config.Refused
	auth redact.Secret // "Basic …" from the base URL's userinfo, if any
}

// New validates cfg and returns a Client.
func New(cfg Config) (*Client, error) {
	u, err := url.Parse(cfg.BaseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, &payments.ValidationError{Field: "BaseURL", Reason: "must be an absolute http(s) URL"}
	}
	if u.Scheme == "http" && !cfg.AllowInsecureHTTP && !isLoopback(u.Hostname()) {
		// Credentials and signed bodies would cross the network in clear.
		return nil, &payments.ValidationError{Field: "BaseURL",
			Reason: "plain http:// is accepted only for a loopback host (127.0.0.0/8, ::1, localhost) or with option.WithInsecureHTTP"}
	}
	// Keep the base path in its escaped form (a base such as /my%2Fapi must
	// not be re-escaped or decoded into two segments).
	u.RawPath = strings.TrimRight(u.EscapedPath(), "/")
	u.Path, _ = url.PathUnescape(u.RawPath) // EscapedPath is always a valid escaping
	// The base URL's userinfo is the caller's HTTP Basic credential: it
	// leaves the URL here and lives only as a redact.Secret header value, so
	// that no URL the client keeps, builds, logs or wraps in an error (nor a
	// caller's transport that logs request URLs) can carry the password.
	auth := basicAuth(u.User)
	u.User = nil
	cfg.HTTPClient = noRedirects(cfg.HTTPClient)
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleepCtx
	}
	// What the Client keeps in plain fields never holds the base URL's
	// userinfo: fmt's bad-verb path prints a pointed-to struct's fields.
	cfg.BaseURL = redactURL(u)
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	cfg.Retry = withDefaults(cfg.Retry)
	c := &Client{cfg: cfg, base: u, auth: auth}
	if cfg.Refused != nil {
		c.gate = newOrderGate()
	}
	return c, nil
}

// BaseURL returns the base URL without credentials.
func (c *Client) BaseURL() string { return redactURL(c.base) }

// String shows the provider and base URL only.
func (c *Client) String() string {
	return "httpcore.Client{" + c.cfg.Provider + " " + c.BaseURL() + "}"
}

// Format prints the same as String for every verb, so no secret a signing
// hook closes over can leak through %+v.
func (c *Client) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, c.String()) }

// Request is one logical call; Do may send it several times.
type Request struct {
	// Operation names the call in errors ("create payout"); defaults to "METHOD path".
	Operation string
	// Method and Path (relative to the base URL) say where it goes. Path is in
	// escaped form: every id segment goes in through url.PathEscape ("a b/c"
	// → "a%20b%2Fc"), and the core sends it as is, escaped exactly once.
	Method, Path string
	// Query is appended to the URL.
	Query url.Values
	// Body is sent as is on every attempt; nil sends no body.
	Body []byte
	// Header holds extra headers (Content-Type is set when Body is not nil).
	Header http.Header
	// Reference is the dedupe reference the body carries (reference_id,
	// foreign_id, …). A call that changes state is retried only when it has one,
	// and an unknown outcome error carries it.
	Reference string
	// Idempotent marks a call that is not a GET but is harmless to repeat: a
	// read that the provider takes as POST (CryptoProcessing's lists), or a
	// lookup. It is retried like a GET and never reported as an unknown outcome.
	Idempotent bool
	// Sign signs one attempt: it receives the outgoing request, whose body is
	// Body, and sets headers. It runs on every attempt, after the retry
	// decision, so nonces and dates are fresh.
	Sign func(r *http.Request) error
}

// Response is a successful (2xx) response, read whole.
type Response struct {
	// StatusCode is the HTTP status.
	StatusCode int
	// Header holds the response headers.
	Header http.Header
	// Body is the response body (capped).
	Body []byte
	// Uncertain reports that an earlier attempt of this state-changing
	// call may have taken effect (it timed out, or answered 5xx): a refusal
	// the provider puts in this 2xx answer is then no definite failure.
	Uncertain bool
}

func (r *Request) safe() bool {
	return r.Idempotent || r.Method == http.MethodGet || r.Method == http.MethodHead
}

func (r *Request) operation() string {
	if r.Operation != "" {
		return r.Operation
	}
	return r.Method + " " + r.Path
}

// Do sends req until it succeeds, fails for good, exhausts its attempts or
// ctx ends.
//
// Errors: *payments.APIError for a definite failure; *payments.NetworkError
// for a call that got no answer and changed nothing (a GET, a refused
// connection); *payments.UnknownOutcomeError for a state-changing call that
// may have taken effect (a timeout, a reset, a 5xx, or an answer after an
// earlier attempt that may have taken effect); *payments.ValidationError for
// a request that could not be built.
func (c *Client) Do(ctx context.Context, req *Request) (*Response, error) {
	if ctx == nil {
		return nil, &payments.ValidationError{Field: "ctx", Reason: "is nil"}
	}
	safe := req.safe()
	retriable := safe || req.Reference != ""
	uncertain := false // an earlier attempt of a state-changing call may have taken effect
	var lastErr error
	refused := 0 // attempts the provider refused before doing anything
	for attempt, n := 1, 1; ; attempt, n = attempt+1, n+1 {
		start := c.cfg.Clock()
		resp, sent, err := c.gatedAttempt(ctx, req, refused >= exclusiveAfter)
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		c.logAttempt(ctx, req, n, status, start, err)

		var wait time.Duration
		var fatal *buildError
		switch {
		case errors.As(err, &fatal):
			// Building or signing failed: nothing was sent, and another
			// attempt would fail the same way.
			return nil, c.finish(req, fatal.err, uncertain)
		case err != nil:
			netErr := &payments.NetworkError{Provider: c.cfg.Provider, Operation: req.operation(), Err: err}
			lastErr = netErr
			if !safe && sent {
				uncertain = true
			}
			if ctx.Err() != nil || !(retriable || !sent) {
				return nil, c.finish(req, netErr, uncertain)
			}
			wait = backoff(c.cfg.Retry, attempt)
		case status >= 200 && status < 300:
			resp.Uncertain = uncertain
			return resp, nil
		case status >= 300 && status < 400:
			// A redirect is an answer, not a destination: nothing is re-sent.
			return nil, c.finish(req, c.redirectError(resp), uncertain)
		default:
			apiErr := c.decodeError(resp)
			lastErr = apiErr
			if c.cfg.Refused != nil && refused < MaxRefusedRetries && c.cfg.Refused(apiErr) {
				// Refused before any work (a stale nonce or Date): resend it
				// freshly signed, even a create, without using up an attempt.
				refused++
				attempt--
				wait = backoff(refusedPolicy(c.cfg.Retry), refused)
				if exceedsDeadline(ctx, wait) {
					return nil, c.finish(req, apiErr, uncertain)
				}
				if err := c.cfg.Sleep(ctx, wait); err != nil {
					return nil, c.finish(req, waitEnded(apiErr, err), uncertain)
				}
				continue
			}
			if !safe && status >= 500 {
				uncertain = true
			}
			if !retriable || !retryableStatus(status, req.Reference != "") {
				return nil, c.finish(req, apiErr, uncertain)
			}
			wait = backoff(c.cfg.Retry, attempt)
			if ra, ok := retryAfter(resp.Header, c.cfg.Clock()); ok {
				if ra > c.cfg.Retry.MaxRetryAfter {
					return nil, c.finish(req, apiErr, uncertain)
				}
				wait = ra
			}
		}
		if attempt >= c.cfg.Retry.MaxAttempts || exceedsDeadline(ctx, wait) {
			return nil, c.finish(req, lastErr, uncertain)
		}
		if err := c.cfg.Sleep(ctx, wait); err != nil {
			return nil, c.finish(req, waitEnded(lastErr, err), uncertain)
		}
	}
}

// waitEnded is the error of a call whose wait before the next attempt was
// ended by the caller's context: it matches both the last attempt's error
// (errors.As to *payments.APIError still works) and the context's error, so
// errors.Is(err, context.Canceled) tells the caller it was their own cancel.
func waitEnded(last, cause error) error {
	if last == nil {
		return cause
	}
	return &interrupted{last: last, cause: cause}
}

type interrupted struct{ last, cause error }

func (e *interrupted) Error() string {
	return e.last.Error() + " (retry not attempted: " + e.cause.Error() + ")"
}

func (e *interrupted) Unwrap() []error { return []error{e.last, e.cause} }

// logAttempt writes one debug line for an attempt: never headers, bodies or
// secrets. The line is built only when the logger keeps debug records, so
// the default (discarding) logger costs no allocation per attempt.
func (c *Client) logAttempt(ctx context.Context, req *Request, attempt, status int, start time.Time, err error) {
	if !c.cfg.Logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	d := c.cfg.Clock().Sub(start)
	c.cfg.Logger.LogAttrs(ctx, slog.LevelDebug, "coinsdk request",
		slog.String("provider", c.cfg.Provider), slog.String("op", req.operation()),
		slog.String("method", req.Method), slog.String("path", req.Path),
		slog.Int("attempt", attempt), slog.Int("status", status),
		slog.Duration("duration", d), slog.String("error", errString(err)))
}

// buildError carries an error from building or signing an attempt: it is
// returned as is, never retried and never taken for a network error.
type buildError struct{ err error }

func (e *buildError) Error() string { return e.err.Error() }

// SigningError is a request that could not be signed (its parameters could
// not be encoded into the signed payload, a signing key is unusable, …).
// Nothing was sent, and it is not retried. A signing hook that returns a
// *payments.ValidationError has it returned unchanged instead.
type SigningError struct {
	// Provider names the provider.
	Provider string
	// Operation names the call.
	Operation string
	// Err is the cause.
	Err error
}

// Error names the call and the cause.
func (e *SigningError) Error() string {
	return e.Provider + ": " + e.Operation + ": signing the request: " + e.Err.Error()
}

// Unwrap returns the cause.
func (e *SigningError) Unwrap() error { return e.Err }

func (c *Client) signingError(req *Request, err error) error {
	var ve *payments.ValidationError
	if errors.As(err, &ve) {
		return ve
	}
	return &SigningError{Provider: c.cfg.Provider, Operation: req.operation(), Err: err}
}

// finish wraps the last error of a state-changing call whose outcome is unknown.
func (c *Client) finish(req *Request, err error, uncertain bool) error {
	if !uncertain {
		return err
	}
	return &payments.UnknownOutcomeError{Provider: c.cfg.Provider, Operation: req.operation(), Reference: req.Reference, Err: err}
}

// gatedAttempt runs one attempt through the order gate of a provider that
// refuses out-of-order requests (Config.Refused): alone when exclusive.
func (c *Client) gatedAttempt(ctx context.Context, req *Request, exclusive bool) (*Response, bool, error) {
	if c.gate == nil {
		return c.attempt(ctx, req)
	}
	if err := c.gate.enter(ctx, exclusive); err != nil {
		return nil, false, err
	}
	defer c.gate.leave(exclusive)
	return c.attempt(ctx, req)
}

// attempt sends req once. sent reports whether the request may have reached
// the server: false only when the connection was never made.
func (c *Client) attempt(ctx context.Context, req *Request) (resp *Response, sent bool, err error) {
	u := *c.base
	// req.Path is already escaped (ids go in through url.PathEscape): it is
	// sent as is, escaped once, and u.Path holds its decoded form.
	u.RawPath = c.base.RawPath + "/" + strings.TrimLeft(req.Path, "/")
	if u.Path, err = url.PathUnescape(u.RawPath); err != nil {
		return nil, false, &buildError{&payments.ValidationError{Field: "path", Reason: "is not a valid escaped URL path"}}
	}
	u.RawQuery = req.Query.Encode()
	var body io.Reader
	if req.Body != nil {
		body = bytes.NewReader(req.Body)
	}
	hr, err := http.NewRequestWithContext(ctx, req.Method, u.String(), body)
	if err != nil {
		return nil, false, &buildError{&payments.ValidationError{Field: "request", Reason: "cannot be built: " + stripURL(err).Error()}}
	}
	for k, vs := range req.Header {
		hr.Header[k] = append([]string(nil), vs...)
	}
	if req.Body != nil && hr.Header.Get("Content-Type") == "" {
		hr.Header.Set("Content-Type", "application/json")
	}
	hr.Header.Set("Accept", "application/json")
	if c.cfg.UserAgent != "" {
		hr.Header.Set("User-Agent", c.cfg.UserAgent)
	}
	if !c.auth.IsZero() && hr.Header.Get("Authorization") == "" {
		// What net/http would do with the URL's userinfo: Basic auth, unless
		// the request sets its own Authorization (its headers or the signing
		// hook, which runs next, may).
		hr.Header.Set("Authorization", c.auth.Reveal())
	}
	if req.Sign != nil {
		if err := req.Sign(hr); err != nil {
			return nil, false, &buildError{c.signingError(req, err)}
		}
	}
	hresp, err := c.cfg.HTTPClient.Do(hr)
	if err != nil {
		return nil, !isDialError(err), stripURL(err)
	}
	defer hresp.Body.Close()
	limit := DefaultResponseLimit
	if hresp.StatusCode >= 300 {
		limit = ErrorBodyLimit
	}
	data, err := io.ReadAll(io.LimitReader(hresp.Body, limit+1))
	if err != nil {
		return nil, true, stripURL(err)
	}
	if int64(len(data)) > limit {
		if hresp.StatusCode < 300 {
			return nil, true, fmt.Errorf("%w: response over %d bytes", payments.ErrMalformed, limit)
		}
		data = data[:limit]
	}
	return &Response{StatusCode: hresp.StatusCode, Header: hresp.Header, Body: data}, true, nil
}

// redirectError reports a refused redirect by its status and target host
// only: the Location's path, query and userinfo may carry tokens, so neither
// the error text nor Raw keeps them.
func (c *Client) redirectError(resp *Response) *payments.APIError {
	target := "an unnamed location"
	if loc := resp.Header.Get("Location"); loc != "" {
		target = "an unparsable location"
		if u, err := c.base.Parse(loc); err == nil && u.Host != "" {
			target = "host " + u.Host
		}
	}
	return &payments.APIError{Provider: c.cfg.Provider, StatusCode: resp.StatusCode,
		Message: "redirect to " + target + " refused: coinsdk sends signed requests only to the configured base URL (" +
			c.base.Host + ")", Kind: payments.ErrRedirectRefused}
}

func (c *Client) decodeError(resp *Response) *payments.APIError {
	var e *payments.APIError
	if c.cfg.DecodeError != nil {
		e = c.cfg.DecodeError(resp.StatusCode, resp.Header, resp.Body)
	}
	if e == nil {
		e = &payments.APIError{}
	}
	e.Provider = c.cfg.Provider
	e.StatusCode = resp.StatusCode
	if e.Raw == nil {
		e.Raw = resp.Body
	}
	if e.Kind == nil {
		e.Kind = payments.KindForStatus(resp.StatusCode)
	}
	if e.RequestID == "" {
		e.RequestID = requestID(resp.Header)
	}
	if ra, ok := retryAfter(resp.Header, c.cfg.Clock()); ok {
		e.RetryAfter = ra
	}
	return e
}

// requestIDHeaders are the headers providers and their front proxies use
// for the id support asks for, most specific first.
var requestIDHeaders = []string{"X-Request-Id", "Request-Id", "X-Correlation-Id", "X-Amzn-Requestid", "Cf-Ray"}

// requestID returns the first request id header present, cleaned by CleanRequestID.
func requestID(h http.Header) string {
	for _, k := range requestIDHeaders {
		if v := CleanRequestID(h.Get(k)); v != "" {
			return v
		}
	}
	return ""
}

// CleanRequestID keeps a provider's request id fit for an error text and a
// log line: printable ASCII only, at most 128 bytes. Providers use it for
// ids they find in error bodies.
func CleanRequestID(id string) string {
	id = strings.TrimSpace(id)
	if len(id) > 128 {
		id = id[:128]
	}
	for i := 0; i < len(id); i++ {
		if id[i] < 0x20 || id[i] > 0x7e {
			return ""
		}
	}
	return id
}

// DoJSON runs Do and decodes the response into out (skipped when out is nil).
// A 2xx body that cannot be decoded is ErrMalformed, and for a state-changing
// call an unknown outcome: the work was done but its result is unreadable.
func (c *Client) DoJSON(ctx context.Context, req *Request, out any) error {
	resp, err := c.Do(ctx, req)
	if err != nil {
		return err
	}
	if out == nil {
		return nil
	}
	if err := decjson.Unmarshal(resp.Body, out); err != nil {
		apiErr := &payments.APIError{Provider: c.cfg.Provider, StatusCode: resp.StatusCode,
			Message: "undecodable response: " + err.Error(), Raw: resp.Body, Kind: payments.ErrMalformed}
		return c.finish(req, apiErr, !req.safe())
	}
	return nil
}

// isLoopback reports whether host (without port) is a loopback address or
// localhost, where plain http:// cannot be read on the network.
func isLoopback(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// isDialError reports whether err happened before the request could reach
// the server (DNS, connection refused), so nothing can have taken effect.
func isDialError(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

// stripURL drops the *url.Error wrapper, whose text holds the full URL
// (query and any userinfo), keeping its cause.
func stripURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// basicAuth returns the Authorization value net/http derives from a URL's
// userinfo ("Basic " + base64(user:password)), or a zero Secret for none.
func basicAuth(ui *url.Userinfo) redact.Secret {
	if ui == nil {
		return redact.Secret{}
	}
	pw, _ := ui.Password()
	return redact.NewSecret("Basic " + base64.StdEncoding.EncodeToString([]byte(ui.Username()+":"+pw)))
}

func redactURL(u *url.URL) string {
	c := *u
	c.User = nil
	c.RawQuery = ""
	return c.String()
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
