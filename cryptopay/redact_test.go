package cryptopay

import (
	"fmt"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/option"
)

// TestNothingPrintsASecret prints every value a program holds, with every
// verb, including fmt's bad-verb path that prints pointed-to structs.
func TestNothingPrintsASecret(t *testing.T) {
	t.Parallel()
	cfg := Config{APIKey: "key_0123456789abcdef", APISecret: "SECRET-api", WebhookSecret: "SECRET-callback",
		PreviousWebhookSecrets: []string{"SECRET-old"}}
	c, err := New(cfg, option.WithBaseURL("https://user:SECRET-pw@business.cryptopay.test"))
	if err != nil {
		t.Fatal(err)
	}
	a := mustAdapter(t, c, AdapterOptions{})
	values := []any{c, *c, cfg, &cfg, c.signer, *c.signer, c.Webhooks, *c.Webhooks, a, *a, NewWebhookVerifier("SECRET-callback"),
		c.Accounts, *c.Accounts, c.Channels, *c.Channels, c.CoinWithdrawals, *c.CoinWithdrawals, c.Coins, c.Customers,
		c.ExchangeTransfers, c.Invoices, *c.Invoices, c.Rates, c.Subscriptions, c.Transactions, *c.Transactions}
	for _, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%q"} {
			out := fmt.Sprintf(verb, v)
			if strings.Contains(out, "SECRET") || strings.Contains(out, "534543524554") || strings.Contains(out, "0123456789abcdef") {
				t.Errorf("%s of %T shows a secret: %.300s", verb, v, out)
			}
		}
	}
}
