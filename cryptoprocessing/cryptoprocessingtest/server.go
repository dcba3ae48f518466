package cryptoprocessingtest

import (
	"net/http"
	"sort"
	"sync"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/shopspring/decimal"
)

// Options configures a sandbox; the zero value is ready to use.
type Options struct {
	// APIKey is the merchant's public key; a random one is generated when empty.
	APIKey string
	// APISecret signs requests and callbacks; a random one is generated when empty.
	APISecret string
	// CallbackURL is where callbacks are delivered; it may be set later with
	// SetCallbackURL. Without it callbacks are only recorded.
	CallbackURL string
	// Now is the sandbox clock (timers, rate limits, timestamps); default
	// time.Now. Advance moves the sandbox's clock forward from it.
	Now func() time.Time
	// HTTPClient delivers callbacks; default a client with a 10s timeout.
	HTTPClient *http.Client
}

// Server is a running sandbox. Its methods are safe for concurrent use.
// The part every coinsdk sandbox shares, with the same names everywhere
// (Close, ServeHTTP, Now, Advance, SetCallbackURL, CallbackURL, Deliveries,
// Redeliver, Requests, InjectFault, ClearFaults, Faults, VerifyFaults), is
// declared in kit.go.
type Server struct {
	// kit is the shared sandbox machinery (lifecycle, clock, request log,
	// faults, deliveries); kit.go declares on Server what a merchant calls.
	kit *sandboxkit.Kit

	// URL is the API base URL, including "/api/v2", to give to a client.
	URL string
	// APIKey is the key requests must carry in X-Processing-Key.
	APIKey string
	// APISecret is the HMAC-SHA512 key for request and callback signatures.
	APISecret string

	root string // the server's URL without /api/v2, for invoice pages

	// mu guards everything below. It is never held while a callback travels
	// over HTTP, so a callback handler may call back into the sandbox. A
	// pointer, so that Format can take a Server by value (see kit.go).
	mu       *sync.Mutex
	balances map[string]decimal.Decimal

	nextRecordID int64 // deposits, withdrawals, exchanges, invoices
	nextInnerID  int64 // transactions[] entries inside a record
	nextAddrID   int64 // crypto_address ids
	nextTag      int64 // destination tags for XRP
	nextSeq      int64 // txids and invoice codes

	addresses   map[string]*address // by "currency\x00convert_to\x00foreign_id"
	addrByText  map[string]*address // by address (and "address?dt=tag" for tagged)
	records     map[int64]record
	recordOrder []int64

	withdrawalForeign map[string]int64
	exchangeForeign   map[string]int64
	invoiceForeign    map[string]*invoice

	quotes    []quote
	calcTimes []time.Time
}

// defaultBalances seeds every new sandbox so examples can withdraw at once.
var defaultBalances = map[string]string{
	"BTC": "1", "ETH": "10", "LTC": "100", "USDT": "10000", "XRP": "10000",
	"EUR": "10000", "USD": "10000",
}

// NewServer starts a sandbox; call Close when done.
func NewServer(opts Options) *Server {
	s := &Server{
		APIKey:            sandboxkit.Credential(opts.APIKey, "", 16),
		APISecret:         sandboxkit.Credential(opts.APISecret, "", 32),
		mu:                new(sync.Mutex),
		balances:          make(map[string]decimal.Decimal),
		nextRecordID:      2686000,
		nextInnerID:       714000,
		nextAddrID:        381000,
		nextTag:           100000000,
		addresses:         make(map[string]*address),
		addrByText:        make(map[string]*address),
		records:           make(map[int64]record),
		withdrawalForeign: make(map[string]int64),
		exchangeForeign:   make(map[string]int64),
		invoiceForeign:    make(map[string]*invoice),
	}
	for c, v := range defaultBalances {
		s.balances[c] = decimal.RequireFromString(v)
	}
	s.kit = sandboxkit.New(sandboxkit.Config{
		Name:          "cryptoprocessingtest",
		Now:           opts.Now,
		HTTPClient:    opts.HTTPClient,
		CallbackURL:   opts.CallbackURL,
		SecretHeaders: []string{headerKey, headerSignature},
		FaultKey:      faultKey,
		FaultReply:    faultReply,
		NotFound:      ErrNotFound,
	})
	s.root = sandboxkit.Start(s.kit, http.HandlerFunc(s.serveHTTP))
	s.URL = s.root + apiPrefix[:len(apiPrefix)-1]
	return s
}

// SetBalance sets the merchant's balance in a currency (accounts/list,
// withdrawal and exchange checks). Keep amounts realistic: the sandbox does
// arithmetic on them, and a decimal like 1e999999999 costs a billion digits.
func (s *Server) SetBalance(currency string, amount decimal.Decimal) {
	s.mu.Lock()
	s.balances[currency] = amount
	s.mu.Unlock()
}

// Balance reports the merchant's balance in a currency (zero when never set).
func (s *Server) Balance(currency string) decimal.Decimal {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.balances[currency]
}

// balanceCurrenciesLocked lists known currencies in table order, then any
// other currency given to SetBalance, so accounts/list is deterministic.
func (s *Server) balanceCurrenciesLocked() []string {
	var out []string
	var extra []string
	for _, c := range currencyTable {
		out = append(out, c.code)
	}
	for c := range s.balances {
		if lookupCurrency(c) == nil {
			extra = append(extra, c)
		}
	}
	sort.Strings(extra)
	return append(out, extra...)
}

// newRecordIDLocked, newInnerIDLocked and newAddrIDLocked hand out ids from
// separate ranges so a client that mixes them up is caught.
func (s *Server) newRecordIDLocked() int64 { s.nextRecordID++; return s.nextRecordID }
func (s *Server) newInnerIDLocked() int64  { s.nextInnerID++; return s.nextInnerID }
func (s *Server) newAddrIDLocked() int64   { s.nextAddrID++; return s.nextAddrID }

// addRecordLocked stores a record for transactions/info and the simulations.
func (s *Server) addRecordLocked(r record) {
	s.records[r.recordID()] = r
	s.recordOrder = append(s.recordOrder, r.recordID())
}
