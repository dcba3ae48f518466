package gateway

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/coinsdk/coinsdk/internal/httpcore"
	"github.com/coinsdk/coinsdk/internal/redact"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
)

// ProviderName names the gateway in errors and events.
const ProviderName = "gateway"

// Client is a Crypto Payment Gateway Integration API v10.2 client. Its
// services are grouped as fields, one per resource. A Client is safe for
// concurrent use: Basic auth carries no nonce or date, so any number of
// goroutines may share one.
type Client struct {
	// Assets: GET /assets.
	Assets *AssetsService
	// Accounts: GET /accounts (balances).
	Accounts *AccountsService
	// Conversions: POST /convert.
	Conversions *ConversionsService
	// Payments: POST /payment, GET /payments, GET /payment/{id}, GET /payment/{id}/txs.
	Payments *PaymentsService
	// Withdrawals: POST /withdraw, GET /withdraw/{id}.
	Withdrawals *WithdrawalsService
	// Dedicated: POST /dedicate, POST /dedicate/{id}/release (dedicated addresses).
	Dedicated *DedicatedService
	// Transfers: POST /transfer (between stores).
	Transfers *TransfersService
	// Webhooks verifies and parses webhooks.
	Webhooks *WebhooksService

	// Nothing below holds a secret in the clear, so no printing path
	// (fmt walks unexported fields by reflection) can show one: the key is
	// kept masked, the secret only inside the signer's redact.Secret, and
	// the base URL (which may carry userinfo) only in the core.
	keyHint      string
	http         *httpcore.Client
	signer       *Signer
	clock        func() time.Time
	webhookLimit int64
}

// New returns a Client for the store in cfg, talking to the operator named
// by option.WithBaseURL, which is required: the API is white-label (its
// documentation writes https://api.[service_name]/int), and a store's key
// and secret belong to one operator, so no host is a default. Pass
// BucksBusBaseURL, BucksBusTestBaseURL or your operator's
// https://api.<name>/int. New fails with a *payments.ValidationError when
// the key, the secret or the base URL is missing or unusable, or when
// AcceptUnsignedWebhooks is set together with a webhook secret; it makes
// no request.
func New(cfg Config, opts ...option.Option) (*Client, error) {
	if strings.TrimSpace(cfg.APIKey) == "" {
		return nil, &payments.ValidationError{Field: "APIKey", Reason: "is required"}
	}
	if strings.ContainsRune(cfg.APIKey, ':') {
		return nil, &payments.ValidationError{Field: "APIKey", Reason: "must not contain ':' (HTTP Basic auth username)"}
	}
	if cfg.APISecret == "" {
		return nil, &payments.ValidationError{Field: "APISecret", Reason: "is required"}
	}
	if cfg.AcceptUnsignedWebhooks && (cfg.WebhookSecret != "" || len(cfg.PreviousWebhookSecrets) > 0) {
		// A store with a webhook secret signs every webhook, so an unsigned
		// one can only be a forgery (or a stripped header): accepting it
		// would let anyone who knows an id make the handler act on a body
		// the service never sent.
		return nil, &payments.ValidationError{Field: "AcceptUnsignedWebhooks",
			Reason: "must not be set together with a webhook secret: a store with a secret signs every webhook, so an unsigned one is forged"}
	}
	o := option.Apply(option.Settings{UserAgent: "coinsdk-go/gateway"}, opts...)
	if strings.TrimSpace(o.BaseURL) == "" {
		return nil, &payments.ValidationError{Field: "BaseURL",
			Reason: "is required (the API is white-label): option.WithBaseURL(gateway.BucksBusBaseURL), gateway.BucksBusTestBaseURL or your operator's https://api.<name>/int"}
	}
	hc, err := httpcore.New(httpcore.Config{Settings: o, Provider: ProviderName, DecodeError: decodeError})
	if err != nil {
		return nil, err
	}
	c := &Client{keyHint: redact.Key(cfg.APIKey), http: hc, signer: NewSigner(cfg.APIKey, cfg.APISecret),
		clock: o.Clock, webhookLimit: o.WebhookBodyLimit}
	c.Assets = &AssetsService{c}
	c.Accounts = &AccountsService{c}
	c.Conversions = &ConversionsService{c}
	c.Payments = &PaymentsService{c}
	c.Withdrawals = &WithdrawalsService{c}
	c.Dedicated = &DedicatedService{c}
	c.Transfers = &TransfersService{c}
	c.Webhooks = newWebhooksService(c, cfg)
	return c, nil
}

// BaseURL returns the API base URL the client talks to, without credentials.
func (c *Client) BaseURL() string { return c.http.BaseURL() }

// Format prints the client without its secrets, for every verb.
func (c *Client) Format(f fmt.State, _ rune) {
	redact.Format(f, "gateway.Client", "baseURL", c.http.BaseURL(), "APIKey", c.keyHint)
}

// now is the client's clock.
func (c *Client) now() time.Time {
	if c.clock != nil {
		return c.clock()
	}
	return time.Now()
}

// call is one API call before encoding.
type call struct {
	op     string     // for errors: "create payment"
	method string     // GET or POST
	path   string     // relative to the base URL: "payment"
	query  url.Values // GET /payments filters
	body   any        // encoded once; nil sends no body
	// create marks a call that moves money or creates an object. The API has
	// no idempotency key, so such a call is sent exactly once: never retried,
	// and any answer that leaves its outcome open (a 5xx, a timeout, a reset,
	// an unreadable 2xx) is a *payments.UnknownOutcomeError carrying ref.
	create bool
	ref    string // the merchant reference the body carries in custom
	// read marks a POST that changes nothing (/convert): retried like a GET
	// and never an unknown outcome.
	read bool
}

// jsonHeader is sent on every request: the API wants Content-Type
// application/json on GETs too.
var jsonHeader = http.Header{"Content-Type": {"application/json"}}

// decoder is a model that decodes itself from its bytes in one pass,
// keeping them as Raw.
type decoder interface{ decode(b []byte) error }

// one sends k and decodes the answer, a JSON object, into a new T.
func one[T any, P interface {
	*T
	decoder
}](ctx context.Context, c *Client, k call) (*T, error) {
	out := new(T)
	if err := c.do(ctx, k, func(b []byte) error { return P(out).decode(b) }); err != nil {
		return nil, err
	}
	return out, nil
}

// list sends k and decodes the answer, a JSON array, element by element.
func list[T any, P interface {
	*T
	decoder
}](ctx context.Context, c *Client, k call) ([]T, error) {
	var out []T
	err := c.do(ctx, k, func(b []byte) error {
		out = out[:0]
		if decjson.IsNull(b) {
			return nil // an empty list written as null
		}
		return decjson.Elements(b, func(elem []byte) error {
			var v T
			if err := P(&v).decode(elem); err != nil {
				return err
			}
			out = append(out, v)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// do sends k and hands the answer's body, keys trimmed of stray spaces, to
// into (skipped when into is nil).
func (c *Client) do(ctx context.Context, k call, into func(body []byte) error) error {
	if ctx == nil {
		return &payments.ValidationError{Field: "ctx", Reason: "is nil"}
	}
	var body []byte
	if k.body != nil {
		b, err := json.Marshal(k.body)
		if err != nil {
			return fmt.Errorf("gateway: encoding %s: %w", k.op, err)
		}
		body = b
	}
	req := &httpcore.Request{
		Operation: k.op,
		Method:    k.method,
		Path:      k.path,
		Query:     k.query,
		Body:      body,
		Header:    jsonHeader,
		// Idempotent: a read sent as POST.
		Idempotent: k.read,
		// Reference stays empty on purpose: the core retries a state-changing
		// call that carries one (the provider deduplicates it), and this API
		// cannot deduplicate. Without it a create is sent once, and a 5xx or
		// a timeout after sending is an unknown outcome; the reference is put
		// on that error below.
		Sign: func(r *http.Request) error {
			c.signer.SignRequest(r)
			return nil
		},
	}
	if err := ctx.Err(); err != nil {
		// Ended before anything was sent: nothing can have happened, so a
		// create is not an unknown outcome.
		return fmt.Errorf("%s: %s: not sent: %w", ProviderName, k.op, err)
	}
	resp, err := c.http.Do(ctx, req)
	if err != nil {
		return ended(ctx, c.outcome(k, err))
	}
	if into == nil {
		return nil
	}
	if err := into(trimKeys(resp.Body)); err != nil {
		apiErr := &payments.APIError{Provider: ProviderName, StatusCode: resp.StatusCode,
			Message: "undecodable response: " + truncate(err.Error(), 200), Raw: resp.Body, Kind: payments.ErrMalformed}
		if k.create {
			return c.outcome(k, &payments.UnknownOutcomeError{Provider: ProviderName, Operation: k.op,
				ID: idIn(resp.Body, idKeys[k.path]), Err: apiErr})
		}
		return apiErr
	}
	return nil
}

// ended makes an error of a call the context ended match the context's
// error too: the core gives up a retry's backoff when the context ends and
// returns the last answer's error (a 503), which alone would not say that
// the caller's context, not the provider, ended the call.
func ended(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("%w (then the context ended: %w)", err, cerr)
	}
	return err
}

// idKeys names the id field of the object each create path answers with.
var idKeys = map[string]string{"payment": "payment_id", "withdraw": "withdraw_id", "dedicate": "dedicate_id", "transfer": "transfer_id"}

// idIn finds the string value of key in a body that could not be decoded
// (truncated, or a field of the wrong type): the answer still named the
// object, and that id is what lets the merchant settle the outcome.
func idIn(body []byte, key string) string {
	if key == "" {
		return ""
	}
	i := bytes.Index(body, []byte(`"`+key+`"`))
	if i < 0 {
		return ""
	}
	rest := bytes.TrimLeft(body[i+len(key)+2:], " \t\r\n")
	if len(rest) == 0 || rest[0] != ':' {
		return ""
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	if len(rest) == 0 || rest[0] != '"' {
		return ""
	}
	end := bytes.IndexByte(rest[1:], '"')
	if end < 1 || end > 128 || bytes.IndexByte(rest[1:end+1], '\\') >= 0 {
		return ""
	}
	return string(rest[1 : end+1])
}

// outcome puts the merchant reference on an unknown-outcome error of a
// create, and for a withdrawal says plainly that the SDK cannot resolve it.
func (c *Client) outcome(k call, err error) error {
	var uo *payments.UnknownOutcomeError
	if !errors.As(err, &uo) {
		return err
	}
	if uo.Reference == "" {
		uo.Reference = k.ref
	}
	if api := (*payments.APIError)(nil); uo.ID == "" && errors.As(uo.Err, &api) {
		uo.ID = idIn(api.Raw, idKeys[k.path]) // a 500 whose body still names the object
	}
	if k.path == "withdraw" {
		return &WithdrawalUnknownError{UnknownOutcomeError: uo}
	}
	return err
}

// mismatch reports a 2xx answer to a create that does not echo what was
// sent (another reference, another amount): the call did something, but not
// provably what was asked, so its outcome is unknown.
//
// id is the object's id as the answer named it: it goes on the error
// (UnknownOutcomeError.ID), so the merchant can read the object by it or
// give it to support.
func mismatch(k call, id string, raw []byte, what string) error {
	apiErr := &payments.APIError{Provider: ProviderName, StatusCode: http.StatusOK,
		Message: "answer does not echo the request: " + what, Raw: raw, Kind: payments.ErrMalformed}
	uo := &payments.UnknownOutcomeError{Provider: ProviderName, Operation: k.op, Reference: k.ref, ID: id, Err: apiErr}
	if k.path == "withdraw" {
		return &WithdrawalUnknownError{UnknownOutcomeError: uo}
	}
	return uo
}

// WithdrawalUnknownError is the unknown outcome of a withdrawal create (a
// 500, a timeout or a reset after the request went out). The SDK cannot
// resolve it: the API has no idempotency key, no withdrawal list and no
// lookup by a custom field, and the withdrawal id was never received. Do
// NOT resend the withdrawal: it may have been made (or may still be). Find
// it in the store's withdrawal history (dashboard or support) by the
// reference carried in custom, or wait for the service to cancel it.
//
// It matches payments.ErrUnknownOutcome with errors.Is, and errors.As
// reaches the *payments.UnknownOutcomeError inside.
type WithdrawalUnknownError struct {
	// UnknownOutcomeError carries the operation, the reference and the cause.
	*payments.UnknownOutcomeError
}

// Error says what is unknown and that the SDK cannot resolve it.
func (e *WithdrawalUnknownError) Error() string {
	msg := ProviderName + ": create withdrawal: outcome unknown and not resolvable by the SDK (the API has no lookup by reference); do not resend it"
	if e.ID != "" {
		msg += "; the answer named withdraw_id " + fmt.Sprintf("%q", truncate(e.ID, 100)) + ": read it with Withdrawals.Get"
	}
	if e.Reference != "" {
		msg += "; find it in the store's withdrawal history by custom " + ReferenceKey + " " + fmt.Sprintf("%q", e.Reference)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the *payments.UnknownOutcomeError.
func (e *WithdrawalUnknownError) Unwrap() error { return e.UnknownOutcomeError }

// pathID validates an id and escapes it once as one path segment.
func pathID(field, id string) (string, error) {
	if len(id) > 128 {
		return "", &payments.ValidationError{Field: field, Reason: "is longer than 128 characters"}
	}
	return httpcore.PathSegment(field, id)
}
