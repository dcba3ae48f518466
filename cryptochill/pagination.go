package cryptochill

import (
	"context"
	"iter"
	"net/url"
	"strconv"

	"github.com/coinsdk/coinsdk/internal/pager"
)

// PerPage is the fixed page size of CryptoChill's paged lists.
const PerPage = 25

// Pagination is the page information of a paged list.
type Pagination struct {
	// NumPages is the number of pages.
	NumPages int `json:"num_pages"`
	// Count is the number of items over all pages.
	Count int `json:"count"`
	// Page is this page's number, from 1.
	Page int `json:"page"`
	// NextPage is the next page's number; nil on the last page.
	NextPage *int `json:"next_page"`
	// PreviousPage is the previous page's number; nil on the first page.
	PreviousPage *int `json:"previous_page"`
	// PerPage is the page size (25).
	PerPage int `json:"per_page"`
}

// Page is one page of a paged list.
type Page[T any] struct {
	// Items are the page's objects, newest first.
	Items []T
	// Pagination says where this page is.
	Pagination Pagination
}

// HasNext reports whether a page follows this one.
func (p *Page[T]) HasNext() bool { return p.Pagination.NextPage != nil }

// listPage fetches one page of a paged list.
func listPage[T any](ctx context.Context, c *Client, op, path string, filters map[string]string, page int) (*Page[T], error) {
	params := map[string]string{}
	query := url.Values{}
	for k, v := range filters {
		if v != "" {
			params[k] = v
			query.Set(k, v)
		}
	}
	if page > 0 {
		params["p"] = strconv.Itoa(page)
		query.Set("p", strconv.Itoa(page))
	}
	pg := &Page[T]{}
	env := envelope[T]{list: true, pagination: &pg.Pagination}
	if err := c.do(ctx, request{op: op, method: "GET", path: path, params: params, query: query}, &env); err != nil {
		return nil, err
	}
	pg.Items = env.items
	if pg.Items == nil {
		pg.Items = []T{}
	}
	return pg, nil
}

// listAll walks every page from the filters' page (or 1) on.
// Lists are newest first: one that grows while walked shifts its pages, so
// the pager knows items by key (their id), skips those it has yielded and
// walks on to the end.
func listAll[T any](ctx context.Context, c *Client, op, path string, filters map[string]string, first int, key pager.Key[T]) iter.Seq2[T, error] {
	// The page number and page count the API reports let the pager stop a
	// server that answers another page than asked or pages past the last one.
	return pager.Numbered(ctx, first, key, func(ctx context.Context, page int) (pager.Page[T], error) {
		p, err := listPage[T](ctx, c, op, path, filters, page)
		if err != nil {
			return pager.Page[T]{}, err
		}
		return pager.Page[T]{Items: p.Items, More: p.HasNext(), Number: p.Pagination.Page, LastPage: p.Pagination.NumPages}, nil
	})
}
