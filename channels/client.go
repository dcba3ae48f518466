package channels

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/httpcore"
	"github.com/coinsdk/coinsdk/internal/redact"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
)

// ProviderName names XGateway's channel API in errors and events.
const ProviderName = "channels"

// HeaderAPIKey is the header that carries the API key on every request.
const HeaderAPIKey = "x-api-key"

// Client is an XGateway channel payment flow API client. Its services are
// grouped as fields, one per resource. A Client is safe for concurrent use.
type Client struct {
	// Channels: deposit addresses per customer and currency
	// (POST /api/v2/channels, and the older POST /wallet/address).
	Channels *ChannelsService
	// Transactions: the authoritative state of a deposit or withdrawal
	// (GET /api/v2/transaction/{id}) and, on demo accounts, simulate.
	Transactions *TransactionsService
	// Withdrawals: crypto withdrawals (POST /api/v2/withdrawal).
	Withdrawals *WithdrawalsService
	// Invoices: hosted checkout invoices, floating rate (POST /api/v1/invoice)
	// and fixed rate (POST /api/v2/invoice).
	Invoices *InvoicesService
	// Webhooks verifies and parses callbacks, and refreshes them from the API.
	Webhooks *WebhooksService

	// common is the one value every service (but Webhooks) points to.
	common service

	// Only what calls need is kept: the key as a redact.Secret (no printing
	// path reveals it), a four-character hint of it for Format, and the
	// pipeline, a pointer (printing a Client value shows its address, not
	// the settings whose base URL could hold a password in its userinfo).
	apiKey  redact.Secret
	keyHint string
	pipe    *apicall.Pipeline
	sign    func(*http.Request) error
	extra   []CurrencyInfo
	clock   func() time.Time
}

// service is what every API service holds: its client. The service types
// are conversions of it (go-github's pattern), so a Client allocates one.
type service struct{ client *Client }

// New returns a Client for the account in cfg, talking to ProductionBaseURL
// unless option.WithBaseURL says otherwise. It fails with a
// *payments.ValidationError when the API key is missing, an extra currency
// is unusable or an option is invalid; it makes no request.
func New(cfg Config, opts ...option.Option) (*Client, error) {
	if strings.TrimSpace(cfg.APIKey) == "" {
		return nil, &payments.ValidationError{Field: "APIKey", Reason: "is required"}
	}
	if strings.ContainsAny(cfg.APIKey, "\r\n") {
		return nil, &payments.ValidationError{Field: "APIKey", Reason: "contains a line break"}
	}
	for i, x := range cfg.ExtraCurrencies {
		if strings.TrimSpace(string(x.Code)) == "" || x.Decimals < 0 || x.Decimals > 30 {
			return nil, &payments.ValidationError{Field: fmt.Sprintf("ExtraCurrencies[%d]", i), Reason: "needs a Code and Decimals between 0 and 30"}
		}
	}
	o, hc, err := httpcore.Open(httpcore.Config{Provider: ProviderName, DecodeError: decodeError}, ProductionBaseURL, opts)
	if err != nil {
		return nil, err
	}
	c := &Client{
		apiKey:  redact.NewSecret(cfg.APIKey),
		keyHint: redact.Key(cfg.APIKey),
		extra:   append([]CurrencyInfo(nil), cfg.ExtraCurrencies...),
		clock:   o.Clock,
	}
	if c.clock == nil {
		c.clock = time.Now
	}
	c.sign = c.signRequest
	c.pipe = &apicall.Pipeline{HTTP: hc, Provider: ProviderName, Encode: c.encode, Unwrap: unwrap, Decode: decode}
	c.common.client = c
	c.Channels = (*ChannelsService)(&c.common)
	c.Transactions = (*TransactionsService)(&c.common)
	c.Withdrawals = (*WithdrawalsService)(&c.common)
	c.Invoices = (*InvoicesService)(&c.common)
	c.Webhooks = newWebhooksService(c, redact.Secrets(append([]string{cfg.WebhookSecret}, cfg.PreviousWebhookSecrets...)...), o.WebhookBodyLimit)
	return c, nil
}

// BaseURL returns the API base URL the client talks to, without credentials.
func (c *Client) BaseURL() string { return c.pipe.HTTP.BaseURL() }

// Format prints the client without its secrets, for every verb.
func (c *Client) Format(f fmt.State, _ rune) {
	redact.Format(f, "channels.Client", "baseURL", c.BaseURL(), "APIKey", c.keyHint)
}
