package alphatest

// Delivery is a notification the sandbox sent.
type Delivery = sandboxkit.Delivery

func (s *Server) Close()                                           { s.kit.Close() }
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.kit.ServeHTTP(w, r) }
func (s *Server) Now() time.Time                                   { return s.kit.Now() }
func (s *Server) Advance(d time.Duration)                          { s.kit.Advance(d) }
func (s *Server) SetCallbackURL(url string)                        { s.kit.SetCallbackURL(url) }
func (s *Server) CallbackURL() string                              { return s.kit.CallbackURL() }
func (s *Server) Deliveries() []Delivery                           { return s.kit.Deliveries() }
func (s *Server) Redeliver(id string) (Delivery, error)            { return s.kit.Redeliver(id) }
func (s *Server) Requests() []sandboxkit.Request                   { return s.kit.Requests() }
func (s *Server) InjectFault(f sandboxkit.Fault)                   { s.kit.InjectFault(f) }
func (s *Server) ClearFaults()                                     { s.kit.ClearFaults() }
func (s *Server) Faults() []sandboxkit.FaultStatus                 { return s.kit.Faults() }
func (s *Server) VerifyFaults() error                              { return s.kit.VerifyFaults() }
