package cryptochill

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"net/url"
	"strconv"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/pager"
	"github.com/coinsdk/coinsdk/payments"
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

// listPage fetches one page of a paged list. The filters go both into the
// query (as documented) and into the signed payload (as the reference code
// carries every parameter); see the package doc.
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
	k := &apicall.Call{Op: op, Method: http.MethodGet, Path: path, Body: params, Query: query}
	payload, meta, err := c.pipe.Payload(ctx, k)
	if err != nil {
		return nil, err
	}
	return decodePage[T](c.pipe, k, payload, meta)
}

// decodePage decodes a page's unwrapped result (each item once) and its
// pagination.
func decodePage[T any](p *apicall.Pipeline, k *apicall.Call, payload, meta []byte) (*Page[T], error) {
	items, err := decodeItems[T](p, k, payload)
	if err != nil {
		return nil, err
	}
	pg := &Page[T]{Items: items}
	if meta != nil {
		if err := json.Unmarshal(meta, &pg.Pagination); err != nil {
			return nil, p.Malformed(k, meta, "undecodable pagination: "+err.Error())
		}
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

// listParams are a List's and an All's parameters (a nil pointer included):
// their filters and first page, or the validation error that stops the call
// before any request.
type listParams interface {
	filters() (map[string]string, int, error)
}

// pageFilters is the filters of parameters asking for page, which is 0
// (the first) or more.
func pageFilters(page int, filters map[string]string) (map[string]string, int, error) {
	if page < 0 {
		return nil, 0, &payments.ValidationError{Field: "p", Reason: "must be 1 or more"}
	}
	return filters, page, nil
}

// pageOf is a List: the page of items matching p.
func pageOf[T any](ctx context.Context, c *Client, op, path string, p listParams) (*Page[T], error) {
	f, page, err := p.filters()
	if err != nil {
		return nil, err
	}
	return listPage[T](ctx, c, op, path, f, page)
}

// allOf is an All: every item matching p, page after page; invalid p is one
// error.
func allOf[T any](ctx context.Context, c *Client, op, path string, p listParams, key pager.Key[T]) iter.Seq2[T, error] {
	f, page, err := p.filters()
	if err != nil {
		return func(yield func(T, error) bool) {
			var zero T
			yield(zero, err)
		}
	}
	return listAll[T](ctx, c, op, path, f, page, key)
}
