// Package pager turns a page-fetching function into an iterator over every
// item of every page.
package pager

import (
	"context"
	"iter"

	"github.com/coinsdk/coinsdk/payments"
)

// Fetch returns the items of page n (counting from 1) and whether another
// page follows.
type Fetch[T any] func(ctx context.Context, page int) (items []T, more bool, err error)

// All walks every page from first on, yielding each item; an error is
// yielded once, with the zero T, and ends the walk. It stops fetching as
// soon as the caller breaks, and when ctx ends.
func All[T any](ctx context.Context, first int, fetch Fetch[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if ctx == nil {
			yield(zero, &payments.ValidationError{Field: "ctx", Reason: "is nil"})
			return
		}
		if first < 1 {
			first = 1
		}
		for page := first; ; page++ {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			items, more, err := fetch(ctx, page)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			// An empty page that claims more would loop forever against a
			// misbehaving server: stop there.
			if !more || len(items) == 0 {
				return
			}
		}
	}
}
