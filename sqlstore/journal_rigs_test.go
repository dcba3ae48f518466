package sqlstore_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/channels"
	"github.com/coinsdk/coinsdk/channels/channelstest"
	"github.com/coinsdk/coinsdk/cryptochill"
	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/coinsdk/coinsdk/cryptopay"
	"github.com/coinsdk/coinsdk/cryptopay/cryptopaytest"
	"github.com/coinsdk/coinsdk/cryptoprocessing"
	"github.com/coinsdk/coinsdk/cryptoprocessing/cryptoprocessingtest"
	"github.com/coinsdk/coinsdk/gateway"
	"github.com/coinsdk/coinsdk/gateway/gatewaytest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// A rig is one provider for the multi-process payout tests: its sandbox,
// run in the test process (it must outlive the killed sender), and its
// adapter, built in the child process from the sandbox's URL and
// credentials.
type rig struct {
	name string
	// start runs the sandbox in this process.
	start func(t *testing.T) *sandbox
	// adapter builds the adapter the child sends through.
	adapter func(baseURL string, creds map[string]string) (payments.PayoutProvider, error)
	// params are the payout parameters for ref.
	params func(ref string) *payments.PayoutParams
	// isCreate reports a request that creates a payout.
	isCreate func(r *http.Request) bool
}

// sandbox is a running provider sandbox as the tests see it.
type sandbox struct {
	URL   string
	creds map[string]string
	// made returns how many payouts the sandbox holds for each reference
	// asked about (from the sandbox's own state), and their total.
	made func(t *testing.T, refs []string) (map[string]int, int)
}

var rigs = []rig{
	{
		name: "cryptochill",
		start: func(t *testing.T) *sandbox {
			sb := cryptochilltest.NewServer(cryptochilltest.Options{})
			t.Cleanup(sb.Close)
			sb.SetBalance("BTC", decimal.RequireFromString("100"))
			creds := map[string]string{"key": sb.APIKey, "secret": sb.APISecret, "token": sb.CallbackToken, "profile": sb.ProfileID}
			c, err := cryptochill.New(cryptochill.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, WebhookSecret: sb.CallbackToken,
				ProfileID: sb.ProfileID}, option.WithBaseURL(sb.URL))
			require.NoError(t, err)
			return &sandbox{URL: sb.URL, creds: creds, made: func(t *testing.T, refs []string) (map[string]int, int) {
				per, total := map[string]int{}, 0
				for p, err := range c.Payouts.All(context.Background(), nil) {
					require.NoError(t, err)
					per[p.ReferenceID]++
					total++
				}
				return per, total
			}}
		},
		adapter: func(base string, cr map[string]string) (payments.PayoutProvider, error) {
			c, err := cryptochill.New(cryptochill.Config{APIKey: cr["key"], APISecret: cr["secret"], WebhookSecret: cr["token"],
				ProfileID: cr["profile"]}, option.WithBaseURL(base))
			if err != nil {
				return nil, err
			}
			return cryptochill.NewAdapter(c, cryptochill.AdapterOptions{})
		},
		params: func(ref string) *payments.PayoutParams {
			return &payments.PayoutParams{Amount: payments.MustMoney("0.001", "BTC"), Address: "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx", Reference: ref}
		},
		isCreate: func(r *http.Request) bool {
			return r.Method == http.MethodPost && strings.TrimSuffix(r.URL.Path, "/") == "/v1/payouts"
		},
	},
	{
		name: "cryptoprocessing",
		start: func(t *testing.T) *sandbox {
			sb := cryptoprocessingtest.NewServer(cryptoprocessingtest.Options{})
			t.Cleanup(sb.Close)
			start := decimal.RequireFromString("100")
			sb.SetBalance("BTC", start)
			creds := map[string]string{"key": sb.APIKey, "secret": sb.APISecret}
			c, err := cryptoprocessing.New(cryptoprocessing.Config{APIKey: sb.APIKey, APISecret: sb.APISecret}, option.WithBaseURL(sb.URL))
			require.NoError(t, err)
			a := cryptoprocessing.NewAdapter(c, cryptoprocessing.AdapterOptions{})
			return &sandbox{URL: sb.URL, creds: creds, made: func(t *testing.T, refs []string) (map[string]int, int) {
				// The sandbox debits the amount once per withdrawal made and
				// holds one per foreign_id: the debit counts them all.
				per := map[string]int{}
				for _, ref := range refs {
					if _, err := a.FindPayout(context.Background(), ref); err == nil {
						per[ref]++
					} else {
						require.ErrorIs(t, err, payments.ErrNotFound)
					}
				}
				spent := start.Sub(sb.Balance("BTC"))
				return per, int(spent.Div(decimal.RequireFromString("0.01")).IntPart())
			}}
		},
		adapter: func(base string, cr map[string]string) (payments.PayoutProvider, error) {
			c, err := cryptoprocessing.New(cryptoprocessing.Config{APIKey: cr["key"], APISecret: cr["secret"]}, option.WithBaseURL(base))
			if err != nil {
				return nil, err
			}
			return cryptoprocessing.NewAdapter(c, cryptoprocessing.AdapterOptions{}), nil
		},
		params: func(ref string) *payments.PayoutParams {
			return &payments.PayoutParams{Amount: payments.MustMoney("0.01", "BTC"), Address: "bc1qconformancepayoutaddress0000000000000", Reference: ref}
		},
		isCreate: func(r *http.Request) bool {
			return r.Method == http.MethodPost && strings.HasSuffix(strings.TrimSuffix(r.URL.Path, "/"), "withdrawal/crypto")
		},
	},
	{
		name: "gateway",
		start: func(t *testing.T) *sandbox {
			sb := gatewaytest.NewServer(gatewaytest.Options{})
			t.Cleanup(sb.Close)
			sb.SetBalance("BTC", decimal.RequireFromString("100"))
			creds := map[string]string{"key": sb.APIKey, "secret": sb.APISecret, "webhook": sb.WebhookSecret}
			return &sandbox{URL: sb.URL, creds: creds, made: func(t *testing.T, refs []string) (map[string]int, int) {
				// The gateway lists no withdrawals: read the references of
				// the creates the sandbox carried out from its request log.
				per := map[string]int{}
				for _, r := range sb.Requests() {
					if r.Method != http.MethodPost || !strings.HasSuffix(r.Path, "/withdraw") || r.Status != http.StatusOK && r.Fault == 0 {
						continue
					}
					var body struct {
						Custom string `json:"custom"`
					}
					require.NoError(t, json.Unmarshal(r.Body, &body))
					var custom map[string]string
					require.NoError(t, json.Unmarshal([]byte(body.Custom), &custom))
					per[custom[gateway.ReferenceKey]]++
				}
				return per, sb.Withdrawals()
			}}
		},
		adapter: func(base string, cr map[string]string) (payments.PayoutProvider, error) {
			c, err := gateway.New(gateway.Config{APIKey: cr["key"], APISecret: cr["secret"], WebhookSecret: cr["webhook"]}, option.WithBaseURL(base))
			if err != nil {
				return nil, err
			}
			return gateway.NewAdapter(c, gateway.AdapterOptions{}), nil
		},
		params: func(ref string) *payments.PayoutParams {
			return &payments.PayoutParams{Amount: payments.MustMoney("0.01", "BTC"), Address: "bc1qconformancepayoutaddress0000000000000", Reference: ref}
		},
		isCreate: func(r *http.Request) bool {
			return r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/withdraw")
		},
	},
	{
		name: "cryptopay",
		start: func(t *testing.T) *sandbox {
			sb := cryptopaytest.NewServer(cryptopaytest.Options{})
			t.Cleanup(sb.Close)
			sb.SetBalance("BTC", decimal.RequireFromString("100"))
			creds := map[string]string{"key": sb.APIKey, "secret": sb.APISecret, "callback": sb.CallbackSecret}
			c, err := cryptopay.New(cryptopay.Config{APIKey: sb.APIKey, APISecret: sb.APISecret, CallbackSecret: sb.CallbackSecret}, option.WithBaseURL(sb.URL))
			require.NoError(t, err)
			return &sandbox{URL: sb.URL, creds: creds, made: func(t *testing.T, refs []string) (map[string]int, int) {
				per, total := map[string]int{}, 0
				for w, err := range c.CoinWithdrawals.All(context.Background(), nil) {
					require.NoError(t, err)
					per[w.CustomID]++
					total++
				}
				return per, total
			}}
		},
		adapter: func(base string, cr map[string]string) (payments.PayoutProvider, error) {
			c, err := cryptopay.New(cryptopay.Config{APIKey: cr["key"], APISecret: cr["secret"], CallbackSecret: cr["callback"]}, option.WithBaseURL(base))
			if err != nil {
				return nil, err
			}
			return cryptopay.NewAdapter(c, cryptopay.AdapterOptions{}), nil
		},
		params: func(ref string) *payments.PayoutParams {
			return &payments.PayoutParams{Amount: payments.MustMoney("0.001", "BTC"), Address: "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", Reference: ref}
		},
		isCreate: func(r *http.Request) bool {
			return r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/api/coin_withdrawals")
		},
	},
	{
		name: "channels",
		start: func(t *testing.T) *sandbox {
			sb := channelstest.NewServer(channelstest.Options{})
			t.Cleanup(sb.Close)
			creds := map[string]string{"key": sb.APIKey, "secret": sb.SecretKey}
			return &sandbox{URL: sb.URL, creds: creds, made: func(t *testing.T, refs []string) (map[string]int, int) {
				per := map[string]int{}
				for _, ref := range refs {
					if _, ok := sb.WithdrawalByOrderID(ref); ok {
						per[ref]++
					}
				}
				return per, sb.Withdrawals()
			}}
		},
		adapter: func(base string, cr map[string]string) (payments.PayoutProvider, error) {
			c, err := channels.New(channels.Config{APIKey: cr["key"], SecretKey: cr["secret"]}, option.WithBaseURL(base),
				option.WithSleep(func(ctx context.Context, _ time.Duration) error { return ctx.Err() }))
			if err != nil {
				return nil, err
			}
			return channels.NewAdapter(c, channels.AdapterOptions{}), nil
		},
		params: func(ref string) *payments.PayoutParams {
			return &payments.PayoutParams{Amount: payments.MustMoney("12.5", "tUSDT"), Address: "TQ5NiR7pXrGGmLb6S3qDt8dZ8wQ1d9Ecfo", Reference: ref}
		},
		isCreate: func(r *http.Request) bool { return r.Method == http.MethodPost && r.URL.Path == "/api/v2/withdrawal" },
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
