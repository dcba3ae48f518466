package pager

import (
	"context"
	"errors"
	"testing"
)

func TestAll(t *testing.T) {
	pages := map[int][]int{1: {1, 2}, 2: {3}, 3: {}}
	calls := 0
	fetch := func(_ context.Context, p int) ([]int, bool, error) {
		calls++
		return pages[p], p < 3, nil
	}
	var got []int
	for v, err := range All(context.Background(), 1, fetch) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v)
	}
	if len(got) != 3 || calls != 3 {
		t.Fatalf("got %v in %d calls", got, calls)
	}
	calls = 0
	for range All(context.Background(), 0, fetch) {
		break
	}
	if calls != 1 {
		t.Errorf("break: %d calls", calls)
	}
	boom := errors.New("boom")
	n := 0
	for _, err := range All(context.Background(), 1, func(context.Context, int) ([]int, bool, error) { return nil, false, boom }) {
		n++
		if !errors.Is(err, boom) {
			t.Errorf("err = %v", err)
		}
	}
	if n != 1 {
		t.Errorf("error yielded %d times", n)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, err := range All(ctx, 1, fetch) {
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled ctx: %v", err)
		}
	}
}
