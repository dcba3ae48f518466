package sandboxkit

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// ErrNoCallbackURL is the Err of a Delivery made while no callback URL was
// set; the notification is still recorded and can be sent with Redeliver.
var ErrNoCallbackURL = errors.New("sandbox: no callback URL set")

// Config is what a provider's sandbox tells the kit. Every field is optional.
type Config struct {
	// Name prefixes the kit's error messages, such as "cryptochilltest".
	Name string
	// Now is the clock before Advance; nil means time.Now.
	Now func() time.Time
	// HTTPClient delivers notifications; nil means a client with a 10 second
	// timeout.
	HTTPClient *http.Client
	// UserAgent is sent with notifications when their Header has none.
	UserAgent string
	// CallbackURL is where notifications go until SetCallbackURL changes it.
	CallbackURL string
	// SecretHeaders are request headers whose values the request log hides
	// (Authorization, Proxy-Authorization and Cookie always are).
	SecretHeaders []string
	// FaultKey says whether a request can be faulted and the key a Fault.Path
	// may name instead of the URL path (CryptoProcessing's "withdrawal/crypto"
	// for "/api/v2/withdrawal/crypto/"). Nil: every request, keyed by its path.
	FaultKey func(r *http.Request) (key string, ok bool)
	// FaultReply is the provider's answer to a fault in its own error shape:
	// called for RateLimit (429, with Retry-After), Unavailable (503),
	// ErrorAfterWork (500, after the handler ran) and Timeout when the
	// connection cannot be dropped (504). Nil: DefaultFaultReply.
	FaultReply func(f Fault) Reply
	// ResolveURL maps a Notification's Target to the URL it is delivered to
	// now (on first delivery and on every Redeliver). Nil: the kit's callback
	// URL, for every target.
	ResolveURL func(target string) string
	// NotFound is wrapped by Redeliver's error for an unknown id, so the
	// provider's own ErrNotFound matches with errors.Is. Nil: a kit error.
	NotFound error
}

// Kit is the shared part of a sandbox: lifecycle, clock, request log, faults
// and deliveries. A provider's Server holds one *Kit and forwards to it. It is safe for concurrent
// use; its lock is never held while the provider's handler runs or while a
// notification travels.
type Kit struct {
	cfg     Config
	client  *http.Client
	secret  map[string]bool
	ts      *httptest.Server
	handler http.Handler
	closing chan struct{}
	once    sync.Once

	mu          sync.Mutex
	offset      time.Duration
	callbackURL string
	requests    []*Request
	faults      []*armedFault
	notes       map[string]*stored
	deliveries  []Delivery
	nextNote    int
	retry       []time.Duration // automatic retries (SetRetrySchedule)
	mounted     string          // the public URL after Mount
	onDelivery  func(Delivery)  // SetDeliveryHook
}

// New returns a kit that is not serving yet; the provider's NewServer then
// calls Start with its handler.
func New(cfg Config) *Kit {
	k := &Kit{
		cfg:         cfg,
		client:      cfg.HTTPClient,
		closing:     make(chan struct{}),
		callbackURL: cfg.CallbackURL,
		notes:       map[string]*stored{},
		secret:      map[string]bool{"Authorization": true, "Proxy-Authorization": true, "Cookie": true},
	}
	if k.cfg.Name == "" {
		k.cfg.Name = "sandbox"
	}
	if k.cfg.Now == nil {
		k.cfg.Now = time.Now
	}
	if k.client == nil {
		k.client = &http.Client{Timeout: 10 * time.Second}
	}
	if k.cfg.FaultReply == nil {
		k.cfg.FaultReply = DefaultFaultReply
	}
	for _, h := range cfg.SecretHeaders {
		k.secret[http.CanonicalHeaderKey(h)] = true
	}
	return k
}

// Start serves h, the provider's handler, wrapped in the kit's middleware
// (request log and faults), on a new httptest.Server and returns its URL. It
// is called once, by the provider's NewServer. It is a function rather than a
// method so that it is not promoted onto the provider's Server.
func Start(k *Kit, h http.Handler) string {
	k.handler = k.wrap(h)
	k.ts = httptest.NewServer(k)
	return k.ts.URL
}

// ServeHTTP answers one request the way the running sandbox does (request
// log, faults, the provider's handler), so a sandbox can also be mounted in a
// caller's own server or called with httptest.NewRecorder.
func (k *Kit) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if k.handler == nil {
		http.Error(w, k.cfg.Name+": not started", http.StatusServiceUnavailable)
		return
	}
	k.handler.ServeHTTP(w, r)
}

// Close stops the server. Requests held by a Timeout fault are released
// first, so Close never waits for HoldLimit. Closing twice is harmless.
func (k *Kit) Close() {
	k.once.Do(func() { close(k.closing) })
	k.stopRetries()
	if k.ts != nil {
		k.ts.Close()
	}
}

// Now is the sandbox clock: Config.Now plus every Advance so far. Providers
// use it for timestamps and expiry.
func (k *Kit) Now() time.Time {
	k.mu.Lock()
	off := k.offset
	k.mu.Unlock()
	return k.cfg.Now().Add(off)
}

// Advance moves the sandbox clock forward by d (invoices expire, rate
// windows pass) without waiting. A negative d is ignored: time does not go
// back.
func (k *Kit) Advance(d time.Duration) {
	if d <= 0 {
		return
	}
	k.mu.Lock()
	k.offset += d
	k.mu.Unlock()
}

// SetCallbackURL sets where later notifications and redeliveries go; ""
// means nowhere (they are recorded with ErrNoCallbackURL). A sandbox whose
// provider has several callback URLs (one per profile) applies it to its
// default one.
func (k *Kit) SetCallbackURL(url string) {
	k.mu.Lock()
	k.callbackURL = url
	k.mu.Unlock()
}

// Format prints the sandbox as name{URL: …} for every verb. Every
// provider's Server forwards its own Format here, so that printing a
// sandbox (t.Logf("%v", srv), a failed assertion) shows where it runs, never
// the credentials its exported fields hold. A Server held in an unexported
// field of the caller's own struct is printed by reflection and shows them:
// sandbox credentials are test values, never an account's.
func (k *Kit) Format(f fmt.State, _ rune) {
	url := ""
	if k != nil && k.ts != nil {
		url = k.ts.URL
	}
	if k != nil && k.mounted != "" {
		url = k.mounted
	}
	name := "sandbox"
	if k != nil {
		name = k.cfg.Name
	}
	_, _ = io.WriteString(f, name+"{URL: "+url+"}")
}

// CallbackURL returns the URL SetCallbackURL set last.
func (k *Kit) CallbackURL() string {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.callbackURL
}
