package cryptopaytest

import (
	"fmt"
	"net/http"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
)

// The machinery every sandbox shares (lifecycle, clock, request log,
// faults, callback deliveries) lives in an unexported kit; these are the
// methods a merchant calls on it, declared here so that go doc lists them.

// Close shuts the sandbox down: its listener, and callbacks in flight.
func (s *Server) Close() { s.kit.Close() }

// ServeHTTP answers one API request (for a sandbox mounted with Mount).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.kit.ServeHTTP(w, r) }

// Format prints the sandbox's name and URL, never a credential, under
// every verb. A value receiver, so that a Server printed by value (fmt's %v
// of *s) cannot show its exported APISecret and CallbackSecret either.
func (s Server) Format(f fmt.State, verb rune) { s.kit.Format(f, verb) }

// Now is the sandbox clock (Options.Now, moved on by Advance).
func (s *Server) Now() time.Time { return s.kit.Now() }

// Advance moves the sandbox clock forward by d and applies what became due:
// uncommitted withdrawals, exchange transfers and recalculations expire after
// CommitWindow, unpaid invoices are cancelled after UnpaidInvoiceLifetime.
// Their callbacks are delivered before it returns.
func (s *Server) Advance(d time.Duration) {
	s.kit.Advance(d)
	var out []sandboxkit.Notification
	s.mu.Lock()
	s.sweepLocked(s.Now(), &out)
	s.mu.Unlock()
	sandboxkit.DeliverAll(s.kit, out)
}

// SetCallbackURL sets where callbacks are delivered ("" stops them).
func (s *Server) SetCallbackURL(url string) { s.kit.SetCallbackURL(url) }

// CallbackURL is where callbacks are delivered.
func (s *Server) CallbackURL() string { return s.kit.CallbackURL() }

// Deliveries lists every callback delivery attempt so far.
func (s *Server) Deliveries() []sandboxkit.Delivery { return s.kit.Deliveries() }

// Redeliver sends a delivered callback again, as the provider's retry would.
func (s *Server) Redeliver(id string) (sandboxkit.Delivery, error) { return s.kit.Redeliver(id) }

// Requests lists the API requests the sandbox answered.
func (s *Server) Requests() []sandboxkit.Request { return s.kit.Requests() }

// InjectFault makes matching requests fail as f says (a status, a delay, a
// dropped connection).
func (s *Server) InjectFault(f sandboxkit.Fault) { s.kit.InjectFault(f) }

// ClearFaults removes every injected fault.
func (s *Server) ClearFaults() { s.kit.ClearFaults() }

// Faults lists the injected faults and how often each fired.
func (s *Server) Faults() []sandboxkit.FaultStatus { return s.kit.Faults() }

// VerifyFaults reports an injected fault that never fired.
func (s *Server) VerifyFaults() error { return s.kit.VerifyFaults() }

// Kit is the shared machinery itself, for cmd/coinsdk-sandbox (its retry
// schedule and delivery hook); a merchant calls the methods above.
func (s *Server) Kit() *sandboxkit.Kit { return s.kit }
