package nonce

import (
	"sync"
	"testing"
	"time"
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
				if n <= prev {
					t.Errorf("nonce went backwards in one goroutine: %d after %d", n, prev)
				}
				prev = n
				got <- n
			}
		}()
	}
	wg.Wait()
	close(got)
	seen := map[int64]bool{}
	for n := range got {
		if seen[n] {
			t.Fatalf("nonce %d handed out twice", n)
		}
		seen[n] = true
	}
}

func TestClockStepsBack(t *testing.T) {
	now := time.UnixMilli(2000)
	s := NewSource(func() time.Time { return now })
	a := s.Next()
	now = time.UnixMilli(1000)
	if b := s.Next(); b <= a {
		t.Fatalf("%d after %d", b, a)
	}
	now = time.UnixMilli(5000)
	if c := s.Next(); c != 5000 {
		t.Fatalf("the clock is used when ahead: %d", c)
	}
}

func BenchmarkNext(b *testing.B) {
	s := NewSource(nil)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			s.Next()
		}
	})
}
