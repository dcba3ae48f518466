package cryptochilltest

import (
	"net/http"
	"strconv"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
)

// perPage is the documented page size of invoices, transactions and payouts.
const perPage = 25

// paginationView is the documented pagination object.
type paginationView struct {
	NumPages     int  `json:"num_pages"`
	Count        int  `json:"count"`
	Page         int  `json:"page"`
	NextPage     *int `json:"next_page"`
	PreviousPage *int `json:"previous_page"`
	PerPage      int  `json:"per_page"`
}

// pageOf cuts one page out of items (already filtered and newest first). Page 1 of an empty
// list exists; any other page outside 1..num_pages, or a p that is not a positive integer,
// answers 404 InvalidPage as Django's paginator (which the shape comes from) does.
func pageOf[T any](items []T, p string) ([]T, paginationView, *reply) {
	fail := func(msg string) ([]T, paginationView, *reply) {
		rep := errorReply(http.StatusNotFound, reasonInvalidPage, msg)
		return nil, paginationView{}, &rep
	}
	page := 1
	if p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			return fail("Invalid page: " + strconv.Quote(p) + " is not a page number.")
		}
		page = n
	}
	numPages := (len(items) + perPage - 1) / perPage
	if numPages == 0 {
		numPages = 1
	}
	if page > numPages {
		return fail("Invalid page: that page contains no results.")
	}
	start := (page - 1) * perPage
	end := min(start+perPage, len(items))
	pg := paginationView{NumPages: numPages, Count: len(items), Page: page, PerPage: perPage}
	if page < numPages {
		next := page + 1
		pg.NextPage = &next
	}
	if page > 1 {
		prev := page - 1
		pg.PreviousPage = &prev
	}
	return items[start:end], pg, nil
}

// pageReply renders one page: view turns each model into its JSON shape.
func pageReply[T, V any](items []T, p string, view func(T) V) reply {
	page, pg, fail := pageOf(items, p)
	if fail != nil {
		return *fail
	}
	return jsonReply(http.StatusOK, listEnvelope{Pagination: pg, Result: sandboxkit.Views(page, view)})
}
