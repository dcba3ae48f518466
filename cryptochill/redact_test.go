package cryptochill

import (
	"fmt"
	"strings"
	"testing"
)

// TestNothingPrintsASecret prints every value a program holds, with every
// verb, including fmt's bad-verb path that prints pointed-to structs by
// reflection.
func TestNothingPrintsASecret(t *testing.T) {
	c, err := New(Config{APIKey: "key_0123456789abcdef", APISecret: "SECRET-api", CallbackToken: "SECRET-token",
		PreviousCallbackTokens: []string{"SECRET-old"}})
	if err != nil {
		t.Fatal(err)
	}
	a := NewAdapter(c, AdapterOptions{})
	values := []any{c, *c, c.Invoices, *c.Invoices, c.Payouts, *c.Payouts, c.Webhooks, *c.Webhooks, c.signer, *c.signer,
		a, *a, NewWebhookVerifier("SECRET-token"), c.cfg}
	for _, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%q"} {
			out := fmt.Sprintf(verb, v)
			if strings.Contains(out, "SECRET") || strings.Contains(out, "534543524554") {
				t.Errorf("%s of %T shows a secret: %.200s", verb, v, out)
			}
		}
	}
}
