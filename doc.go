// Package coinsdk is the root of a Go module for merchant backends that accept
// and send crypto through five payment providers, with one vocabulary over all
// of them ([github.com/coinsdk/coinsdk/payments]) and each provider's complete
// API underneath. This package holds no code: it is where the recipe every
// provider package follows is written down, so that the next provider is a
// description of that provider and nothing else.
//
// # Packages
//
//	payments               provider-neutral vocabulary, interfaces, MatchPayout/MatchInvoice, Advance
//	payments/paymentstest  conformance suite every adapter runs against its sandbox
//	webhooks               the webhook flow as an http.Handler: verify, refresh, Advance, record, remember
//	option                 the client options, defined once for every provider
//	cryptochill, cryptoprocessing, gateway, cryptopay, channels
//	                       one package per provider, each with its sandbox in <pkg>/<pkg>test
//	internal/apicall       the one request path (Call, Pipeline, Object, List) and settlement (Create, Settle)
//	internal/...           HTTP core, decimal JSON, HMAC, nonces, pager, redaction, sandbox kit, shape test
//
// Imports go one way: examples → providers → internal → payments (and option).
//
// # Writing a provider
//
// What every provider does alike is shared: sending, signing every attempt
// afresh, retrying, classifying an answer and decoding it once
// (internal/apicall over internal/httpcore), walking pages (internal/pager),
// settling a create whose outcome is unknown (apicall.Create), the sandbox's
// lifecycle, clock, faults, request log and deliveries (internal/sandboxkit),
// and the adapter contract (payments/paymentstest). A provider describes its
// calls, its models, its signer, its status table, its settlement and its
// sandbox's state machine, in these files:
//
//	config.go       Config: APIKey, APISecret, WebhookSecret, PreviousWebhookSecrets (the doc names the
//	                dashboard's own term); Format on the value receiver masks every secret
//	client.go       Client; New(cfg Config, opts ...option.Option) (*Client, error) builds one *apicall.Pipeline;
//	                BaseURL(); Format on the pointer receiver; ProductionBaseURL (and SandboxBaseURL);
//	                type service struct{ client *Client } and c.Invoices = (*InvoicesService)(&c.common)
//	signer.go       request signing only: the Pipeline's Encode
//	decode.go       the Pipeline's Unwrap (the provider's envelope) and Decode (one model, once, its Raw once)
//	invoices.go …   one file per service, named for it (type InvoicesService service): its models, its
//	                params and one apicall.Call per method
//	status.go       the status vocabulary and its mapping, the only place of either
//	settle.go       one apicall.Settlement per create that carries the merchant's reference
//	validate.go     the params' checks, before any request
//	errors.go       the provider's error codes and sentinels
//	webhooks.go     WebhooksService (Parse, ParseBody, Refresh, Format), Event, EventKind, EventType,
//	                SignatureCovers, NewWebhookVerifier; callback verification
//	testwebhook.go  SignTestWebhook(secret string, body []byte) (signed []byte, header http.Header, err error)
//	adapter.go      Adapter, AdapterOptions, NewAdapter(c *Client, opts AdapterOptions) (*Adapter, error)
//	normalize.go    toInvoice, toPayout, toEvent, toDeposit: the provider's models as payments models
//	<pkg>test/      the sandbox: the provider's state machine, its request verification, and kit.go
//
// TestPackageShape (internal/shapecheck) holds every provider and sandbox to
// these names and signatures and compares them with each other; a real
// difference is listed, with its reason, in the test's documentedDifferences
// and in the package doc's shapeDifferences block. Print where the tree
// stands with go run ./internal/shapecheck/cmd/shapereport.
//
// # Calls
//
// New configures, once, how the provider's calls travel:
//
//	c.pipe = &apicall.Pipeline{
//		HTTP:     hc,              // httpcore.New(…): base URL, retries, clock, logger from package option
//		Provider: ProviderName,    // errors name the provider
//		Encode:   c.signer.encode, // signer.go: body bytes once, and func(*http.Request) error per attempt
//		Unwrap:   unwrap,          // decode.go: {"data": …, "meta": …} → payload, list meta; a 2xx refusal → *payments.APIError
//		Decode:   decode,          // decode.go: one model from its bytes, Raw kept
//	}
//
// and every service method is a description of one call handed to the
// pipeline: its doc names the endpoint, it checks its params (a
// *payments.ValidationError naming the provider's field), and it returns
// what apicall.Object, apicall.List or apicall.Create returns:
//
//	// Get returns an invoice by the provider's id. GET /v1/invoices/{id}
//	func (s *InvoicesService) Get(ctx context.Context, id string) (*Invoice, error) {
//		if err := validID("id", id); err != nil {
//			return nil, err
//		}
//		return apicall.Object[Invoice](ctx, s.client.pipe, &apicall.Call{
//			Op: "get invoice", Method: http.MethodGet, Path: "/v1/invoices/" + url.PathEscape(id)})
//	}
//
// The read path of that call, end to end: InvoicesService.Get (invoices.go)
// → apicall.Object → Pipeline.Payload → Pipeline.Send, which runs Encode
// once (signer.go) → httpcore.Client.Do, which signs, sends, retries and
// classifies each attempt → Unwrap (decode.go) → Pipeline.DecodeInto →
// Decode (decode.go). Three files of the provider, no loop of its own.
//
// Lookups are Get(ctx, id) (*T, error) by the provider's id and
// FindByReference(ctx, ref) (*T, error) by the merchant's reference (an
// error matching payments.ErrNotFound when there is none); other lookups
// keep descriptive names (ByTxID). A list the provider pages is
// List(ctx, p) (*Page[T], error), from apicall.List and the page meta, plus
// All(ctx, p) iter.Seq2[T, error] over internal/pager; a list answered at
// once is List(ctx, …) ([]T, error) and no All. A sub-list follows the same
// rule with its noun (ListRefunds and AllRefunds).
//
// # Models, statuses and events
//
// Models are structs with the provider's fields: ids are strings, money is
// decimal.Decimal decoded through guarded wire types (a number past 200
// characters or an exponent past ±100 is refused where it is decoded; a
// string is never taken for a number), and Raw holds the object's bytes.
// A status-bearing model's Status is a named type in status.go, stripe-go
// style, with its constants and its mapping:
//
//	type InvoiceStatus string
//
//	const (
//		InvoiceStatusNew  InvoiceStatus = "new"
//		InvoiceStatusPaid InvoiceStatus = "paid"
//	)
//
//	// Normalized is the invoice's payments.Status (the model's own amounts and
//	// context decide underpaid and overpaid).
//	func (x *Invoice) Normalized() payments.Status
//
// A vocabulary is a set of constants, never an exported variable (a function
// returns a fresh copy where a list is needed). An Event carries, in this
// order, ID, Type EventType (the provider's event name, constants
// Event<Name>), Kind EventKind (constants Kind<Object>), the object pointers,
// BodyAuthenticated, SignatureCovers, ReceivedAt (the client's clock) and
// Raw; its DedupeKey is the same for redeliveries and different for two
// notifications, and empty for a body the signature does not cover until
// Refresh fills it from the API's answer.
//
// # Settlement
//
// A create that carries the merchant's reference is sent with apicall.Create
// and the service's settlement from settle.go:
//
//	func (s *PayoutsService) settlement(p *PayoutParams) apicall.Settlement[Payout] {
//		return apicall.Settlement[Payout]{
//			Object:  "payout",
//			Find:    s.FindByReference, // nil where the provider cannot look up by reference
//			Differs: func(got *Payout) string { … }, // reference first, then payments.MatchPayout's fields
//			ID:      func(got *Payout) string { return got.ID },
//		}
//	}
//
// An answer that is not what was asked, an unknown outcome and a "reference
// taken" answer are then settled in one place: the object found by reference
// is returned when it is what was asked, a *payments.ReferenceMismatchError
// when it is another, and an unknown outcome carrying the reference when the
// lookup cannot tell. The adapter's CreateInvoice and CreatePayout use the
// service's settlement and compare nothing again.
//
// # The adapter
//
// NewAdapter refuses a nil client with a *payments.ValidationError
// (paymentstest.NilClient tests it), meets the payments interfaces through
// normalize.go, and says through Capabilities what it cannot do (a missing
// capability is payments.ErrUnsupported). The package's conformance test
// runs paymentstest.Run against its sandbox.
//
// # Tests
//
// A provider's tests build their client with providertest.Setup(t, base)
// (a mock transport, a fixed clock, retries that do not sleep), take
// t.Context(), call t.Parallel() unless they change process-wide state
// (and say so), and leave the shared checks to providertest (printing,
// redirects, misuse) and paymentstest (the adapter contract).
//
// # The sandbox
//
// <pkg>test.NewServer(opts Options) *Server builds a sandboxkit.Kit
// (sandboxkit.New: name, clock, secret headers, the provider's fault answer)
// and mounts the provider's handlers on it. What the sandbox writes is the
// provider's state machine: its objects, their statuses, the transitions the
// provider's API and the merchant's control methods drive, and the
// notification each transition sends through the kit; a transition the
// state forbids is ErrInvalidState. The control methods have one signature
// everywhere, where the provider has the concept:
//
//	Mount(base string)                       Objects() []Object
//	Balance(currency string) decimal.Decimal SetBalance(currency string, amount decimal.Decimal)
//	PayInvoice(invoiceID string, amount decimal.Decimal) (txID string, err error)
//	PayDeposit(address string, amount decimal.Decimal) (txID string, err error)
//	Confirm(txID string) error               ExpireInvoice(invoiceID string) error
//	CompletePayout(id string) error          FailPayout(id, reason string) error
//	CancelPayout(id, reason string) error    HoldPayout(id string) error
//	PayoutsMade() int
//
// The kit stays in an unexported field; kit.go forwards, one line each, what
// a merchant calls on every sandbox, so that go doc lists it on Server:
// Close, ServeHTTP, Now, Advance, SetCallbackURL, CallbackURL, Deliveries,
// Redeliver, Requests, InjectFault, ClearFaults, Faults and VerifyFaults. The
// sandbox verifies requests with its own code, never the client's signer.
//
// # Where the code differs from the design card, and why
//
//   - Options live in package option, not as WithX functions in each provider:
//     one definition means one behaviour and one place to fix it.
//   - The webhook test helper is SignTestWebhook(secret, body) on every
//     provider, returning the body and headers the provider would send,
//     because some providers sign in a header and some inside the body.
//   - payments.InvoiceProvider has FindInvoice, and capabilities carry
//     CapFindPayout and CapFindInvoice, because "can pay out" and "can settle
//     an unknown payout outcome" are different promises (the gateway can do
//     the first, not the second).
//   - The HTTP core refuses every redirect, also on a caller's own client (a
//     copy is used), and resends an attempt the provider refused before doing
//     anything (a stale CryptoChill nonce) freshly signed; those resends do not
//     count as retries.
//   - Benchmarks report an SDK/floor ratio (make bench) against a hand-written
//     client doing the same signed call and decode, instead of bare timings.
package coinsdk
