package cryptopay

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/apicall"
	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/coinsdk/coinsdk/internal/redact"
	"github.com/coinsdk/coinsdk/internal/webhookkit"
	"github.com/coinsdk/coinsdk/payments"
)

// HeaderSignature carries a callback's signature: the lowercase hex
// HMAC-SHA256 of the raw body under the callback secret.
const HeaderSignature = "X-Cryptopay-Signature"

// SignatureCovers says what a callback's signature covers. Cryptopay signs
// the whole raw body, so every field of a verified callback is its word.
const SignatureCovers = "the whole body: X-Cryptopay-Signature is the hex HMAC-SHA256 of the raw body under the callback secret"

// refreshedCovers says where a refreshed event's object comes from.
const refreshedCovers = "the whole object: fetched from the API over a signed request"

// EventKind says which typed object a callback carries: the body's "type".
type EventKind string

// Event kinds.
const (
	// KindInvoice: an Invoice callback; Event.Invoice is set.
	KindInvoice EventKind = "Invoice"
	// KindCoinWithdrawal: a CoinWithdrawal callback; Event.CoinWithdrawal is set.
	KindCoinWithdrawal EventKind = "CoinWithdrawal"
	// KindChannelPayment: a ChannelPayment callback; Event.ChannelPayment is set.
	KindChannelPayment EventKind = "ChannelPayment"
	// KindSubscription: a Subscription callback; Event.Subscription is set.
	KindSubscription EventKind = "Subscription"
	// KindOther: a type this package does not know; see ObjectType and Raw.
	KindOther EventKind = "other"
)

// EventType is a callback's event name: the body's "event".
type EventType string

// Event names, by kind (see EventNames).
const (
	// EventCreated: an invoice, coin withdrawal or channel payment was created.
	EventCreated EventType = "created"
	// EventStatusChanged: an invoice or coin withdrawal changed status.
	EventStatusChanged EventType = "status_changed"
	// EventRefunded: an invoice or channel payment was refunded.
	EventRefunded EventType = "refunded"
	// EventRecalculated: an invoice was recalculated.
	EventRecalculated EventType = "recalculated"
	// EventTransactionCreated: a payment to an invoice was seen.
	EventTransactionCreated EventType = "transaction_created"
	// EventTransactionConfirmed: a payment to an invoice was confirmed.
	EventTransactionConfirmed EventType = "transaction_confirmed"
	// EventOnHold: a channel payment was put on hold.
	EventOnHold EventType = "on_hold"
	// EventCompleted: a channel payment was completed.
	EventCompleted EventType = "completed"
	// EventCancelled: a channel payment or subscription was cancelled.
	EventCancelled EventType = "cancelled"
	// EventPaid: a subscription period was paid.
	EventPaid EventType = "paid"
)

// EventNames returns every event name Cryptopay documents, by kind: a
// fresh map on every call, so no caller can change what another reads.
func EventNames() map[EventKind][]EventType {
	return map[EventKind][]EventType{
		KindInvoice:        {EventCreated, EventRefunded, EventRecalculated, EventStatusChanged, EventTransactionCreated, EventTransactionConfirmed},
		KindCoinWithdrawal: {EventCreated, EventStatusChanged},
		KindChannelPayment: {EventCreated, EventOnHold, EventCompleted, EventRefunded, EventCancelled},
		KindSubscription:   {EventPaid, EventCancelled},
	}
}

// Event is a callback whose signature verified:
// {"type": "Invoice"|"CoinWithdrawal"|"ChannelPayment"|"Subscription", "event": "…", "data": {…}}.
//
// Cryptopay signs the whole body, so BodyAuthenticated is true and every
// field is the provider's word. Callbacks are retried (20 times over about a
// day and a half) until answered 200 within 10 s: process each DedupeKey once.
type Event struct {
	// ID is empty: Cryptopay callbacks carry no delivery id.
	ID string
	// Type is the event name ("status_changed", "transaction_confirmed", …).
	Type EventType
	// Kind says which of the object pointers is set.
	Kind EventKind
	// ObjectType is the body's "type" as sent ("Invoice", …): for KindOther,
	// the type this package does not know.
	ObjectType string
	// Invoice is the invoice, for KindInvoice.
	Invoice *Invoice
	// CoinWithdrawal is the withdrawal, for KindCoinWithdrawal.
	CoinWithdrawal *CoinWithdrawal
	// ChannelPayment is the payment, for KindChannelPayment.
	ChannelPayment *ChannelPayment
	// Subscription is the subscription, for KindSubscription.
	Subscription *Subscription
	// BodyAuthenticated is true: the signature covers the whole body.
	BodyAuthenticated bool
	// SignatureCovers says in words what the signature covers.
	SignatureCovers string
	// ReceivedAt is when ParseBody verified the callback, on the client's
	// clock (option.WithClock; the system's for a NewWebhookVerifier).
	ReceivedAt time.Time
	// Raw is the callback body exactly as received.
	Raw json.RawMessage

	dedupe string
}

// DedupeKey identifies the notification across redeliveries. The body is
// signed, so the key comes from it: the type, the object id, the event name
// and what tells two notifications of one object apart (status and
// status_context, the paid amount, the amount due (a recalculation
// changes it) and the transactions seen for an invoice, the txid for a withdrawal or payment, the period for a
// subscription). Two partial payments, a new confirmation or a status change
// give different keys; a redelivery gives the same one. A refreshed event
// keeps the key of the notification it was refreshed from.
func (e *Event) DedupeKey() string {
	if e.dedupe != "" {
		return e.dedupe
	}
	return e.computeDedupeKey()
}

// ObjectID is the id of the object the callback carries, or "" for KindOther.
func (e *Event) ObjectID() string {
	switch {
	case e.Invoice != nil:
		return e.Invoice.ID
	case e.CoinWithdrawal != nil:
		return e.CoinWithdrawal.ID
	case e.ChannelPayment != nil:
		return e.ChannelPayment.ID
	case e.Subscription != nil:
		return e.Subscription.ID
	}
	return ""
}

// WebhooksService verifies and parses callbacks and refreshes their
// objects. Printing it never shows a secret.
type WebhooksService struct {
	c       *Client         // nil for a verifier made by NewWebhookVerifier
	secrets []redact.Secret // current first, then previous ones still accepted
	limit   int64
}

func newWebhooksService(c *Client, secrets []string) *WebhooksService {
	s := NewWebhookVerifier(secrets...)
	s.c, s.limit = c, c.opts.WebhookBodyLimit
	return s
}

// NewWebhookVerifier returns a WebhooksService for a merchant that holds
// only the callback secret (current first, then previous ones still
// accepted during a rotation) and no API key. It verifies and parses; its
// Refresh returns an error matching payments.ErrUnsupported.
func NewWebhookVerifier(secrets ...string) *WebhooksService {
	return &WebhooksService{secrets: redact.Secrets(secrets...)}
}

// Format prints the service with its secrets masked, for every verb.
func (s WebhooksService) Format(f fmt.State, _ rune) {
	webhookkit.Format(f, "cryptopay.WebhooksService", "secrets", len(s.secrets), s.c != nil)
}

// Parse reads r's body through the size cap (1 MiB unless
// option.WithWebhookBodyLimit says otherwise, chunked bodies included) and
// parses it as ParseBody does with r's headers.
func (s *WebhooksService) Parse(r *http.Request) (*Event, error) {
	return webhookkit.Parse(r, ProviderName, s.limit, s.ParseBody)
}

// ParseBody verifies X-Cryptopay-Signature over the exact body bytes, in
// constant time, against the callback secret and any previous ones, and
// only then decodes the body. Errors match payments.ErrPayloadTooLarge,
// payments.ErrInvalidSignature (no secret configured, no or a wrong
// signature; the signature is never echoed) or payments.ErrMalformed (not a
// callback object, hostile numbers, an undecodable object). An unknown type
// or event name is not an error: Kind is KindOther (or the known kind with
// the new name in Type), Raw keeps the body.
func (s *WebhooksService) ParseBody(body []byte, header http.Header) (*Event, error) {
	if err := webhookkit.CheckBody(body, ProviderName, s.limit); err != nil {
		return nil, err
	}
	if err := webhookkit.VerifyHeader(ProviderName, sha256.New, s.secrets, body, HeaderSignature, header.Get(HeaderSignature)); err != nil {
		return nil, err
	}
	ev, err := decodeCallback(body)
	if err != nil {
		return nil, err
	}
	ev.ReceivedAt = s.now()
	return ev, nil
}

// now is the client's clock, or the system's for a verifier.
func (s *WebhooksService) now() time.Time {
	if s.c == nil {
		return time.Now()
	}
	return s.c.now()
}

// errNotJSON is a callback member that is not valid JSON.
var errNotJSON = errors.New("the body is not valid JSON")

// errAmbiguousKey is a callback whose type, event or data key comes twice,
// or in another case ("Type", "tYpe"): encoding/json would read such a key
// as the member, another decoder would not, so the body does not say one
// thing.
var errAmbiguousKey = errors.New("type, event or data given twice or in another case")

// decodeCallback decodes a verified body.
func decodeCallback(body []byte) (*Event, error) {
	// {"type", "event", "data"}: the members are split without copying, and
	// data is decoded once into its typed object (numbers guarded there).
	// The three keys that decide what the event is match exactly, once:
	// another spelling or a repeat is refused, never guessed at. Members
	// checks the structure only, so every value not decoded below is
	// checked here, and a key that could hide invalid JSON (a raw control
	// character, a bad escape) has the whole body checked: Raw is always
	// valid JSON, at no cost for well-formed keys and the members decoded
	// anyway.
	var typ, name string
	var data []byte
	var seenType, seenEvent, seenData bool
	err := members(body, errNotJSON, func(key, value []byte) error {
		var err error
		switch string(key) {
		case "type":
			if seenType {
				return errAmbiguousKey
			}
			seenType = true
			typ, err = decjson.Str(value)
		case "event":
			if seenEvent {
				return errAmbiguousKey
			}
			seenEvent = true
			name, err = decjson.Str(value)
		case "data":
			if seenData {
				return errAmbiguousKey
			}
			seenData = true
			data = value
		default:
			if foldsToDecidingKey(key) {
				return errAmbiguousKey
			}
			if !json.Valid(value) {
				return errNotJSON
			}
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("cryptopay webhook: %w: %w", payments.ErrMalformed, err)
	}
	if typ == "" || name == "" {
		return nil, fmt.Errorf("cryptopay webhook: %w: type or event is missing", payments.ErrMalformed)
	}
	ev := &Event{Type: EventType(name), ObjectType: typ, Kind: EventKind(typ), BodyAuthenticated: true,
		SignatureCovers: SignatureCovers, Raw: json.RawMessage(body)}
	switch ev.Kind {
	case KindInvoice:
		ev.Invoice, err = callbackObject[Invoice](data)
	case KindCoinWithdrawal:
		ev.CoinWithdrawal, err = callbackObject[CoinWithdrawal](data)
	case KindChannelPayment:
		ev.ChannelPayment, err = callbackObject[ChannelPayment](data)
	case KindSubscription:
		ev.Subscription, err = callbackObject[Subscription](data)
	default:
		ev.Kind = KindOther
		if data != nil && !json.Valid(data) {
			err = fmt.Errorf("cryptopay webhook: %w: %w", payments.ErrMalformed, errNotJSON)
		}
	}
	if err != nil {
		return nil, err
	}
	return ev, nil
}

func callbackObject[T any](raw []byte) (*T, error) {
	v := new(T)
	if err := webhookPipeline.DecodeInto(&apicall.Call{Op: "callback"}, raw, v); err != nil {
		return nil, fmt.Errorf("cryptopay webhook: %w: %w", payments.ErrMalformed, err)
	}
	if o, ok := any(v).(identified); ok && o.cursor() == "" {
		return nil, fmt.Errorf("cryptopay webhook: %w: the object has no id", payments.ErrMalformed)
	}
	return v, nil
}

// webhookPipeline decodes callback objects exactly as the client's
// pipeline decodes answers (it sends nothing).
var webhookPipeline = &apicall.Pipeline{Provider: ProviderName, Decode: decode}

// computeDedupeKey builds the key DedupeKey returns (see there).
func (e *Event) computeDedupeKey() string {
	var parts []string
	switch {
	case e.Invoice != nil:
		x := e.Invoice
		parts = []string{string(x.Status), x.StatusContext, x.PaidAmount.String(), x.PayAmount.String(), strconv.Itoa(len(x.Transactions))}
		for _, t := range x.Transactions {
			parts = append(parts, t.TxID)
		}
	case e.CoinWithdrawal != nil:
		x := e.CoinWithdrawal
		parts = []string{string(x.Status), x.TxID}
	case e.ChannelPayment != nil:
		x := e.ChannelPayment
		parts = []string{string(x.Status), x.StatusContext, x.TxID, x.PaidAmount.String()}
	case e.Subscription != nil:
		x := e.Subscription
		parts = []string{string(x.Status), x.CurrentPeriodStartsAt.UTC().Format("2006-01-02T15:04:05Z"), x.CurrentPeriodEndsAt.UTC().Format("2006-01-02T15:04:05Z")}
	default:
		// An unknown type: the body itself (signed) identifies it.
		sum := sha256.Sum256(e.Raw)
		return "cryptopay:" + e.ObjectType + ":" + string(e.Type) + ":" + hex.EncodeToString(sum[:12])
	}
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return "cryptopay:" + e.ObjectType + ":" + e.ObjectID() + ":" + string(e.Type) + ":" + hex.EncodeToString(sum[:8])
}

// Refresh fetches the event's object from the API and returns an event
// with that state (same Type, Raw and DedupeKey; the object is the API's).
// Callbacks are fully signed, so this is not needed to trust one; it is for
// reconciling a late or out-of-order callback. A verifier made by
// NewWebhookVerifier returns payments.ErrUnsupported.
// GET /api/invoices/{id}, /api/coin_withdrawals/{id},
// /api/channels/{channel_id}/payments/{id} or /api/subscriptions/{id}
func (s *WebhooksService) Refresh(ctx context.Context, ev *Event) (*Event, error) {
	if ev == nil || ev.ObjectID() == "" {
		return nil, &payments.ValidationError{Field: "event", Reason: "has no object to refresh"}
	}
	if s.c == nil {
		return nil, fmt.Errorf("cryptopay webhook: refresh needs API credentials: %w", payments.ErrUnsupported)
	}
	out := *ev
	out.dedupe = ev.DedupeKey() // the notification's key, not the refreshed object's
	out.Invoice, out.CoinWithdrawal, out.ChannelPayment, out.Subscription = nil, nil, nil, nil
	var err error
	switch {
	case ev.Invoice != nil:
		out.Invoice, err = s.c.Invoices.Get(ctx, ev.Invoice.ID)
	case ev.CoinWithdrawal != nil:
		out.CoinWithdrawal, err = s.c.CoinWithdrawals.Get(ctx, ev.CoinWithdrawal.ID)
	case ev.ChannelPayment != nil:
		out.ChannelPayment, err = s.c.Channels.GetPayment(ctx, ev.ChannelPayment.ChannelID, ev.ChannelPayment.ID)
	case ev.Subscription != nil:
		out.Subscription, err = s.c.Subscriptions.Get(ctx, ev.Subscription.ID)
	}
	if err != nil {
		return nil, err
	}
	out.BodyAuthenticated, out.SignatureCovers = true, refreshedCovers
	return &out, nil
}
