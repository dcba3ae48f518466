package cryptopay

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
)

// An echoed address is compared by its format's rules: an EVM address in
// EIP-55 checksum case is the same destination, a base58 one that differs in
// case is not.
func TestWithdrawalEchoAddressFormat(t *testing.T) {
	t.Parallel()
	amt := decimal.RequireFromString("0.5")
	p := &CoinWithdrawalParams{Address: "0x52908400098527886e0f7030069857d2e4169ee7", ChargedCurrency: "ETH", ReceivedCurrency: "ETH", ChargedAmount: &amt}
	w := &CoinWithdrawal{Address: "0x52908400098527886E0F7030069857D2E4169EE7", ChargedCurrency: "ETH", ReceivedCurrency: "ETH", ChargedAmount: amt}
	p.CustomID, w.CustomID = "r", "r"
	differs := p.settlement(nil).Differs
	assert.Empty(t, differs(w))
	p.Address, w.Address = "TJRabPrwbZy45sbavfcjinPJC18kjpRTv8", "TJRABPRWBZY45SBAVFCJINPJC18KJPRTV8"
	assert.Equal(t, "address", differs(w))
}
