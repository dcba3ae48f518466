package cryptochill

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
func (s AccountService) Format(f fmt.State, _ rune) { describe(f, "cryptochill.AccountService", s.c) }

// Format prints the service without secrets, for every verb.
func (s AutomaticConversionsService) Format(f fmt.State, _ rune) {
	describe(f, "cryptochill.AutomaticConversionsService", s.c)
}

// Format prints the service without secrets, for every verb.
func (s AutomaticPayoutsService) Format(f fmt.State, _ rune) {
	describe(f, "cryptochill.AutomaticPayoutsService", s.c)
}

// Format prints the service without secrets, for every verb.
func (s ConversionsService) Format(f fmt.State, _ rune) {
	describe(f, "cryptochill.ConversionsService", s.c)
}

// Format prints the service without secrets, for every verb.
func (s InvoicesService) Format(f fmt.State, _ rune) { describe(f, "cryptochill.InvoicesService", s.c) }

// Format prints the service without secrets, for every verb.
func (s PayoutsService) Format(f fmt.State, _ rune) { describe(f, "cryptochill.PayoutsService", s.c) }

// Format prints the service without secrets, for every verb.
func (s ProfilesService) Format(f fmt.State, _ rune) { describe(f, "cryptochill.ProfilesService", s.c) }

// Format prints the service without secrets, for every verb.
func (s ExchangeRatesService) Format(f fmt.State, _ rune) {
	describe(f, "cryptochill.ExchangeRatesService", s.c)
}

// Format prints the service without secrets, for every verb.
func (s TransactionsService) Format(f fmt.State, _ rune) {
	describe(f, "cryptochill.TransactionsService", s.c)
}

// Format prints the service without secrets, for every verb.
func (s WalletsService) Format(f fmt.State, _ rune) { describe(f, "cryptochill.WalletsService", s.c) }
