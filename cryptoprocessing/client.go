package cryptoprocessing

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/credential"
	"github.com/coinsdk/coinsdk/internal/httpcore"
	"github.com/coinsdk/coinsdk/internal/redact"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
)

// ProviderName names CryptoProcessing in errors and events.
const ProviderName = "cryptoprocessing"

// Client is a CryptoProcessing API v2 client. Its services are grouped as
// fields, one per resource. A Client is safe for concurrent use.
type Client struct {
	// Accounts: accounts/list (balances).
	Accounts *AccountsService
	// Currencies: currencies/list and currencies/pairs.
	Currencies *CurrenciesService
	// Addresses: addresses/take (deposit addresses).
	Addresses *AddressesService
	// Withdrawals: withdrawal/crypto (payouts).
	Withdrawals *WithdrawalsService
	// Exchange: exchange/calculate, exchange/fixed and exchange/now.
	Exchange *ExchangeService
	// Invoices: invoices/create and invoices/{foreign_id}/cancel/.
	Invoices *InvoicesService
	// Transactions: transactions/info.
	Transactions *TransactionsService
	// Webhooks verifies and parses callbacks.
	Webhooks *WebhooksService

	common  service       // the one value every service but Webhooks points to
	apiKey  redact.Secret // not a secret, but printed only as its tail (fmt's bad-verb path prints what fields point to)
	secrets []redact.Secret
	http    *httpcore.Client
	signer  *Signer
	pipe    *apicall.Pipeline
	opts    option.Settings
}

// service is what every service shares, go-github style: the client. A
// service prints as its address (nothing it holds is printed by value).
type service struct{ client *Client }

// New returns a Client for the account in cfg, talking to ProductionBaseURL
// unless an option says otherwise. It fails with a *payments.ValidationError
// when the key or secret is missing or the base URL is not an absolute
// http(s) URL; it makes no request.
func New(cfg Config, opts ...option.Option) (*Client, error) {
	if err := credential.Check(cfg.APIKey, cfg.APISecret); err != nil {
		return nil, err
	}
	o, hc, err := httpcore.Open(httpcore.Config{Provider: ProviderName, DecodeError: decodeError}, ProductionBaseURL, opts)
	if err != nil {
		return nil, err
	}
	// Printable fields never hold the base URL's userinfo.
	o.BaseURL = hc.BaseURL()
	signer := NewSigner(cfg.APIKey, cfg.APISecret)
	c := &Client{apiKey: redact.NewSecret(cfg.APIKey), http: hc, signer: signer, opts: o,
		pipe: &apicall.Pipeline{HTTP: hc, Provider: ProviderName, Encode: signer.encode, Unwrap: unwrap, Decode: decode, DecodeList: decodeList}}
	c.common.client = c
	c.Accounts = (*AccountsService)(&c.common)
	c.Currencies = (*CurrenciesService)(&c.common)
	c.Addresses = (*AddressesService)(&c.common)
	c.Withdrawals = (*WithdrawalsService)(&c.common)
	c.Exchange = (*ExchangeService)(&c.common)
	c.Invoices = (*InvoicesService)(&c.common)
	c.Transactions = (*TransactionsService)(&c.common)
	c.Webhooks = &WebhooksService{client: c}
	// The secrets live only as redact.Secret (in the signer and for callback
	// verification), which no printing path reveals: fmt prints unexported
	// fields by reflection, and its bad-verb path (%!s(…)) walks pointed-to
	// structs, so a Format method on each type would not be enough.
	c.secrets = redact.Secrets(append([]string{cfg.APISecret}, cfg.PreviousAPISecrets...)...)
	return c, nil
}

// BaseURL returns the API base URL the client talks to, without credentials.
func (c *Client) BaseURL() string { return c.http.BaseURL() }

// Format prints the client without its secrets, for every verb.
func (c *Client) Format(f fmt.State, _ rune) {
	if c == nil || c.http == nil {
		redact.Format(f, "cryptoprocessing.Client")
		return
	}
	redact.Format(f, "cryptoprocessing.Client", "baseURL", c.http.BaseURL(), "APIKey", redact.Key(c.apiKey.Reveal()))
}

// Ping checks that the API is up. It is not authenticated, so it says
// nothing about the credentials.
// GET ping
func (c *Client) Ping(ctx context.Context) error {
	resp, err := c.pipe.Send(ctx, &apicall.Call{Op: "ping", Method: http.MethodGet, Path: "ping"})
	if err != nil {
		return err
	}
	if got := strings.TrimSpace(string(resp.Body)); got != "OK" {
		return &payments.APIError{Provider: ProviderName, StatusCode: resp.StatusCode,
			Message: "ping answered " + httpcore.Truncate(got, 80) + ", want OK", Raw: resp.Body, Kind: payments.ErrMalformed}
	}
	return nil
}
