package gatewaytest

import (
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
)

// Object is one object of the sandbox in the shape every coinsdk sandbox
// lists them (coinsdk-sandbox's control API and dashboard).
type Object = sandboxkit.Object

// Objects lists every payment ("invoice", View as payment/{id} answers), each
// followed by its transactions ("payment", ID the hash Confirm takes, Parent
// the payment), then dedicated addresses ("address", ID what PayDeposit
// takes) and withdrawals ("payout"), oldest first.
func (s *Server) Objects() []Object {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Object
	for _, id := range s.payOrder {
		p := s.payments[id]
		if p == nil {
			continue
		}
		out = append(out, Object{Kind: "invoice", ID: p.id, Status: p.status, Address: p.address, Created: p.start,
			View: sandboxkit.ViewOf(s.paymentJSONLocked(p))})
		for _, t := range p.txs {
			out = append(out, Object{Kind: "payment", ID: t.hash, Status: t.status, Parent: p.id, Created: t.received,
				View: sandboxkit.ViewOf(map[string]string{"hash": t.hash, "amount": t.amount.String(), "status": t.status})})
		}
	}
	for _, d := range oldestFirst(s.dedicated, func(d *dedication) (time.Time, string) { return d.start, d.id }) {
		out = append(out, Object{Kind: "address", ID: d.id, Status: d.status, Address: d.address, Created: d.start,
			View: sandboxkit.ViewOf(s.dedicatedJSONLocked(d))})
	}
	for _, w := range oldestFirst(s.withdrawals, func(w *withdrawal) (time.Time, string) { return w.start, w.id }) {
		out = append(out, Object{Kind: "payout", ID: w.id, Status: w.status, Address: w.address, Created: w.start,
			View: sandboxkit.ViewOf(s.withdrawalJSONLocked(w))})
	}
	return out
}

// oldestFirst lists a map's objects by creation, then id (a stable order
// for objects created in the same second).
func oldestFirst[T any](m map[string]*T, key func(*T) (time.Time, string)) []*T {
	return slices.SortedFunc(maps.Values(m), func(a, b *T) int {
		ta, ia := key(a)
		tb, ib := key(b)
		if c := ta.Compare(tb); c != 0 {
			return c
		}
		return strings.Compare(ia, ib)
	})
}

// Mount makes the sandbox answer only through ServeHTTP, mounted by the
// caller's server at base (such as "http://127.0.0.1:8420/gateway"); URL
// becomes base + "/int" and the sandbox's own listener is closed. Call it
// right after NewServer, before the sandbox is used.
func (s *Server) Mount(base string) {
	s.URL = sandboxkit.Mount(s.kit, base) + "/int"
}
