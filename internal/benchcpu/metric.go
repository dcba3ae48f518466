package benchcpu

import (
	"testing"
	"time"
)

// The testing package takes custom metrics as float64; these helpers are the
// one place a benchmark's timings become one, so that no float type appears
// next to the code under measure (money never touches them: they are counts
// and durations).

// ReportRate reports n events over d as a per-second rate under unit
// ("deliveries/s").
func ReportRate(b *testing.B, n int, d time.Duration, unit string) {
	if d <= 0 {
		return
	}
	b.ReportMetric(float64(n)/d.Seconds(), unit)
}

// ReportMillis reports d in milliseconds (microsecond precision) under unit
// ("p50-ms").
func ReportMillis(b *testing.B, d time.Duration, unit string) {
	b.ReportMetric(float64(d.Microseconds())/1000, unit)
}

// ReportPerOp reports d spread over n operations, in nanoseconds, under unit
// ("db-write-ns").
func ReportPerOp(b *testing.B, d time.Duration, n int, unit string) {
	if n <= 0 {
		return
	}
	b.ReportMetric(float64(d.Nanoseconds())/float64(n), unit)
}
