package gatewaytest

import (
	"fmt"
	"net/http"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
)

// The shared sandbox machinery every coinsdk sandbox has, declared here so
// that go doc lists it: each method forwards to the internal kit.

// Close stops the sandbox. Requests held by a FaultTimeout are released
// first; closing twice is harmless.
func (s *Server) Close() { s.kit.Close() }

// ServeHTTP answers API requests (for a sandbox mounted with Mount).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.kit.ServeHTTP(w, r) }

// Now is the sandbox clock: Options.Now plus every Advance so far.
func (s *Server) Now() time.Time { return s.kit.Now() }

// Advance moves the sandbox clock forward by d (a negative d is ignored).
func (s *Server) Advance(d time.Duration) { s.kit.Advance(d) }

// SetCallbackURL sets the store's webhook URL for later webhooks and
// redeliveries ("" means nowhere: recorded with ErrNoCallbackURL).
func (s *Server) SetCallbackURL(url string) { s.kit.SetCallbackURL(url) }

// CallbackURL returns the URL SetCallbackURL set last.
func (s *Server) CallbackURL() string { return s.kit.CallbackURL() }

// Deliveries lists every webhook delivery attempt so far, oldest first.
func (s *Server) Deliveries() []Delivery { return s.kit.Deliveries() }

// Redeliver sends a delivery's webhook again, as the service's retries do;
// an unknown id matches ErrNotFound.
func (s *Server) Redeliver(id string) (Delivery, error) { return s.kit.Redeliver(id) }

// Requests lists the requests the sandbox received, secrets hidden.
func (s *Server) Requests() []Request { return s.kit.Requests() }

// InjectFault makes the next requests matching f fail as f says; Path is
// relative to /int ("withdraw", "payment").
func (s *Server) InjectFault(f Fault) { s.kit.InjectFault(f) }

// ClearFaults removes every injected fault.
func (s *Server) ClearFaults() { s.kit.ClearFaults() }

// Faults lists the injected faults with their hits and what remains.
func (s *Server) Faults() []FaultStatus { return s.kit.Faults() }

// VerifyFaults reports an injected fault that no request hit.
func (s *Server) VerifyFaults() error { return s.kit.VerifyFaults() }

// Format prints the sandbox as gatewaytest{URL: …}, never the credentials
// its exported fields hold.
func (s *Server) Format(f fmt.State, verb rune) { s.kit.Format(f, verb) }

// Kit returns the shared machinery under the sandbox, for the
// coinsdk-sandbox server (retry schedules, delivery hooks); a merchant's
// test needs none of it.
func (s *Server) Kit() *sandboxkit.Kit { return s.kit }
