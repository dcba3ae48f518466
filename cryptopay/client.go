package cryptopay

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/httpcore"
	"github.com/coinsdk/coinsdk/internal/redact"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
)

// ProviderName names Cryptopay in errors and events.
const ProviderName = "cryptopay"

// Client is a Cryptopay Business API client. Its services are grouped as
// fields, one per resource. A Client is safe for concurrent use.
type Client struct {
	// Accounts: /api/accounts and their transactions.
	Accounts *AccountsService
	// Channels: /api/channels (static deposit addresses) and their payments.
	Channels *ChannelsService
	// CoinWithdrawals: /api/coin_withdrawals (payouts).
	CoinWithdrawals *CoinWithdrawalsService
	// Coins: /api/coins.
	Coins *CoinsService
	// Customers: /api/customers.
	Customers *CustomersService
	// ExchangeTransfers: /api/exchange_transfers.
	ExchangeTransfers *ExchangeTransfersService
	// Invoices: /api/invoices, their recalculations and refunds.
	Invoices *InvoicesService
	// Rates: /api/rates.
	Rates *RatesService
	// Subscriptions: /api/subscriptions.
	Subscriptions *SubscriptionsService
	// Transactions: /api/transactions.
	Transactions *TransactionsService
	// Webhooks verifies and parses callbacks.
	Webhooks *WebhooksService

	// Nothing below prints a credential under any verb, not even through
	// fmt's bad-verb path, which prints a pointed-to struct's fields: the key
	// is a redact.Secret, the settings (whose BaseURL may carry userinfo)
	// sit behind a pointer with the base URL removed, and the pipeline's
	// signer holds the secret as a redact.Secret.
	common service // the one base every service but Webhooks shares
	apiKey redact.Secret
	pipe   *apicall.Pipeline
	signer *Signer
	opts   *option.Settings
}

// service is the base every API service shares (go-github's pattern): the
// services are this struct under their own names, so each holds only the
// client and prints as an address.
type service struct{ client *Client }

// New returns a Client for the account in cfg, talking to ProductionBaseURL
// unless option.WithBaseURL says otherwise (SandboxBaseURL, a proxy, a local
// fake). It fails with a *payments.ValidationError when the key or secret is
// missing or the base URL is not an absolute http(s) URL; it makes no
// request.
func New(cfg Config, opts ...option.Option) (*Client, error) {
	if strings.TrimSpace(cfg.APIKey) == "" {
		return nil, &payments.ValidationError{Field: "APIKey", Reason: "is required"}
	}
	if cfg.APISecret == "" {
		return nil, &payments.ValidationError{Field: "APISecret", Reason: "is required"}
	}
	o := option.Apply(option.Settings{BaseURL: ProductionBaseURL, UserAgent: "coinsdk-go/cryptopay"}, opts...)
	hc, err := httpcore.New(httpcore.Config{Settings: o, Provider: ProviderName, DecodeError: decodeError})
	if err != nil {
		return nil, err
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	o.BaseURL, o.HTTPClient = "", nil // httpcore holds them
	c := &Client{apiKey: redact.NewSecret(cfg.APIKey), signer: NewSigner(cfg.APIKey, cfg.APISecret), opts: &o}
	c.pipe = &apicall.Pipeline{HTTP: hc, Provider: ProviderName, Encode: c.encode, Unwrap: unwrap, Decode: decode}
	c.common.client = c
	c.Accounts = (*AccountsService)(&c.common)
	c.Channels = (*ChannelsService)(&c.common)
	c.CoinWithdrawals = (*CoinWithdrawalsService)(&c.common)
	c.Coins = (*CoinsService)(&c.common)
	c.Customers = (*CustomersService)(&c.common)
	c.ExchangeTransfers = (*ExchangeTransfersService)(&c.common)
	c.Invoices = (*InvoicesService)(&c.common)
	c.Rates = (*RatesService)(&c.common)
	c.Subscriptions = (*SubscriptionsService)(&c.common)
	c.Transactions = (*TransactionsService)(&c.common)
	// The signer and the webhook service hold the secrets as redact.Secret,
	// which no printing path reveals; the Client keeps none of them.
	c.Webhooks = newWebhooksService(c, append([]string{cfg.WebhookSecret}, cfg.PreviousWebhookSecrets...))
	return c, nil
}

// BaseURL returns the API base URL the client talks to, without credentials.
func (c *Client) BaseURL() string { return c.pipe.HTTP.BaseURL() }

// Format prints the client without its secrets, for every verb: its name,
// the base URL without userinfo and the API key's last four characters.
func (c *Client) Format(f fmt.State, _ rune) { describe(f, "cryptopay.Client", c) }

// describe writes name{baseURL: …, APIKey: …}; c may be nil.
func describe(f fmt.State, name string, c *Client) {
	if c == nil || c.pipe == nil {
		redact.Format(f, name)
		return
	}
	redact.Format(f, name, "baseURL", c.BaseURL(), "APIKey", redact.Key(c.apiKey.Reveal()))
}

// now is the client's clock.
func (c *Client) now() time.Time { return c.opts.Clock() }

// segment escapes one path segment (an id): a space, a slash or a percent
// sign in an id stays inside its segment.
func segment(id string) string { return url.PathEscape(id) }

// requireID is the validation every by-id call makes before any request:
// an id is required and may not be a relative path step (see
// httpcore.PathSegment).
func requireID(field, id string) error {
	_, err := httpcore.PathSegment(field, id)
	return err
}
