package gatewaytest

import (
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/shopspring/decimal"
)

// Re-exports of the shared sandbox types, so merchants never import the
// internal kit.
type (
	// Fault is an injected failure for the next matching requests; Path is
	// relative to /int ("withdraw", "payment/<id>").
	Fault = sandboxkit.Fault
	// FaultKind says how a fault breaks a request.
	FaultKind = sandboxkit.FaultKind
	// FaultStatus is an injected fault with its hits and what remains.
	FaultStatus = sandboxkit.FaultStatus
	// Delivery is one webhook delivery attempt.
	Delivery = sandboxkit.Delivery
	// Request is one request the sandbox received, secrets hidden.
	Request = sandboxkit.Request
)

// The fault kinds.
const (
	// FaultErrorAfterWork does the work (state changes, webhooks) and then
	// answers 500: the documented unknown outcome.
	FaultErrorAfterWork = sandboxkit.ErrorAfterWork
	// FaultTimeout does nothing and holds the connection until the client gives up.
	FaultTimeout = sandboxkit.Timeout
	// FaultRateLimit answers 429 with Retry-After, doing nothing.
	FaultRateLimit = sandboxkit.RateLimit
	// FaultMalformedBody does the work and answers 200 with half the body.
	FaultMalformedBody = sandboxkit.MalformedBody
	// FaultUnavailable answers 503, doing nothing.
	FaultUnavailable = sandboxkit.Unavailable
)

// ErrNotFound matches (errors.Is) the error of a simulation or Redeliver
// naming an object or delivery the sandbox does not have.
var ErrNotFound = errors.New("gatewaytest: not found")

// ErrInvalidState matches (errors.Is) the error of a simulation the
// object's state does not allow: expiring a payment that is not OPEN,
// ending a withdrawal that is not OPEN, paying into a released dedication.
var ErrInvalidState = errors.New("gatewaytest: invalid state")

// ErrNoCallbackURL is a Delivery's Err when no callback URL was set.
var ErrNoCallbackURL = sandboxkit.ErrNoCallbackURL

// Options configures a sandbox; the zero value is ready to use.
type Options struct {
	// APIKey is the Basic auth username; generated when empty.
	APIKey string
	// APISecret is the Basic auth password; generated when empty.
	APISecret string
	// WebhookSecret signs webhooks; generated when empty unless Unsigned.
	WebhookSecret string
	// Unsigned sends webhooks without X-Webhook-HMAC-SHA256, as the service
	// does for a store without a webhook secret.
	Unsigned bool
	// CallbackURL is the store's webhook URL; SetCallbackURL changes it.
	CallbackURL string
	// StoreID is the store's id; generated when empty.
	StoreID string
	// WithdrawalWebhooks also sends a withdrawal, as a bare object, when
	// CompletePayout or FailPayout ends it. The service documents no
	// withdrawal webhook; this lets a merchant test that such a body, if it
	// ever comes, is handled (the SDK parses it as a withdrawal event).
	WithdrawalWebhooks bool
	// Now is the sandbox clock; default time.Now (Advance moves it).
	Now func() time.Time
	// HTTPClient delivers webhooks; default a client with a 10s timeout.
	HTTPClient *http.Client
}

// Server is a running sandbox. Its methods are safe for concurrent use.
type Server struct {
	// kit is the shared sandbox machinery; kit.go forwards its methods.
	kit *sandboxkit.Kit

	// URL is the API base URL, ending in /int, to give to a client.
	URL string
	// APIKey is the Basic auth username requests must carry.
	APIKey string
	// APISecret is the Basic auth password requests must carry.
	APISecret string
	// WebhookSecret is the key of X-Webhook-HMAC-SHA256 ("" when Unsigned).
	WebhookSecret string
	// StoreID is the store's id.
	StoreID string

	withdrawalWebhooks bool

	// mu guards the state below; never held while a webhook travels.
	mu          sync.Mutex
	seq         int64
	balances    map[string]decimal.Decimal // by asset id
	onHold      map[string]decimal.Decimal
	payments    map[string]*payment
	payOrder    []string
	txByHash    map[string]*payment
	withdrawals map[string]*withdrawal
	dedicated   map[string]*dedication
	transfers   map[string]*transfer
}

// defaultBalances seeds every new sandbox, so examples can withdraw at once.
var defaultBalances = map[string]string{"BTC": "1", "ETH": "10", "TRX": "100000", "USDT.TRC20": "10000", "USDT.ERC20": "10000", "LTC": "100"}

// NewServer starts a sandbox; call Close when done.
func NewServer(opts Options) *Server {
	s := &Server{
		APIKey:             sandboxkit.Credential(opts.APIKey, "gw_key_", 12),
		APISecret:          sandboxkit.Credential(opts.APISecret, "", 24),
		StoreID:            opts.StoreID,
		withdrawalWebhooks: opts.WithdrawalWebhooks,
		balances:           map[string]decimal.Decimal{},
		onHold:             map[string]decimal.Decimal{},
		payments:           map[string]*payment{},
		txByHash:           map[string]*payment{},
		withdrawals:        map[string]*withdrawal{},
		dedicated:          map[string]*dedication{},
		transfers:          map[string]*transfer{},
	}
	if !opts.Unsigned {
		s.WebhookSecret = sandboxkit.Credential(opts.WebhookSecret, "whsec_", 16)
	}
	if s.StoreID == "" {
		s.StoreID = uuidLike(sandboxkit.RandomHex(16))
	}
	for a, v := range defaultBalances {
		s.balances[a] = decimal.RequireFromString(v)
	}
	s.kit = sandboxkit.New(sandboxkit.Config{
		Name:        "gatewaytest",
		Now:         opts.Now,
		HTTPClient:  opts.HTTPClient,
		CallbackURL: opts.CallbackURL,
		UserAgent:   "gatewaytest-webhooks",
		FaultKey: func(r *http.Request) (string, bool) {
			return strings.Trim(strings.TrimPrefix(r.URL.Path, "/int"), "/"), true
		},
		ResolveURL: func(target string) string {
			if target != "" {
				return target
			}
			return s.CallbackURL()
		},
		NotFound: ErrNotFound,
	})
	s.URL = sandboxkit.Start(s.kit, http.HandlerFunc(s.serve)) + "/int"
	return s
}

// SetBalance sets the store's balance in an asset (currency is its asset id).
func (s *Server) SetBalance(currency string, amount decimal.Decimal) {
	s.mu.Lock()
	s.balances[currency] = amount
	s.mu.Unlock()
}

// Balance reports the store's balance in an asset (currency is its asset
// id), on-hold amounts included.
func (s *Server) Balance(currency string) decimal.Decimal {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.balances[currency]
}

// serve authenticates and routes a request.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(r.Header.Get("Authorization")) {
		sandboxkit.JSON(http.StatusUnauthorized, apiError{"ERR_UNAUTHORIZED", "Unauthorized"}).Write(w)
		return
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(strings.ToLower(strings.TrimSpace(ct)), "application/json") {
		writeErr(w, "ERR_CONTENT_TYPE", "Content-Type must be application/json")
		return
	}
	path := strings.Trim(strings.TrimPrefix(r.URL.Path, "/int"), "/")
	parts := strings.Split(path, "/")
	get, post := r.Method == http.MethodGet, r.Method == http.MethodPost
	switch {
	case get && path == "assets":
		s.listAssets(w)
	case get && path == "accounts":
		s.getAccounts(w)
	case post && path == "convert":
		s.convert(w, r)
	case post && path == "payment":
		s.createPayment(w, r)
	case get && path == "payments":
		s.listPayments(w, r)
	case get && len(parts) == 2 && parts[0] == "payment":
		s.getPayment(w, parts[1])
	case get && len(parts) == 3 && parts[0] == "payment" && parts[2] == "txs":
		s.getTransactions(w, parts[1])
	case post && path == "withdraw":
		s.createWithdrawal(w, r)
	case get && len(parts) == 2 && parts[0] == "withdraw":
		s.getWithdrawal(w, parts[1])
	case post && path == "dedicate":
		s.createDedicated(w, r)
	case post && len(parts) == 3 && parts[0] == "dedicate" && parts[2] == "release":
		s.releaseDedicated(w, parts[1])
	case post && path == "transfer":
		s.createTransfer(w, r)
	default:
		sandboxkit.JSON(http.StatusNotFound, apiError{"ERR_NOT_FOUND", "Route " + r.Method + " /" + path + " not found."}).Write(w)
	}
}

// authorized checks HTTP Basic auth, written from the documentation
// (username the API key, password the API secret), in constant time.
func (s *Server) authorized(h string) bool {
	const prefix = "Basic "
	if len(h) < len(prefix) || !strings.EqualFold(h[:len(prefix)], prefix) {
		return false
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(h[len(prefix):]))
	if err != nil {
		return false
	}
	user, pass, ok := strings.Cut(string(raw), ":")
	if !ok {
		return false
	}
	u := subtle.ConstantTimeCompare([]byte(user), []byte(s.APIKey))
	p := subtle.ConstantTimeCompare([]byte(pass), []byte(s.APISecret))
	return u&p == 1
}

// nextIDLocked returns a fresh UUID-shaped id and a store-wide number.
func (s *Server) nextIDLocked() (id string, num string) {
	s.seq++
	return uuidLike(sandboxkit.RandomHex(16)), decimal.NewFromInt(160 + s.seq).String()
}

// uuidLike shapes 32 hex characters as a UUID.
func uuidLike(h string) string {
	return h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:32]
}
