package cryptopaytest

import (
	"regexp"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

// currencyInfo is one currency the sandbox knows. The table is the sandbox's
// choice (the provider's own list is longer and changes); see the package doc.
type currencyInfo struct {
	code     string
	name     string
	crypto   bool
	places   int32
	eur      decimal.Decimal // value of one unit in EUR, for the fixed rate table
	networks []network       // first is the default; empty for fiat
}

// network is a blockchain a coin travels on, with its withdrawal fees per
// network_fee_level and the address shape it accepts.
type network struct {
	name    string
	title   string
	fees    map[string]decimal.Decimal // slow, average, fast
	address *regexp.Regexp
	tagged  bool // XRP-style: address?dt=<tag> required
}

var (
	base58 = "[1-9A-HJ-NP-Za-km-z]"
	bech32 = "[02-9ac-hj-np-z]"
	reBTC  = regexp.MustCompile("^(?:(?:bc1|tb1|bcrt1)" + bech32 + "{8,87}|[123mn]" + base58 + "{25,34})$")
	reLTC  = regexp.MustCompile("^(?:(?:ltc1|tltc1)" + bech32 + "{8,87}|[LMQ23mn]" + base58 + "{25,34})$")
	reETH  = regexp.MustCompile("^0x[0-9a-fA-F]{40}$")
	reTRON = regexp.MustCompile("^T" + base58 + "{33}$")
	reXRP  = regexp.MustCompile("^r" + base58 + "{24,34}\\?dt=[0-9]{1,10}$")
)

func fees(slow, average, fast string) map[string]decimal.Decimal {
	return map[string]decimal.Decimal{
		"slow": decimal.RequireFromString(slow), "average": decimal.RequireFromString(average), "fast": decimal.RequireFromString(fast),
	}
}

var currencies = map[string]*currencyInfo{
	"BTC": {code: "BTC", name: "Bitcoin", crypto: true, places: 8, eur: decimal.RequireFromString("60000"),
		networks: []network{{name: "bitcoin", title: "Bitcoin", fees: fees("0.000005", "0.0000054", "0.00001"), address: reBTC}}},
	"ETH": {code: "ETH", name: "Ethereum", crypto: true, places: 8, eur: decimal.RequireFromString("3000"),
		networks: []network{{name: "ethereum", title: "Ethereum (ERC20)", fees: fees("0.0003", "0.0005", "0.001"), address: reETH}}},
	"LTC": {code: "LTC", name: "Litecoin", crypto: true, places: 8, eur: decimal.RequireFromString("80"),
		networks: []network{{name: "litecoin", title: "Litecoin", fees: fees("0.0001", "0.0002", "0.0005"), address: reLTC}}},
	"XRP": {code: "XRP", name: "Ripple", crypto: true, places: 6, eur: decimal.RequireFromString("0.5"),
		networks: []network{{name: "ripple", title: "XRP Ledger", fees: fees("0.01", "0.02", "0.05"), address: reXRP, tagged: true}}},
	"USDT": {code: "USDT", name: "Tether", crypto: true, places: 6, eur: decimal.RequireFromString("0.92"),
		networks: []network{
			{name: "ethereum", title: "Ethereum (ERC20)", fees: fees("2", "3", "5"), address: reETH},
			{name: "tron", title: "Tron (TRC20)", fees: fees("1", "1", "2"), address: reTRON},
		}},
	"USDC": {code: "USDC", name: "USD Coin", crypto: true, places: 6, eur: decimal.RequireFromString("0.92"),
		networks: []network{{name: "ethereum", title: "Ethereum (ERC20)", fees: fees("2", "3", "5"), address: reETH}}},
	"EUR": {code: "EUR", name: "Euro", places: 2, eur: decimal.NewFromInt(1)},
	"USD": {code: "USD", name: "US Dollar", places: 2, eur: decimal.RequireFromString("0.92")},
	"GBP": {code: "GBP", name: "Pound Sterling", places: 2, eur: decimal.RequireFromString("1.17")},
}

// currencyCodes lists the table's codes in a fixed order (crypto first), for
// must_be_included_in messages, coins and accounts.
var currencyCodes = func() []string {
	var out []string
	for c := range currencies {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := currencies[out[i]], currencies[out[j]]
		if a.crypto != b.crypto {
			return a.crypto
		}
		return a.code < b.code
	})
	return out
}()

// cryptoCodes lists the crypto codes in table order.
var cryptoCodes = func() []string {
	var out []string
	for _, c := range currencyCodes {
		if currencies[c].crypto {
			out = append(out, c)
		}
	}
	return out
}()

// networkOf returns the coin's network by name ("" = the default one).
func (c *currencyInfo) networkOf(name string) (*network, bool) {
	if len(c.networks) == 0 {
		return nil, false
	}
	if name == "" {
		return &c.networks[0], true
	}
	for i := range c.networks {
		if c.networks[i].name == name {
			return &c.networks[i], true
		}
	}
	return nil, false
}

// networkNames lists a coin's networks for error messages.
func (c *currencyInfo) networkNames() []string {
	out := make([]string, len(c.networks))
	for i, n := range c.networks {
		out[i] = n.name
	}
	return out
}

// rate is a pair's quote: how many units of quote one unit of base buys or
// sells for.
type rate struct {
	buy, sell decimal.Decimal
}

// spread is the half-spread the fixed rate table puts around the mid rate.
var spread = decimal.RequireFromString("0.005")

// pairRateLocked returns the rate of base in quote: an override set with
// SetRate, else the fixed table's mid rate ±0.5%. The same currency is 1.
func (s *Server) pairRateLocked(base, quote string) rate {
	if base == quote {
		one := decimal.NewFromInt(1)
		return rate{one, one}
	}
	if r, ok := s.st.rates[base+quote]; ok {
		return r
	}
	b, q := currencies[base], currencies[quote]
	mid := b.eur.DivRound(q.eur, 12)
	return rate{
		buy:  mid.Mul(decimal.NewFromInt(1).Add(spread)).Round(8),
		sell: mid.Mul(decimal.NewFromInt(1).Sub(spread)).Round(8),
	}
}

// convRateLocked is the rate every conversion in the sandbox uses: the
// pair's buy_rate (the merchant buys base with quote).
func (s *Server) convRateLocked(base, quote string) decimal.Decimal {
	return s.pairRateLocked(base, quote).buy
}

// splitPair reads "BTCEUR" or "BTC/EUR" (any case) into two known codes.
func splitPair(pair string) (string, string, bool) {
	pair = strings.ToUpper(pair)
	if b, q, ok := strings.Cut(pair, "/"); ok {
		_, okb := currencies[b]
		_, okq := currencies[q]
		return b, q, okb && okq && b != q
	}
	for i := 3; i <= len(pair)-3; i++ {
		b, q := pair[:i], pair[i:]
		if currencies[b] != nil && currencies[q] != nil && b != q {
			return b, q, true
		}
	}
	return "", "", false
}

// eurMinimum is the smallest coin withdrawal, in EUR, as in the provider's
// documentation ("in case a payout amount is less than 5 EUR").
var eurMinimum = decimal.NewFromInt(5)

// exchangeFee is the share of a converted amount the sandbox charges as the
// exchange fee of withdrawals, exchange transfers and invoices paid in
// another currency than their price (1%, the provider's example is 1.1%).
var exchangeFee = decimal.RequireFromString("0.01")

// maxAmount bounds every amount the sandbox accepts, so that arithmetic on a
// hostile value stays cheap.
var maxAmount = decimal.New(1, 15)
