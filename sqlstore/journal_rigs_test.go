package sqlstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/channels"
	"github.com/coinsdk/coinsdk/cryptochill"
	"github.com/coinsdk/coinsdk/cryptopay"
	"github.com/coinsdk/coinsdk/cryptoprocessing"
	"github.com/coinsdk/coinsdk/gateway"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
)

// A rig is one provider for the payout tests that run against the
// standalone sandbox server (startSandbox): how to build its adapter from
// the server's env file, what to pay, which request creates a payout, and
// where the provider's own view of a payout keeps the merchant's reference.
type rig struct {
	name string
	// adapter builds the adapter from the server's env file (credentials),
	// sending to base (the provider's base URL, or a proxy's in front of it).
	adapter func(env map[string]string, base string) (payments.PayoutProvider, error)
	// params are the payout parameters for ref.
	params func(ref string) *payments.PayoutParams
	// isCreate reports a request that creates a payout.
	isCreate func(r *http.Request) bool
	// reference reads the merchant's reference from the sandbox's view of a
	// payout (GET /_sandbox/{p}/payouts).
	reference func(view json.RawMessage) (string, error)
}

// field reads one string field of a JSON object.
func field(view json.RawMessage, name string) (string, error) {
	var m map[string]any
	if err := json.Unmarshal(view, &m); err != nil {
		return "", err
	}
	s, ok := m[name].(string)
	if !ok {
		return "", errors.New("no string field " + name)
	}
	return s, nil
}

func fieldOf(name string) func(json.RawMessage) (string, error) {
	return func(view json.RawMessage) (string, error) { return field(view, name) }
}

// btc is a small BTC payout to a testnet address, for ref.
func btc(amount string) func(ref string) *payments.PayoutParams {
	return func(ref string) *payments.PayoutParams {
		return &payments.PayoutParams{Amount: payments.MustMoney(amount, "BTC"), Address: "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", Reference: ref}
	}
}

var rigs = []rig{
	{
		name: "cryptochill",
		adapter: func(env map[string]string, base string) (payments.PayoutProvider, error) {
			c, err := cryptochill.New(cryptochill.Config{APIKey: env["CRYPTOCHILL_API_KEY"], APISecret: env["CRYPTOCHILL_API_SECRET"],
				WebhookSecret: env["CRYPTOCHILL_CALLBACK_TOKEN"], ProfileID: env["CRYPTOCHILL_PROFILE_ID"]}, option.WithBaseURL(base))
			if err != nil {
				return nil, err
			}
			return cryptochill.NewAdapter(c, cryptochill.AdapterOptions{})
		},
		params: btc("0.001"),
		isCreate: func(r *http.Request) bool {
			return r.Method == http.MethodPost && strings.HasSuffix(strings.TrimSuffix(r.URL.Path, "/"), "/v1/payouts")
		},
		reference: fieldOf("reference_id"),
	},
	{
		name: "cryptoprocessing",
		adapter: func(env map[string]string, base string) (payments.PayoutProvider, error) {
			c, err := cryptoprocessing.New(cryptoprocessing.Config{APIKey: env["CRYPTOPROCESSING_API_KEY"], APISecret: env["CRYPTOPROCESSING_API_SECRET"]},
				option.WithBaseURL(base))
			if err != nil {
				return nil, err
			}
			return cryptoprocessing.NewAdapter(c, cryptoprocessing.AdapterOptions{})
		},
		params: btc("0.001"),
		isCreate: func(r *http.Request) bool {
			return r.Method == http.MethodPost && strings.HasSuffix(strings.TrimSuffix(r.URL.Path, "/"), "withdrawal/crypto")
		},
		reference: fieldOf("foreign_id"),
	},
	{
		name: "gateway",
		adapter: func(env map[string]string, base string) (payments.PayoutProvider, error) {
			c, err := gateway.New(gateway.Config{APIKey: env["GATEWAY_API_KEY"], APISecret: env["GATEWAY_API_SECRET"],
				WebhookSecret: env["GATEWAY_WEBHOOK_SECRET"]}, option.WithBaseURL(base))
			if err != nil {
				return nil, err
			}
			return gateway.NewAdapter(c, gateway.AdapterOptions{})
		},
		params: btc("0.001"),
		isCreate: func(r *http.Request) bool {
			return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/withdraw")
		},
		// The withdrawal carries the reference in its custom field, as JSON.
		reference: func(view json.RawMessage) (string, error) {
			custom, err := field(view, "custom")
			if err != nil {
				return "", err
			}
			var m map[string]string
			if err := json.Unmarshal([]byte(custom), &m); err != nil {
				return "", err
			}
			return m[gateway.ReferenceKey], nil
		},
	},
	{
		name: "cryptopay",
		adapter: func(env map[string]string, base string) (payments.PayoutProvider, error) {
			c, err := cryptopay.New(cryptopay.Config{APIKey: env["CRYPTOPAY_API_KEY"], APISecret: env["CRYPTOPAY_API_SECRET"],
				WebhookSecret: env["CRYPTOPAY_CALLBACK_SECRET"]}, option.WithBaseURL(base))
			if err != nil {
				return nil, err
			}
			return cryptopay.NewAdapter(c, cryptopay.AdapterOptions{})
		},
		params: btc("0.0001"),
		isCreate: func(r *http.Request) bool {
			return r.Method == http.MethodPost && strings.Contains(r.URL.Path, "/api/coin_withdrawals")
		},
		reference: fieldOf("custom_id"),
	},
	{
		name: "channels",
		adapter: func(env map[string]string, base string) (payments.PayoutProvider, error) {
			// No waiting between the adapter's own retries: the tests'
			// faults would otherwise cost seconds.
			c, err := channels.New(channels.Config{APIKey: env["CHANNELS_API_KEY"], WebhookSecret: env["CHANNELS_SECRET_KEY"]}, option.WithBaseURL(base),
				option.WithSleep(func(ctx context.Context, _ time.Duration) error { return ctx.Err() }))
			if err != nil {
				return nil, err
			}
			return channels.NewAdapter(c, channels.AdapterOptions{})
		},
		params: func(ref string) *payments.PayoutParams {
			return &payments.PayoutParams{Amount: payments.MustMoney("1", "tUSDT"), Address: "TQ5NiR7pXrGGmLb6S3qDt8dZ8wQ1d9Ecfo", Reference: ref}
		},
		isCreate: func(r *http.Request) bool {
			return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/api/v2/withdrawal")
		},
		reference: fieldOf("orderId"),
	},
}

func rigNamed(name string) *rig {
	for i := range rigs {
		if rigs[i].name == name {
			return &rigs[i]
		}
	}
	return nil
}
