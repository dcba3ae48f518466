package nonce

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStrictlyIncreasingUnderConcurrency(t *testing.T) {
	frozen := time.UnixMilli(1700000000000)
	s := NewSource(func() time.Time { return frozen })
	const workers, each = 8, 1000
	got := make(chan int64, workers*each)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			prev := int64(0)
			for range each {
				n := s.Next()
				assert.Greater(t, n, prev, "nonce went backwards in one goroutine")
				prev = n
				got <- n
			}
		}()
	}
	wg.Wait()
	close(got)
	seen := map[int64]bool{}
	for n := range got {
		require.False(t, seen[n], "nonce %d handed out twice", n)
		seen[n] = true
	}
	assert.Len(t, seen, workers*each)
}

func TestClockStepsBack(t *testing.T) {
	now := time.UnixMilli(2000)
	s := NewSource(func() time.Time { return now })
	a := s.Next()
	now = time.UnixMilli(1000)
	assert.Greater(t, s.Next(), a, "a clock stepping back never repeats a nonce")
	now = time.UnixMilli(5000)
	assert.Equal(t, int64(5000), s.Next(), "the clock is used when ahead")
}

func BenchmarkNext(b *testing.B) {
	s := NewSource(nil)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			s.Next()
		}
	})
}
