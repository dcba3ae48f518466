package cryptochill

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/coinsdk/coinsdk/internal/apicall"
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

	// The client keeps no secret, and not the Config either: fmt's bad-verb
	// path (%!s(…) of a Client value) prints fields without their methods.
	// The signer (in the pipeline) and the webhook service hold the secrets,
	// as redact.Secret, which no printing path reveals.
	key       redact.Secret // the API key, printed masked
	profileID string        // the adapter's default profile
	pipe      *apicall.Pipeline
	limit     int64            // the webhook body cap
	now       func() time.Time // the clock (option.WithClock)

	// common is the one value every service is a view of (go-github's
	// pattern): the services are (*XService)(&c.common), so they share the
	// client without a copy each.
	common service
}

// service is the base every API service shares: its client. Services print
// as an address (they hold no secret themselves, and the client prints
// without its own).
type service struct{ client *Client }

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
	o, hc, err := httpcore.Open(httpcore.Config{Provider: ProviderName, DecodeError: decodeError, Refused: nonceRefused}, ProductionBaseURL, opts)
	if err != nil {
		return nil, err
	}
	next := o.NonceSource
	if next == nil {
		next = nonce.NewSource(o.Clock).Next
	}
	c := &Client{key: redact.NewSecret(cfg.APIKey), profileID: cfg.ProfileID, limit: o.WebhookBodyLimit, now: o.Clock}
	if c.now == nil {
		c.now = time.Now
	}
	c.pipe = &apicall.Pipeline{
		HTTP:     hc,
		Provider: ProviderName,
		Encode:   encoder(NewSigner(cfg.APIKey, cfg.APISecret), next),
		Unwrap:   unwrap,
		Decode:   decodeInto,
	}
	c.common.client = c
	c.Invoices = (*InvoicesService)(&c.common)
	c.Transactions = (*TransactionsService)(&c.common)
	c.Payouts = (*PayoutsService)(&c.common)
	c.Conversions = (*ConversionsService)(&c.common)
	c.Profiles = (*ProfilesService)(&c.common)
	c.Wallets = (*WalletsService)(&c.common)
	c.AutomaticPayouts = (*AutomaticPayoutsService)(&c.common)
	c.AutomaticConversions = (*AutomaticConversionsService)(&c.common)
	c.ExchangeRates = (*ExchangeRatesService)(&c.common)
	c.Account = (*AccountService)(&c.common)
	c.Webhooks = newWebhooksService(c, &cfg)
	return c, nil
}

// BaseURL is the API host the client sends to, without userinfo.
func (c *Client) BaseURL() string { return c.pipe.HTTP.BaseURL() }

// Format prints the client without its secrets, for every verb; a nil or
// zero Client prints its name only.
func (c *Client) Format(f fmt.State, _ rune) {
	if c == nil || c.pipe == nil {
		redact.Format(f, "cryptochill.Client")
		return
	}
	redact.Format(f, "cryptochill.Client", "baseURL", c.BaseURL(), "APIKey", redact.Key(c.key.Reveal()))
}

// objectPath builds "<collection><id>/" with the id escaped once as one path
// segment ("a b/c" → "a%20b%2Fc"); ids with a "." or ".." step are refused.
func objectPath(collection, id string) (string, error) {
	seg, err := httpcore.PathSegment("id", id)
	if err != nil {
		return "", err
	}
	return collection + seg + "/", nil
}

// get reads one object: GET <collection><id>/, the id refused before any
// request when empty or unsafe.
func get[T any](ctx context.Context, c *Client, op, collection, id string) (*T, error) {
	path, err := objectPath(collection, id)
	if err != nil {
		return nil, err
	}
	return apicall.Object[T](ctx, c.pipe, &apicall.Call{Op: op, Method: http.MethodGet, Path: path})
}

// list reads an unpaged list: GET <path>.
func list[T any](ctx context.Context, c *Client, op, path string) ([]T, error) {
	items, _, err := apicall.List[T](ctx, c.pipe, &apicall.Call{Op: op, Method: http.MethodGet, Path: path})
	return items, err
}

// create checks p, then sends POST <collection> with p. Only for objects
// created without a dedupe reference: such a create is never retried.
func create[T any](ctx context.Context, c *Client, op, collection string, p interface{ validate() error }) (*T, error) {
	if err := p.validate(); err != nil {
		return nil, err
	}
	return apicall.Object[T](ctx, c.pipe, &apicall.Call{Op: op, Method: http.MethodPost, Path: collection, Body: p})
}

// update checks the id and p, then sends PUT <collection><id>/ with p.
func update[T any](ctx context.Context, c *Client, op, collection, id string, p interface{ validate() error }) (*T, error) {
	path, err := objectPath(collection, id)
	if err != nil {
		return nil, err
	}
	if err := p.validate(); err != nil {
		return nil, err
	}
	return apicall.Object[T](ctx, c.pipe, &apicall.Call{Op: op, Method: http.MethodPut, Path: path, Body: p})
}

// del sends DELETE <collection><id>/ and ignores the answer: the API
// documents none, so a 204, or a 200 with any body, is success.
func del(ctx context.Context, c *Client, op, collection, id string) error {
	path, err := objectPath(collection, id)
	if err != nil {
		return err
	}
	_, err = c.pipe.Send(ctx, &apicall.Call{Op: op, Method: http.MethodDelete, Path: path})
	return err
}
