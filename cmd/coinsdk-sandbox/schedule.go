package main

import (
	"fmt"
	"strings"
	"time"
)

// providerSchedules are the providers' webhook retry schedules: the delay
// before each retry after a delivery the receiver did not accept (no answer
// or not 2xx). Where the notes give a rule rather than a list, the sandbox's
// reading of it is said beside it.
var providerSchedules = map[string][]time.Duration{
	// "retried with exponential backoff for up to 72 hours": doubling from
	// one minute, 12 retries (about 68 hours in all).
	"cryptochill": doubling(time.Minute, 12, 0),
	// "retried after 1, 5, 10, 15, 20, 30, 60, 90, 120, 150, 180, 210, 240
	// minutes", read as the wait before each retry.
	"cryptoprocessing": minutes(1, 5, 10, 15, 20, 30, 60, 90, 120, 150, 180, 210, 240),
	// "up to ten times, at most one hour apart": doubling from one minute,
	// capped at an hour.
	"gateway": doubling(time.Minute, 10, time.Hour),
	// "retried 20 times, 30 + n^4 + n seconds apart".
	"cryptopay": cryptopaySchedule(),
	// "up to 10 retries with backoff": doubling from one minute.
	"channels": doubling(time.Minute, 10, 0),
}

func doubling(first time.Duration, n int, maxDelay time.Duration) []time.Duration {
	out := make([]time.Duration, n)
	d := first
	for i := range out {
		if maxDelay > 0 && d > maxDelay {
			d = maxDelay
		}
		out[i] = d
		d *= 2
	}
	return out
}

func minutes(ms ...int) []time.Duration {
	out := make([]time.Duration, len(ms))
	for i, m := range ms {
		out[i] = time.Duration(m) * time.Minute
	}
	return out
}

func cryptopaySchedule() []time.Duration {
	out := make([]time.Duration, 20)
	for n := 1; n <= 20; n++ {
		out[n-1] = time.Duration(30+n*n*n*n+n) * time.Second
	}
	return out
}

// scheduleFor is the retry schedule a provider's sandbox gets: override
// when the -retry-schedule flag gave one (the same for every provider),
// else the provider's own divided by scale. A nil result never retries.
func scheduleFor(name string, scale int, override []time.Duration, overridden bool) []time.Duration {
	if overridden {
		return override
	}
	if scale <= 0 {
		return nil
	}
	base := providerSchedules[name]
	out := make([]time.Duration, len(base))
	for i, d := range base {
		out[i] = max(d/time.Duration(scale), time.Millisecond)
	}
	return out
}

// parseSchedule reads -retry-schedule: comma-separated Go durations
// ("200ms,1s,5s"), or "none" for no automatic retries.
func parseSchedule(s string) ([]time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "none" {
		return nil, nil
	}
	var out []time.Duration
	for _, part := range strings.Split(s, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(part))
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("-retry-schedule: %q is not a positive duration (use e.g. 200ms,1s,5s or none)", part)
		}
		if d > 7*24*time.Hour {
			return nil, fmt.Errorf("-retry-schedule: %q is longer than a week", part)
		}
		out = append(out, d)
	}
	if len(out) > 100 {
		return nil, fmt.Errorf("-retry-schedule: at most 100 retries")
	}
	return out, nil
}
