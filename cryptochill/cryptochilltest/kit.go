package cryptochilltest

import (
	"fmt"
	"net/http"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
)

// The machinery every coinsdk sandbox shares (lifecycle, clock, request log,
// faults, callback deliveries) lives in an unexported kit; the methods a
// test calls on it are declared here, one line each, so that `go doc
// cryptochilltest Server` lists them.

// Request is one API request as the sandbox logged it (secrets masked).
type Request = sandboxkit.Request

// Close stops the sandbox and its pending callback deliveries.
func (s *Server) Close() { s.kit.Close() }

// ServeHTTP answers an API request: the sandbox as an http.Handler (see Mount).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.kit.ServeHTTP(w, r) }

// Now is the sandbox's clock: Options.Now (or time.Now) moved on by Advance.
func (s *Server) Now() time.Time { return s.kit.Now() }

// Advance moves the sandbox's clock forward by d (invoices expire by it).
func (s *Server) Advance(d time.Duration) { s.kit.Advance(d) }

// CallbackURL is the URL SetCallbackURL set last.
func (s *Server) CallbackURL() string { return s.kit.CallbackURL() }

// Deliveries lists every callback delivery attempt, oldest first.
func (s *Server) Deliveries() []Delivery { return s.kit.Deliveries() }

// Redeliver sends the callback with this callback_id again, as it was.
func (s *Server) Redeliver(id string) (Delivery, error) { return s.kit.Redeliver(id) }

// Requests lists the API requests the sandbox answered, oldest first.
func (s *Server) Requests() []Request { return s.kit.Requests() }

// InjectFault makes the next matching requests fail as f says.
func (s *Server) InjectFault(f Fault) { s.kit.InjectFault(f) }

// ClearFaults drops every injected fault not yet used up.
func (s *Server) ClearFaults() { s.kit.ClearFaults() }

// Faults lists the injected faults and how often each fired.
func (s *Server) Faults() []FaultStatus { return s.kit.Faults() }

// VerifyFaults reports an injected fault that never fired (nil when all did).
func (s *Server) VerifyFaults() error { return s.kit.VerifyFaults() }

// Format prints the sandbox as cryptochilltest{URL: …}, never its credentials. A value
// receiver, so that a Server reached by reflection (a copy, a dereferenced field) prints
// the same.
func (s Server) Format(f fmt.State, verb rune) { s.kit.Format(f, verb) }

// SetCallbackURL sets where callbacks go: the callback_url of the seeded
// profile (ProfileID), where every callback of invoices and payouts made
// with it goes, as on every coinsdk sandbox. An empty url clears it. It is
// not validated: a bad URL shows up as the Err of each Delivery.
func (s *Server) SetCallbackURL(callbackURL string) {
	s.kit.SetCallbackURL(callbackURL)
	s.mu.Lock()
	defer s.mu.Unlock()
	if p := lookup(s.st.profiles, s.ProfileID); p != nil {
		p.callbackURL = callbackURL
	}
}

// Kit returns the shared machinery under the sandbox, for the
// coinsdk-sandbox server (retry schedules, delivery hooks); a merchant's
// test needs none of it.
func (s *Server) Kit() *sandboxkit.Kit { return s.kit }
