// Package sandboxkit is the fixture's shared sandbox machinery.
package sandboxkit

// Kit is the shared part of a sandbox.
type Kit struct{}

// Delivery, Request, Fault and FaultStatus are what the kit records.
type (
	Delivery    struct{}
	Request     struct{}
	Fault       struct{}
	FaultStatus struct{}
)

func (k *Kit) Close()                                           {}
func (k *Kit) ServeHTTP(w http.ResponseWriter, r *http.Request) {}
func (k *Kit) Now() time.Time                                   { return time.Time{} }
func (k *Kit) Advance(d time.Duration)                          {}
func (k *Kit) SetCallbackURL(url string)                        {}
func (k *Kit) CallbackURL() string                              { return "" }
func (k *Kit) Deliveries() []Delivery                           { return nil }
func (k *Kit) Redeliver(id string) (Delivery, error)            { return Delivery{}, nil }
func (k *Kit) Requests() []Request                              { return nil }
func (k *Kit) InjectFault(f Fault)                              {}
func (k *Kit) ClearFaults()                                     {}
func (k *Kit) Faults() []FaultStatus                            { return nil }
func (k *Kit) VerifyFaults() error                              { return nil }
