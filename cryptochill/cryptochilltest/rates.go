package cryptochilltest

import (
	"strings"

	"github.com/shopspring/decimal"
)

// rate is one row of the fixed exchange-rate table. Rates never move in the sandbox so that
// converted amounts in tests are predictable: 1 BTC = 50000 USD, 1 USDT = 1 USD, and so on.
type rate struct {
	id, kind, symbol, sign string
	usd                    decimal.Decimal
	decimals               int32 // places the sandbox shows and rounds amounts of this currency to
}

// rateTable lists every currency an invoice or payout may be denominated in.
var rateTable = []rate{
	{"united-states-dollar", "fiat", "USD", "$", decimal.NewFromInt(1), 2},
	{"euro", "fiat", "EUR", "€", decimal.RequireFromString("1.08"), 2},
	{"british-pound-sterling", "fiat", "GBP", "£", decimal.RequireFromString("1.27"), 2},
	{"australian-dollar", "fiat", "AUD", "A$", decimal.RequireFromString("0.66"), 2},
	{"swiss-franc", "fiat", "CHF", "CHF", decimal.RequireFromString("1.12"), 2},
	{"bitcoin", "crypto", "BTC", "₿", decimal.NewFromInt(50000), 8},
	{"litecoin", "crypto", "LTC", "Ł", decimal.NewFromInt(80), 8},
	// ETH has 18 decimals on chain; 8 are shown, which is all a test ever needs.
	{"ethereum", "crypto", "ETH", "Ξ", decimal.NewFromInt(2500), 8},
	{"tron", "crypto", "TRX", "TRX", decimal.RequireFromString("0.1"), 6},
	{"ripple", "crypto", "XRP", "XRP", decimal.RequireFromString("0.5"), 6},
	{"dogecoin", "crypto", "DOGE", "Ð", decimal.RequireFromString("0.08"), 8},
	{"binance-coin", "crypto", "BNB", "BNB", decimal.NewFromInt(300), 8},
	{"wrapped-bnb", "crypto", "WBNB", "WBNB", decimal.NewFromInt(300), 8},
	{"tether", "crypto", "USDT", "₮", decimal.NewFromInt(1), 6},
	{"true-usd", "crypto", "TUSD", "TUSD", decimal.NewFromInt(1), 6},
	{"usd-coin", "crypto", "USDC", "USDC", decimal.NewFromInt(1), 6},
	{"paxos-standard", "crypto", "PAX", "PAX", decimal.NewFromInt(1), 6},
	{"gemini-dollar", "crypto", "GUSD", "GUSD", decimal.NewFromInt(1), 2},
	{"binance-usd", "crypto", "BUSD", "BUSD", decimal.NewFromInt(1), 6},
	{"dai", "crypto", "DAI", "DAI", decimal.NewFromInt(1), 8},
	{"the-sandbox", "crypto", "SAND", "SAND", decimal.RequireFromString("0.5"), 8},
	{"shiba-inu", "crypto", "SHIB", "SHIB", decimal.RequireFromString("0.00001"), 8},
	{"liquid-bitcoin", "crypto", "L-BTC", "₿", decimal.NewFromInt(50000), 8},
	{"liquid-tether", "crypto", "L-USDT", "₮", decimal.NewFromInt(1), 8},
}

// rateBySymbol indexes rateTable.
var rateBySymbol = func() map[string]rate {
	m := make(map[string]rate, len(rateTable))
	for _, r := range rateTable {
		m[r.symbol] = r
	}
	return m
}()

// decimalsOf returns the places amounts of symbol are rounded to (8 if unknown).
func decimalsOf(symbol string) int32 {
	if r, ok := rateBySymbol[symbol]; ok {
		return r.decimals
	}
	return 8
}

// usdRate returns the USD value of one unit of symbol.
func usdRate(symbol string) (decimal.Decimal, bool) {
	r, ok := rateBySymbol[symbol]
	return r.usd, ok
}

// convert turns amount of from into to, rounded to to's places. Both symbols must be in the
// table (callers validate them first); an unknown one converts to zero.
func convert(amount decimal.Decimal, from, to string) decimal.Decimal {
	rf, ok1 := usdRate(from)
	rt, ok2 := usdRate(to)
	if !ok1 || !ok2 {
		return decimal.Zero
	}
	if from == to {
		return amount.Round(decimalsOf(to))
	}
	return amount.Mul(rf).DivRound(rt, 18).Round(decimalsOf(to))
}

// fixed formats amount with symbol's places, as the provider shows crypto amounts
// ("0.00292111").
func fixed(amount decimal.Decimal, symbol string) string {
	return amount.StringFixed(decimalsOf(symbol))
}

// asGiven formats a requested amount with at least two places and without losing any the
// caller sent ("10.00", "0.015").
func asGiven(amount decimal.Decimal) string {
	places := -amount.Exponent()
	if places < 2 {
		places = 2
	}
	return amount.StringFixed(places)
}

// rateView is the JSON shape of one exchange rate.
type rateView struct {
	ID      string `json:"id"`
	Kind    string `json:"kind"`
	Symbol  string `json:"symbol"`
	RateUSD string `json:"rate_usd"`
	RateBTC string `json:"rate_btc"`
	Sign    string `json:"sign"`
}

// view renders r. rate_btc is the BTC value of one unit; the documentation's own example is
// inconsistent about the direction for fiat, so the sandbox picks the one that matches crypto.
func (r rate) view() rateView {
	btc := rateBySymbol["BTC"].usd
	return rateView{
		ID:      r.id,
		Kind:    r.kind,
		Symbol:  r.symbol,
		RateUSD: r.usd.String(),
		RateBTC: r.usd.DivRound(btc, 16).String(),
		Sign:    r.sign,
	}
}

// listRates answers GET /v1/exchange-rates/.
func (s *Server) listRates(_ *apiRequest) reply {
	out := make([]rateView, 0, len(rateTable))
	for _, r := range rateTable {
		out = append(out, r.view())
	}
	return resultReply(out)
}

// getRate answers GET /v1/exchange-rates/<SYMBOL>/ (symbol matched case-insensitively).
func (s *Server) getRate(q *apiRequest) reply {
	r, ok := rateBySymbol[strings.ToUpper(q.id)]
	if !ok {
		return objectNotFound()
	}
	return resultReply(r.view())
}

// checkRateLimit applies a documented exchange_rate_limit object: {"pair": "BTC:USD",
// "exchange_rate": ..., "allowed_difference": 0.05}. It returns a 400 reply when the caller's
// rate differs from the sandbox's by more than allowed_difference (a fraction).
func checkRateLimit(v any, prefix string) *reply {
	prefix += "exchange_rate_limit"
	obj, ok := v.(map[string]any)
	if !ok {
		rep := badValue("%s: must be an object.", prefix)
		return &rep
	}
	p := &params{m: obj, prefix: prefix + "."}
	pair := p.requiredStr("pair")
	given, _ := p.amount("exchange_rate", true, parsePositive)
	allowed, _ := p.amount("allowed_difference", true, parseNonNegative)
	if p.err != nil {
		return p.err
	}
	crypto, fiat, found := strings.Cut(pair, ":")
	rc, ok1 := usdRate(strings.ToUpper(crypto))
	rf, ok2 := usdRate(strings.ToUpper(fiat))
	if !found || !ok1 || !ok2 {
		rep := badValue("%s.pair: %q is not a known \"CRYPTO:FIAT\" pair.", prefix, pair)
		return &rep
	}
	ours := rc.DivRound(rf, 18)
	diff := given.Sub(ours).Abs().DivRound(ours, 18)
	if diff.GreaterThan(allowed) {
		rep := badValue("%s: exchange rate %s differs from the %s rate by more than %s (current rate %s).",
			prefix, given.String(), pair, allowed.String(), ours.Round(8).String())
		return &rep
	}
	return nil
}
