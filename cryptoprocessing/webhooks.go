package cryptoprocessing

import (
	"bytes"
	"context"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/coinsdk/coinsdk/internal/hmacsig"
	"github.com/coinsdk/coinsdk/internal/webhookbody"
	"github.com/coinsdk/coinsdk/payments"
)

// SignatureCovers says what a callback's signature covers. CryptoProcessing
// signs the whole raw body, so every field of a verified callback is the
// provider's word.
const SignatureCovers = "the whole body: X-Processing-Signature is the HMAC-SHA512 of the raw body under the API secret"

// refreshedCovers says where a refreshed event's content comes from.
const refreshedCovers = "the whole object: fetched from transactions/info over a signed request"

// WebhooksService verifies and parses callbacks.
type WebhooksService struct{ c *Client }

// Event is a verified callback: a deposit, deposit_exchange, withdrawal,
// withdrawal_exchange, exchange or invoice in a new status.
//
// Callbacks are delivered at least once and retried for about a day until
// answered 200, and a transaction usually reports not_confirmed then
// confirmed: process each DedupeKey once.
type Event struct {
	// Transaction is the callback's content (the shape transactions/info returns).
	Transaction Transaction `json:"transaction"`
	// BodyAuthenticated is true: the signature covers the whole body.
	BodyAuthenticated bool `json:"body_authenticated"`
	// SignatureCovers says what the signature covers, for logs and audits.
	SignatureCovers string `json:"signature_covers"`
	// ReceivedAt is when the event was parsed (or refreshed).
	ReceivedAt time.Time `json:"received_at"`
	// Raw is the body exactly as received (or as fetched, after Refresh).
	Raw json.RawMessage `json:"raw,omitempty"`
}

// DedupeKey identifies the event across redeliveries: the transaction id
// and its status ("2686563:confirmed").
func (e *Event) DedupeKey() string { return e.Transaction.ID + ":" + e.Transaction.Status }

// Parse reads a callback request's body through a size cap (1 MiB unless
// WithWebhookBodyLimit says otherwise), checks X-Processing-Key when
// present, verifies X-Processing-Signature over the raw bytes in constant
// time against the API secret and any PreviousAPISecrets, and only then
// decodes the body. Errors match payments.ErrPayloadTooLarge,
// payments.ErrInvalidSignature or payments.ErrMalformed; none carries a
// secret or the signature. Answer 200 once the event is stored: the
// provider retries anything else.
func (s *WebhooksService) Parse(r *http.Request) (*Event, error) {
	body, err := webhookbody.Read(r, ProviderName, s.limit())
	if err != nil {
		return nil, err
	}
	// The key is public, but a callback carrying another account's key was
	// not meant for this endpoint (or this Client is misconfigured).
	if key := r.Header.Get(HeaderKey); key != "" && subtle.ConstantTimeCompare([]byte(key), []byte(s.c.cfg.APIKey)) != 1 {
		return nil, fmt.Errorf("%s webhook: %w: %s is not this account's key", ProviderName, payments.ErrInvalidSignature, HeaderKey)
	}
	return s.ParseBody(body, r.Header.Get(HeaderSignature))
}

// ParseBody is Parse for a body already read (by a framework, a queue) and
// the X-Processing-Signature header's value. body must be the exact bytes
// received.
func (s *WebhooksService) ParseBody(body []byte, signature string) (*Event, error) {
	if limit := s.limit(); int64(len(body)) > limit {
		return nil, fmt.Errorf("%s webhook: %w: %d bytes over the %d-byte cap", ProviderName, payments.ErrPayloadTooLarge, len(body), limit)
	}
	if len(body) == 0 {
		return nil, fmt.Errorf("%s webhook: %w: empty body", ProviderName, payments.ErrMalformed)
	}
	if strings.TrimSpace(signature) == "" {
		return nil, fmt.Errorf("%s webhook: %w: no %s header", ProviderName, payments.ErrInvalidSignature, HeaderSignature)
	}
	if !hmacsig.VerifyAny(sha512.New, s.secrets(), body, signature) {
		return nil, fmt.Errorf("%s webhook: %w: %s does not match the body", ProviderName, payments.ErrInvalidSignature, HeaderSignature)
	}
	var tx Transaction
	if err := decjson.Unmarshal(body, &tx); err != nil {
		return nil, fmt.Errorf("%s webhook: %w: %w", ProviderName, payments.ErrMalformed, err)
	}
	if tx.ID == "" || tx.Type == "" || tx.Status == "" {
		return nil, fmt.Errorf("%s webhook: %w: callback has no id, type or status", ProviderName, payments.ErrMalformed)
	}
	return &Event{Transaction: tx, BodyAuthenticated: true, SignatureCovers: SignatureCovers,
		ReceivedAt: s.now(), Raw: bytes.Clone(body)}, nil
}

// Refresh fetches the event's transaction from the API (transactions/info by
// id) and returns an event with that state. Callbacks are fully signed, so
// this is not needed to trust one; it is for reconciling, or when a
// callback may be stale.
// GET transactions/info {"id": …}
func (s *WebhooksService) Refresh(ctx context.Context, ev *Event) (*Event, error) {
	if ev == nil || ev.Transaction.ID == "" {
		return nil, &payments.ValidationError{Field: "id", Reason: "the event has no transaction id"}
	}
	tx, err := s.c.Transactions.ByID(ctx, ev.Transaction.ID)
	if err != nil {
		return nil, err
	}
	return &Event{Transaction: *tx, BodyAuthenticated: true, SignatureCovers: refreshedCovers,
		ReceivedAt: s.now(), Raw: tx.Raw}, nil
}

// secrets lists the keys a callback may be signed with: the current secret
// first, then the previous ones still accepted during a rotation.
func (s *WebhooksService) secrets() [][]byte {
	keys := make([][]byte, len(s.c.secrets))
	for i, k := range s.c.secrets {
		keys[i] = k.Bytes()
	}
	return keys
}

func (s *WebhooksService) limit() int64 {
	if s.c.opts.WebhookBodyLimit > 0 {
		return s.c.opts.WebhookBodyLimit
	}
	return webhookbody.DefaultLimit
}

func (s *WebhooksService) now() time.Time {
	if s.c.opts.Clock != nil {
		return s.c.opts.Clock()
	}
	return time.Now()
}
