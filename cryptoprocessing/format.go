package cryptoprocessing

import (
	"fmt"

	"github.com/coinsdk/coinsdk/internal/redact"
)

// Every type that holds or reaches the client prints, under every verb, its
// name, the base URL without userinfo and the API key's last four
// characters, never a secret. Value receivers, so that a copy prints the
// same as a pointer; the data behind them is safe too (secrets only as
// redact.Secret, the config behind a pointer, the base URL without
// userinfo), since fmt's bad-verb path (%!s(…)) prints a pointed-to struct's
// fields without calling its methods.

// describe writes name{baseURL: …, APIKey: …}; c may be nil (a zero value).
func describe(f fmt.State, name string, c *Client) {
	if c == nil || c.http == nil || c.cfg == nil {
		redact.Format(f, name)
		return
	}
	redact.Format(f, name, "baseURL", c.http.BaseURL(), "APIKey", redact.Key(c.cfg.APIKey))
}

// Format prints the service without secrets, for every verb.
func (s AccountsService) Format(f fmt.State, _ rune) {
	describe(f, "cryptoprocessing.AccountsService", s.c)
}

// Format prints the service without secrets, for every verb.
func (s AddressesService) Format(f fmt.State, _ rune) {
	describe(f, "cryptoprocessing.AddressesService", s.c)
}

// Format prints the service without secrets, for every verb.
func (s CurrenciesService) Format(f fmt.State, _ rune) {
	describe(f, "cryptoprocessing.CurrenciesService", s.c)
}

// Format prints the service without secrets, for every verb.
func (s ExchangeService) Format(f fmt.State, _ rune) {
	describe(f, "cryptoprocessing.ExchangeService", s.c)
}

// Format prints the service without secrets, for every verb.
func (s InvoicesService) Format(f fmt.State, _ rune) {
	describe(f, "cryptoprocessing.InvoicesService", s.c)
}

// Format prints the service without secrets, for every verb.
func (s TransactionsService) Format(f fmt.State, _ rune) {
	describe(f, "cryptoprocessing.TransactionsService", s.c)
}

// Format prints the service without secrets, for every verb.
func (s WithdrawalsService) Format(f fmt.State, _ rune) {
	describe(f, "cryptoprocessing.WithdrawalsService", s.c)
}
