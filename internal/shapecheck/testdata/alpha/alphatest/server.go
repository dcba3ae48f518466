// Package alphatest is the fixture's sandbox.
package alphatest

// ErrInvalidState is an action the object's state does not allow.
var ErrInvalidState = errors.New("alphatest: invalid state")

// Object is one sandbox object.
type Object = sandboxkit.Object

// Options configures the sandbox.
type Options struct{ APIKey string }

// Server is the sandbox.
type Server struct {
	URL string
	kit *sandboxkit.Kit
}

// NewServer starts a sandbox.
func NewServer(opts Options) *Server { return nil }

func (s *Server) Mount(base string)                                  {}
func (s *Server) Objects() []Object                                  { return nil }
func (s *Server) Balance(currency string) decimal.Decimal            { return decimal.Zero }
func (s *Server) SetBalance(currency string, amount decimal.Decimal) {}
func (s *Server) PayInvoice(invoiceID string, amount decimal.Decimal) (txID string, err error) {
	return "", nil
}
func (s *Server) PayDeposit(address string, amount decimal.Decimal) (txID string, err error) {
	return "", nil
}
func (s *Server) Confirm(txID string) error            { return nil }
func (s *Server) ExpireInvoice(invoiceID string) error { return nil }
func (s *Server) CompletePayout(id string) error       { return nil }
func (s *Server) FailPayout(id, reason string) error   { return nil }
func (s *Server) CancelPayout(id, reason string) error { return nil }
func (s *Server) HoldPayout(id string) error           { return nil }
func (s *Server) PayoutsMade() int                     { return 0 }
