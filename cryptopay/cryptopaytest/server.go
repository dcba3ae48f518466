package cryptopaytest

import (
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// Options configures a sandbox; the zero value is ready to use.
type Options struct {
	// APIKey is the key requests name in Authorization; random when empty.
	APIKey string
	// APISecret signs requests (HMAC-SHA1); random when empty.
	APISecret string
	// CallbackSecret signs callbacks (HMAC-SHA256), separate from the API
	// secret as on the provider; random when empty.
	CallbackSecret string
	// CallbackURL is where callbacks go until SetCallbackURL changes it;
	// without one they are only recorded.
	CallbackURL string
	// Now is the sandbox clock before any Advance; default time.Now.
	Now func() time.Time
	// HTTPClient delivers callbacks; default a client with a 10 s timeout
	// (the provider expects a 200 within 10 s).
	HTTPClient *http.Client
	// RateLimitPerMinute, when positive, answers 429 to authenticated calls
	// past that many within a minute of sandbox clock. Set it to
	// ProviderRateLimit (200) to behave like the provider; 0 never limits.
	RateLimitPerMinute int
	// PageSize is the number of items per list page; default 20.
	PageSize int
	// DuplicateCustomIDStatus is how a reused custom_id is answered: 409
	// (the default, what the provider's responses guide says) or 422 (a
	// "duplicate_custom_id" validation error, which clients must also treat
	// as a reused reference).
	DuplicateCustomIDStatus int
	// RateKeysWithSlash makes GET /api/rates key pairs "BTC/EUR" instead of
	// "BTCEUR"; the notes say both spellings are seen.
	RateKeysWithSlash bool
}

// ProviderRateLimit is the provider's limit: 200 requests per minute per key.
const ProviderRateLimit = 200

// CommitWindow is how long an uncommitted coin withdrawal, exchange transfer
// or invoice recalculation waits for its commit before it expires.
const CommitWindow = 30 * time.Second

// UnpaidInvoiceLifetime is how long an invoice with nothing confirmed stays
// "new" (a late payment is still possible after expires_at) before it
// becomes "cancelled".
const UnpaidInvoiceLifetime = 14 * 24 * time.Hour

// ErrNotFound is returned by the simulation methods for an unknown id.
var ErrNotFound = errors.New("cryptopaytest: not found")

// ErrInvalidState is returned by a simulation method that does not apply to
// the object's current status (paying a cancelled channel payment, say).
var ErrInvalidState = errors.New("cryptopaytest: not possible in the current status")

// ErrNoCallbackURL is the Err of a Delivery made while no callback URL was
// set; the callback is still recorded and can be redelivered.
var ErrNoCallbackURL = sandboxkit.ErrNoCallbackURL

// Delivery is one attempt to deliver a callback: ID (for Redeliver), Attempt,
// Type (Invoice, CoinWithdrawal, ChannelPayment, Subscription), Status (the
// callback's event), ObjectID, URL, Body, Header (X-Cryptopay-Signature
// included), StatusCode, Err and Time.
type Delivery = sandboxkit.Delivery

// Request is one request the sandbox received, secrets hidden.
type Request = sandboxkit.Request

// Fault describes which requests fail and how. Path may be a concrete path
// ("/api/coin_withdrawals") or a route pattern
// ("/api/coin_withdrawals/{id}/commit").
type Fault = sandboxkit.Fault

// FaultKind is a way a request can go wrong.
type FaultKind = sandboxkit.FaultKind

// FaultStatus is an injected fault with its Hits and Remaining.
type FaultStatus = sandboxkit.FaultStatus

// The fault kinds, answered in the provider's error shapes.
const (
	// FaultErrorAfterWork does the work (state changes, callbacks) and then
	// answers 500 {"error":{"code":"internal_server_error",...}}.
	FaultErrorAfterWork = sandboxkit.ErrorAfterWork
	// FaultTimeout does nothing and drops the connection once the client
	// gives up (or the server closes, or 30 seconds pass).
	FaultTimeout = sandboxkit.Timeout
	// FaultRateLimit answers 429 too_many_requests with Retry-After, without
	// doing the work.
	FaultRateLimit = sandboxkit.RateLimit
	// FaultMalformedBody does the work and answers 200 with half the body.
	FaultMalformedBody = sandboxkit.MalformedBody
	// FaultUnavailable answers 503 maintenance, without doing the work.
	FaultUnavailable = sandboxkit.Unavailable
)

// Server is a running Cryptopay sandbox. Its methods are safe for concurrent
// use. The lifecycle, clock, request log, faults and callback deliveries
// every sandbox shares are its methods too (kit.go).
type Server struct {
	kit *sandboxkit.Kit // the shared machinery; kit.go forwards to it

	// URL is the base URL to give a client (paths start with /api/).
	URL string
	// APIKey is the key requests must name in Authorization.
	APIKey string
	// APISecret is the HMAC-SHA1 key of request signatures.
	APISecret string
	// CallbackSecret is the HMAC-SHA256 key of X-Cryptopay-Signature.
	CallbackSecret string

	opts Options

	// mu guards st; it is never held while a callback travels, so a
	// callback handler may call the API back. A pointer, so that Format can
	// take a Server by value (a copy shares the lock).
	mu *sync.Mutex
	st state
}

// state is everything the sandbox remembers.
type state struct {
	projectID string
	accounts  []*account
	txns      []*txn

	invoices        []*invoice
	invoiceByID     map[string]*invoice
	invoiceByCustom map[string]*invoice
	recalcByID      map[string]*recalculation
	refundByID      map[string]*refund
	refundByCustom  map[string]*refund

	withdrawals        []*withdrawal
	withdrawalByID     map[string]*withdrawal
	withdrawalByCustom map[string]*withdrawal

	transfers        []*transfer
	transferByID     map[string]*transfer
	transferByCustom map[string]*transfer

	channels        []*channel
	channelByID     map[string]*channel
	channelByCustom map[string]*channel
	payments        []*channelPayment
	paymentByID     map[string]*channelPayment

	customers    []*customer
	customerByID map[string]*customer

	subs        []*subscription
	subByID     map[string]*subscription
	subByCustom map[string]*subscription

	rates     map[string]rate
	highRisk  map[string]bool
	forbidden string
	calls     []time.Time
	baseURL   string // for hosted page and logo URLs (nothing is served there)
}

// startingBalances seed every sandbox, so examples can pay out at once.
var startingBalances = map[string]string{
	"BTC": "1", "ETH": "10", "LTC": "100", "XRP": "10000", "USDT": "10000", "USDC": "10000",
	"EUR": "10000", "USD": "10000", "GBP": "10000",
}

// NewServer starts a sandbox on a loopback port; call Close when done.
func NewServer(opts Options) *Server {
	if opts.PageSize <= 0 {
		opts.PageSize = 20
	}
	if opts.DuplicateCustomIDStatus != http.StatusUnprocessableEntity {
		opts.DuplicateCustomIDStatus = http.StatusConflict
	}
	s := &Server{
		mu:             new(sync.Mutex),
		APIKey:         sandboxkit.Credential(opts.APIKey, "", 16),
		APISecret:      sandboxkit.Credential(opts.APISecret, "", 24),
		CallbackSecret: sandboxkit.Credential(opts.CallbackSecret, "", 24),
		opts:           opts,
	}
	s.st = state{
		projectID:          uuid.NewString(),
		invoiceByID:        map[string]*invoice{},
		invoiceByCustom:    map[string]*invoice{},
		recalcByID:         map[string]*recalculation{},
		refundByID:         map[string]*refund{},
		refundByCustom:     map[string]*refund{},
		withdrawalByID:     map[string]*withdrawal{},
		withdrawalByCustom: map[string]*withdrawal{},
		transferByID:       map[string]*transfer{},
		transferByCustom:   map[string]*transfer{},
		channelByID:        map[string]*channel{},
		channelByCustom:    map[string]*channel{},
		paymentByID:        map[string]*channelPayment{},
		customerByID:       map[string]*customer{},
		subByID:            map[string]*subscription{},
		subByCustom:        map[string]*subscription{},
		rates:              map[string]rate{},
		highRisk:           map[string]bool{},
	}
	s.kit = sandboxkit.New(sandboxkit.Config{
		Name:        "cryptopaytest",
		Now:         opts.Now,
		HTTPClient:  opts.HTTPClient,
		UserAgent:   "Cryptopay-Sandbox/1.0",
		CallbackURL: opts.CallbackURL,
		FaultKey:    faultKey,
		FaultReply:  faultReply,
		NotFound:    ErrNotFound,
	})
	now := s.Now()
	for _, code := range currencyCodes {
		a := s.accountLocked(code)
		d := decimal.RequireFromString(startingBalances[code])
		s.ledgerLocked(ledgerEntry{acct: a, amount: d, refType: "ManualBalanceTransaction", description: "Sandbox starting balance", now: now, noStatus: true})
	}
	s.URL = sandboxkit.Start(s.kit, http.HandlerFunc(s.serve))
	s.mu.Lock()
	s.st.baseURL = s.URL // handlers read it under the lock
	s.mu.Unlock()
	return s
}

// SetForbidden makes every authenticated request answer 403 with the given
// code: "unauthorized" (a key without the permission) or "ip_not_allowed"
// (a request from outside the key's IP allow list); "" turns it off.
func (s *Server) SetForbidden(code string) {
	s.mu.Lock()
	s.st.forbidden = code
	s.mu.Unlock()
}

// SetRate fixes the rate of a pair (base in quote, e.g. "BTC", "EUR"); later
// invoices, recalculations, withdrawals and transfers use it.
func (s *Server) SetRate(base, quote string, buy, sell decimal.Decimal) {
	s.mu.Lock()
	s.st.rates[base+quote] = rate{buy: buy, sell: sell}
	s.mu.Unlock()
}

// MarkHighRiskAddress makes coin withdrawals to address fail with the
// provider's 422 high_risk_address.
func (s *Server) MarkHighRiskAddress(address string) {
	s.mu.Lock()
	s.st.highRisk[address] = true
	s.mu.Unlock()
}

// SetBalance sets the merchant's balance in a currency, recorded as a
// ManualBalanceTransaction.
func (s *Server) SetBalance(currency string, amount decimal.Decimal) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.accountLocked(currency)
	s.ledgerLocked(ledgerEntry{acct: a, amount: amount.Sub(a.balance), refType: "ManualBalanceTransaction",
		description: "Sandbox balance adjustment", now: s.Now(), noStatus: true})
}

// Balance is the merchant's balance in a currency (zero when it has no account).
func (s *Server) Balance(currency string) decimal.Decimal {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.st.accounts {
		if a.currency == currency {
			return a.balance
		}
	}
	return decimal.Zero
}

// sweepLocked applies every expiry that is due at now.
func (s *Server) sweepLocked(now time.Time, out *[]sandboxkit.Notification) {
	for _, w := range s.st.withdrawals {
		if w.status == "new" && !now.Before(w.createdAt.Add(CommitWindow)) {
			w.expired = true
			s.setWithdrawalStatusLocked(w, "cancelled", now, out)
		}
	}
	for _, t := range s.st.transfers {
		if t.status == "new" && !now.Before(t.createdAt.Add(CommitWindow)) {
			t.status = "cancelled"
			t.expired = true
		}
	}
	for _, r := range s.st.recalcByID {
		if r.status == "new" && !now.Before(r.expiresAt) {
			r.status = "expired"
		}
	}
	for _, inv := range s.st.invoices {
		if inv.status == "new" && !inv.anyConfirmed() && !now.Before(inv.createdAt.Add(UnpaidInvoiceLifetime)) {
			s.setInvoiceStatusLocked(inv, "cancelled", "", out)
		}
	}
}

// newID is a fresh object id (a UUID, like the provider's).
func newID() string { return uuid.NewString() }

// txidLocked is a fake blockchain transaction id (64 random hex digits).
func (s *Server) txidLocked() string { return sandboxkit.RandomHex(32) }

// PayoutsMade is how many coin withdrawals the sandbox holds (every status,
// uncommitted and cancelled ones included): tests count that one payout
// call, its unknown outcome and its repeat made exactly one.
func (s *Server) PayoutsMade() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.st.withdrawals)
}
