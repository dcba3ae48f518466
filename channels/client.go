package channels

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/decjson"
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

	// Only what calls need is kept: the key as a redact.Secret (no printing
	// path reveals it), a four-character hint of it for Format, and the
	// settings without the base URL (whose userinfo could hold a password).
	apiKey  redact.Secret
	keyHint string
	http    *core
	extra   []CurrencyInfo
	clock   func() time.Time
}

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
	o := option.Apply(option.Settings{BaseURL: ProductionBaseURL, UserAgent: "coinsdk-go/channels"}, opts...)
	hc, err := httpcore.New(httpcore.Config{Settings: o, Provider: ProviderName, DecodeError: decodeError})
	if err != nil {
		return nil, err
	}
	c := &Client{
		apiKey:  redact.NewSecret(cfg.APIKey),
		keyHint: redact.Key(cfg.APIKey),
		http:    &core{hc},
		extra:   append([]CurrencyInfo(nil), cfg.ExtraCurrencies...),
		clock:   o.Clock,
	}
	if c.clock == nil {
		c.clock = time.Now
	}
	c.Channels = &ChannelsService{c}
	c.Transactions = &TransactionsService{c}
	c.Withdrawals = &WithdrawalsService{c}
	c.Invoices = &InvoicesService{c}
	c.Webhooks = newWebhooksService(c, redact.Secrets(append([]string{cfg.SecretKey}, cfg.PreviousSecretKeys...)...), o.WebhookBodyLimit)
	return c, nil
}

// BaseURL returns the API base URL the client talks to, without credentials.
func (c *Client) BaseURL() string { return c.http.BaseURL() }

// Format prints the client without its secrets, for every verb.
func (c *Client) Format(f fmt.State, _ rune) {
	redact.Format(f, "channels.Client", "baseURL", c.http.BaseURL(), "APIKey", c.keyHint)
}

// core holds the HTTP core one pointer further away: fmt's bad-verb path
// (%!s(…)) prints a pointed-to struct's fields, and httpcore.Client's
// settings hold the base URL (whose userinfo may be a password); two
// pointers deep it prints as an address.
type core struct{ *httpcore.Client }

// call is one API call before encoding.
type call struct {
	op     string // for errors: "create withdrawal"
	method string // GET or POST
	path   string // relative to the base URL: "/api/v2/withdrawal"
	body   any    // encoded once as the JSON body; nil sends none
	ref    string // the orderId the body carries, for calls that move money
	// idempotent marks a POST that is harmless to repeat (a customer's
	// channel address is the same every time): retried like a GET.
	idempotent bool
}

// send encodes k's body once (the same bytes go out on every attempt) and
// sends it with the API key.
func (c *Client) send(ctx context.Context, k call) (*httpcore.Response, error) {
	var body []byte
	if k.body != nil {
		b, err := json.Marshal(k.body)
		if err != nil {
			return nil, fmt.Errorf("%s: encoding %s: %w", ProviderName, k.op, err)
		}
		body = b
	}
	return c.http.Do(ctx, &httpcore.Request{
		Operation:  k.op,
		Method:     k.method,
		Path:       k.path,
		Body:       body,
		Reference:  k.ref,
		Idempotent: k.idempotent,
		Sign: func(r *http.Request) error {
			r.Header.Set(HeaderAPIKey, c.apiKey.Reveal())
			// The documentation asks for it on every request, reads included.
			if r.Header.Get("Content-Type") == "" {
				r.Header.Set("Content-Type", "application/json")
			}
			return nil
		},
	})
}

// Every answer is wrapped: {"success": true, "data": …}. The envelope is
// not decoded with encoding/json: decjson.Members finds its members in one
// pass that allocates nothing, so that "data" is decoded exactly once (by
// json.Unmarshal into the resource's wire type, whose amounts are guarded
// decjson types and whose strings are only strings) and the model's Raw is
// a slice of the body. Keys match as encoding/json matches them: in any
// case, the last occurrence winning.

// data sends k and returns the raw "data" member of the answer (a slice of
// the body: one copy of the bytes). A 2xx answer with "success": false is the API
// refusing the call; a body without "data" is returned whole (lenient: some
// answers are not published). top, when not nil, sees every other
// top-level member (the older wallet-address call puts qrCodeURL beside
// "data").
func (c *Client) data(ctx context.Context, k call, top func(key, value []byte)) (json.RawMessage, *httpcore.Response, error) {
	resp, err := c.send(ctx, k)
	if err != nil {
		return nil, nil, err
	}
	success, raw, err := envelopeMembers(resp.Body, top)
	if err != nil {
		return nil, resp, c.malformed(k, resp, "undecodable answer: "+err.Error())
	}
	if !success {
		e := decodeError(resp.StatusCode, resp.Header, resp.Body)
		e.Provider, e.StatusCode, e.Raw = ProviderName, resp.StatusCode, resp.Body
		if e.Kind == nil {
			e.Kind = payments.ErrInvalidRequest
		}
		return nil, resp, e
	}
	if len(raw) == 0 || decjson.IsNull(raw) {
		raw = bytes.TrimSpace(resp.Body)
	}
	return raw, resp, nil
}

// envelopeMembers reads an answer's "success" (true when absent or null) and
// "data" (nil when absent) in one pass over body, handing other members to
// top. It fails for a body that is not a JSON object or a "success" that is
// not a boolean.
func envelopeMembers(body []byte, top func(key, value []byte)) (success bool, data []byte, err error) {
	success = true
	err = decjson.Members(body, func(key, value []byte) error {
		switch {
		case bytes.EqualFold(key, []byte("success")):
			switch string(value) {
			case "true", "null":
				success = true
			case "false":
				success = false
			default:
				return errors.New(`"success" is not a boolean`)
			}
		case bytes.EqualFold(key, []byte("data")):
			data = value
		default:
			if top != nil {
				top(key, value)
			}
		}
		return nil
	})
	return success, data, err
}

// malformed reports a 2xx answer that could not be read. For a call that
// moves money (it carries an orderId) the work was done but its result is
// unknown, so the error is an unknown outcome carrying the orderId.
func (c *Client) malformed(k call, resp *httpcore.Response, msg string) error {
	apiErr := &payments.APIError{Provider: ProviderName, StatusCode: resp.StatusCode, Message: msg, Raw: resp.Body, Kind: payments.ErrMalformed}
	if k.ref == "" && (k.idempotent || k.method == http.MethodGet) {
		return apiErr
	}
	return &payments.UnknownOutcomeError{Provider: ProviderName, Operation: k.op, Reference: k.ref, Err: apiErr}
}

// transaction sends k and decodes the "data" transaction in one pass.
func (c *Client) transaction(ctx context.Context, k call) (*Transaction, error) {
	raw, resp, err := c.data(ctx, k, nil)
	if err != nil {
		return nil, err
	}
	if len(raw) == 0 || raw[0] != '{' {
		return nil, c.malformed(k, resp, "answer has no data object")
	}
	tx, err := decodeTransaction(raw)
	if err != nil {
		return nil, c.malformed(k, resp, "undecodable data: "+err.Error())
	}
	return tx, nil
}
