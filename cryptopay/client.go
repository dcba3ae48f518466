package cryptopay

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"time"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/credential"
	"github.com/coinsdk/coinsdk/internal/httpcore"
	"github.com/coinsdk/coinsdk/internal/pager"
	"github.com/coinsdk/coinsdk/internal/redact"
	"github.com/coinsdk/coinsdk/option"
	"github.com/google/uuid"
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
	if err := credential.Check(cfg.APIKey, cfg.APISecret); err != nil {
		return nil, err
	}
	o, hc, err := httpcore.Open(httpcore.Config{Provider: ProviderName, DecodeError: decodeError}, ProductionBaseURL, opts)
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

// ListMeta is the page information of a list answer.
type ListMeta struct {
	// Total is the number of objects over all pages.
	Total int `json:"total"`
	// HasMore reports whether another page follows (fetch it with
	// starting_after = the last item's id).
	HasMore bool `json:"has_more"`
}

// Page is one page of a list.
type Page[T any] struct {
	// Items are the page's objects, in the API's order.
	Items []T
	// Meta says whether more follow.
	Meta ListMeta
}

// page sends k, a list call, and returns its page: the items decoded once
// each by apicall.List, and the meta unwrap found.
func page[T any](ctx context.Context, c *Client, k *apicall.Call) (*Page[T], error) {
	items, meta, err := apicall.List[T](ctx, c.pipe, k)
	if err != nil {
		return nil, err
	}
	p := &Page[T]{Items: items}
	if meta != nil {
		if err := json.Unmarshal(meta, &p.Meta); err != nil {
			return nil, c.pipe.Malformed(k, meta, "undecodable meta: "+err.Error())
		}
	}
	return p, nil
}

// byID reads one object by the id (or custom_id) in its last path segment:
// the id is checked before any request (requireID) and escaped (segment).
// It is every Get and FindByReference of the package.
func byID[T any](ctx context.Context, c *Client, op, field, prefix, id string) (*T, error) {
	if err := requireID(field, id); err != nil {
		return nil, err
	}
	return apicall.Object[T](ctx, c.pipe, &apicall.Call{Op: op, Method: http.MethodGet, Path: prefix + segment(id)})
}

// referenced is a create's parameters: checked before sending, and sent
// with a custom_id that makes the create safe to retry.
type referenced[P any] interface {
	*P
	Validate() error
	reference() *string
}

// create validates p and posts a copy of it to path with its custom_id
// filled in with a UUID when empty (p is not changed), so the create is
// retried safely on timeouts and 5xx answers; settle resolves a reused
// custom_id or an unknown outcome on the copy that was sent. The creates
// of invoices, channels and subscriptions differ only in these.
func create[T, P any, PP referenced[P]](ctx context.Context, c *Client, op, path string, p PP, settle func(PP) apicall.Settlement[T]) (*T, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	q := PP(new(P))
	*q = *p
	if ref := q.reference(); *ref == "" {
		*ref = uuid.NewString()
	}
	return apicall.Create(ctx, c.pipe, &apicall.Call{Op: op, Method: http.MethodPost, Path: path, Body: q, Reference: *q.reference()}, settle(q))
}

// pages returns the fetch of one page of the list at path, for List and
// for listAll's walk.
func pages[T any](c *Client, op, path string) func(context.Context, url.Values) (*Page[T], error) {
	return func(ctx context.Context, q url.Values) (*Page[T], error) {
		return page[T](ctx, c, &apicall.Call{Op: op, Method: http.MethodGet, Path: path, Query: q})
	}
}

// identified is a model with an id, the cursor of the next page.
type identified interface{ cursor() string }

// listAll walks every page from q's starting_after on (internal/pager's
// cursor walk): the next page is asked with starting_after = the last
// item's id while meta.has_more. It stops with an error matching
// payments.ErrMalformed when a cursor comes back a second time (a server
// answering the same page again) and after pager.MaxPages pages; a page that
// claims more but is empty ends the walk.
func listAll[T identified](ctx context.Context, first url.Values, fetch func(ctx context.Context, q url.Values) (*Page[T], error)) iter.Seq2[T, error] {
	q := url.Values{}
	for k, v := range first {
		q[k] = append([]string(nil), v...)
	}
	start := q.Get("starting_after")
	return pager.Cursor(ctx, start, func(ctx context.Context, cursor string) ([]T, string, bool, error) {
		page := url.Values{}
		for k, v := range q {
			page[k] = v
		}
		if cursor != "" {
			page.Set("starting_after", cursor)
		}
		p, err := fetch(ctx, page)
		if err != nil {
			return nil, "", false, err
		}
		next := ""
		if n := len(p.Items); n > 0 {
			next = p.Items[n-1].cursor()
		}
		return p.Items, next, p.Meta.HasMore, nil
	})
}

// values builds a query from name/value pairs, skipping empty values.
func values(kv ...string) url.Values {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			q.Set(kv[i], kv[i+1])
		}
	}
	return q
}
