package channels

// Currency is an XGateway currency code, spelled as the API spells it
// ("bUSDT", "tUSDT"): the lower-case prefix names the network a token is
// issued on. Codes are case-sensitive on the wire. A Currency the provider
// sends that is not in the list below still decodes: it is a plain string.
type Currency string

// The currencies XGateway documents.
const (
	// BNB is Binance Coin on BNB Smart Chain.
	BNB Currency = "BNB"
	// BUSDT is Tether issued on BNB Smart Chain (BEP20).
	BUSDT Currency = "bUSDT"
	// BTC is Bitcoin.
	BTC Currency = "BTC"
	// ETH is Ether on Ethereum.
	ETH Currency = "ETH"
	// EUSDC is USD Coin issued on Ethereum (ERC20).
	EUSDC Currency = "eUSDC"
	// EUSDT is Tether issued on Ethereum (ERC20).
	EUSDT Currency = "eUSDT"
	// FTN is Fasttoken on the Fastex chain.
	FTN Currency = "FTN"
	// POL is POL on Polygon.
	POL Currency = "POL"
	// PUSDC is USD Coin issued on Polygon (ERC20).
	PUSDC Currency = "pUSDC"
	// SOL is Solana's coin.
	SOL Currency = "SOL"
	// SUSDT is Tether issued on Solana (SPL).
	SUSDT Currency = "sUSDT"
	// TUSDC is USD Coin issued on Tron (TRC20).
	TUSDC Currency = "tUSDC"
	// TUSDT is Tether issued on Tron (TRC20).
	TUSDT Currency = "tUSDT"
	// WPUSDC is wrapped USD Coin issued on Polygon (ERC20).
	WPUSDC Currency = "wpUSDC"
	// WPUSDT is wrapped Tether issued on Polygon (ERC20).
	WPUSDT Currency = "wpUSDT"
)

// CurrencyInfo describes one currency: what it is, the chain and token
// standard it lives on, and how many decimal places an amount may have.
type CurrencyInfo struct {
	// Code is the API's code ("bUSDT").
	Code Currency
	// Name is the documentation's name ("Tether (pegged to USD)").
	Name string
	// Chain is the blockchain ("BNB Smart Chain", "Ethereum", "Tron").
	Chain string
	// Standard is the token standard ("BEP20", "ERC20", "TRC20", "SPL"), or
	// "" for a chain's own coin.
	Standard string
	// Decimals is the divisibility of the asset on its chain: amounts with
	// more decimal places are refused locally.
	Decimals int32
	// EVM is true on EVM chains (BNB Smart Chain, Ethereum, Polygon, Fastex):
	// XGateway gives a customer one address for all of them.
	EVM bool
}

// currencyTable is the documentation's list, in its order. Decimals are the
// token contracts' on their chains (Tether on BNB Smart Chain has 18, on
// Ethereum, Tron, Solana and Polygon 6).
var currencyTable = []CurrencyInfo{
	{BNB, "Binance Coin", "BNB Smart Chain", "", 18, true},
	{BUSDT, "Tether (pegged to USD)", "BNB Smart Chain", "BEP20", 18, true},
	{BTC, "Bitcoin", "Bitcoin", "", 8, false},
	{ETH, "Ether", "Ethereum", "", 18, true},
	{EUSDC, "USD Coin (pegged to USD)", "Ethereum", "ERC20", 6, true},
	{EUSDT, "Tether (pegged to USD)", "Ethereum", "ERC20", 6, true},
	{FTN, "Fasttoken", "Fastex", "", 18, true},
	{POL, "POL", "Polygon", "", 18, true},
	{PUSDC, "USD Coin (pegged to USD)", "Polygon", "ERC20", 6, true},
	{SOL, "SOL", "Solana", "", 9, false},
	{SUSDT, "Tether (pegged to USD)", "Solana", "SPL", 6, false},
	{TUSDC, "USD Coin (pegged to USD)", "Tron", "TRC20", 6, false},
	{TUSDT, "Tether (pegged to USD)", "Tron", "TRC20", 6, false},
	{WPUSDC, "wrapped USD Coin (pegged to USD)", "Polygon", "ERC20", 6, true},
	{WPUSDT, "wrapped Tether (pegged to USD)", "Polygon", "ERC20", 6, true},
}

// Currencies returns the documented currencies, in the documentation's order.
func Currencies() []CurrencyInfo { return append([]CurrencyInfo(nil), currencyTable...) }

// LookupCurrency returns what the documentation says of code (exact
// spelling), and false for a currency it does not list.
func LookupCurrency(code Currency) (CurrencyInfo, bool) {
	for _, c := range currencyTable {
		if c.Code == code {
			return c, true
		}
	}
	return CurrencyInfo{}, false
}

// Info is LookupCurrency(c).
func (c Currency) Info() (CurrencyInfo, bool) { return LookupCurrency(c) }
