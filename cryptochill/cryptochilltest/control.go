package cryptochilltest

import "github.com/coinsdk/coinsdk/internal/sandboxkit"

// Object is one object of the sandbox in the shape every coinsdk sandbox
// lists them (coinsdk-sandbox's control API and dashboard); its View is the
// object as the API's Get answers it.
type Object = sandboxkit.Object

// Objects lists every invoice ("invoice"), transaction ("payment", Parent its
// invoice) and payout ("payout"), oldest first.
func (s *Server) Objects() []Object {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expireDue()
	var out []Object
	for _, inv := range s.st.invoices {
		out = append(out, Object{Kind: "invoice", ID: inv.id, Status: inv.status, Address: inv.address,
			Created: inv.createdAt, View: sandboxkit.ViewOf(inv.view(inv.status))})
	}
	for _, tx := range s.st.txs {
		o := Object{Kind: "payment", ID: tx.id, Status: statusFor(tx.confirmations), Created: tx.createdAt,
			View: sandboxkit.ViewOf(tx.view())}
		if tx.inv != nil {
			o.Parent = tx.inv.id
		}
		out = append(out, o)
	}
	for _, po := range s.st.payouts {
		out = append(out, Object{Kind: "payout", ID: po.id, Status: po.status, Created: po.createdAt,
			View: sandboxkit.ViewOf(po.view())})
	}
	return out
}

// Mount makes the sandbox answer only through ServeHTTP, mounted by the
// caller's server at base (such as "http://127.0.0.1:8420/cryptochill"),
// which becomes URL; the sandbox's own listener is closed. Call it right
// after NewServer, before the sandbox is used.
func (s *Server) Mount(base string) {
	s.URL = sandboxkit.Mount(s.kit, base)
}

// KeepIDs gives the sandbox the ProfileID and ExchangeID of an earlier one
// (a restarted or reset coinsdk-sandbox), so that a merchant configured with
// them keeps working. Empty values keep the generated ones. Call it right
// after NewServer, before the sandbox is used.
func (s *Server) KeepIDs(profileID, exchangeID string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if profileID != "" && len(s.st.profiles) > 0 {
		s.st.profiles[0].id = profileID
		s.ProfileID = profileID
	}
	if exchangeID != "" && len(s.st.exchanges) > 0 {
		s.st.exchanges[0].id = exchangeID
		s.ExchangeID = exchangeID
	}
}
