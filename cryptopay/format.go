package cryptopay

import (
	"fmt"

	"github.com/coinsdk/coinsdk/internal/redact"
)

// Every type that holds or reaches the client prints, under every verb, its
// name, the base URL without userinfo and the API key's last four
// characters, never a secret. Value receivers, so that a copy prints the
// same as a pointer; the data behind them is safe too (see Client's
// unexported fields), since fmt's bad-verb path (%!s(…)) prints a
// pointed-to struct's fields without calling its methods.

// describe writes name{baseURL: …, APIKey: …}; c may be nil (a zero value).
func describe(f fmt.State, name string, c *Client) {
	if c == nil || c.http == nil {
		redact.Format(f, name)
		return
	}
	redact.Format(f, name, "baseURL", c.http.BaseURL(), "APIKey", redact.Key(c.apiKey.Reveal()))
}

// Format prints the client without its secrets, for every verb.
func (c Client) Format(f fmt.State, _ rune) { describe(f, "cryptopay.Client", &c) }

// Format prints the service without secrets, for every verb.
func (s AccountsService) Format(f fmt.State, _ rune) { describe(f, "cryptopay.AccountsService", s.c) }

// Format prints the service without secrets, for every verb.
func (s ChannelsService) Format(f fmt.State, _ rune) { describe(f, "cryptopay.ChannelsService", s.c) }

// Format prints the service without secrets, for every verb.
func (s CoinWithdrawalsService) Format(f fmt.State, _ rune) {
	describe(f, "cryptopay.CoinWithdrawalsService", s.c)
}

// Format prints the service without secrets, for every verb.
func (s CoinsService) Format(f fmt.State, _ rune) { describe(f, "cryptopay.CoinsService", s.c) }

// Format prints the service without secrets, for every verb.
func (s CustomersService) Format(f fmt.State, _ rune) { describe(f, "cryptopay.CustomersService", s.c) }

// Format prints the service without secrets, for every verb.
func (s ExchangeTransfersService) Format(f fmt.State, _ rune) {
	describe(f, "cryptopay.ExchangeTransfersService", s.c)
}

// Format prints the service without secrets, for every verb.
func (s InvoicesService) Format(f fmt.State, _ rune) { describe(f, "cryptopay.InvoicesService", s.c) }

// Format prints the service without secrets, for every verb.
func (s RatesService) Format(f fmt.State, _ rune) { describe(f, "cryptopay.RatesService", s.c) }

// Format prints the service without secrets, for every verb.
func (s SubscriptionsService) Format(f fmt.State, _ rune) {
	describe(f, "cryptopay.SubscriptionsService", s.c)
}

// Format prints the service without secrets, for every verb.
func (s TransactionsService) Format(f fmt.State, _ rune) {
	describe(f, "cryptopay.TransactionsService", s.c)
}
