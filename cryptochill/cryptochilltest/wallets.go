package cryptochilltest

import (
	"fmt"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// walletSpec describes a seeded wallet: its native currency, its tokens, its starting
// balances, and whether it is account-based (those show "to_consolidate").
type walletSpec struct {
	name     string
	native   string
	tokens   []string
	account  bool
	balances map[string]string
}

// walletSeeds are the wallets every sandbox starts with, funded so that payouts work out of
// the box. The BTC balance is 1.5; set others with SetBalance.
var walletSeeds = []walletSpec{
	{name: "Bitcoin", native: "BTC", balances: map[string]string{"BTC": "1.5"}},
	{name: "Ethereum", native: "ETH", account: true,
		tokens:   []string{"USDT", "TUSD", "USDC", "PAX", "GUSD", "DAI", "SAND", "SHIB", "BUSD"},
		balances: map[string]string{"ETH": "10", "USDT": "10000", "USDC": "10000"}},
	{name: "Tron", native: "TRX", account: true, tokens: []string{"USDT", "USDC"},
		balances: map[string]string{"TRX": "100000", "USDT": "10000", "USDC": "10000"}},
	{name: "Ripple", native: "XRP", balances: map[string]string{"XRP": "10000"}},
	{name: "Litecoin", native: "LTC", balances: map[string]string{"LTC": "100"}},
	{name: "Liquid", native: "L-BTC", tokens: []string{"L-USDT"}, balances: map[string]string{"L-BTC": "1", "L-USDT": "10000"}},
	{name: "Dogecoin", native: "DOGE", balances: map[string]string{"DOGE": "100000"}},
	{name: "Binance Smart Chain", native: "BNB", account: true, tokens: []string{"ETH", "USDC", "DAI", "SHIB", "BUSD", "WBNB"},
		balances: map[string]string{"BNB": "100"}},
}

// wallet is one wallet and its balances per currency.
type wallet struct {
	id, name string
	native   string
	tokens   []string
	account  bool
	bal      map[string]*balance
}

// balance is what a wallet holds of one currency. Incoming transactions sit in pending
// until their first confirmation.
type balance struct {
	available, pending decimal.Decimal
}

// newWallet builds a wallet from its seed.
func newWallet(spec walletSpec) *wallet {
	w := &wallet{id: uuid.NewString(), name: spec.name, native: spec.native, tokens: spec.tokens,
		account: spec.account, bal: map[string]*balance{}}
	for _, c := range append([]string{spec.native}, spec.tokens...) {
		w.bal[c] = &balance{available: decimal.RequireFromString(orZero(spec.balances[c]))}
	}
	return w
}

// orZero turns a missing seed balance into "0".
func orZero(s string) string {
	if s == "" {
		return "0"
	}
	return s
}

// holds reports whether the wallet keeps currency.
func (w *wallet) holds(currency string) bool {
	_, ok := w.bal[currency]
	return ok
}

// walletView is the JSON shape of a wallet.
type walletView struct {
	ID            string        `json:"id"`
	Name          string        `json:"name"`
	Balances      balanceView   `json:"balances"`
	TokenBalances []balanceView `json:"token_balances,omitempty"`
}

// balanceView is one entry of balances or token_balances.
type balanceView struct {
	Available     string  `json:"available"`
	Pending       string  `json:"pending"`
	ToConsolidate *string `json:"to_consolidate,omitempty"`
	Currency      string  `json:"currency"`
}

// view renders w; the caller holds s.mu.
func (w *wallet) view() walletView {
	one := func(c string) balanceView {
		b := w.bal[c]
		v := balanceView{Available: b.available.String(), Pending: b.pending.String(), Currency: c}
		if w.account {
			zero := "0"
			v.ToConsolidate = &zero
		}
		return v
	}
	v := walletView{ID: w.id, Name: w.name, Balances: one(w.native)}
	for _, t := range w.tokens {
		v.TokenBalances = append(v.TokenBalances, one(t))
	}
	return v
}

// walletRef is the {"id", "name"} reference conversions and automatic payouts embed.
type walletRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// listWallets answers GET /v1/wallets/, optionally filtered by profile_id (the wallets the
// profile's currencies use; an unknown profile gives an empty list).
func (s *Server) listWallets(q *apiRequest) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	var keep map[string]bool
	if pid := q.filter("profile_id"); pid != "" {
		keep = map[string]bool{}
		if p := lookup(s.st.profiles, pid); p != nil {
			for _, c := range p.currencies {
				keep[c.walletID] = true
			}
		}
	}
	out := []walletView{}
	for _, w := range s.st.wallets {
		if keep == nil || keep[w.id] {
			out = append(out, w.view())
		}
	}
	return resultReply(out)
}

// getWallet answers GET /v1/wallets/<ID>/.
//
// Quirk kept on purpose: the documentation's example for this one endpoint has no "result"
// wrapper, unlike every other endpoint, so the sandbox answers the bare wallet object. Clients
// must accept both forms; answering the documented one keeps them honest.
func (s *Server) getWallet(q *apiRequest) reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := lookup(s.st.wallets, q.id)
	if w == nil {
		return objectNotFound()
	}
	return jsonReply(200, w.view())
}

// resolveBalance finds the wallet and currency named by walletKind: any kind from the
// documentation ("BTC", "ETH_USDT", "USDT-TRX") or a wallet's native currency ("TRX").
func (s *Server) resolveBalance(walletKind string) (*wallet, string, error) {
	if info, ok := kindTable[walletKind]; ok {
		return s.walletForKind(walletKind), info.currency, nil
	}
	for _, w := range s.st.wallets {
		if w.native == walletKind {
			return w, walletKind, nil
		}
	}
	return nil, "", fmt.Errorf("%w: unknown wallet kind %q (use a kind such as \"BTC\" or \"ETH_USDT\")", ErrInvalidArgument, walletKind)
}

// SetBalance sets the available balance of currency, in the wallet that holds it: currency
// is a kind such as "BTC", "ETH_USDT" or "USDT-TRX", or a wallet's native coin ("TRX"). It is
// how tests set up insufficient funds. An unknown currency, or an amount outside 0 to 1e15
// (the sandbox does arithmetic on it), changes nothing: Balance shows it.
func (s *Server) SetBalance(currency string, amount decimal.Decimal) {
	if amount.IsNegative() || !sane(amount) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if w, c, err := s.resolveBalance(currency); err == nil {
		w.bal[c].available = amount
	}
}

// Balance is the available balance of currency (named as for SetBalance), zero for an
// unknown one, so tests can check that payouts debit and payments credit. The pending
// balance is the wallet's, as GET /v1/wallets/ answers it.
func (s *Server) Balance(currency string) decimal.Decimal {
	s.mu.Lock()
	defer s.mu.Unlock()
	w, c, err := s.resolveBalance(currency)
	if err != nil {
		return decimal.Zero
	}
	return w.bal[c].available
}
