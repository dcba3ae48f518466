package cryptopay

import (
	"context"
	"iter"
	"net/url"
)

// nestedList is the list of one parent object's children (an account's
// transactions, a channel's payments, an invoice's refunds), or the error
// that refused the parent's id before any request. One page (page) and the
// walk (all) check the parent the same way, so a service's pair of methods
// differs only in which of the two it calls.
type nestedList[T identified] struct {
	fetch func(context.Context, url.Values) (*Page[T], error)
	err   error
}

// nested is the list at prefix + parentID + suffix, the parent's id
// checked (requireID, reported as field) and escaped (segment).
func nested[T identified](c *Client, op, field, parentID, prefix, suffix string) nestedList[T] {
	if err := requireID(field, parentID); err != nil {
		return nestedList[T]{err: err}
	}
	return nestedList[T]{fetch: pages[T](c, op, prefix+segment(parentID)+suffix)}
}

// page reads one page of the list.
func (l nestedList[T]) page(ctx context.Context, q url.Values) (*Page[T], error) {
	if l.err != nil {
		return nil, l.err
	}
	return l.fetch(ctx, q)
}

// all walks every page of the list (listAll).
func (l nestedList[T]) all(ctx context.Context, q url.Values) iter.Seq2[T, error] {
	if l.err != nil {
		return failed[T](l.err)
	}
	return listAll(ctx, q, l.fetch)
}

// failed is a walk refused before any request: it yields err once.
func failed[T any](err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		yield(zero, err)
	}
}
