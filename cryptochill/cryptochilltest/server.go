package cryptochilltest

import (
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
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
	ErrNoCallbackURL = sandboxkit.ErrNoCallbackURL
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
	// CallbackToken is the secret that signs callbacks (the client's Config.WebhookSecret).
	// Empty means random.
	CallbackToken string
	// MaxPayout is the main key's "Max Payout", in USD equivalent; payouts worth more are
	// created as "draft". Zero means 1000.
	MaxPayout decimal.Decimal
	// Now is the clock used for timestamps and invoice expiry. Nil means time.Now; Advance
	// moves the sandbox's clock forward from it.
	Now func() time.Time
	// HTTPClient delivers callbacks. Nil means a client with a 10 second timeout.
	HTTPClient *http.Client
	// CallbackURL is the seeded profile's callback_url, as on every sandbox;
	// it may be set later with SetCallbackURL. Without it callbacks are only
	// recorded.
	CallbackURL string
}

// Server is a running fake of the CryptoChill API. Its exported fields are the values a
// client needs; they must not be changed after NewServer returns.
//
// The methods every coinsdk sandbox shares, with the same names everywhere, are in kit.go:
// Close, SetCallbackURL (here the seeded profile's callback_url), CallbackURL, Deliveries,
// Redeliver, InjectFault, ClearFaults, Faults, VerifyFaults, Requests, Now, Advance and
// ServeHTTP.
type Server struct {
	kit *sandboxkit.Kit // the shared sandbox machinery (lifecycle, clock, request log, faults, deliveries)

	// URL is the base URL to give the client instead of https://api.cryptochill.com.
	URL string
	// APIKey and APISecret are the main key pair.
	APIKey, APISecret string
	// ApproverKey and ApproverSecret are the approve-only key pair.
	ApproverKey, ApproverSecret string
	// CallbackToken signs callbacks: signature = hex(HMAC-SHA256(CallbackToken, callback_id)).
	// It is the client's Config.WebhookSecret.
	CallbackToken string
	// ProfileID is the id of the seeded "Sandbox" profile.
	ProfileID string
	// ExchangeID is the id of the seeded "Binance" exchange, needed to create conversions; the
	// API has no endpoint that lists exchanges.
	ExchangeID string

	maxPayout decimal.Decimal

	// mu guards st. It is never held while a callback is being delivered over HTTP, so a
	// callback handler may call back into the API (as merchants' handlers do to refresh).
	// Behind a pointer so that Format can take a Server by value (see kit.go).
	mu *sync.Mutex
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

	xrpTag int
}

// NewServer starts a sandbox with one profile, funded wallets and a fixed exchange-rate
// table. Call Close when done.
func NewServer(opts Options) *Server {
	s := &Server{
		APIKey:         sandboxkit.Credential(opts.APIKey, "sandbox-key-", 8),
		APISecret:      sandboxkit.Credential(opts.APISecret, "", 32),
		ApproverKey:    opts.ApproverKey,
		ApproverSecret: sandboxkit.Credential(opts.ApproverSecret, "", 32),
		CallbackToken:  sandboxkit.Credential(opts.CallbackToken, "", 32),
		maxPayout:      opts.MaxPayout,
		mu:             new(sync.Mutex),
	}
	if s.ApproverKey == s.APIKey {
		s.ApproverKey = ""
	}
	s.ApproverKey = sandboxkit.Credential(s.ApproverKey, "sandbox-approver-", 8)
	if !s.maxPayout.IsPositive() {
		s.maxPayout = decimal.NewFromInt(1000)
	}
	s.kit = sandboxkit.New(sandboxkit.Config{
		Name:          "cryptochilltest",
		Now:           opts.Now,
		HTTPClient:    opts.HTTPClient,
		UserAgent:     "CryptoChill-Sandbox/1.0",
		SecretHeaders: []string{"X-CC-KEY", "X-CC-SIGNATURE"},
		FaultReply:    faultReply,
		ResolveURL:    s.profileCallbackURL,
		NotFound:      ErrNotFound,
	})
	s.seed()
	s.URL = sandboxkit.Start(s.kit, http.HandlerFunc(s.serve))
	if opts.CallbackURL != "" {
		s.SetCallbackURL(opts.CallbackURL)
	}
	return s
}

// seed creates the account, the wallets, the "Sandbox" profile and the exchanges.
func (s *Server) seed() {
	s.st = state{
		nonces:      map[string]uint64{},
		invoiceByID: map[string]*invoice{},
		byAddress:   map[string]*invoice{},
		txByID:      map[string]*transaction{},
		payoutByID:  map[string]*payout{},
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
