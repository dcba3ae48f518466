package httpcore

import (
	"context"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/option"
)

// RetryPolicy bounds retries; it is option.RetryPolicy, defined once there.
type RetryPolicy = option.RetryPolicy

func withDefaults(p RetryPolicy) RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 3
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = 250 * time.Millisecond
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 5 * time.Second
	}
	if p.MaxRetryAfter <= 0 {
		p.MaxRetryAfter = 30 * time.Second
	}
	return p
}

// MaxRefusedRetries bounds how many times one call is resent after the
// provider refused an attempt before doing anything (Config.Refused).
const MaxRefusedRetries = 10

// refusedPolicy is the backoff after a refused attempt: the refusal is a
// race between concurrent requests (a later nonce arrived first), not an
// overloaded provider, so the waits start short (at most 10 ms, doubling,
// capped at 1 s) and are jittered so that racing requests spread out.
func refusedPolicy(p RetryPolicy) RetryPolicy {
	p.BaseDelay = min(p.BaseDelay, 10*time.Millisecond)
	p.MaxDelay = min(p.MaxDelay, time.Second)
	return p
}

// backoff is the wait before attempt n+1 (n counts from 1): exponential,
// capped, with jitter in [d/2, d] so that clients that failed together do not
// retry together.
func backoff(p RetryPolicy, n int) time.Duration {
	d := p.BaseDelay
	for i := 1; i < n && d < p.MaxDelay; i++ {
		d *= 2
	}
	d = min(d, p.MaxDelay)
	half := int64(d / 2)
	return time.Duration(half + rand.Int64N(half+1))
}

// maxRetryAfter clamps a parsed Retry-After: anything longer is simply
// "longer than anyone waits" and must never overflow into a negative wait.
const maxRetryAfter = 24 * time.Hour

// retryAfter parses a Retry-After header: delta-seconds or an HTTP date,
// clamped to [0, 24h] (a huge value such as 10000000000 seconds would
// overflow time.Duration into a negative wait).
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if isDigits(v) {
		secs, err := strconv.ParseUint(v, 10, 64)
		if err != nil || secs > uint64(maxRetryAfter/time.Second) { // overflow or beyond the clamp
			return maxRetryAfter, true
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return min(max(t.Sub(now), 0), maxRetryAfter), true
	}
	return 0, false
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// exceedsDeadline reports whether waiting d would end past ctx's deadline:
// then the caller gets the error now rather than a wait that cannot end in
// another attempt.
func exceedsDeadline(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return ok && d > time.Until(deadline)
}

// retryableStatus reports whether a status is worth another attempt: rate
// limited or a gateway that may do better next time. A 500 is retried only
// for calls that carry a dedupe reference (the provider then answers the
// retry from what the first attempt did).
func retryableStatus(status int, withReference bool) bool {
	switch status {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	case http.StatusInternalServerError:
		return withReference
	}
	return false
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
