package cryptoprocessingtest

import (
	"cmp"
	"maps"
	"slices"
	"strconv"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
)

// Object is one object of the sandbox in the shape every coinsdk sandbox
// lists them (coinsdk-sandbox's control API and dashboard).
type Object = sandboxkit.Object

// Objects lists every address ("address", its ID what PayDeposit takes), then
// every record oldest first: invoices ("invoice", View as invoices/get
// answers), deposits ("deposit"), withdrawals ("payout") and exchanges
// ("exchange"), their View as transactions/info answers.
func (s *Server) Objects() []Object {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Object
	for _, a := range slices.SortedFunc(maps.Values(s.addresses), func(a, b *address) int { return cmp.Compare(a.id, b.id) }) {
		out = append(out, Object{Kind: "address", ID: a.depositKey(), Address: a.text, View: sandboxkit.ViewOf(a.json(true))})
	}
	for _, id := range s.recordOrder {
		r := s.records[id]
		cb := render(r)
		o := Object{ID: strconv.FormatInt(id, 10), Status: cb.Status, View: sandboxkit.ViewOf(cb)}
		switch r := r.(type) {
		case *invoice:
			o.Kind = "invoice"
			o.View = sandboxkit.ViewOf(s.invoiceData(r, now))
			if r.addr != nil {
				o.Address = r.addr.text
			}
		case *deposit:
			o.Kind = "deposit"
			if r.addr != nil {
				o.Address, o.Parent = r.addr.text, r.addr.depositKey()
			}
		case *withdrawal:
			o.Kind, o.Address = "payout", r.address
		default:
			o.Kind = "exchange"
		}
		out = append(out, o)
	}
	return out
}

// Mount makes the sandbox answer only through ServeHTTP, mounted by the
// caller's server at root (such as "http://127.0.0.1:8420/cryptoprocessing");
// URL becomes root + "/api/v2" and the sandbox's own listener is closed. Call
// it right after NewServer, before the sandbox is used.
func (s *Server) Mount(root string) {
	root = sandboxkit.Mount(s.kit, root)
	s.mu.Lock()
	s.root = root
	s.mu.Unlock()
	s.URL = root + apiPrefix[:len(apiPrefix)-1]
}
