package cryptopay

import (
	"context"
	"fmt"
	"iter"
	"net/url"

	"github.com/coinsdk/coinsdk/payments"
)

// MaxPages bounds how many pages an All iterator fetches, a last guard
// against a server that never stops answering has_more.
const MaxPages = 100000

// ListMeta is the page information of a list answer.
type ListMeta struct {
	// Total is the number of objects over all pages.
	Total int `json:"total"`
	// HasMore reports whether another page follows (fetch it with
	// starting_after = the last item's id).
	HasMore bool `json:"has_more"`
}

// Page is one page of a list.
type Page[T any] struct {
	// Items are the page's objects, in the API's order.
	Items []T
	// Meta says whether more follow.
	Meta ListMeta
}

// identified is a model with an id, the cursor of the next page.
type identified interface{ cursor() string }

// listAll walks every page from q's starting_after on. It stops with an
// error when a page's cursor repeats (a server answering the same page
// again), when a page claims more but is empty, and after MaxPages.
func listAll[T identified](ctx context.Context, first url.Values, fetch func(ctx context.Context, q url.Values) (*Page[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if ctx == nil {
			yield(zero, &payments.ValidationError{Field: "ctx", Reason: "is nil"})
			return
		}
		q := url.Values{}
		for k, v := range first {
			q[k] = append([]string(nil), v...)
		}
		seen := map[string]bool{}
		if c := q.Get("starting_after"); c != "" {
			seen[c] = true
		}
		for pages := 0; ; pages++ {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			if pages >= MaxPages {
				yield(zero, fmt.Errorf("cryptopay: list: %w: more than %d pages", payments.ErrMalformed, MaxPages))
				return
			}
			p, err := fetch(ctx, q)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, it := range p.Items {
				if !yield(it, nil) {
					return
				}
			}
			if !p.Meta.HasMore || len(p.Items) == 0 {
				return
			}
			next := p.Items[len(p.Items)-1].cursor()
			if next == "" || seen[next] {
				yield(zero, fmt.Errorf("cryptopay: list: %w: page cursor %q repeats or is empty", payments.ErrMalformed, truncate(next, 64)))
				return
			}
			seen[next] = true
			q.Set("starting_after", next)
		}
	}
}

// values builds a query from name/value pairs, skipping empty values.
func values(kv ...string) url.Values {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Set(kv[i], kv[i+1])
		}
	}
	return q
}
