package pager

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAll(t *testing.T) {
	pages := map[int][]int{1: {1, 2}, 2: {3}, 3: {}}
	calls := 0
	fetch := func(_ context.Context, p int) ([]int, bool, error) {
		calls++
		return pages[p], p < 3, nil
	}
	var got []int
	for v, err := range All(context.Background(), 1, itoa, fetch) {
		require.NoError(t, err)
		got = append(got, v)
	}
	assert.Equal(t, []int{1, 2, 3}, got)
	assert.Equal(t, 3, calls, "the empty page ends the walk")

	calls = 0
	for range All(context.Background(), 0, itoa, fetch) {
		break
	}
	assert.Equal(t, 1, calls, "breaking stops fetching")

	boom := errors.New("boom")
	var errs []error
	for _, err := range All(context.Background(), 1, itoa, func(context.Context, int) ([]int, bool, error) { return nil, false, boom }) {
		errs = append(errs, err)
	}
	require.Len(t, errs, 1, "an error is yielded once")
	assert.ErrorIs(t, errs[0], boom)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, err := range All(ctx, 1, itoa, fetch) {
		assert.ErrorIs(t, err, context.Canceled)
	}
}
