// Package benchcpu adds a cpu-ns/op metric to benchmarks: the process's
// CPU time (user + system, every goroutine and the garbage collector
// included) per iteration. On a machine shared with other work, wall-clock
// ns/op grows with everything else running; CPU time stays close to what
// the code itself costs, which is what an SDK/floor ratio compares.
package benchcpu

import (
	"testing"
	"time"
)

// Timer measures the CPU time a benchmark loop spends.
type Timer struct{ start time.Duration }

// Start begins measuring; call it just before the benchmark loop.
func Start() Timer { return Timer{start: cpuTime()} }

// Report adds cpu-ns/op to b's results; call it just after the loop. It
// reports nothing where the platform cannot tell the process's CPU time.
func (t Timer) Report(b *testing.B) {
	end := cpuTime()
	if end == 0 || b.N == 0 {
		return
	}
	b.ReportMetric(float64(end-t.start)/float64(b.N), "cpu-ns/op")
}
