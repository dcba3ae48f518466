package alphatest

// Delivery is a notification the sandbox sent.
type Delivery = sandboxkit.Delivery

// The shared methods, declared in kit.go as the shape wants; the checker
// reads their signatures only, so the bodies are stubs.

func (s *Server) Close()                                           {}
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {}
func (s *Server) Now() time.Time                                   { return time.Time{} }
func (s *Server) Advance(d time.Duration)                          {}
func (s *Server) SetCallbackURL(url string)                        {}
func (s *Server) CallbackURL() string                              { return "" }
func (s *Server) Deliveries() []Delivery                           { return nil }
func (s *Server) Redeliver(id string) (Delivery, error)            { return Delivery{}, nil }
func (s *Server) Requests() []sandboxkit.Request                   { return nil }
func (s *Server) InjectFault(f sandboxkit.Fault)                   {}
func (s *Server) ClearFaults()                                     {}
func (s *Server) Faults() []sandboxkit.FaultStatus                 { return nil }
func (s *Server) VerifyFaults() error                              { return nil }
