package channelstest

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
)

// Fault is a fault to inject: which requests (Method, Path) fail and how (Kind).
type Fault = sandboxkit.Fault

// FaultKind is a way a request can go wrong.
type FaultKind = sandboxkit.FaultKind

// FaultStatus is an injected fault with its hits and what remains of it.
type FaultStatus = sandboxkit.FaultStatus

// Delivery is one attempt to deliver a callback.
type Delivery = sandboxkit.Delivery

// Request is one request the sandbox received, its x-api-key hidden.
type Request = sandboxkit.Request

// The fault kinds.
const (
	// FaultErrorAfterWork does the work (a withdrawal is made), then answers 500.
	FaultErrorAfterWork = sandboxkit.ErrorAfterWork
	// FaultTimeout holds the request unanswered until the client gives up.
	FaultTimeout = sandboxkit.Timeout
	// FaultRateLimit answers 429 with Retry-After, without doing the work.
	FaultRateLimit = sandboxkit.RateLimit
	// FaultMalformedBody does the work, then answers 200 with half the body.
	FaultMalformedBody = sandboxkit.MalformedBody
	// FaultUnavailable answers 503 without doing the work.
	FaultUnavailable = sandboxkit.Unavailable
)

// ErrNoCallbackURL is a Delivery's Err when no callback URL was set.
var ErrNoCallbackURL = sandboxkit.ErrNoCallbackURL

// ErrNotFound is returned for an unknown transaction, invoice, address or
// delivery id.
var ErrNotFound = errors.New("channelstest: not found")

// ErrInvalidState is returned when a transaction cannot move to the asked state
// (confirming a withdrawal as a deposit, a deposit already final).
var ErrInvalidState = errors.New("channelstest: not allowed in this state")

// Options configures a sandbox; the zero value is a live account.
type Options struct {
	// APIKey is the key requests must carry in x-api-key; generated when empty.
	APIKey string
	// SecretKey hashes callbacks; generated when empty.
	SecretKey string
	// CallbackURL is where callbacks go; SetCallbackURL changes it. Without
	// one callbacks are only recorded.
	CallbackURL string
	// Demo makes the sandbox behave as a demo account: a withdrawal fails
	// at once (no funds) and its failed callback is delivered before the
	// create is answered; simulate (or CompletePayout) confirms it later.
	// The default is a live account, where a merchant's code runs for real:
	// withdrawals stay processing until CompletePayout or FailPayout, and
	// simulate is refused.
	Demo bool
	// MinimalWithdrawalAnswers makes every withdrawal answer (a new one and
	// a repeated orderId alike) the least a 2xx may carry: {"id", "status"},
	// without the amount, currency or orderId. XGateway does not publish the
	// answer's shape; a client must read the transaction back before it
	// compares. AnswerMinimalWithdrawals does it for the next few answers.
	MinimalWithdrawalAnswers bool
	// ProcessingCallbacks also sends a callback when a transaction enters
	// processing (the provider sends final states only unless enabled).
	ProcessingCallbacks bool
	// Now is the sandbox clock; default time.Now.
	Now func() time.Time
	// HTTPClient delivers callbacks; default a client with a 10 s timeout.
	HTTPClient *http.Client
}

// Server is a running sandbox of XGateway's channel payment flow API. Its
// methods are safe for concurrent use.
type Server struct {
	// URL is the API base URL to give to a client (option.WithBaseURL).
	URL string
	// APIKey is the key requests must carry in x-api-key.
	APIKey string
	// SecretKey is the callback secret key.
	SecretKey string

	// kit is the machinery every sandbox shares; kit.go forwards what a
	// merchant calls.
	kit *sandboxkit.Kit

	live, processing bool
	minimalAll       bool

	// minimalNext counts the withdrawal answers still to be minimal
	// (AnswerMinimalWithdrawals); guarded by mu.
	minimalNext int

	// mu guards the state below; it is never held while a callback travels.
	// A pointer, so that Format can take the Server by value (a Server
	// value printed by reflection must not show its credentials) without
	// copying a lock.
	mu         *sync.Mutex
	seq        int
	addrs      map[string]*address // by customer + "\x00" + address family
	addrByText map[string]*address
	txs        map[string]*transaction
	txOrder    []string
	byOrder    map[string]string // withdrawal orderId → transaction id
	invoices   map[string]*invoice
}

// NewServer starts a sandbox; call Close when done.
func NewServer(opts Options) *Server {
	s := &Server{
		APIKey:     sandboxkit.Credential(opts.APIKey, "demo_", 16),
		SecretKey:  sandboxkit.Credential(opts.SecretKey, "", 24),
		mu:         new(sync.Mutex),
		live:       !opts.Demo,
		processing: opts.ProcessingCallbacks,
		minimalAll: opts.MinimalWithdrawalAnswers,
		addrs:      map[string]*address{},
		addrByText: map[string]*address{},
		txs:        map[string]*transaction{},
		byOrder:    map[string]string{},
		invoices:   map[string]*invoice{},
	}
	s.kit = sandboxkit.New(sandboxkit.Config{
		Name:          "channelstest",
		Now:           opts.Now,
		HTTPClient:    opts.HTTPClient,
		UserAgent:     "channelstest-callbacks",
		CallbackURL:   opts.CallbackURL,
		SecretHeaders: []string{"X-Api-Key"},
		FaultReply:    faultReply,
		FaultKey:      faultKey,
		NotFound:      ErrNotFound,
	})
	s.URL = sandboxkit.Start(s.kit, http.HandlerFunc(s.serve))
	return s
}

// nextIDLocked returns a fresh id in UUID form.
func (s *Server) nextIDLocked() string {
	s.seq++
	h := sandboxkit.RandomHex(12) + strconv.FormatInt(int64(1000000+s.seq), 16)
	h = (h + "00000000000000000000000000000000")[:32]
	return h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-a" + h[17:20] + "-" + h[20:32]
}

// serve routes a request after checking its API key.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("x-api-key")
	if key == "" || subtle.ConstantTimeCompare([]byte(key), []byte(s.APIKey)) != 1 {
		fail(w, http.StatusUnauthorized, "UNAUTHORIZED", "Invalid or missing API key")
		return
	}
	path := strings.TrimRight(r.URL.Path, "/")
	switch {
	case path == "/api/v2/channels":
		s.post(w, r, s.createChannel)
	case path == "/wallet/address":
		s.post(w, r, s.walletAddress)
	case path == "/api/v2/withdrawal":
		s.post(w, r, s.createWithdrawal)
	case path == "/api/v2/transaction/simulate":
		s.post(w, r, s.simulate)
	case path == "/api/v1/invoice":
		s.post(w, r, func(w http.ResponseWriter, body map[string]rawValue) { s.createInvoice(w, body, 1) })
	case path == "/api/v2/invoice":
		s.post(w, r, func(w http.ResponseWriter, body map[string]rawValue) { s.createInvoice(w, body, 2) })
	case strings.HasPrefix(path, "/api/v2/transaction/"):
		if r.Method != http.MethodGet {
			fail(w, http.StatusNotFound, "NOT_FOUND", "Cannot "+r.Method+" "+r.URL.Path)
			return
		}
		s.getTransaction(w, strings.TrimPrefix(path, "/api/v2/transaction/"))
	default:
		fail(w, http.StatusNotFound, "NOT_FOUND", "Cannot "+r.Method+" "+r.URL.Path)
	}
}

// FaultTransactionRead is the Fault.Path that names every read of a
// transaction (GET /api/v2/transaction/{id}, whatever the id), for faulting
// the read-back of a payout.
const FaultTransactionRead = "/api/v2/transaction/{id}"

// faultKey keys every transaction read as FaultTransactionRead; other
// requests by their path.
func faultKey(r *http.Request) (string, bool) {
	path := strings.TrimRight(r.URL.Path, "/")
	if r.Method == http.MethodGet && strings.HasPrefix(path, "/api/v2/transaction/") && path != "/api/v2/transaction/simulate" {
		return FaultTransactionRead, true
	}
	return r.URL.Path, true
}

// AnswerMinimalWithdrawals makes the next n withdrawal answers minimal, as
// Options.MinimalWithdrawalAnswers does for all of them.
func (s *Server) AnswerMinimalWithdrawals(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.minimalNext = n
}

// minimalLocked says whether this withdrawal answer is minimal, using one
// of AnswerMinimalWithdrawals' count.
func (s *Server) minimalLocked() bool {
	if s.minimalNext > 0 {
		s.minimalNext--
		return true
	}
	return s.minimalAll
}

// faultReply answers an injected fault in the provider's error shape.
func faultReply(f Fault) sandboxkit.Reply {
	rep := sandboxkit.DefaultFaultReply(f)
	code, msg := "INTERNAL_SERVER_ERROR", "Internal server error"
	switch rep.Status {
	case http.StatusTooManyRequests:
		code, msg = "TOO_MANY_REQUESTS", "Too many requests"
	case http.StatusServiceUnavailable:
		code, msg = "SERVICE_UNAVAILABLE", "Service unavailable"
	case http.StatusGatewayTimeout:
		code, msg = "GATEWAY_TIMEOUT", "Gateway timeout"
	}
	out := sandboxkit.JSON(rep.Status, errorBody(code, msg))
	for k, v := range rep.Header {
		if k != "Content-Type" {
			out.Header[k] = v
		}
	}
	return out
}
