package gateway_test

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/gateway"
	"github.com/coinsdk/coinsdk/option"
	"github.com/stretchr/testify/require"
)

// TestNothingPrintsASecret prints every value a program holds, with every
// verb, including fmt's bad-verb path that prints pointed-to structs.
func TestNothingPrintsASecret(t *testing.T) {
	t.Parallel()
	cfg := gateway.Config{APIKey: "key_0123456789abcdefKEYFULL", APISecret: "SECRET-api", WebhookSecret: "SECRET-wh",
		PreviousWebhookSecrets: []string{"SECRET-old"}}
	c, err := gateway.New(cfg, option.WithBaseURL("https://user:SECRET-pw@api.example.test/int"))
	require.NoError(t, err)
	a := newAdapter(t, c, gateway.AdapterOptions{})
	basic := base64.StdEncoding.EncodeToString([]byte(cfg.APIKey + ":" + cfg.APISecret))
	values := []any{c, *c, cfg, &cfg, a, c.Assets, *c.Assets, c.Accounts, c.Conversions, c.Payments, *c.Payments,
		c.Withdrawals, c.Dedicated, c.Transfers, c.Webhooks, *c.Webhooks, gateway.NewWebhookVerifier("SECRET-v"),
		gateway.NewSigner(cfg.APIKey, cfg.APISecret), *gateway.NewSigner(cfg.APIKey, cfg.APISecret), gateway.NewWebhookAdapter("SECRET-wa")}
	for _, v := range values {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%d", "%x", "%q"} {
			out := fmt.Sprintf(verb, v)
			for _, bad := range []string{"SECRET", "534543524554", "KEYFULL", basic} {
				if strings.Contains(out, bad) {
					t.Errorf("%s of %T shows %q: %.300s", verb, v, bad, out)
				}
			}
		}
	}
}
