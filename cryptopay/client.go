package cryptopay

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

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
	// sit behind a pointer with the base URL removed.
	apiKey redact.Secret
	http   *httpcore.Client
	signer *Signer
	opts   *option.Settings
}

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
	c := &Client{apiKey: redact.NewSecret(cfg.APIKey), http: hc, signer: NewSigner(cfg.APIKey, cfg.APISecret), opts: &o}
	c.Accounts = &AccountsService{c}
	c.Channels = &ChannelsService{c}
	c.CoinWithdrawals = &CoinWithdrawalsService{c}
	c.Coins = &CoinsService{c}
	c.Customers = &CustomersService{c}
	c.ExchangeTransfers = &ExchangeTransfersService{c}
	c.Invoices = &InvoicesService{c}
	c.Rates = &RatesService{c}
	c.Subscriptions = &SubscriptionsService{c}
	c.Transactions = &TransactionsService{c}
	// The signer and the webhook service hold the secrets as redact.Secret,
	// which no printing path reveals; the Client keeps none of them.
	c.Webhooks = newWebhooksService(c, append([]string{cfg.CallbackSecret}, cfg.PreviousCallbackSecrets...))
	return c, nil
}

// BaseURL returns the API base URL the client talks to, without credentials.
func (c *Client) BaseURL() string { return c.http.BaseURL() }

// now is the client's clock.
func (c *Client) now() time.Time { return c.opts.Clock() }

// call is one API call before encoding.
type call struct {
	op     string     // for errors: "create invoice"
	method string     // GET, POST, PATCH
	path   string     // "/api/invoices"
	query  url.Values // list filters; signed as part of the path
	body   any        // encoded once as the JSON body; nil sends no body
	ref    string     // the custom_id the body carries, for creates
	// idempotent marks a POST that is harmless to repeat.
	idempotent bool
}

// encodeBody marshals params once: those bytes are hashed, signed and sent
// on every attempt.
func encodeBody(params any) ([]byte, error) {
	if params == nil {
		return nil, nil
	}
	b, err := json.Marshal(params)
	if err != nil {
		return nil, fmt.Errorf("cryptopay: encoding request: %w", err)
	}
	return b, nil
}

// do signs and sends k (a fresh Date and signature on every attempt) and
// decodes the JSON answer into out.
func (c *Client) do(ctx context.Context, k call, out any) error {
	if ctx == nil {
		return &payments.ValidationError{Field: "ctx", Reason: "is nil"}
	}
	body, err := encodeBody(k.body)
	if err != nil {
		return err
	}
	req := &httpcore.Request{
		Operation:  k.op,
		Method:     k.method,
		Path:       k.path,
		Query:      k.query,
		Body:       body,
		Reference:  k.ref,
		Idempotent: k.idempotent,
		Sign: func(r *http.Request) error {
			c.signer.SignRequest(r, body, c.now())
			return nil
		},
	}
	return c.http.DoJSON(ctx, req, out)
}

// rawSetter is a model that keeps the provider's JSON for itself.
type rawSetter interface{ setRaw(json.RawMessage) }

// object sends k and decodes the object in {"data": {…}}.
func object[T any](ctx context.Context, c *Client, k call) (*T, error) {
	var env bodyEnvelope
	if err := c.do(ctx, k, &env); err != nil {
		return nil, err
	}
	return decodeObject[T](k, env.data)
}

// objects sends k and decodes the list in {"data": […], "meta": {…}}.
func objects[T any](ctx context.Context, c *Client, k call) (*Page[T], error) {
	var env bodyEnvelope
	if err := c.do(ctx, k, &env); err != nil {
		return nil, err
	}
	elems, err := elements(env.data)
	if err != nil {
		return nil, malformed(k, env.data, "response has no data list")
	}
	items := make([]T, len(elems))
	for i, raw := range elems {
		if err := decodeInto(k, raw, &items[i]); err != nil {
			return nil, err
		}
	}
	return &Page[T]{Items: items, Meta: env.meta}, nil
}

// decodeObject decodes one object (a slice of the body, kept as its Raw).
func decodeObject[T any](k call, raw []byte) (*T, error) {
	v := new(T)
	if err := decodeInto(k, raw, v); err != nil {
		return nil, err
	}
	return v, nil
}

// decodeInto decodes one object into v once; numbers are guarded where
// they are decoded (see decode.go).
func decodeInto[T any](k call, raw []byte, v *T) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return malformed(k, raw, errNoData.Error())
	}
	// A model with a guarded decoder is handed its bytes directly: the
	// decoder's own json.Unmarshal checks them, so they are scanned once
	// less than through json.Unmarshal(raw, v).
	var err error
	if u, ok := any(v).(json.Unmarshaler); ok {
		err = u.UnmarshalJSON(raw)
	} else {
		err = json.Unmarshal(raw, v)
	}
	if err != nil {
		return malformed(k, raw, "undecodable data: "+err.Error())
	}
	if rs, ok := any(v).(rawSetter); ok {
		rs.setRaw(raw)
	}
	return nil
}

// malformed reports a 2xx answer that could not be read. For a create (it
// carries a custom_id) the work was done but its result is unknown.
func malformed(k call, raw []byte, msg string) error {
	apiErr := &payments.APIError{Provider: ProviderName, StatusCode: http.StatusOK, Message: msg, Raw: raw, Kind: payments.ErrMalformed}
	if k.ref == "" || k.method == http.MethodGet || k.idempotent {
		return apiErr
	}
	return &payments.UnknownOutcomeError{Provider: ProviderName, Operation: k.op, Reference: k.ref, Err: apiErr}
}

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
