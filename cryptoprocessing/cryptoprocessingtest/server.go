package cryptoprocessingtest

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coinsdk/coinsdk/internal/sandboxfault"
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
	// Now is the sandbox clock (timers, rate limits, timestamps); default time.Now.
	Now func() time.Time
	// HTTPClient delivers callbacks; default a client with a 10s timeout.
	HTTPClient *http.Client
}

// Server is a running sandbox. Its methods are safe for concurrent use.
type Server struct {
	// URL is the API base URL, including "/api/v2", to give to a client.
	URL string
	// APIKey is the key requests must carry in X-Processing-Key.
	APIKey string
	// APISecret is the HMAC-SHA512 key for request and callback signatures.
	APISecret string

	ts       *httptest.Server
	now      func() time.Time
	client   *http.Client
	requests atomic.Int64

	closeOnce sync.Once
	closing   chan struct{} // closed by Close to release requests held by FaultTimeout

	// mu guards everything below. It is never held while a callback travels
	// over HTTP, so a callback handler may call back into the sandbox.
	mu          sync.Mutex
	callbackURL string
	balances    map[string]decimal.Decimal

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

	faults     sandboxfault.Queue[Fault]
	deliveries []Delivery
}

// defaultBalances seeds every new sandbox so examples can withdraw at once.
var defaultBalances = map[string]string{
	"BTC": "1", "ETH": "10", "LTC": "100", "USDT": "10000", "XRP": "10000",
	"EUR": "10000", "USD": "10000",
}

// NewServer starts a sandbox; call Close when done.
func NewServer(opts Options) *Server {
	s := &Server{
		APIKey:            opts.APIKey,
		APISecret:         opts.APISecret,
		now:               opts.Now,
		client:            opts.HTTPClient,
		callbackURL:       opts.CallbackURL,
		closing:           make(chan struct{}),
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
	if s.APIKey == "" {
		s.APIKey = randomHex(16)
	}
	if s.APISecret == "" {
		s.APISecret = randomHex(32)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.client == nil {
		s.client = &http.Client{Timeout: 10 * time.Second}
	}
	for c, v := range defaultBalances {
		s.balances[c] = decimal.RequireFromString(v)
	}
	s.ts = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.URL = s.ts.URL + apiPrefix[:len(apiPrefix)-1]
	return s
}

// Close releases requests held by FaultTimeout and shuts the server down.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.closing) })
	s.ts.Close()
}

// SetCallbackURL changes where later callbacks (and redeliveries) go.
func (s *Server) SetCallbackURL(url string) {
	s.mu.Lock()
	s.callbackURL = url
	s.mu.Unlock()
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

// Requests reports how many HTTP requests the sandbox has received, faults included.
func (s *Server) Requests() int {
	return int(s.requests.Load())
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

// randomHex returns n random bytes in hex; used for generated credentials.
func randomHex(n int) string {
	b := make([]byte, n)
	// Since Go 1.24 crypto/rand.Read never returns an error (it aborts the
	// program instead), so the result needs no check.
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
