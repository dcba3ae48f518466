package providertest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/coinsdk/coinsdk/internal/benchcpu"
)

// BenchServer is a benchmark's loopback server, the same for the SDK side
// and the floor: it reads each request whole, answers 401 to one that
// signed refuses (a request without the provider's credentials) and body,
// as JSON, to the others. It closes when the benchmark ends.
func BenchServer(b *testing.B, body []byte, signed func(*http.Request) bool) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		if !signed(r) {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// Measure runs one side of a benchmark (sdk or floor) the same way: op once
// per iteration, the allocations and the CPU time per operation
// (internal/benchcpu) reported.
func Measure(b *testing.B, op func()) {
	b.ReportAllocs()
	cpu := benchcpu.Start()
	for b.Loop() {
		op()
	}
	cpu.Report(b)
}
