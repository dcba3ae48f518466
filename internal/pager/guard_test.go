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

// always is a fetch that answers every cursor with the same page.
func always(items []string, next string, more bool) func(context.Context, string) ([]string, string, bool, error) {
	return func(context.Context, string) ([]string, string, bool, error) { return items, next, more, nil }
}

// onlyError checks that a walk failed once, with target.
func onlyError(t *testing.T, errs []error, target error) {
	t.Helper()
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], target)
}

func self(s string) string { return s }

func itoa(n int) string { return strconv.Itoa(n) }

// TestSamePageAgainStops: a server that ignores the page number and
// answers the same page forever (with "more") ends the walk with
// ErrMalformed after that page's items, yielded once, and MaxStale pages
// that brought nothing new.
func TestSamePageAgainStops(t *testing.T) {
	calls := 0
	items, errs := collect(t, All(context.Background(), 1, self, func(context.Context, int) ([]string, bool, error) {
		calls++
		return []string{"a", "b"}, true, nil
	}))
	assert.Equal(t, []string{"a", "b"}, items, "a repeated page's items are never yielded twice")
	onlyError(t, errs, payments.ErrMalformed)
	assert.Equal(t, 1+MaxStale, calls)
}

// newestFirst is a newest-first list served 3 per page whose fetch hook may
// add items before a page is answered, as a live list does.
type newestFirst struct {
	items  []int // newest first
	next   int
	before func(page int, l *newestFirst)
}

func (l *newestFirst) add(n int) {
	for range n {
		l.next++
		l.items = append([]int{l.next}, l.items...)
	}
}

func (l *newestFirst) fetch(_ context.Context, n int) (Page[int], error) {
	if l.before != nil {
		l.before(n, l)
	}
	const per = 3
	last := (len(l.items) + per - 1) / per
	lo, hi := min((n-1)*per, len(l.items)), min(n*per, len(l.items))
	return Page[int]{Items: l.items[lo:hi], More: n < last, Number: n, LastPage: last}, nil
}

// TestListGrowingWhileWalked: a newest-first list that gains one full page
// (and, in another walk, part of a page) between two fetches makes page 2
// repeat what page 1 held. The walk skips what it has yielded and goes on
// to the end: every item that was in the list when the walk started is
// yielded, none twice, and no error.
func TestListGrowingWhileWalked(t *testing.T) {
	for _, grow := range []int{3, 1, 2, 6} {
		t.Run(strconv.Itoa(grow), func(t *testing.T) {
			l := &newestFirst{}
			l.add(10) // 10..1, four pages of 3
			l.before = func(page int, l *newestFirst) {
				if page == 2 {
					l.add(grow)
				}
			}
			items, errs := collect(t, Numbered(context.Background(), 1, itoa, l.fetch))
			require.Empty(t, errs, "a list that grows while walked is walked to its end")
			seen := map[int]int{}
			for _, it := range items {
				seen[it]++
			}
			for v, n := range seen {
				assert.Equal(t, 1, n, "item %d yielded %d times", v, n)
			}
			for v := 1; v <= 10; v++ {
				assert.Contains(t, seen, v, "item %d, in the list from the start, was not yielded", v)
			}
		})
	}
	// Growth by one page before every fetch, for fewer than MaxStale pages
	// in a row, still ends without an error.
	l := &newestFirst{}
	l.add(12)
	l.before = func(page int, l *newestFirst) {
		if page > 1 && page <= MaxStale {
			l.add(3)
		}
	}
	items, errs := collect(t, Numbered(context.Background(), 1, itoa, l.fetch))
	require.Empty(t, errs)
	assert.Subset(t, items, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
}

// TestNilKeyRefused: the numbered walk needs a key.
func TestNilKeyRefused(t *testing.T) {
	_, errs := collect(t, Numbered[int](context.Background(), 1, nil, func(context.Context, int) (Page[int], error) {
		return Page[int]{Items: []int{1}}, nil
	}))
	onlyError(t, errs, payments.ErrValidation)
}

func TestNumberedGuards(t *testing.T) {
	ctx := context.Background()
	// The server says it returned page 1 when asked for page 2.
	_, errs := collect(t, Numbered(ctx, 1, itoa, func(_ context.Context, n int) (Page[int], error) {
		return Page[int]{Items: []int{n}, More: true, Number: 1}, nil
	}))
	onlyError(t, errs, payments.ErrMalformed)
	assert.Contains(t, errs[0].Error(), "page 2")

	// Pages past the reported last page.
	items, errs := collect(t, Numbered(ctx, 1, itoa, func(_ context.Context, n int) (Page[int], error) {
		return Page[int]{Items: []int{n}, More: true, Number: n, LastPage: 3}, nil
	}))
	assert.Equal(t, []int{1, 2, 3}, items)
	onlyError(t, errs, payments.ErrMalformed)

	// A server that always has a new page and always says more: capped.
	calls := 0
	items, errs = collect(t, Numbered(ctx, 1, itoa, func(_ context.Context, n int) (Page[int], error) {
		calls++
		return Page[int]{Items: []int{n}, More: true}, nil
	}))
	assert.Len(t, items, MaxPages)
	assert.Equal(t, MaxPages, calls)
	onlyError(t, errs, payments.ErrMalformed)

	// A well-behaved server: every page, in order, no error.
	items, errs = collect(t, Numbered(ctx, 2, itoa, func(_ context.Context, n int) (Page[int], error) {
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
	_, errs = collect(t, Cursor(ctx, "", always([]string{"x"}, "c1", true)))
	onlyError(t, errs, payments.ErrMalformed)

	// A server that ignores the cursor and answers the first page again:
	// its items are yielded once, never a second time before the error.
	calls := 0
	items, errs = collect(t, Cursor(ctx, "", func(context.Context, string) ([]string, string, bool, error) {
		calls++
		return []string{"i1", "i2"}, "i2", true, nil
	}))
	assert.Equal(t, []string{"i1", "i2"}, items, "a repeated page's items are never yielded twice")
	onlyError(t, errs, payments.ErrMalformed)
	assert.Equal(t, 2, calls)

	// A page whose cursor came back, with other items: refused before its
	// items are yielded.
	page := 0
	items, errs = collect(t, Cursor(ctx, "", func(context.Context, string) ([]string, string, bool, error) {
		page++
		if page == 1 {
			return []string{"i1", "i2"}, "i2", true, nil
		}
		return []string{"i2", "i9"}, "i2", true, nil
	}))
	assert.Equal(t, []string{"i1", "i2"}, items)
	onlyError(t, errs, payments.ErrMalformed)

	// More without a cursor.
	_, errs = collect(t, Cursor(ctx, "", always([]string{"x"}, "", true)))
	onlyError(t, errs, payments.ErrMalformed)

	// Ever-new cursors: capped.
	n := 0
	items, errs = collect(t, Cursor(ctx, "", func(context.Context, string) ([]string, string, bool, error) {
		n++
		return []string{"x" + strconv.Itoa(n)}, strconv.Itoa(n), true, nil
	}))
	assert.Len(t, items, MaxPages)
	onlyError(t, errs, payments.ErrMalformed)

	// nil ctx is a validation error, not a panic.
	//lint:ignore SA1012 testing the nil-ctx guard
	_, errs = collect(t, Cursor(nil, "", fetch)) //nolint:staticcheck
	onlyError(t, errs, payments.ErrValidation)
}
