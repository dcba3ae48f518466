package cryptochilltest

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxfault"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Errors returned by the simulation and setup methods, so tests can tell them apart with
// errors.Is.
var (
	// ErrNotFound means the invoice, transaction, payout, profile or wallet does not exist.
	ErrNotFound = errors.New("cryptochilltest: not found")
	// ErrInvalidState means the object cannot make the requested move (for example completing a
	// draft payout or lowering confirmations).
	ErrInvalidState = errors.New("cryptochilltest: invalid state for this operation")
	// ErrInvalidArgument means an argument to a simulation or setup method is out of range.
	ErrInvalidArgument = errors.New("cryptochilltest: invalid argument")
	// ErrNoCallbackURL is recorded as Delivery.Err when a callback was due but its profile has
	// no callback_url; the event is kept and can be sent later with Redeliver.
	ErrNoCallbackURL = errors.New("cryptochilltest: profile has no callback_url")
)

// Options configures NewServer. Every field is optional.
type Options struct {
	// APIKey and APISecret are the main key pair (all permissions, limited by MaxPayout).
	// Empty values are replaced by random ones.
	APIKey, APISecret string
	// ApproverKey and ApproverSecret are a key pair with only the "Approve" permission: it can
	// list, get and approve or reject payout drafts, and nothing else. Empty values are replaced
	// by random ones; an ApproverKey equal to APIKey is replaced too, since one key cannot hold
	// both roles.
	ApproverKey, ApproverSecret string
	// CallbackToken is the secret that signs callbacks. Empty means random.
	CallbackToken string
	// MaxPayout is the main key's "Max Payout", in USD equivalent; payouts worth more are
	// created as "draft". Zero means 1000.
	MaxPayout decimal.Decimal
	// Now is the clock used for timestamps and invoice expiry. Nil means time.Now.
	Now func() time.Time
	// HTTPClient delivers callbacks. Nil means a client with a 10 second timeout.
	HTTPClient *http.Client
}

// Server is a running fake of the CryptoChill API. Its exported fields are the values a
// client needs; they must not be changed after NewServer returns.
type Server struct {
	// URL is the base URL to give the client instead of https://api.cryptochill.com.
	URL string
	// APIKey and APISecret are the main key pair.
	APIKey, APISecret string
	// ApproverKey and ApproverSecret are the approve-only key pair.
	ApproverKey, ApproverSecret string
	// CallbackToken signs callbacks: signature = hex(HMAC-SHA256(CallbackToken, callback_id)).
	CallbackToken string
	// ProfileID is the id of the seeded "Sandbox" profile.
	ProfileID string
	// ExchangeID is the id of the seeded "Binance" exchange, needed to create conversions; the
	// API has no endpoint that lists exchanges.
	ExchangeID string

	ts         *httptest.Server
	now        func() time.Time
	httpClient *http.Client
	maxPayout  decimal.Decimal
	requests   atomic.Int64
	closing    chan struct{}
	faults     sandboxfault.Queue[Fault]
	closeOnce  sync.Once

	// mu guards st. It is never held while a callback is being delivered over HTTP, so a
	// callback handler may call back into the API (as merchants' handlers do to refresh).
	mu sync.Mutex
	st state
}

// state is everything the fake remembers. Slices keep creation order (lists are answered
// newest first by walking them backwards); maps index them.
type state struct {
	nonces map[string]uint64

	accountID string
	profiles  []*profile
	wallets   []*wallet
	exchanges []*exchange

	invoices    []*invoice
	invoiceByID map[string]*invoice
	byAddress   map[string]*invoice
	txs         []*transaction
	txByID      map[string]*transaction
	payouts     []*payout
	payoutByID  map[string]*payout

	conversions     []*conversion
	autoPayouts     []*autoPayout
	autoConversions []*autoConversion

	events     map[string]*event
	deliveries []Delivery
	xrpTag     int
}

// NewServer starts a sandbox with one profile, funded wallets and a fixed exchange-rate
// table. Call Close when done.
func NewServer(opts Options) *Server {
	s := &Server{
		APIKey:         opts.APIKey,
		APISecret:      opts.APISecret,
		ApproverKey:    opts.ApproverKey,
		ApproverSecret: opts.ApproverSecret,
		CallbackToken:  opts.CallbackToken,
		now:            opts.Now,
		httpClient:     opts.HTTPClient,
		maxPayout:      opts.MaxPayout,
		closing:        make(chan struct{}),
	}
	if s.APIKey == "" {
		s.APIKey = "sandbox-key-" + randomHex(8)
	}
	if s.APISecret == "" {
		s.APISecret = randomHex(32)
	}
	if s.ApproverKey == "" || s.ApproverKey == s.APIKey {
		s.ApproverKey = "sandbox-approver-" + randomHex(8)
	}
	if s.ApproverSecret == "" {
		s.ApproverSecret = randomHex(32)
	}
	if s.CallbackToken == "" {
		s.CallbackToken = randomHex(32)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.httpClient == nil {
		s.httpClient = &http.Client{Timeout: 10 * time.Second}
	}
	if !s.maxPayout.IsPositive() {
		s.maxPayout = decimal.NewFromInt(1000)
	}
	s.seed()
	s.ts = httptest.NewServer(s)
	s.URL = s.ts.URL
	return s
}

// Close stops the server. Requests held by a FaultTimeout are released first, so Close
// never waits for their 30 seconds.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.closing) })
	s.ts.Close()
}

// Requests reports how many HTTP requests reached the API so far, including rejected and
// faulted ones, so tests can assert how often a client retried.
func (s *Server) Requests() int {
	return int(s.requests.Load())
}

// seed creates the account, the wallets, the "Sandbox" profile and the exchanges.
func (s *Server) seed() {
	s.st = state{
		nonces:      map[string]uint64{},
		invoiceByID: map[string]*invoice{},
		byAddress:   map[string]*invoice{},
		txByID:      map[string]*transaction{},
		payoutByID:  map[string]*payout{},
		events:      map[string]*event{},
		accountID:   uuid.NewString(),
		xrpTag:      1000,
	}
	for _, spec := range walletSeeds {
		s.st.wallets = append(s.st.wallets, newWallet(spec))
	}
	p := &profile{id: uuid.NewString(), name: "Sandbox"}
	for _, kind := range profileKinds {
		w := s.walletForKind(kind)
		p.currencies = append(p.currencies, profileCurrency{kind: kind, walletID: w.id})
	}
	s.st.profiles = append(s.st.profiles, p)
	s.ProfileID = p.id
	for _, title := range []string{"Binance", "Kraken"} {
		s.st.exchanges = append(s.st.exchanges, &exchange{id: uuid.NewString(), title: title})
	}
	s.ExchangeID = s.st.exchanges[0].id
}

// randomHex returns 2n lowercase hex characters from crypto/rand.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails since Go 1.24
	return hex.EncodeToString(b)
}

// timestamp formats t the way the provider's examples do: UTC, microseconds, "+00:00".
func timestamp(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000000+00:00")
}

// optTimestamp is timestamp for a value that may be absent (JSON null).
func optTimestamp(t *time.Time) *string {
	if t == nil {
		return nil
	}
	v := timestamp(*t)
	return &v
}
