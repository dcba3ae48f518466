package channelstest

import (
	"maps"
	"slices"
	"strings"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
)

// Object is one object of the sandbox in the shape every coinsdk sandbox
// lists them (coinsdk-sandbox's control API and dashboard).
type Object = sandboxkit.Object

// Objects lists every channel address ("address", ID what PayDeposit takes),
// checkout invoice ("invoice"), deposit ("deposit", or "payment" with Parent
// its invoice) and withdrawal ("payout"); transactions oldest first, their
// View as the API shows them (without the callback hash).
func (s *Server) Objects() []Object {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Object
	for _, a := range slices.SortedFunc(maps.Values(s.addrByText), func(a, b *address) int { return strings.Compare(a.text, b.text) }) {
		out = append(out, Object{Kind: "address", ID: a.text, Address: a.text,
			View: sandboxkit.ViewOf(map[string]string{"address": a.text, "customerId": a.customer, "currency": a.currency})})
	}
	for _, inv := range slices.SortedFunc(maps.Values(s.invoices), func(a, b *invoice) int { return strings.Compare(a.id, b.id) }) {
		if inv.withdrawal != "" {
			continue // a withdrawal's invoice is listed as its payout
		}
		status := "open"
		switch {
		case inv.expired:
			status = "expired"
		case !inv.open:
			status = "closed"
		}
		out = append(out, Object{Kind: "invoice", ID: inv.id, Status: status,
			View: sandboxkit.ViewOf(map[string]string{"invoiceId": inv.id, "customerId": inv.customer, "currency": inv.base,
				"amount": inv.amount, "orderId": inv.orderID})})
	}
	for _, id := range s.txOrder {
		t := s.txs[id]
		if t == nil {
			continue
		}
		o := Object{Kind: "deposit", ID: t.id, Status: t.status, Address: t.address, View: sandboxkit.ViewOf(t.wire(false, ""))}
		switch {
		case t.kind == "withdrawal":
			o.Kind = "payout"
		case t.invoiceID != "":
			o.Kind, o.Parent = "payment", t.invoiceID
		}
		out = append(out, o)
	}
	return out
}

// Mount makes the sandbox answer only through ServeHTTP, mounted by the
// caller's server at base (such as "http://127.0.0.1:8420/channels"), which
// becomes URL; the sandbox's own listener is closed. Call it right after
// NewServer, before the sandbox is used.
func (s *Server) Mount(base string) {
	s.URL = sandboxkit.Mount(s.kit, base)
}
