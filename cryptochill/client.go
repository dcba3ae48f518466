package cryptochill

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/coinsdk/coinsdk/internal/httpcore"
	"github.com/coinsdk/coinsdk/internal/nonce"
	"github.com/coinsdk/coinsdk/internal/redact"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
)

// ProviderName names CryptoChill in errors and events.
const ProviderName = "cryptochill"

// Client is a CryptoChill API client. Its services are grouped as fields, one
// per resource. A Client is safe for concurrent use.
type Client struct {
	// Invoices: /v1/invoices/.
	Invoices *InvoicesService
	// Transactions: /v1/transactions/.
	Transactions *TransactionsService
	// Payouts: /v1/payouts/.
	Payouts *PayoutsService
	// Conversions: /v1/conversions/.
	Conversions *ConversionsService
	// Profiles: /v1/profiles/.
	Profiles *ProfilesService
	// Wallets: /v1/wallets/.
	Wallets *WalletsService
	// AutomaticPayouts: /v1/automatic-payouts/.
	AutomaticPayouts *AutomaticPayoutsService
	// AutomaticConversions: /v1/automatic-conversions/.
	AutomaticConversions *AutomaticConversionsService
	// ExchangeRates: /v1/exchange-rates/.
	ExchangeRates *ExchangeRatesService
	// Account: /v1/account/settings/.
	Account *AccountService
	// Webhooks verifies and parses callbacks.
	Webhooks *WebhooksService

	cfg    *Config // behind a pointer: fmt's bad-verb path prints a pointed-to struct's value fields
	http   *httpcore.Client
	signer *Signer
	nonce  func() int64
	opts   option.Settings
}

// New returns a Client for the account in cfg. It fails with a
// *payments.ValidationError when the key or secret is missing or an option
// is invalid; it makes no request.
func New(cfg Config, opts ...option.Option) (*Client, error) {
	if cfg.APIKey == "" {
		return nil, &payments.ValidationError{Field: "APIKey", Reason: "is required"}
	}
	if cfg.APISecret == "" {
		return nil, &payments.ValidationError{Field: "APISecret", Reason: "is required"}
	}
	o := option.Apply(option.Settings{BaseURL: DefaultBaseURL, UserAgent: "coinsdk-go/cryptochill"}, opts...)
	hc, err := httpcore.New(httpcore.Config{Settings: o, Provider: ProviderName, DecodeError: decodeError, Refused: nonceRefused})
	if err != nil {
		return nil, err
	}
	// Printable fields never hold the base URL's userinfo.
	o.BaseURL = hc.BaseURL()
	c := &Client{cfg: &cfg, http: hc, signer: NewSigner(cfg.APIKey, cfg.APISecret), opts: o}
	c.nonce = o.NonceSource
	if c.nonce == nil {
		c.nonce = nonce.NewSource(o.Clock).Next
	}
	c.Invoices = &InvoicesService{c}
	c.Transactions = &TransactionsService{c}
	c.Payouts = &PayoutsService{c}
	c.Conversions = &ConversionsService{c}
	c.Profiles = &ProfilesService{c}
	c.Wallets = &WalletsService{c}
	c.AutomaticPayouts = &AutomaticPayoutsService{c}
	c.AutomaticConversions = &AutomaticConversionsService{c}
	c.ExchangeRates = &ExchangeRatesService{c}
	c.Account = &AccountService{c}
	c.Webhooks = newWebhooksService(c)
	// The signer and the webhook service hold the secrets (as redact.Secret,
	// which no printing path reveals); the Client keeps none of them, so that
	// even fmt's reflection over an unexported field cannot show one.
	c.cfg.APISecret, c.cfg.CallbackToken, c.cfg.PreviousCallbackTokens = "", "", nil
	return c, nil
}

// Format prints the client without its secrets, for every verb.
func (c Client) Format(f fmt.State, _ rune) {
	redact.Format(f, "cryptochill.Client", "baseURL", c.http.BaseURL(), "APIKey", redact.Key(c.cfg.APIKey))
}

// request is one API call before signing.
type request struct {
	op     string     // for errors: "create invoice"
	method string     // GET, POST, PUT, DELETE
	path   string     // "/v1/invoices/", always ending in "/"; escaped (ids through url.PathEscape)
	params any        // encoded into the signed payload; nil for none
	query  url.Values // GET filters, also carried inside params
	ref    string     // the dedupe reference the params carry, if any
	// idempotent marks a POST that changes nothing (confirmations lookups).
	idempotent bool
}

// do signs and sends r and decodes the JSON body into out (when non-nil).
// Each attempt gets a fresh nonce: the parameters are encoded once and each
// attempt appends its nonce and signs again.
func (c *Client) do(ctx context.Context, r request, out any) error {
	// r.path is escaped (ids go in through url.PathEscape) and is sent as
	// is; the signed "request" is the path the server decodes from it.
	reqPath, err := url.PathUnescape(r.path)
	if err != nil {
		return &payments.ValidationError{Field: "path", Reason: "is not a valid escaped URL path"}
	}
	base, err := payloadBase(r.params, reqPath) // encoded once; fails before any request
	if err != nil {
		return err
	}
	hreq := &httpcore.Request{
		Operation:  r.op,
		Method:     r.method,
		Path:       r.path,
		Query:      r.query,
		Reference:  r.ref,
		Idempotent: r.idempotent,
		Sign: func(hr *http.Request) error {
			c.signer.SignRequest(hr, withNonce(base, c.nonce()))
			return nil
		},
	}
	return c.http.DoJSON(ctx, hreq, out)
}

// result decodes {"result": <T>}; the object's Raw is a slice of the body.
func result[T any](ctx context.Context, c *Client, r request) (*T, error) {
	var env envelope[T]
	if err := c.do(ctx, r, &env); err != nil {
		return nil, err
	}
	return env.object()
}

// getObject sends GET <collection><id>/ and decodes {"result": <T>}; an
// empty or unsafe id is refused before any request.
func getObject[T any](ctx context.Context, c *Client, op, collection, id string) (*T, error) {
	path, err := objectPath(collection, id)
	if err != nil {
		return nil, err
	}
	return result[T](ctx, c, request{op: op, method: "GET", path: path})
}

// updateObject checks the id and p, then sends PUT <collection><id>/ with p
// and decodes {"result": <T>}.
func updateObject[T any](ctx context.Context, c *Client, op, collection, id string, p interface{ validate() error }) (*T, error) {
	path, err := objectPath(collection, id)
	if err != nil {
		return nil, err
	}
	if err := p.validate(); err != nil {
		return nil, err
	}
	return result[T](ctx, c, request{op: op, method: "PUT", path: path, params: p})
}

// resultList decodes {"result": [<T>…]}.
func resultList[T any](ctx context.Context, c *Client, r request) ([]T, error) {
	env := envelope[T]{list: true}
	if err := c.do(ctx, r, &env); err != nil {
		return nil, err
	}
	if env.items == nil {
		env.items = []T{}
	}
	return env.items, nil
}
