package cryptoprocessing

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/coinsdk/coinsdk/internal/decjson"
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

	cfg     *Config // without secrets (see New); behind a pointer, as fmt's bad-verb path prints a pointed-to struct's value fields
	secrets []redact.Secret
	http    *httpcore.Client
	signer  *Signer
	opts    option.Settings
}

// New returns a Client for the account in cfg, talking to ProductionBaseURL
// unless an option says otherwise. It fails with a *payments.ValidationError
// when the key or secret is missing or the base URL is not an absolute
// http(s) URL; it makes no request.
func New(cfg Config, opts ...option.Option) (*Client, error) {
	if strings.TrimSpace(cfg.APIKey) == "" {
		return nil, &payments.ValidationError{Field: "APIKey", Reason: "is required"}
	}
	if cfg.APISecret == "" {
		return nil, &payments.ValidationError{Field: "APISecret", Reason: "is required"}
	}
	o := option.Apply(option.Settings{BaseURL: ProductionBaseURL, UserAgent: "coinsdk-go/cryptoprocessing"}, opts...)
	hc, err := httpcore.New(httpcore.Config{Settings: o, Provider: ProviderName, DecodeError: decodeError})
	if err != nil {
		return nil, err
	}
	// Printable fields never hold the base URL's userinfo.
	o.BaseURL = hc.BaseURL()
	c := &Client{cfg: &cfg, http: hc, signer: NewSigner(cfg.APIKey, cfg.APISecret), opts: o}
	c.Accounts = &AccountsService{c}
	c.Currencies = &CurrenciesService{c}
	c.Addresses = &AddressesService{c}
	c.Withdrawals = &WithdrawalsService{c}
	c.Exchange = &ExchangeService{c}
	c.Invoices = &InvoicesService{c}
	c.Transactions = &TransactionsService{c}
	c.Webhooks = &WebhooksService{c: c}
	// The secrets live only as redact.Secret (in the signer and for callback
	// verification), which no printing path reveals: fmt prints unexported
	// fields by reflection, and its bad-verb path (%!s(…)) walks pointed-to
	// structs, so a Format method on each type would not be enough.
	c.secrets = redact.Secrets(append([]string{cfg.APISecret}, cfg.PreviousAPISecrets...)...)
	c.cfg.APISecret, c.cfg.PreviousAPISecrets = "", nil
	return c, nil
}

// BaseURL returns the API base URL the client talks to, without credentials.
func (c *Client) BaseURL() string { return c.http.BaseURL() }

// Format prints the client without its secrets, for every verb.
func (c Client) Format(f fmt.State, _ rune) {
	redact.Format(f, "cryptoprocessing.Client", "baseURL", c.http.BaseURL(), "APIKey", redact.Key(c.cfg.APIKey))
}

// Ping checks that the API is up. It is not authenticated, so it says
// nothing about the credentials.
// GET ping
func (c *Client) Ping(ctx context.Context) error {
	resp, err := c.http.Do(ctx, &httpcore.Request{Operation: "ping", Method: http.MethodGet, Path: "ping"})
	if err != nil {
		return err
	}
	if got := strings.TrimSpace(string(resp.Body)); got != "OK" {
		return &payments.APIError{Provider: ProviderName, StatusCode: resp.StatusCode,
			Message: "ping answered " + httpcore.Truncate(got, 80) + ", want OK", Raw: resp.Body, Kind: payments.ErrMalformed}
	}
	return nil
}

// call is one API call before encoding.
type call struct {
	op     string // for errors: "create withdrawal"
	method string // POST, or GET for transactions/info
	path   string // relative to the base URL: "withdrawal/crypto"
	params any    // encoded once as the JSON body; nil sends {}
	ref    string // the foreign_id the body carries when the call moves money or creates an object
	// idempotent marks a POST that is harmless to repeat (a read, or a
	// deposit address for a customer): retried like a GET.
	idempotent bool
}

// encodeBody marshals params once: those bytes are signed and sent on every
// attempt, so a retry can never carry a different body than the one signed.
func encodeBody(params any) ([]byte, error) {
	if params == nil {
		return emptyBody, nil
	}
	b, err := json.Marshal(params)
	if err != nil {
		return nil, fmt.Errorf("cryptoprocessing: encoding request: %w", err)
	}
	if len(b) < 2 || b[0] != '{' {
		return nil, fmt.Errorf("cryptoprocessing: request body must be a JSON object")
	}
	return b, nil
}

// doJSON signs and sends k and decodes the whole JSON answer into out.
func (c *Client) doJSON(ctx context.Context, k call, out any) error {
	body, err := encodeBody(k.params)
	if err != nil {
		return err
	}
	req := &httpcore.Request{
		Operation:  k.op,
		Method:     k.method,
		Path:       k.path,
		Body:       body,
		Reference:  k.ref,
		Idempotent: k.idempotent,
		Sign: func(r *http.Request) error {
			c.signer.SignRequest(r, body)
			return nil
		},
	}
	return c.http.DoJSON(ctx, req, out)
}

// data sends k and decodes the object in {"data": …}, the envelope of every
// answer but ping and transactions/info. The object is decoded once, from
// the bytes kept as its Raw.
func data[T any](ctx context.Context, c *Client, k call) (*T, error) {
	raw, err := dataOf(ctx, c, k, '{', "response has no data object")
	if err != nil {
		return nil, err
	}
	v := new(T)
	if err := decodeInto(raw, v); err != nil {
		return nil, malformed(k, raw, "undecodable data: "+err.Error())
	}
	return v, nil
}

// dataList sends k and decodes the array in {"data": […]}: one
// json.Unmarshal of the whole array into wires (as the floor does into its
// structs), then each model is made from its wire with its Raw a slice of
// the body (decjson.Elements finds the spans without allocating). Decoding
// element by element cost 1.4× the allocations of one pass.
func dataList[M, W any, PW wire[W, M]](ctx context.Context, c *Client, k call) ([]M, error) {
	raw, err := dataOf(ctx, c, k, '[', "response has no data list")
	if err != nil {
		return nil, err
	}
	var ws []W
	if err := json.Unmarshal(raw, &ws); err != nil {
		return nil, malformed(k, raw, "undecodable data: "+err.Error())
	}
	items := make([]M, len(ws))
	i := 0
	err = decjson.Elements(raw, func(elem []byte) error {
		if i >= len(ws) {
			return errors.New("more elements than decoded")
		}
		items[i] = PW(&ws[i]).model(elem)
		i++
		return nil
	})
	if err == nil && i != len(ws) {
		err = errors.New("fewer elements than decoded")
	}
	if err != nil {
		return nil, malformed(k, raw, "undecodable data: "+err.Error())
	}
	return items, nil
}

// dataOf sends k and returns the bytes of "data" in the answer, which must
// start with open ('{' or '[').
func dataOf(ctx context.Context, c *Client, k call, open byte, missing string) ([]byte, error) {
	var body bodyOf
	if err := c.doJSON(ctx, k, &body); err != nil {
		return nil, err
	}
	raw, err := member(body.b, "data")
	if err != nil {
		return nil, malformed(k, body.b, "undecodable response: "+err.Error())
	}
	if len(raw) == 0 || raw[0] != open {
		return nil, malformed(k, raw, missing)
	}
	return raw, nil
}

// malformed reports a 2xx answer that could not be read. For a call that
// moves money or creates an object (it carries a foreign_id) the work was
// done but its result is unknown, so the error is an unknown outcome that
// carries the reference to look it up by.
func malformed(k call, raw []byte, msg string) error {
	apiErr := &payments.APIError{Provider: ProviderName, StatusCode: http.StatusOK, Message: msg, Raw: raw, Kind: payments.ErrMalformed}
	if k.ref == "" {
		return apiErr
	}
	return &payments.UnknownOutcomeError{Provider: ProviderName, Operation: k.op, Reference: k.ref, Err: apiErr}
}
