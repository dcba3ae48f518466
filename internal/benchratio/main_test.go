package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRatios(t *testing.T) {
	in := `goos: linux
pkg: example.com/a
BenchmarkCall/sdk-2         	   100	     1100 ns/op	      1500 cpu-ns/op	   200 B/op	      11 allocs/op
BenchmarkCall/sdk-2         	   100	     1300 ns/op	   200 B/op	      11 allocs/op
BenchmarkCall/sdk-2         	   100	     1200 ns/op	   200 B/op	      11 allocs/op
BenchmarkCall/floor-2       	   100	     1000 ns/op	      1000 cpu-ns/op	   100 B/op	      10 allocs/op
BenchmarkCall/floor-2       	   100	     1200 ns/op	   100 B/op	      10 allocs/op
BenchmarkCall/floor-2       	   100	      800 ns/op	   100 B/op	      10 allocs/op
BenchmarkWebhook/sdk-2      	   100	     500 ns/op	  74.38 MB/s	   50 B/op	       5 allocs/op
BenchmarkWebhook/floor-2    	   100	     500 ns/op	  74.38 MB/s	   50 B/op	       5 allocs/op
BenchmarkAlone-2            	   100	     500 ns/op
PASS
`
	var out strings.Builder
	require.NoError(t, run(strings.NewReader(in), &out))
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 3)
	// ns/op: medians 1200/1000; paired over ns/op (cpu-ns/op is in one
	// run only): 1100/1000, 1300/1200, 1200/800 → median 1.10; best
	// 1100/800.
	assert.Equal(t, []string{"example.com/a", "BenchmarkCall", "1.20x", "1.50x", "2.00x", "1.10x", "1.10x", "1.38x"}, strings.Fields(lines[1]))
	assert.Equal(t, []string{"example.com/a", "BenchmarkWebhook", "1.00x", "-", "1.00x", "1.00x", "1.00x", "1.00x"}, strings.Fields(lines[2]))
}
