package pager

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/payments"
)

// collect walks seq to the end (bounded, so a regression cannot hang the
// test) and returns the items and the errors.
func collect[T any](t *testing.T, seq func(func(T, error) bool)) ([]T, []error) {
	t.Helper()
	var items []T
	var errs []error
	steps := 0
	for v, err := range seq {
		if steps++; steps > 5*MaxPages {
			require.FailNow(t, "the walk does not end")
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		items = append(items, v)
	}
	return items, errs
}

// TestSamePageAgainStops: a server that ignores the page number and
// answers the same page forever (with "more") ends the walk with
// ErrMalformed after that page's items, once.
func TestSamePageAgainStops(t *testing.T) {
	calls := 0
	items, errs := collect(t, All(context.Background(), 1, func(context.Context, int) ([]string, bool, error) {
		calls++
		return []string{"a", "b"}, true, nil
	}))
	assert.Equal(t, []string{"a", "b"}, items)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], payments.ErrMalformed)
	assert.Equal(t, 2, calls)
}

func TestNumberedGuards(t *testing.T) {
	ctx := context.Background()
	// The server says it returned page 1 when asked for page 2.
	_, errs := collect(t, Numbered(ctx, 1, func(_ context.Context, n int) (Page[int], error) {
		return Page[int]{Items: []int{n}, More: true, Number: 1}, nil
	}))
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], payments.ErrMalformed)
	assert.Contains(t, errs[0].Error(), "page 2")

	// Pages past the reported last page.
	items, errs := collect(t, Numbered(ctx, 1, func(_ context.Context, n int) (Page[int], error) {
		return Page[int]{Items: []int{n}, More: true, Number: n, LastPage: 3}, nil
	}))
	assert.Equal(t, []int{1, 2, 3}, items)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], payments.ErrMalformed)

	// A server that always has a new page and always says more: capped.
	calls := 0
	items, errs = collect(t, Numbered(ctx, 1, func(_ context.Context, n int) (Page[int], error) {
		calls++
		return Page[int]{Items: []int{n}, More: true}, nil
	}))
	assert.Len(t, items, MaxPages)
	assert.Equal(t, MaxPages, calls)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], payments.ErrMalformed)

	// A well-behaved server: every page, in order, no error.
	items, errs = collect(t, Numbered(ctx, 2, func(_ context.Context, n int) (Page[int], error) {
		return Page[int]{Items: []int{n * 10, n*10 + 1}, More: n < 4, Number: n, LastPage: 4}, nil
	}))
	assert.Empty(t, errs)
	assert.Equal(t, []int{20, 21, 30, 31, 40, 41}, items)
}

func TestCursor(t *testing.T) {
	ctx := context.Background()
	// Cryptopay-style: starting_after = the last item's id, meta.has_more.
	data := []string{"i1", "i2", "i3", "i4", "i5"}
	var cursors []string
	fetch := func(_ context.Context, after string) ([]string, string, bool, error) {
		cursors = append(cursors, after)
		start := 0
		for i, id := range data {
			if id == after {
				start = i + 1
			}
		}
		end := min(start+2, len(data))
		page := data[start:end]
		return page, page[len(page)-1], end < len(data), nil
	}
	items, errs := collect(t, Cursor(ctx, "", fetch))
	assert.Empty(t, errs)
	assert.Equal(t, data, items)
	assert.Equal(t, []string{"", "i2", "i4"}, cursors)

	// Breaking stops fetching.
	cursors = nil
	for range Cursor(ctx, "", fetch) {
		break
	}
	assert.Len(t, cursors, 1)

	// The same cursor again.
	_, errs = collect(t, Cursor(ctx, "", func(context.Context, string) ([]string, string, bool, error) {
		return []string{"x"}, "c1", true, nil
	}))
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], payments.ErrMalformed)

	// More without a cursor.
	_, errs = collect(t, Cursor(ctx, "", func(context.Context, string) ([]string, string, bool, error) {
		return []string{"x"}, "", true, nil
	}))
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], payments.ErrMalformed)

	// Ever-new cursors: capped.
	n := 0
	items, errs = collect(t, Cursor(ctx, "", func(context.Context, string) ([]string, string, bool, error) {
		n++
		return []string{"x"}, strconv.Itoa(n), true, nil
	}))
	assert.Len(t, items, MaxPages)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], payments.ErrMalformed)

	// nil ctx is a validation error, not a panic.
	//lint:ignore SA1012 testing the nil-ctx guard
	_, errs = collect(t, Cursor(nil, "", fetch)) //nolint:staticcheck
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], payments.ErrValidation)
}
