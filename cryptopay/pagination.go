package cryptopay

import (
	"context"
	"encoding/json"
	"iter"
	"net/url"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/pager"
)

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

// page sends k, a list call, and returns its page: the items decoded once
// each by apicall.List, and the meta unwrap found.
func page[T any](ctx context.Context, c *Client, k *apicall.Call) (*Page[T], error) {
	items, meta, err := apicall.List[T](ctx, c.pipe, k)
	if err != nil {
		return nil, err
	}
	p := &Page[T]{Items: items}
	if meta != nil {
		if err := json.Unmarshal(meta, &p.Meta); err != nil {
			return nil, c.pipe.Malformed(k, meta, "undecodable meta: "+err.Error())
		}
	}
	return p, nil
}

// identified is a model with an id, the cursor of the next page.
type identified interface{ cursor() string }

// listAll walks every page from q's starting_after on (internal/pager's
// cursor walk): the next page is asked with starting_after = the last
// item's id while meta.has_more. It stops with an error matching
// payments.ErrMalformed when a cursor comes back a second time (a server
// answering the same page again) and after pager.MaxPages pages; a page that
// claims more but is empty ends the walk.
func listAll[T identified](ctx context.Context, first url.Values, fetch func(ctx context.Context, q url.Values) (*Page[T], error)) iter.Seq2[T, error] {
	q := url.Values{}
	for k, v := range first {
		q[k] = append([]string(nil), v...)
	}
	start := q.Get("starting_after")
	return pager.Cursor(ctx, start, func(ctx context.Context, cursor string) ([]T, string, bool, error) {
		page := url.Values{}
		for k, v := range q {
			page[k] = v
		}
		if cursor != "" {
			page.Set("starting_after", cursor)
		}
		p, err := fetch(ctx, page)
		if err != nil {
			return nil, "", false, err
		}
		next := ""
		if n := len(p.Items); n > 0 {
			next = p.Items[n-1].cursor()
		}
		return p.Items, next, p.Meta.HasMore, nil
	})
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
