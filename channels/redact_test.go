package channels

import (
	"fmt"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/option"
)

// TestNothingPrintsASecret prints every value a program holds, with every
// verb, including fmt's bad-verb path that prints pointed-to structs by
// reflection. The API key is the account's credential here: at most its
// last four characters may show.
func TestNothingPrintsASecret(t *testing.T) {
	cfg := Config{APIKey: "SECRETKEY-0123456789wxyz", SecretKey: "SECRET-callback", PreviousSecretKeys: []string{"SECRET-old"}}
	c, err := New(cfg, option.WithBaseURL("https://user:SECRETPASS@api.xgateway.test/"))
	if err != nil {
		t.Fatal(err)
	}
	a := NewAdapter(c, AdapterOptions{})
	values := []any{c, *c, c.Channels, *c.Channels, c.Transactions, *c.Transactions, c.Withdrawals, *c.Withdrawals,
		c.Invoices, *c.Invoices, c.Webhooks, *c.Webhooks, a, *a, NewWebhookVerifier("SECRET-callback"), NewWebhookAdapter("SECRET-callback"), cfg, &cfg}
	for _, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%q"} {
			out := fmt.Sprintf(verb, v)
			for _, bad := range []string{"SECRET", "0123456789", "534543524554"} {
				if strings.Contains(out, bad) {
					t.Errorf("%s of %T shows a secret (%s): %.200s", verb, v, bad, out)
				}
			}
		}
	}
}
