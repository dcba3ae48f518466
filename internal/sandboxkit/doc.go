// Package sandboxkit is what every coinsdk provider sandbox (the
// <provider>/<provider>test packages) shares, so that each sandbox keeps only
// its provider's state machine and its own request verification, and the same
// thing has the same name on every sandbox.
//
// # Shape of a sandbox
//
// A sandbox's Server keeps its *Kit in an unexported field and declares the
// common surface on itself, one forwarding line each in its kit.go, so that
// `go doc <provider>test Server` lists every method a merchant calls (an
// embedded kit's promoted methods are not listed), with the same names and
// signatures everywhere (internal/shapecheck checks them), plus Format on
// the Server value and Kit() for cmd/coinsdk-sandbox:
//
//	Close()                                  stop the server, release held requests
//	SetCallbackURL(url string)               where notifications go ("" = record only)
//	CallbackURL() string
//	Deliveries() []Delivery                  every delivery attempt, oldest first
//	Redeliver(id string) (Delivery, error)   send a notification again, byte for byte
//	InjectFault(f Fault)                     arm a fault for the next matching requests
//	ClearFaults()                            disarm and forget every fault
//	Faults() []FaultStatus                   every fault since ClearFaults, with Hits and Remaining
//	VerifyFaults() error                     non-nil while a fault is still armed
//	Requests() []Request                     every request received, secrets hidden
//	Now() time.Time / Advance(d)             the sandbox clock, movable forward
//
// and re-exports the kit's types under its own names, so merchants never need
// this internal package:
//
//	type Fault = sandboxkit.Fault
//	type FaultKind = sandboxkit.FaultKind
//	type FaultStatus = sandboxkit.FaultStatus
//	type Delivery = sandboxkit.Delivery
//	type Request = sandboxkit.Request
//	const FaultErrorAfterWork = sandboxkit.ErrorAfterWork // … and the other kinds
//	var ErrNoCallbackURL = sandboxkit.ErrNoCallbackURL
//
// Each sandbox adds, with the same names and signatures on every provider
// (cryptochilltest and cryptoprocessingtest are the models):
//
//	URL, APIKey, APISecret, <webhook secret>       exported fields
//	PayInvoice(invoiceID string, amount decimal.Decimal) (txID string, err error)   full, partial or over
//	PayDeposit(address string, amount decimal.Decimal) (txID string, err error)     a payment to a deposit address
//	Confirm(txID string) error                     confirm a payment fully (callbacks on the way)
//	ExpireInvoice(invoiceID string) error
//	CompletePayout(id string) error
//	FailPayout(id string, reason string) error
//
// Provider-specific extras keep provider words beside these
// (SetConfirmations(txID, n) on CryptoChill, CancelDeposit and CancelPayout on
// CryptoProcessing). Every id in a sandbox's public API is a string.
//
// # Building a sandbox on the kit
//
//	type Server struct {
//		*sandboxkit.Kit
//		URL, APIKey, APISecret, WebhookSecret string
//		mu sync.Mutex // the provider's state; never held while delivering
//		…
//	}
//
//	func NewServer(opts Options) *Server {
//		s := &Server{
//			APIKey:    sandboxkit.Credential(opts.APIKey, "sandbox-key-", 8),
//			APISecret: sandboxkit.Credential(opts.APISecret, "", 32),
//		}
//		s.Kit = sandboxkit.New(sandboxkit.Config{
//			Name:          "gatewaytest",
//			Now:           opts.Now,
//			HTTPClient:    opts.HTTPClient,
//			SecretHeaders: []string{"X-Api-Key", "X-Signature"},
//			FaultReply:    faultReply,  // the provider's own error shapes
//			NotFound:      ErrNotFound, // what Redeliver of an unknown id wraps
//		})
//		s.URL = sandboxkit.Start(s.Kit, http.HandlerFunc(s.serve))
//		return s
//	}
//
// The promoted methods are exactly the common surface (plus ServeHTTP, so a
// sandbox can be mounted in the caller's server); what only the provider
// calls (Start, Deliver, DeliverAll) are functions taking the *Kit, so they do
// not show on the Server.
//
// Start wraps the provider's handler in the kit's middleware: every request is
// logged (method, path, query, headers with SecretHeaders and Authorization
// hidden, the first 64 KiB of the body, status, fault, time); the first armed
// fault that matches (Config.FaultKey decides which requests can be faulted)
// is taken; Timeout, RateLimit and Unavailable answer without calling the
// handler; ErrorAfterWork and MalformedBody run the handler (the work is done,
// state changes, notifications go out) and then replace its answer with
// Config.FaultReply or cut its body in half. The provider's handler writes to
// the ResponseWriter as usual; the kit buffers it.
//
// Notifications (webhooks, callbacks) are built and signed by the provider
// under its own lock, then handed to Deliver or DeliverAll after unlocking, so
// a receiver may call the API back. The kit posts them with its HTTP client,
// records every attempt as a Delivery, keeps the notification for Redeliver
// (identical body and headers, Attempt+1, to the URL that is current then) and
// resolves the URL through Config.ResolveURL when the provider has more than
// one (CryptoChill's per-profile callback_url).
//
// # Faults are counted and listed
//
// A fault left armed would silently swallow a later scenario, so every fault
// injected since the last ClearFaults stays listed in Faults with its Hits and
// Remaining, and VerifyFaults names those still armed:
//
//	sb.InjectFault(gatewaytest.Fault{Method: "POST", Path: "/v1/payouts", Kind: gatewaytest.FaultErrorAfterWork})
//	… scenario …
//	require.NoError(t, sb.VerifyFaults()) // fails if the scenario never reached the fault
//
// # Serving outside the test process
//
// coinsdk-sandbox (cmd/coinsdk-sandbox) mounts the five sandboxes on one
// listener and drives them over HTTP. For it the kit has Mount (serve only
// through ServeHTTP, at a public URL, the own listener closed),
// SetRetrySchedule (retry a notification the receiver did not accept, on the
// provider's schedule, on the wall clock), Notifications (each notification's
// attempts, whether it was accepted, its next retry), SetDeliveryHook (see
// every attempt, for logs) and Object (any provider's objects in one shape,
// with the provider's own view of each). Each sandbox adds, in its
// control.go, Objects() and Mount(base).
//
// Reply, JSON, Credential, RandomHex, RetryAfterSeconds and Hold are small
// helpers for writing a provider's answers; NewestFirst and Views, for its
// list endpoints (each provider pages in its own way).
package sandboxkit
