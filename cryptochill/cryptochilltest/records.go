package cryptochilltest

import (
	"net/http"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
)

// The sandbox's plain resources (conversions, automatic conversions and
// payouts; profiles and wallets for lookups) are slices of records found by
// id. A store holds the answers those resources share, each under s.mu.

// record is a stored object found by its id.
type record interface{ recordID() string }

func (a *autoConversion) recordID() string { return a.id }
func (a *autoPayout) recordID() string     { return a.id }
func (c *conversion) recordID() string     { return c.id }
func (p *profile) recordID() string        { return p.id }
func (w *wallet) recordID() string         { return w.id }

// findByID is the record of items with id and its index, or the zero
// record and -1; the caller holds s.mu.
func findByID[T record](items []T, id string) (T, int) {
	for i, it := range items {
		if it.recordID() == id {
			return it, i
		}
	}
	var none T
	return none, -1
}

// lookup is the record of items with id, or the zero record (nil); the
// caller holds s.mu.
func lookup[T record](items []T, id string) T {
	obj, _ := findByID(items, id)
	return obj
}

// store is one resource of records: List (not paginated, newest first),
// Get and Delete by id, and, where apply is set, Create (a fresh record
// filled by apply) and Update (apply edits a copy, so that a failed update
// changes nothing). Create or update answer the record's view.
type store[T any, PT interface {
	*T
	record
}, V any] struct {
	items  func(*Server) *[]PT
	view   func(PT) V
	fresh  func() PT
	apply  func(s *Server, p *params, obj PT, create bool) *reply
	create handlerFunc // instead of fresh and apply
	update handlerFunc // instead of apply
}

// routes is the store's collection route and item route.
func (st store[T, PT, V]) routes(collection, item string, one bool, id string) (route, string, bool) {
	if one {
		return route{collection, map[string]handlerFunc{http.MethodGet: st.list, http.MethodPost: st.orElse(st.create, st.createOne)}}, "", true
	}
	return route{item, map[string]handlerFunc{http.MethodGet: st.get, http.MethodPut: st.orElse(st.update, st.updateOne), http.MethodDelete: st.del}}, id, true
}

func (st store[T, PT, V]) orElse(h, generic handlerFunc) handlerFunc {
	if h != nil {
		return h
	}
	return generic
}

func (st store[T, PT, V]) list(s *Server, _ *apiRequest) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	return resultReply(sandboxkit.Views(sandboxkit.NewestFirst(*st.items(s), nil), st.view))
}

func (st store[T, PT, V]) get(s *Server, q *apiRequest) reply {
	return getByID(s, func() *T { obj, _ := findByID(*st.items(s), q.id); return obj }, func(obj *T) V { return st.view(obj) })
}

func (st store[T, PT, V]) createOne(s *Server, q *apiRequest) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	obj := st.fresh()
	if fail := st.apply(s, &params{m: q.payload}, obj, true); fail != nil {
		return *fail
	}
	*st.items(s) = append(*st.items(s), obj)
	return resultReply(st.view(obj))
}

func (st store[T, PT, V]) updateOne(s *Server, q *apiRequest) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	obj, i := findByID(*st.items(s), q.id)
	if i < 0 {
		return objectNotFound()
	}
	edited := *obj
	if fail := st.apply(s, &params{m: q.payload}, PT(&edited), false); fail != nil {
		return *fail
	}
	*obj = edited
	return resultReply(st.view(obj))
}

// del answers 204 No Content once the record has left the list; an unknown
// id is 404.
func (st store[T, PT, V]) del(s *Server, q *apiRequest) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	items := st.items(s)
	_, i := findByID(*items, q.id)
	if i < 0 {
		return objectNotFound()
	}
	*items = append((*items)[:i], (*items)[i+1:]...)
	return noContent()
}
