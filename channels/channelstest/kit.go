package channelstest

import (
	"fmt"
	"net/http"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
)

// The sandbox machinery every coinsdk sandbox shares (internal/sandboxkit)
// is kept in an unexported field; these are the methods a merchant calls on
// it, declared here one line each so that go doc lists them.

// Close stops the sandbox; requests held by a Timeout fault are released
// first. Closing twice is harmless.
func (s *Server) Close() { s.kit.Close() }

// ServeHTTP answers one request as the running sandbox does (request log,
// faults, the API), for a sandbox mounted in the caller's server (Mount).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.kit.ServeHTTP(w, r) }

// Now is the sandbox clock: Options.Now plus every Advance so far.
func (s *Server) Now() time.Time { return s.kit.Now() }

// Advance moves the sandbox clock forward by d; a negative d is ignored.
func (s *Server) Advance(d time.Duration) { s.kit.Advance(d) }

// SetCallbackURL sets where later callbacks and redeliveries go; "" means
// nowhere (they are recorded with ErrNoCallbackURL).
func (s *Server) SetCallbackURL(url string) { s.kit.SetCallbackURL(url) }

// CallbackURL returns the URL SetCallbackURL (or Options.CallbackURL) set last.
func (s *Server) CallbackURL() string { return s.kit.CallbackURL() }

// Deliveries lists every attempt to deliver a callback, oldest first.
func (s *Server) Deliveries() []Delivery { return s.kit.Deliveries() }

// Redeliver sends the callback of delivery id again, by hand (the provider
// retries up to ten times; the sandbox delivers once). ErrNotFound for an
// unknown id.
func (s *Server) Redeliver(id string) (Delivery, error) { return s.kit.Redeliver(id) }

// Requests lists the requests the sandbox received, oldest first, their
// x-api-key hidden.
func (s *Server) Requests() []Request { return s.kit.Requests() }

// InjectFault makes the requests f names fail the way f.Kind says.
func (s *Server) InjectFault(f Fault) { s.kit.InjectFault(f) }

// ClearFaults removes every injected fault.
func (s *Server) ClearFaults() { s.kit.ClearFaults() }

// Faults lists the injected faults with their hits and what remains of them.
func (s *Server) Faults() []FaultStatus { return s.kit.Faults() }

// VerifyFaults reports an injected fault that no request hit.
func (s *Server) VerifyFaults() error { return s.kit.VerifyFaults() }

// Format prints the sandbox as channelstest{URL: …} for every verb: where
// it runs, never the credentials its exported fields hold. It takes the
// Server by value so that a Server value prints the same way.
func (s Server) Format(f fmt.State, verb rune) { s.kit.Format(f, verb) }

var _ http.Handler = (*Server)(nil)

// Kit returns the shared machinery under the sandbox, for the
// coinsdk-sandbox server (retry schedules, delivery hooks); a merchant's
// test needs none of it.
func (s *Server) Kit() *sandboxkit.Kit { return s.kit }
