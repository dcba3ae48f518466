package cryptochilltest

// kindInfo says which wallet a kind (the provider's name for a coin on a network) lives in
// and which currency its amounts are in.
type kindInfo struct {
	wallet   string
	currency string
}

// kindTable covers every kind the documentation lists for invoices, payouts and conversions.
var kindTable = map[string]kindInfo{
	"BTC":                        {"Bitcoin", "BTC"},
	"BTC_BECH32":                 {"Bitcoin", "BTC"},
	"BTC_LIGHTNING":              {"Bitcoin", "BTC"},
	"BTC_LIGHTNING_TO_BTC":       {"Bitcoin", "BTC"},
	"BTC_LIGHTNING_TO_LIGHTNING": {"Bitcoin", "BTC"},
	"LTC":                        {"Litecoin", "LTC"},
	"ETH":                        {"Ethereum", "ETH"},
	"BNB":                        {"Binance Smart Chain", "BNB"},
	"TRX":                        {"Tron", "TRX"},
	"XRP":                        {"Ripple", "XRP"},
	"DOGE":                       {"Dogecoin", "DOGE"},
	"L-BTC":                      {"Liquid", "L-BTC"},
	"L-USDT":                     {"Liquid", "L-USDT"},
	"ETH_USDT":                   {"Ethereum", "USDT"},
	"ETH_TUSD":                   {"Ethereum", "TUSD"},
	"ETH_USDC":                   {"Ethereum", "USDC"},
	"ETH_PAX":                    {"Ethereum", "PAX"},
	"ETH_GUSD":                   {"Ethereum", "GUSD"},
	"ETH_DAI":                    {"Ethereum", "DAI"},
	"ETH_SAND":                   {"Ethereum", "SAND"},
	"ETH_SHIB":                   {"Ethereum", "SHIB"},
	"ETH_BUSD":                   {"Ethereum", "BUSD"},
	"ETH-BSC":                    {"Binance Smart Chain", "ETH"},
	"USDC-BSC":                   {"Binance Smart Chain", "USDC"},
	"DAI-BSC":                    {"Binance Smart Chain", "DAI"},
	"SHIB-BSC":                   {"Binance Smart Chain", "SHIB"},
	"BUSD":                       {"Binance Smart Chain", "BUSD"},
	"WBNB":                       {"Binance Smart Chain", "WBNB"},
	"USDT-TRX":                   {"Tron", "USDT"},
	"USDC-TRX":                   {"Tron", "USDC"},
}

// set builds a lookup set.
func set(items ...string) map[string]bool {
	m := make(map[string]bool, len(items))
	for _, it := range items {
		m[it] = true
	}
	return m
}

// tokenKinds are the kinds every list below shares: the ERC-20, BEP-20 and TRC-20 tokens.
var tokenKinds = []string{
	"L-BTC", "L-USDT",
	"ETH_USDT", "ETH_TUSD", "ETH_USDC", "ETH_PAX", "ETH_GUSD", "ETH_DAI", "ETH_SAND", "ETH_SHIB", "ETH_BUSD",
	"ETH-BSC", "USDC-BSC", "DAI-BSC", "SHIB-BSC", "BUSD", "WBNB",
	"USDT-TRX", "USDC-TRX",
}

// The documented "Available values" of each kind field.
var (
	invoiceKinds    = set(append([]string{"BTC", "BTC_BECH32", "BTC_LIGHTNING", "LTC", "ETH", "BNB", "TRX", "XRP", "DOGE"}, tokenKinds...)...)
	payoutKinds     = set(append([]string{"BTC", "BTC_LIGHTNING_TO_BTC", "BTC_LIGHTNING_TO_LIGHTNING", "LTC", "ETH", "BNB", "TRX", "XRP", "DOGE"}, tokenKinds...)...)
	conversionKinds = set(append([]string{"BTC", "BTC_LIGHTNING_TO_BTC", "LTC", "ETH", "BNB", "TRX", "XRP", "DOGE"}, tokenKinds...)...)
)

// The documented "Available values" of the currency fields.
var (
	invoiceCurrencies = set("BTC", "LTC", "ETH", "TRX", "XRP", "DOGE", "USDT", "TUSD", "USDC", "PAX", "GUSD",
		"BUSD", "WBNB", "SAND", "DAI", "SHIB", "L-BTC", "L-USDT", "USD", "EUR", "GBP", "AUD", "CHF")
	payoutCurrencies = set("BTC", "LTC", "ETH", "XRP", "DOGE", "USDT", "TUSD", "USDC", "PAX", "GUSD",
		"L-BTC", "L-USDT", "USD", "EUR", "GBP", "AUD", "CHF")
)

// profileKinds are the currencies enabled on the seeded profile.
var profileKinds = []string{"BTC", "LTC", "ETH", "XRP", "L-BTC", "BTC_LIGHTNING", "USDT-TRX", "ETH_USDT"}

// walletForKind returns the wallet that holds kind's funds. Callers hold s.mu (or are
// seeding) and have validated kind.
func (s *Server) walletForKind(kind string) *wallet {
	name := kindTable[kind].wallet
	for _, w := range s.st.wallets {
		if w.name == name {
			return w
		}
	}
	return nil
}
