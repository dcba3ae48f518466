package cryptoprocessingtest

import (
	"fmt"
	"net/http"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
)

// The methods every coinsdk sandbox shares, with the same names and
// signatures everywhere. Each forwards to the shared machinery; they are
// declared here, one line each, so that `go doc` lists them on Server.

// Request is one request the sandbox received, as Requests lists it.
type Request = sandboxkit.Request

// Close stops the sandbox; requests held by a Timeout fault are released first. Closing twice is harmless.
func (s *Server) Close() { s.kit.Close() }

// ServeHTTP answers one request as the running sandbox does (request log, faults, the API).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.kit.ServeHTTP(w, r) }

// Now is the sandbox clock: Options.Now plus every Advance so far.
func (s *Server) Now() time.Time { return s.kit.Now() }

// Advance moves the sandbox clock forward by d without waiting (invoices expire); a negative d is ignored.
func (s *Server) Advance(d time.Duration) { s.kit.Advance(d) }

// SetCallbackURL sets where later callbacks and redeliveries go; "" means nowhere.
func (s *Server) SetCallbackURL(url string) { s.kit.SetCallbackURL(url) }

// CallbackURL returns the URL SetCallbackURL (or Options.CallbackURL) set last.
func (s *Server) CallbackURL() string { return s.kit.CallbackURL() }

// Deliveries lists every callback delivery attempt so far, oldest first.
func (s *Server) Deliveries() []Delivery { return s.kit.Deliveries() }

// Redeliver sends the callback with this id again, identical, to the current callback URL, as the provider's retries do.
func (s *Server) Redeliver(id string) (Delivery, error) { return s.kit.Redeliver(id) }

// Requests lists the requests received so far (the latest ones), oldest first, rejected and faulted ones included.
func (s *Server) Requests() []Request { return s.kit.Requests() }

// InjectFault makes the next requests matching f fail as f says.
func (s *Server) InjectFault(f Fault) { s.kit.InjectFault(f) }

// ClearFaults removes every injected fault not used up yet.
func (s *Server) ClearFaults() { s.kit.ClearFaults() }

// Faults lists the injected faults with their hits and remaining uses.
func (s *Server) Faults() []FaultStatus { return s.kit.Faults() }

// VerifyFaults returns an error naming every injected fault still armed, or nil.
func (s *Server) VerifyFaults() error { return s.kit.VerifyFaults() }

// Format prints the sandbox as its name and URL for every verb, never the
// credentials its exported fields hold. A value receiver, so that a Server
// printed by value (a copy in a struct, a failed assertion) is covered too.
func (s Server) Format(f fmt.State, verb rune) { s.kit.Format(f, verb) }

// Kit returns the shared machinery under the sandbox, for the
// coinsdk-sandbox server (retry schedules, delivery hooks); a merchant's
// test needs none of it.
func (s *Server) Kit() *sandboxkit.Kit { return s.kit }
