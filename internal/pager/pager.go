// Package pager turns a page-fetching function into an iterator over every
// item of every page, for numbered pages (CryptoChill's p=2) and for cursors
// (Cryptopay's starting_after with meta.has_more).
//
// Numbered pages of a newest-first list shift when the list grows while it
// is walked: a list that gains one full page between two fetches answers
// page 2 with what page 1 held. The numbered walk knows each item by its key
// (its id), skips items it has already yielded, and goes on: a list that
// grows while walked is walked to its end, and no item is yielded twice.
//
// A misbehaving server cannot make an iterator loop forever: the walk stops
// with an error matching payments.ErrMalformed when MaxStale pages in a row
// bring nothing new (a server that ignores the page number answers page 1
// again and again), when the server says it returned another page than the
// one asked, when a page lies past the last page the server reported, when
// a cursor page repeats the one before it or a cursor comes back a second
// time (before any of that page's items is yielded), when "more" is claimed
// without a cursor, and after MaxPages pages. An empty page that claims more
// ends the walk without an error.
package pager

import (
	"context"
	"fmt"
	"iter"
	"reflect"

	"github.com/coinsdk/coinsdk/payments"
)

// MaxPages caps the pages one walk fetches; reaching it is an error
// (a list of 10,000 pages is a server that never says "last page").
const MaxPages = 10_000

// MaxStale is how many numbered pages in a row may bring no item the walk
// has not yielded before it stops with ErrMalformed. One such page is what a
// list that gained exactly one page between two fetches answers; a server
// that repeats a page for ever gives them without end. A list that gains
// exactly one full page before each of MaxStale fetches in a row cannot be
// told from such a server and is stopped too.
const MaxStale = 3

// Key returns an item's identity (its provider id): two items with the same
// non-empty key are the same object. An empty key never matches another.
type Key[T any] func(T) string

// Fetch returns the items of page n (counting from 1) and whether another
// page follows.
type Fetch[T any] func(ctx context.Context, page int) (items []T, more bool, err error)

// Page is one numbered page and what the server says about it.
type Page[T any] struct {
	// Items are the page's items.
	Items []T
	// More reports whether another page follows.
	More bool
	// Number is the page number the server says this is; 0 when it does not say.
	Number int
	// LastPage is the number of the last page the server reports (its page
	// count); 0 when it does not say.
	LastPage int
}

// PageFetch returns numbered page n (counting from 1).
type PageFetch[T any] func(ctx context.Context, n int) (Page[T], error)

// CursorFetch returns the page after cursor ("" for the first page): its
// items, the cursor of the page after it (usually the last item's id) and
// whether one follows.
type CursorFetch[T any] func(ctx context.Context, cursor string) (items []T, next string, more bool, err error)

// All walks every page from first on, yielding each item once (by key); an
// error is yielded once, with the zero T, and ends the walk. It stops
// fetching as soon as the caller breaks, and when ctx ends. See Numbered for
// what the server says about its pages.
func All[T any](ctx context.Context, first int, key Key[T], fetch Fetch[T]) iter.Seq2[T, error] {
	return Numbered(ctx, first, key, func(ctx context.Context, n int) (Page[T], error) {
		items, more, err := fetch(ctx, n)
		return Page[T]{Items: items, More: more}, err
	})
}

// Numbered walks numbered pages from first (at least 1) on, yielding each
// item the first time its key is seen; an error is yielded once, with the
// zero T, and ends the walk. It stops fetching as soon as the caller breaks,
// and when ctx ends. key is required: without it a shifted page could not be
// told from new items.
func Numbered[T any](ctx context.Context, first int, key Key[T], fetch PageFetch[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		switch {
		case ctx == nil:
			yield(zero, &payments.ValidationError{Field: "ctx", Reason: "is nil"})
			return
		case key == nil:
			yield(zero, &payments.ValidationError{Field: "key", Reason: "is nil: the pager knows items by their key"})
			return
		}
		first = max(first, 1)
		seen := make(map[string]struct{})
		stale := 0
		for n := first; ; n++ {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			if n-first >= MaxPages {
				yield(zero, malformed("more than %d pages", MaxPages))
				return
			}
			p, err := fetch(ctx, n)
			if err != nil {
				yield(zero, err)
				return
			}
			switch {
			case p.Number != 0 && p.Number != n:
				yield(zero, malformed("asked for page %d, the server returned page %d", n, p.Number))
				return
			case p.LastPage != 0 && n > p.LastPage && len(p.Items) > 0:
				yield(zero, malformed("page %d lies past the last page (%d) the server reported", n, p.LastPage))
				return
			}
			fresh := 0
			for _, it := range p.Items {
				if k := key(it); k != "" {
					if _, dup := seen[k]; dup {
						continue // yielded from an earlier page before the list shifted
					}
					seen[k] = struct{}{}
				}
				fresh++
				if !yield(it, nil) {
					return
				}
			}
			// An empty page that claims more would loop forever against a
			// misbehaving server: stop there.
			if !p.More || len(p.Items) == 0 {
				return
			}
			if fresh > 0 {
				stale = 0
				continue
			}
			if stale++; stale >= MaxStale {
				yield(zero, malformed("%d pages in a row (up to page %d) repeat items already listed", stale, n))
				return
			}
		}
	}
}

// Cursor walks cursor-paged lists from start ("" for the first page) on,
// yielding each item; an error is yielded once, with the zero T, and ends
// the walk. It stops fetching as soon as the caller breaks, and when ctx
// ends.
func Cursor[T any](ctx context.Context, start string, fetch CursorFetch[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if ctx == nil {
			yield(zero, &payments.ValidationError{Field: "ctx", Reason: "is nil"})
			return
		}
		seen := map[string]bool{start: true}
		cursor := start
		var prev []T
		for pages := 0; ; pages++ {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			if pages >= MaxPages {
				yield(zero, malformed("more than %d pages", MaxPages))
				return
			}
			items, next, more, err := fetch(ctx, cursor)
			if err != nil {
				yield(zero, err)
				return
			}
			// A repeated page is refused before any of its items is
			// yielded: the same items as the page before, or a cursor
			// (its last item's) that came back. Cursors do not shift when
			// the list grows, so either means a server that repeats.
			switch {
			case pages > 0 && len(items) > 0 && reflect.DeepEqual(items, prev):
				yield(zero, malformed("the page after cursor %q repeats the page before it", truncate(cursor)))
				return
			case more && len(items) > 0 && next != "" && seen[next]:
				yield(zero, malformed("cursor %q came back a second time", truncate(next)))
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if !more || len(items) == 0 {
				return
			}
			if next == "" {
				yield(zero, malformed("the server says more pages follow but gives no cursor"))
				return
			}
			seen[next] = true
			cursor = next
			prev = items
		}
	}
}

func malformed(format string, args ...any) error {
	return fmt.Errorf("%w: pager: "+format, append([]any{payments.ErrMalformed}, args...)...)
}

func truncate(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}
