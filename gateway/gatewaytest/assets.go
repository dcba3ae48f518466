package gatewaytest

import (
	"net/http"
	"sort"
	"strings"

	"github.com/shopspring/decimal"
)

// asset is one row of the sandbox's asset table.
type asset struct {
	id, name, currency, kind, network, networkName, symbol string
	precision, confirmations                               int32
	usd                                                    string // value of one unit in USD
	minWithdraw, maxWithdraw                               string
}

// assetTable is the sandbox's assets, in sort order; rates are fixed.
var assetTable = []asset{
	{"BTC", "Bitcoin", "BTC", "CRYPTO", "BITCOIN", "Bitcoin", "฿", 8, 6, "26000", "0.0001", "2400"},
	{"ETH", "Ethereum", "ETH", "CRYPTO", "ETHEREUM", "Ethereum", "Ξ", 18, 12, "1650", "0.001", "1000"},
	{"LTC", "Litecoin", "LTC", "CRYPTO", "LITECOIN", "Litecoin", "Ł", 8, 6, "65", "0.01", "10000"},
	{"TRX", "Tron", "TRX", "CRYPTO", "TRON", "Tron", "TRX", 6, 20, "0.08", "10", "1000000"},
	{"USDT.ERC20", "Tether (ERC20)", "USDT", "CRYPTO", "ETHEREUM", "Ethereum", "₮", 6, 12, "1", "10", "1000000"},
	{"USDT.TRC20", "Tether (TRC20)", "USDT", "CRYPTO", "TRON", "Tron", "₮", 6, 20, "1", "10", "1000000"},
	{"USD", "US Dollar", "USD", "FIAT", "", "", "$", 2, 0, "1", "", ""},
	{"EUR", "Euro", "EUR", "FIAT", "", "", "€", 2, 0, "1.08", "", ""},
}

func lookupAsset(id string) *asset {
	for i := range assetTable {
		if strings.EqualFold(assetTable[i].id, id) {
			return &assetTable[i]
		}
	}
	return nil
}

func (a *asset) crypto() bool { return a.kind == "CRYPTO" }

// minSize is the smallest unit: 10^-precision.
func (a *asset) minSize() decimal.Decimal { return decimal.New(1, -a.precision) }

// rate is what one unit of from is worth in to.
func rate(from, to *asset) decimal.Decimal {
	return decimal.RequireFromString(from.usd).DivRound(decimal.RequireFromString(to.usd), 20)
}

// convert converts amount of from into to, rounded down to to's precision.
func convert(amount decimal.Decimal, from, to *asset) decimal.Decimal {
	if from == to {
		return amount
	}
	return amount.Mul(decimal.RequireFromString(from.usd)).Div(decimal.RequireFromString(to.usd)).Truncate(to.precision)
}

// number renders a decimal as a bare JSON number; values below 0.001 in
// exponent form (3.846153846153846e-05), as the service writes rates.
type number decimal.Decimal

// MarshalJSON writes the number.
func (n number) MarshalJSON() ([]byte, error) {
	d := decimal.Decimal(n)
	if d.IsZero() || d.Abs().GreaterThanOrEqual(decimal.RequireFromString("0.001")) {
		return []byte(d.String()), nil
	}
	exp := 0
	m := d
	for m.Abs().LessThan(decimal.NewFromInt(1)) {
		m = m.Shift(1)
		exp++
	}
	mant := m.Truncate(15).String()
	e := "e-0" + decimal.NewFromInt(int64(exp)).String()
	if exp >= 10 {
		e = "e-" + decimal.NewFromInt(int64(exp)).String()
	}
	return []byte(mant + e), nil
}

func (s *Server) listAssets(w http.ResponseWriter) {
	out := make([]map[string]any, 0, len(assetTable))
	for i, a := range assetTable {
		m := map[string]any{
			"asset_id": a.id, "asset_name": a.name, "currency": a.currency, "currency_name": a.name,
			"language": "en", "asset_type": a.kind, "asset_type_name": map[bool]string{true: "Crypto Currencies", false: "Fiat Currencies"}[a.crypto()],
			"symbol": a.symbol, "sort_order": (i + 1) * 10, "min_size": number(a.minSize()), "precision": a.precision,
			"timeout_to_trx": 90, "timeout_to_wdr": 1440,
		}
		if a.crypto() {
			m["crypto_network"], m["crypto_network_name"] = a.network, a.networkName
			m["crypto_network_confirmations"] = a.confirmations
			m["crypto_address_link"] = "https://explorer.example/" + strings.ToLower(a.network) + "/address/{address}"
			m["crypto_transaction_link"] = "https://explorer.example/" + strings.ToLower(a.network) + "/tx/{txid}"
			m["min_withdrawal_amount"] = number(decimal.RequireFromString(a.minWithdraw))
			m["max_withdrawal_amount"] = number(decimal.RequireFromString(a.maxWithdraw))
		}
		out = append(out, m)
	}
	writeJSON(w, out)
}

func (s *Server) getAccounts(w http.ResponseWriter) {
	usd := lookupAsset("USD")
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, 0, len(s.balances))
	for id := range s.balances {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var total, totalHold decimal.Decimal
	accounts := make([]map[string]any, 0, len(ids))
	for i, id := range ids {
		a := lookupAsset(id)
		if a == nil || !a.crypto() {
			continue
		}
		bal, hold := s.balances[id], s.onHold[id]
		base, baseHold := convert(bal, a, usd), convert(hold, a, usd)
		total, totalHold = total.Add(base), totalHold.Add(baseHold)
		accounts = append(accounts, map[string]any{
			"account_id": uuidLike(pad32(s.StoreID + id)), "store_id": s.StoreID, "account_num": i + 1,
			"crypto_network": a.network, "crypto_network_name": a.networkName, "asset_id": a.id,
			"balance": bal.String(), "available": bal.Sub(hold).String(), "on_hold": hold.String(), "currency": a.currency,
			"base_asset_id": "USD", "base_balance": base.String(), "base_available": base.Sub(baseHold).String(),
			"base_on_hold": baseHold.String(), "base_currency": "USD", "rate": number(rate(a, usd)),
			"rate_date": s.Now().UTC().Format(timeLayout),
		})
	}
	writeJSON(w, map[string]any{"balance": total.String(), "available": total.Sub(totalHold).String(),
		"on_hold": totalHold.String(), "asset_id": "USD", "accounts": accounts})
}

// pad32 turns any text into 32 hex-ish characters for stable ids.
func pad32(s string) string {
	const hexdigits = "0123456789abcdef"
	out := make([]byte, 32)
	for i := range out {
		var c byte
		if len(s) > 0 {
			c = s[i%len(s)]
		}
		out[i] = hexdigits[(int(c)+i*7)%16]
	}
	return string(out)
}

const timeLayout = "2006-01-02T15:04:05Z"

func (s *Server) convert(w http.ResponseWriter, r *http.Request) {
	if out, ok := parsed(w, r, s.conversion); ok {
		writeJSON(w, out)
	}
}

// conversion answers a /convert request.
func (s *Server) conversion(b body) (map[string]any, *apiError) {
	amount, ok, e := b.num("from_amount")
	if e != nil {
		return nil, e
	}
	fromID, _ := b.str("from_asset_id")
	toID, _ := b.str("asset_id")
	from, to := lookupAsset(fromID), lookupAsset(toID)
	switch {
	case !ok || !amount.IsPositive():
		return nil, &apiError{"ERR_VALIDATION", "from_amount must be greater than zero"}
	case from == nil:
		return nil, &apiError{"ERR_NO_ASSET", "Asset <" + fromID + "> not found."}
	case to == nil:
		return nil, &apiError{"ERR_NO_ASSET", "Asset <" + toID + "> not found."}
	}
	out := convert(amount, from, to)
	return map[string]any{"from_amount": number(amount), "from_amount_str": amount.String(), "from_asset_id": from.id,
		"amount": number(out), "amount_str": out.String(), "asset_id": to.id, "rate": number(rate(from, to)),
		"rate_date": s.Now().UTC().Format(timeLayout)}, nil
}
