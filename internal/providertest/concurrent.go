package providertest

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
)

// Concurrently runs call(g, i) for i in [0, calls) in each of goroutines
// goroutines at once (the callers' shared client is what is tested) and
// checks that no call failed, listing the first five errors and the count.
func Concurrently(t testing.TB, goroutines, calls int, call func(g, i int) error) {
	t.Helper()
	var mu sync.Mutex
	var failures int
	var first []string
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range calls {
				if err := call(g, i); err != nil {
					mu.Lock()
					failures++
					if len(first) < 5 {
						first = append(first, err.Error())
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	assert.Zero(t, failures, "calls failed through one shared client; first errors: %v", first)
}
