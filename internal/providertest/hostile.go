package providertest

import (
	"runtime"
	"strings"
)

// HugeAmounts are the hostile amounts a body may carry where a decimal is
// expected, by name: a million digits quoted ("string") and bare
// ("number"), and a quoted number with a huge exponent ("exponent"). Each
// must be refused before any parsing.
func HugeAmounts() map[string]string {
	million := strings.Repeat("7", 1_000_000)
	return map[string]string{"string": `"` + million + `"`, "number": million, "exponent": `"1e999999999"`}
}

// AllocatedBy returns how many bytes the program allocated while f ran (a
// bound for tests, never a timing).
func AllocatedBy(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
