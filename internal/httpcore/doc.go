// Package httpcore is the HTTP machinery every provider package shares: one
// request runs through attempts, each freshly built and signed (after the
// retry decision, as aws-sdk-go-v2 signs after its retry step, so a retry
// gets a fresh nonce and the same body), with bounded, jittered, context-aware
// retries; error bodies are read through a cap and decoded by a provider hook;
// and a call that moves money is never retried unless it carries its dedupe
// reference, and never reported as a plain failure when its outcome is unknown.
//
// # Where requests go
//
// A signed request goes to the configured base URL and nowhere else: every
// redirect is refused (an *payments.APIError naming the status and the
// target host; nothing is re-sent), also through a caller's own
// *http.Client, of which the core uses a shallow copy with its own redirect
// policy (the caller's client is never modified). A plain http:// base URL
// is refused unless its host is loopback or option.WithInsecureHTTP is given.
//
// A base URL's userinfo (https://user:password@host) is taken out of the URL
// when the client is built and sent as HTTP Basic Authorization, exactly as
// net/http would (a request's own Authorization, set by its headers or its
// signing hook, wins). It is held only as a redact.Secret: no URL the core
// keeps, builds, logs or wraps in an error carries the password, and a
// caller's transport that logs request URLs never sees it.
//
// # The default HTTP client
//
// Without option.WithHTTPClient, requests go through one transport shared by
// every client in the process: DefaultMaxIdleConnsPerHost (100) idle
// connections per host, proxy from the environment (HTTPS_PROXY, NO_PROXY),
// 10 s dial and TLS handshake timeouts, 90 s idle timeout, TLS 1.2 or later,
// and DefaultTimeout (30 s) per attempt. A caller's client keeps its own
// transport and Timeout (the per-attempt limit is then hc.Timeout); the
// context bounds the whole call, retries included.
//
// # Retries
//
// GETs and requests marked Idempotent are retried on network errors, 429,
// 502, 503 and 504; a state-changing request only when it carries its dedupe
// Reference (then also on 500). Retry-After is honoured up to
// RetryPolicy.MaxRetryAfter (clamped, never negative) and never past the
// context's deadline: a wait the deadline cannot cover returns the error at
// once. An error building or signing a request is returned as is (a
// *payments.ValidationError or a *SigningError) and never retried.
//
// Config.Refused names the answers by which a provider refused an attempt
// before doing anything (CryptoChill's stale nonce, a stale Date header):
// those are resent freshly signed, even for creates, up to MaxRefusedRetries
// times with short jittered backoff, without counting against MaxAttempts.
// From a call's third refusal on, its resend waits until none of the
// client's requests is in flight (at most 2 s, so a hung request cannot stall
// the client) and goes alone, so a provider that refuses out-of-order
// requests cannot refuse it for being overtaken.
//
// # Logging
//
// With a logger (option.WithLogger), each attempt writes one debug line
// (operation, method, path, attempt, status, duration, error; never headers,
// bodies or secrets). The line is built only when the logger has debug
// enabled, so the default discarding logger costs no allocation.
package httpcore
