// Command benchratio reads `go test -bench -benchmem` output on stdin and
// prints, for every benchmark pair <Name>/sdk and <Name>/floor, the SDK's
// cost relative to the hand-written floor: ns/op, cpu-ns/op (when the
// benchmarks report it, see internal/benchcpu), B/op and allocs/op ratios,
// each the ratio of the medians over -count runs. Two more columns read the
// CPU time (ns/op where cpu-ns/op is absent) against a shared machine's
// noise, which moves whole runs by ±20% here: "paired", the median of the
// per-run ratios (run i of sdk beside run i of floor: go test -count runs
// the two sub-benchmarks back to back, so a slow spell slows both), and
// "best", the ratio of each side's fastest run (interference only ever
// adds time). It exits non-zero only when it cannot read its input; the
// ratios are reports, not checks.
//
//	go test -run '^$' -bench . -benchmem -count 5 ./... | go run ./internal/benchratio
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// sample holds one benchmark's measurements over its runs.
type sample struct{ ns, cpu, bytes, allocs []float64 }

func main() {
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "benchratio:", err)
		os.Exit(1)
	}
}

func run(in io.Reader, out io.Writer) error {
	samples := map[string]*sample{}
	var order []string
	pkg := ""
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		line := sc.Text()
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = strings.TrimSpace(p)
			continue
		}
		name, s, ok := parse(line)
		if !ok {
			continue
		}
		key := pkg + " " + name
		if samples[key] == nil {
			samples[key] = &sample{}
			order = append(order, key)
		}
		samples[key].ns = append(samples[key].ns, s[0])
		samples[key].bytes = append(samples[key].bytes, s[1])
		samples[key].allocs = append(samples[key].allocs, s[2])
		if s[3] > 0 {
			samples[key].cpu = append(samples[key].cpu, s[3])
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	fmt.Fprintf(out, "%-64s %9s %10s %9s %9s %7s %7s\n", "sdk/floor (median of runs)", "ns/op", "cpu-ns/op", "B/op", "allocs/op", "paired", "best")
	n := 0
	for _, key := range order {
		base, ok := strings.CutSuffix(key, "/sdk")
		if !ok {
			continue
		}
		floor := samples[base+"/floor"]
		if floor == nil {
			continue
		}
		sdk := samples[key]
		sc, fc := sdk.cpu, floor.cpu
		if len(sc) != len(sdk.ns) || len(fc) != len(floor.ns) {
			sc, fc = sdk.ns, floor.ns
		}
		fmt.Fprintf(out, "%-64s %9s %10s %9s %9s %7s %7s\n", base, ratio(sdk.ns, floor.ns), ratio(sdk.cpu, floor.cpu),
			ratio(sdk.bytes, floor.bytes), ratio(sdk.allocs, floor.allocs), paired(sc, fc), best(sc, fc))
		n++
	}
	if n == 0 {
		fmt.Fprintln(out, "(no <Name>/sdk and <Name>/floor pairs in the input)")
	}
	return nil
}

// parse reads "BenchmarkX/sdk-2  1000  123 ns/op  45 B/op  6 allocs/op"
// (other units, such as MB/s and cpu-ns/op, may sit between) into the name
// without the GOMAXPROCS suffix and ns/op, B/op, allocs/op, cpu-ns/op (0
// when absent).
func parse(line string) (string, [4]float64, bool) {
	var v [4]float64
	f := strings.Fields(line)
	if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
		return "", v, false
	}
	name := f[0]
	if i := strings.LastIndexByte(name, '-'); i > 0 {
		if _, err := strconv.Atoi(name[i+1:]); err == nil {
			name = name[:i]
		}
	}
	found := 0
	for i := 2; i+1 < len(f); i++ {
		x, err := strconv.ParseFloat(f[i], 64)
		if err != nil {
			continue
		}
		switch f[i+1] {
		case "ns/op":
			v[0] = x
			found++
		case "B/op":
			v[1] = x
			found++
		case "allocs/op":
			v[2] = x
			found++
		case "cpu-ns/op":
			v[3] = x
		}
	}
	return name, v, found > 0
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func ratio(sdk, floor []float64) string {
	if len(sdk) == 0 || len(floor) == 0 {
		return "-"
	}
	f := median(floor)
	if f == 0 {
		return "-"
	}
	return strconv.FormatFloat(median(sdk)/f, 'f', 2, 64) + "x"
}

// paired is the median of sdk[i]/floor[i] over the runs both have.
func paired(sdk, floor []float64) string {
	n := min(len(sdk), len(floor))
	var rs []float64
	for i := range n {
		if floor[i] > 0 {
			rs = append(rs, sdk[i]/floor[i])
		}
	}
	if len(rs) == 0 {
		return "-"
	}
	return strconv.FormatFloat(median(rs), 'f', 2, 64) + "x"
}

// best is the ratio of the fastest sdk run to the fastest floor run.
func best(sdk, floor []float64) string {
	if len(sdk) == 0 || len(floor) == 0 || slices.Min(floor) == 0 {
		return "-"
	}
	return strconv.FormatFloat(slices.Min(sdk)/slices.Min(floor), 'f', 2, 64) + "x"
}
