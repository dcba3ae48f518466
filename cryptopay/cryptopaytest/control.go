package cryptopaytest

import "github.com/coinsdk/coinsdk/internal/sandboxkit"

// Object is one object of the sandbox in the shape every coinsdk sandbox
// lists them (coinsdk-sandbox's control API and dashboard).
type Object = sandboxkit.Object

// Objects lists, oldest first, every invoice ("invoice", View as the API
// answers it) followed by its payments ("payment", ID the txid Confirm
// takes), every channel ("address", ID its address, what PayDeposit takes)
// followed by its payments ("deposit", ID the txid), and every coin
// withdrawal ("payout").
func (s *Server) Objects() []Object {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Object
	for _, inv := range s.st.invoices {
		out = append(out, Object{Kind: "invoice", ID: inv.id, Status: inv.status, Address: inv.address, Created: inv.createdAt,
			View: sandboxkit.ViewOf(inv.view())})
		for _, t := range inv.txs {
			status := "unconfirmed"
			if t.confirmed {
				status = "confirmed"
			}
			out = append(out, Object{Kind: "payment", ID: t.txid, Status: status, Parent: inv.id,
				View: sandboxkit.ViewOf(map[string]any{"txid": t.txid, "amount": t.amount.String(), "currency": inv.payCurrency,
					"confirmed": t.confirmed, "late": t.late})})
		}
	}
	for _, ch := range s.st.channels {
		out = append(out, Object{Kind: "address", ID: ch.address, Status: ch.status, Address: ch.address, Created: ch.createdAt,
			View: sandboxkit.ViewOf(s.channelView(ch))})
		for _, cp := range ch.payments {
			out = append(out, Object{Kind: "deposit", ID: cp.txid, Status: cp.status, Address: ch.address, Parent: ch.address,
				Created: cp.createdAt, View: sandboxkit.ViewOf(cp.view())})
		}
	}
	for _, w := range s.st.withdrawals {
		out = append(out, Object{Kind: "payout", ID: w.id, Status: w.status, Address: w.address, Created: w.createdAt,
			View: sandboxkit.ViewOf(w.view())})
	}
	return out
}

// Mount makes the sandbox answer only through ServeHTTP, mounted by the
// caller's server at base (such as "http://127.0.0.1:8420/cryptopay"), which
// becomes URL (and the root of hosted page URLs); the sandbox's own listener
// is closed. Call it right after NewServer, before the sandbox is used.
func (s *Server) Mount(base string) {
	base = sandboxkit.Mount(s.kit, base)
	s.URL = base
	s.mu.Lock()
	s.st.baseURL = base
	s.mu.Unlock()
}
