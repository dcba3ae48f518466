package cryptoprocessing

import (
	"context"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/coinsdk/coinsdk/internal/redact"
	"github.com/coinsdk/coinsdk/internal/webhookkit"
	"github.com/coinsdk/coinsdk/payments"
)

// SignatureCovers says what a callback's signature covers. CryptoProcessing
// signs the whole raw body, so every field of a verified callback is the
// provider's word.
const SignatureCovers = "the whole body: X-Processing-Signature is the HMAC-SHA512 of the raw body under the API secret"

// refreshedCovers says where a refreshed event's content comes from.
const refreshedCovers = "the whole object: fetched from transactions/info over a signed request"

// EventType is a callback's name: CryptoProcessing names a callback by its
// transaction's type.
type EventType string

// Event types (the transaction types of package-level Type constants).
const (
	// EventDeposit: a deposit to a customer's address.
	EventDeposit EventType = TypeDeposit
	// EventDepositExchange: a deposit converted on arrival.
	EventDepositExchange EventType = TypeDepositExchange
	// EventWithdrawal: a withdrawal.
	EventWithdrawal EventType = TypeWithdrawal
	// EventWithdrawalExchange: a withdrawal with exchange.
	EventWithdrawalExchange EventType = TypeWithdrawalExchange
	// EventExchange: an exchange between balances.
	EventExchange EventType = TypeExchange
	// EventInvoice: an invoice.
	EventInvoice EventType = TypeInvoice
)

// EventKind says what a callback is about, from its transaction type.
type EventKind string

// Event kinds.
const (
	// KindDeposit: a deposit or deposit_exchange.
	KindDeposit EventKind = "deposit"
	// KindWithdrawal: a withdrawal or withdrawal_exchange.
	KindWithdrawal EventKind = "withdrawal"
	// KindExchange: an exchange between balances.
	KindExchange EventKind = "exchange"
	// KindInvoice: an invoice.
	KindInvoice EventKind = "invoice"
	// KindOther: a type this package does not know; see Raw.
	KindOther EventKind = "other"
)

// kindOfType maps a transaction type to its EventKind.
func kindOfType(txType string) EventKind {
	switch family := statusFamily(txType); family {
	case "deposit", "withdrawal", "exchange", "invoice":
		return EventKind(family)
	}
	return KindOther
}

// WebhooksService verifies and parses callbacks, and refreshes them from the
// API. Printing it never shows a secret.
type WebhooksService struct {
	client  *Client         // nil for a verifier made by NewWebhookVerifier
	secrets []redact.Secret // a verifier's secrets; a client's live on the Client
}

// NewWebhookVerifier returns a WebhooksService for a merchant that holds the
// API secret (current first, then previous ones still accepted during a
// rotation) but wants no API client: it parses and verifies; its Refresh
// returns an error matching payments.ErrUnsupported. It does not check
// X-Processing-Key (it does not know the key).
func NewWebhookVerifier(secrets ...string) *WebhooksService {
	return &WebhooksService{secrets: redact.Secrets(secrets...)}
}

// Format prints the service with its secrets masked, for every verb.
func (s *WebhooksService) Format(f fmt.State, _ rune) {
	webhookkit.Format(f, "cryptoprocessing.WebhooksService", "secrets", len(s.keys()), s.client != nil)
}

// Event is a verified callback: a deposit, deposit_exchange, withdrawal,
// withdrawal_exchange, exchange or invoice in a new status.
//
// Callbacks are delivered at least once and retried for about a day until
// answered 200, and a transaction usually reports not_confirmed then
// confirmed: process each DedupeKey once.
type Event struct {
	// ID is the transaction's id: CryptoProcessing gives a callback no id
	// of its own.
	ID string `json:"id"`
	// Type is the transaction type (EventDeposit, EventWithdrawalExchange, EventInvoice, …).
	Type EventType `json:"type"`
	// Kind says what the callback is about (from Type).
	Kind EventKind `json:"kind"`
	// Transaction is the callback's content (the shape transactions/info
	// returns), for every kind.
	Transaction *Transaction `json:"transaction"`
	// BodyAuthenticated is true: the signature covers the whole body.
	BodyAuthenticated bool `json:"body_authenticated"`
	// SignatureCovers says what the signature covers, for logs and audits.
	SignatureCovers string `json:"signature_covers"`
	// ReceivedAt is when the event was parsed (or refreshed).
	ReceivedAt time.Time `json:"received_at"`
	// Raw is the body exactly as received (or as fetched, after Refresh).
	Raw json.RawMessage `json:"raw,omitempty"`
}

// ObjectID is the id of the transaction the callback is about.
func (e *Event) ObjectID() string {
	if e.Transaction == nil {
		return ""
	}
	return e.Transaction.ID
}

// DedupeKey identifies the notification across redeliveries: the
// transaction id and status, then a digest of what the callback reports
// about the money (amounts sent and received, and every leg's id, txid,
// amount and confirmations). A redelivery carries the same content and gets
// the same key; a second partial payment to an invoice (same id, same
// status), a new confirmation count or a status change gets a new one.
func (e *Event) DedupeKey() string {
	tx := e.Transaction
	if tx == nil || !e.BodyAuthenticated {
		return ""
	}
	h := sha256.New()
	field := func(v string) { h.Write([]byte(v)); h.Write([]byte{0}) }
	field(tx.CurrencySent.Currency)
	field(tx.CurrencySent.Amount.String())
	field(tx.CurrencyReceived.Currency)
	field(tx.CurrencyReceived.Amount.String())
	for _, leg := range tx.Transactions {
		field(leg.ID)
		field(leg.TxID)
		field(leg.Currency)
		field(leg.Amount.String())
		field(strconv.Itoa(leg.Confirmations))
	}
	return tx.ID + ":" + string(tx.Status) + ":" + hex.EncodeToString(h.Sum(nil)[:8])
}

// Parse reads a callback request's body through a size cap (1 MiB unless
// WithWebhookBodyLimit says otherwise) and verifies it as ParseBody does.
// Answer 200 once the event is stored: the provider retries anything else.
func (s *WebhooksService) Parse(r *http.Request) (*Event, error) {
	return webhookkit.Parse(r, ProviderName, s.limit(), s.ParseBody)
}

// ParseBody verifies and parses a callback already read (by a framework, a
// queue): body must be the exact bytes received and header the request's
// headers. It checks X-Processing-Key when present (and this service knows
// the key), verifies X-Processing-Signature over the raw bytes in constant
// time against the API secret and any PreviousAPISecrets, and only then
// decodes the body. Errors match payments.ErrPayloadTooLarge,
// payments.ErrInvalidSignature or payments.ErrMalformed; none carries a
// secret or the signature. An unknown transaction type parses, with Kind
// KindOther. The Event's Raw (and its Transaction's) is body itself, not
// a copy.
func (s *WebhooksService) ParseBody(body []byte, header http.Header) (*Event, error) {
	if err := webhookkit.CheckSize(body, ProviderName, s.limit()); err != nil {
		return nil, err
	}
	if len(body) == 0 {
		return nil, fmt.Errorf("%s webhook: %w: empty body", ProviderName, payments.ErrMalformed)
	}
	// The key is public, but a callback carrying another account's key was
	// not meant for this endpoint (or this Client is misconfigured).
	if key := header.Get(HeaderKey); key != "" && s.client != nil && subtle.ConstantTimeCompare([]byte(key), s.client.apiKey.Bytes()) != 1 {
		return nil, fmt.Errorf("%s webhook: %w: %s is not this account's key", ProviderName, payments.ErrInvalidSignature, HeaderKey)
	}
	if err := webhookkit.VerifyHeader(ProviderName, sha512.New, s.keys(), body, HeaderSignature, header.Get(HeaderSignature)); err != nil {
		return nil, err
	}
	// Decoded once; tx.Raw and the event's Raw are body itself (no copy, as
	// on every provider: do not reuse body's memory while the event is kept).
	raw := json.RawMessage(body)
	var tx Transaction
	if err := decode(raw, &tx); err != nil {
		return nil, fmt.Errorf("%s webhook: %w: %w", ProviderName, payments.ErrMalformed, err)
	}
	if tx.ID == "" || tx.Type == "" || tx.Status == "" {
		return nil, fmt.Errorf("%s webhook: %w: callback has no id, type or status", ProviderName, payments.ErrMalformed)
	}
	return s.event(&tx, SignatureCovers, raw), nil
}

func (s *WebhooksService) event(tx *Transaction, covers string, raw json.RawMessage) *Event {
	return &Event{ID: tx.ID, Type: EventType(tx.Type), Kind: kindOfType(tx.Type), Transaction: tx, BodyAuthenticated: true,
		SignatureCovers: covers, ReceivedAt: s.now(), Raw: raw}
}

// Refresh fetches the event's transaction from the API (transactions/info by
// id) and returns an event with that state. Callbacks are fully signed, so
// this is not needed to trust one; it is for reconciling, or when a
// callback may be stale. A verifier made by NewWebhookVerifier cannot
// refresh: payments.ErrUnsupported.
// GET transactions/info {"id": …}
func (s *WebhooksService) Refresh(ctx context.Context, ev *Event) (*Event, error) {
	if ev == nil || ev.ObjectID() == "" {
		return nil, &payments.ValidationError{Field: "id", Reason: "the event has no transaction id"}
	}
	if s.client == nil {
		return nil, fmt.Errorf("%s webhook: refresh needs an API client (cryptoprocessing.New): %w", ProviderName, payments.ErrUnsupported)
	}
	tx, err := s.client.Transactions.Get(ctx, ev.ObjectID())
	if err != nil {
		return nil, err
	}
	if tx.ID != ev.ObjectID() {
		return nil, fmt.Errorf("%s webhook: %w: asked the API for transaction %q, got %q", ProviderName, payments.ErrMalformed, ev.ObjectID(), tx.ID)
	}
	return s.event(tx, refreshedCovers, tx.Raw), nil
}

// keys lists the secrets a callback may be signed with: the current one
// first, then the previous ones still accepted during a rotation.
func (s *WebhooksService) keys() []redact.Secret {
	if s.client != nil {
		return s.client.secrets
	}
	return s.secrets
}

func (s *WebhooksService) limit() int64 {
	if s.client != nil && s.client.opts.WebhookBodyLimit > 0 {
		return s.client.opts.WebhookBodyLimit
	}
	return webhookkit.DefaultLimit
}

func (s *WebhooksService) now() time.Time {
	if s.client != nil && s.client.opts.Clock != nil {
		return s.client.opts.Clock()
	}
	return time.Now()
}
