package main

import (
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/coinsdk/coinsdk/channels/channelstest"
	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/coinsdk/coinsdk/cryptopay/cryptopaytest"
	"github.com/coinsdk/coinsdk/cryptoprocessing/cryptoprocessingtest"
	"github.com/coinsdk/coinsdk/gateway/gatewaytest"
	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/shopspring/decimal"
)

// sandbox is what every provider's sandbox offers the control API, with the
// same names on all five (the shared kit's surface and the simulation
// methods).
type sandbox interface {
	http.Handler
	Objects() []sandboxkit.Object
	PayInvoice(id string, amount decimal.Decimal) (string, error)
	PayDeposit(address string, amount decimal.Decimal) (string, error)
	Confirm(txID string) error
	ExpireInvoice(id string) error
	CompletePayout(id string) error
	FailPayout(id, reason string) error
	SetCallbackURL(url string)
	CallbackURL() string
	Deliveries() []sandboxkit.Delivery
	Redeliver(id string) (sandboxkit.Delivery, error)
	InjectFault(f sandboxkit.Fault)
	ClearFaults()
	Faults() []sandboxkit.FaultStatus
	Requests() []sandboxkit.Request
	Now() time.Time
	Advance(d time.Duration)
	Close()
	// Kit is the shared machinery under the sandbox (retry schedules,
	// delivery hooks, notifications).
	Kit() *sandboxkit.Kit
}

// holder is a sandbox that can put a payout on hold (Cryptopay's compliance
// review); the others answer 501 to hold.
type holder interface{ HoldPayout(id string) error }

// envVar is one line of the env file.
type envVar struct{ Name, Value string }

// provider is one of the five, mounted at /<name>/ of the server. Reset
// replaces its sandbox with a fresh one with the same credentials and ids.
type provider struct {
	name string
	// creds are the credentials and ids, by environment variable name,
	// fixed at start (from -set, the environment, or generated).
	creds map[string]string
	// build makes a new sandbox mounted at root (the server's URL plus
	// /<name>), with creds; it fills in the generated ones.
	build func(root string, creds map[string]string) sandbox
	// url is the sandbox's API base URL (root plus the provider's API
	// path), which the provider's tour takes as <NAME>_BASE_URL.
	url func(sb sandbox) string
	// payout are the variables that let the provider's tour make a payout
	// on the server: a sandbox address and an amount it can pay.
	payout []envVar
	// errKinds classify the sandbox's errors for the HTTP status.
	notFound []error
	badInput []error

	mu sync.RWMutex
	sb sandbox
}

// env lists the variables that point the provider's tour at the server:
// its base URL, its credentials and ids, and what its payout step needs.
func (p *provider) env(sb sandbox) []envVar {
	out := []envVar{{strings.ToUpper(p.name) + "_BASE_URL", p.url(sb)}}
	for _, name := range credentialNames[p.name] {
		out = append(out, envVar{name, p.creds[name]})
	}
	return append(out, p.payout...)
}

func (p *provider) current() sandbox {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.sb
}

// newProviders returns the five providers in a fixed order, with credentials
// taken from set (the -set flags) and then getenv.
func newProviders(set map[string]string, getenv func(string) string) []*provider {
	ps := []*provider{
		{name: "cryptochill", build: buildCryptochill, url: func(sb sandbox) string { return sb.(*cryptochilltest.Server).URL },
			payout:   []envVar{{"CRYPTOCHILL_ALLOW_PAYOUT", "1"}, {"CRYPTOCHILL_PAYOUT_ADDRESS", "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"}},
			notFound: []error{cryptochilltest.ErrNotFound}, badInput: []error{cryptochilltest.ErrInvalidArgument}},
		{name: "cryptoprocessing", build: buildCryptoprocessing, url: func(sb sandbox) string { return sb.(*cryptoprocessingtest.Server).URL },
			payout: []envVar{{"CRYPTOPROCESSING_ALLOW_PAYOUT", "1"}, {"CRYPTOPROCESSING_PAYOUT_CURRENCY", "BTC"},
				{"CRYPTOPROCESSING_PAYOUT_ADDRESS", "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"}, {"CRYPTOPROCESSING_PAYOUT_AMOUNT", "0.001"}},
			notFound: []error{cryptoprocessingtest.ErrNotFound}, badInput: []error{cryptoprocessingtest.ErrInvalidAmount}},
		{name: "gateway", build: buildGateway, url: func(sb sandbox) string { return sb.(*gatewaytest.Server).URL },
			payout: []envVar{{"GATEWAY_ALLOW_PAYOUT", "1"}, {"GATEWAY_PAYOUT_ASSET", "BTC"},
				{"GATEWAY_PAYOUT_ADDRESS", "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"}, {"GATEWAY_PAYOUT_AMOUNT", "0.001"}},
			notFound: []error{gatewaytest.ErrNotFound}},
		{name: "cryptopay", build: buildCryptopay, url: func(sb sandbox) string { return sb.(*cryptopaytest.Server).URL },
			payout: []envVar{{"CRYPTOPAY_ALLOW_PAYOUT", "1"}, {"CRYPTOPAY_PAYOUT_CURRENCY", "BTC"},
				{"CRYPTOPAY_PAYOUT_ADDRESS", "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"}, {"CRYPTOPAY_PAYOUT_AMOUNT", "0.0001"}},
			notFound: []error{cryptopaytest.ErrNotFound}},
		{name: "channels", build: buildChannels, url: func(sb sandbox) string { return sb.(*channelstest.Server).URL },
			payout: []envVar{{"CHANNELS_ALLOW_PAYOUT", "1"}, {"CHANNELS_PAYOUT_CURRENCY", "tUSDT"},
				{"CHANNELS_PAYOUT_ADDRESS", "TQ5NiR7pXrGGmLb6S3qDt8dZ8wQ1d9Ecfo"}, {"CHANNELS_PAYOUT_AMOUNT", "1"}},
			notFound: []error{channelstest.ErrNotFound}},
	}
	for _, p := range ps {
		p.creds = map[string]string{}
		for _, name := range credentialNames[p.name] {
			v := set[name]
			if v == "" {
				v = getenv(name)
			}
			if v != "" {
				p.creds[name] = v
			}
		}
	}
	return ps
}

// credentialNames are the variables, per provider, that a sandbox's
// credentials and ids come from (and go to, in the env file, in this order).
var credentialNames = map[string][]string{
	"cryptochill":      {"CRYPTOCHILL_API_KEY", "CRYPTOCHILL_API_SECRET", "CRYPTOCHILL_CALLBACK_TOKEN", "CRYPTOCHILL_PROFILE_ID", "CRYPTOCHILL_EXCHANGE_ID", "CRYPTOCHILL_APPROVER_KEY", "CRYPTOCHILL_APPROVER_SECRET"},
	"cryptoprocessing": {"CRYPTOPROCESSING_API_KEY", "CRYPTOPROCESSING_API_SECRET"},
	"gateway":          {"GATEWAY_API_KEY", "GATEWAY_API_SECRET", "GATEWAY_WEBHOOK_SECRET", "GATEWAY_STORE_ID"},
	"cryptopay":        {"CRYPTOPAY_API_KEY", "CRYPTOPAY_API_SECRET", "CRYPTOPAY_CALLBACK_SECRET"},
	"channels":         {"CHANNELS_API_KEY", "CHANNELS_SECRET_KEY"},
}

// knownCredential reports whether name is a credential variable (for -set).
func knownCredential(name string) bool {
	for _, names := range credentialNames {
		for _, n := range names {
			if n == name {
				return true
			}
		}
	}
	return false
}

// allCredentialNames lists every credential variable, sorted.
func allCredentialNames() []string {
	var out []string
	for _, names := range credentialNames {
		out = append(out, names...)
	}
	sort.Strings(out)
	return out
}

func buildCryptochill(root string, c map[string]string) sandbox {
	s := cryptochilltest.NewServer(cryptochilltest.Options{APIKey: c["CRYPTOCHILL_API_KEY"], APISecret: c["CRYPTOCHILL_API_SECRET"],
		ApproverKey: c["CRYPTOCHILL_APPROVER_KEY"], ApproverSecret: c["CRYPTOCHILL_APPROVER_SECRET"], CallbackToken: c["CRYPTOCHILL_CALLBACK_TOKEN"]})
	s.Mount(root)
	s.KeepIDs(c["CRYPTOCHILL_PROFILE_ID"], c["CRYPTOCHILL_EXCHANGE_ID"])
	c["CRYPTOCHILL_API_KEY"], c["CRYPTOCHILL_API_SECRET"] = s.APIKey, s.APISecret
	c["CRYPTOCHILL_APPROVER_KEY"], c["CRYPTOCHILL_APPROVER_SECRET"] = s.ApproverKey, s.ApproverSecret
	c["CRYPTOCHILL_CALLBACK_TOKEN"], c["CRYPTOCHILL_PROFILE_ID"], c["CRYPTOCHILL_EXCHANGE_ID"] = s.CallbackToken, s.ProfileID, s.ExchangeID
	return s
}

func buildCryptoprocessing(root string, c map[string]string) sandbox {
	s := cryptoprocessingtest.NewServer(cryptoprocessingtest.Options{APIKey: c["CRYPTOPROCESSING_API_KEY"], APISecret: c["CRYPTOPROCESSING_API_SECRET"]})
	s.Mount(root)
	c["CRYPTOPROCESSING_API_KEY"], c["CRYPTOPROCESSING_API_SECRET"] = s.APIKey, s.APISecret
	return s
}

func buildGateway(root string, c map[string]string) sandbox {
	s := gatewaytest.NewServer(gatewaytest.Options{APIKey: c["GATEWAY_API_KEY"], APISecret: c["GATEWAY_API_SECRET"],
		WebhookSecret: c["GATEWAY_WEBHOOK_SECRET"], StoreID: c["GATEWAY_STORE_ID"]})
	s.Mount(root)
	c["GATEWAY_API_KEY"], c["GATEWAY_API_SECRET"], c["GATEWAY_WEBHOOK_SECRET"], c["GATEWAY_STORE_ID"] = s.APIKey, s.APISecret, s.WebhookSecret, s.StoreID
	return s
}

func buildCryptopay(root string, c map[string]string) sandbox {
	s := cryptopaytest.NewServer(cryptopaytest.Options{APIKey: c["CRYPTOPAY_API_KEY"], APISecret: c["CRYPTOPAY_API_SECRET"],
		CallbackSecret: c["CRYPTOPAY_CALLBACK_SECRET"]})
	s.Mount(root)
	c["CRYPTOPAY_API_KEY"], c["CRYPTOPAY_API_SECRET"], c["CRYPTOPAY_CALLBACK_SECRET"] = s.APIKey, s.APISecret, s.CallbackSecret
	return s
}

func buildChannels(root string, c map[string]string) sandbox {
	s := channelstest.NewServer(channelstest.Options{APIKey: c["CHANNELS_API_KEY"], SecretKey: c["CHANNELS_SECRET_KEY"]})
	s.Mount(root)
	c["CHANNELS_API_KEY"], c["CHANNELS_SECRET_KEY"] = s.APIKey, s.SecretKey
	return s
}
