package gateway

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/credential"
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

	// common is the one base every service shares (go-github style): a
	// service is a *common under its own type.
	common service

	// Nothing below holds a secret in the clear, so no printing path
	// (fmt walks unexported fields by reflection) can show one: the key is
	// kept masked, the secret only inside the signer's redact.Secret, and
	// the base URL (which may carry userinfo) only in the core.
	keyHint      string
	pipe         *apicall.Pipeline
	signer       *Signer
	clock        func() time.Time
	webhookLimit int64
}

// service is what every service is: the client it calls through.
type service struct{ client *Client }

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
	if strings.ContainsRune(cfg.APIKey, ':') {
		return nil, &payments.ValidationError{Field: "APIKey", Reason: "must not contain ':' (HTTP Basic auth username)"}
	}
	if err := credential.Check(cfg.APIKey, cfg.APISecret); err != nil {
		return nil, err
	}
	if cfg.AcceptUnsignedWebhooks && (cfg.WebhookSecret != "" || len(cfg.PreviousWebhookSecrets) > 0) {
		// A store with a webhook secret signs every webhook, so an unsigned
		// one can only be a forgery (or a stripped header): accepting it
		// would let anyone who knows an id make the handler act on a body
		// the service never sent.
		return nil, &payments.ValidationError{Field: "AcceptUnsignedWebhooks",
			Reason: "must not be set together with a webhook secret: a store with a secret signs every webhook, so an unsigned one is forged"}
	}
	// No default host: a blank base URL gets the white-label explanation
	// rather than the core's generic refusal of it.
	o, hc, err := httpcore.Open(httpcore.Config{Provider: ProviderName, DecodeError: decodeError}, "", opts)
	if strings.TrimSpace(o.BaseURL) == "" {
		return nil, &payments.ValidationError{Field: "BaseURL",
			Reason: "is required (the API is white-label): option.WithBaseURL(gateway.BucksBusBaseURL), gateway.BucksBusTestBaseURL or your operator's https://api.<name>/int"}
	}
	if err != nil {
		return nil, err
	}
	signer := NewSigner(cfg.APIKey, cfg.APISecret)
	c := &Client{keyHint: redact.Key(cfg.APIKey), signer: signer, clock: o.Clock, webhookLimit: o.WebhookBodyLimit,
		pipe: &apicall.Pipeline{HTTP: hc, Provider: ProviderName, Encode: signer.encode, Unwrap: unwrap, Decode: decodeModel}}
	c.common.client = c
	c.Assets = (*AssetsService)(&c.common)
	c.Accounts = (*AccountsService)(&c.common)
	c.Conversions = (*ConversionsService)(&c.common)
	c.Payments = (*PaymentsService)(&c.common)
	c.Withdrawals = (*WithdrawalsService)(&c.common)
	c.Dedicated = (*DedicatedService)(&c.common)
	c.Transfers = (*TransfersService)(&c.common)
	c.Webhooks = newWebhooksService(c, cfg)
	return c, nil
}

// BaseURL returns the API base URL the client talks to, without credentials.
func (c *Client) BaseURL() string { return c.pipe.HTTP.BaseURL() }

// Format prints the client without its secrets, for every verb.
func (c *Client) Format(f fmt.State, _ rune) {
	redact.Format(f, "gateway.Client", "baseURL", c.BaseURL(), "APIKey", c.keyHint)
}

// now is the client's clock.
func (c *Client) now() time.Time {
	if c.clock != nil {
		return c.clock()
	}
	return time.Now()
}

// read sends k, a call that changes nothing (or nothing a repeat would
// change again), and decodes its answer, one object, into a T.
func read[T any](ctx context.Context, c *Client, k *apicall.Call) (*T, error) {
	v, err := apicall.Object[T](ctx, c.pipe, k)
	if err != nil {
		return nil, ended(ctx, err)
	}
	return v, nil
}

// list sends k and decodes its answer, a JSON array (null for none), into
// a slice, each element once.
func list[T any](ctx context.Context, c *Client, k *apicall.Call) ([]T, error) {
	items, _, err := apicall.List[T](ctx, c.pipe, k)
	if err != nil {
		return nil, ended(ctx, err)
	}
	return items, nil
}

// create sends k, a call that creates an object or moves money, exactly
// once, and settles its answer with s (see settle.go).
//
// The API has no idempotency key, so k is never retried: the pipeline gets
// it without its Reference (httpcore retries a state-changing call that
// carries one, since the provider would deduplicate it; this one cannot),
// and any answer that leaves the outcome open (a 5xx, a timeout or a reset
// after sending, an unreadable 2xx) is an unknown outcome that carries
// k.Reference and the object's id when the answer named it. Settlement then
// compares the answer with what was asked and, where the object can be
// looked up by reference (payments), looks it up.
func create[T any](ctx context.Context, c *Client, k *apicall.Call, s apicall.Settlement[T]) (*T, error) {
	if ctx == nil {
		return nil, &payments.ValidationError{Field: "ctx", Reason: "is nil"}
	}
	if err := ctx.Err(); err != nil {
		// Ended before anything was sent: nothing can have happened, so a
		// create is not an unknown outcome.
		return nil, fmt.Errorf("%s: %s: not sent: %w", ProviderName, k.Op, err)
	}
	once := *k
	once.Reference = ""
	v, err := apicall.Object[T](ctx, c.pipe, &once)
	if err != nil {
		err = outcome(k, err)
	}
	out, err := apicall.Settle(ctx, c.pipe, k, s, v, err)
	if err == nil {
		return out, nil
	}
	var uo *payments.UnknownOutcomeError
	if errors.As(err, &uo) {
		if uo.ID == "" && v != nil {
			// The answer to a POST here is always the object that POST made
			// (the service deduplicates nothing, so it cannot be an older
			// one), whatever it carries: its id is what lets the merchant
			// read it back or name it to support.
			uo.ID = s.ID(v)
		}
		if k.Path == "withdraw" {
			err = &WithdrawalUnknownError{UnknownOutcomeError: uo}
		}
	}
	return nil, ended(ctx, err)
}

// ended makes an error of a call the context ended match the context's
// error too: the core gives up a retry's backoff when the context ends and
// returns the last answer's error (a 503), which alone would not say that
// the caller's context, not the provider, ended the call.
func ended(ctx context.Context, err error) error {
	if ctx == nil {
		return err
	}
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

// outcome puts the merchant reference, and the object's id when the answer
// (a 500's body, an undecodable 2xx) named it, on the unknown-outcome error
// of a create.
func outcome(k *apicall.Call, err error) error {
	var uo *payments.UnknownOutcomeError
	if !errors.As(err, &uo) {
		return err
	}
	if uo.Reference == "" {
		uo.Reference = k.Reference
	}
	if api := (*payments.APIError)(nil); uo.ID == "" && errors.As(uo.Err, &api) {
		uo.ID = idIn(api.Raw, idKeys[k.Path])
	}
	return err
}

// pathID validates an id and escapes it once as one path segment.
func pathID(field, id string) (string, error) {
	if len(id) > 128 {
		return "", &payments.ValidationError{Field: field, Reason: "is longer than 128 characters"}
	}
	return httpcore.PathSegment(field, id)
}
