package gateway

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/coinsdk/coinsdk/internal/hmacsig"
	"github.com/coinsdk/coinsdk/internal/redact"
	"github.com/coinsdk/coinsdk/internal/webhookkit"
	"github.com/coinsdk/coinsdk/payments"
)

// SignatureCovers says what a webhook's signature covers: the whole raw
// body, so every field of a verified event is the service's word.
const SignatureCovers = "the whole body: X-Webhook-HMAC-SHA256 is the HMAC-SHA256 of the raw body under the store's webhook secret"

// UnsignedCovers is an unsigned event's SignatureCovers (accepted only with
// Config.AcceptUnsignedWebhooks).
const UnsignedCovers = "nothing: the webhook carried no X-Webhook-HMAC-SHA256 header, so the body is not authenticated; call Refresh before crediting"

// refreshedCovers says where a refreshed event's object comes from.
const refreshedCovers = "the whole object: fetched from the API over an authenticated request"

// EventType names a webhook: the body's "event", or for a bare object
// without one, the object it is.
type EventType string

// Webhook event names ("event") the documentation lists, and the names
// given to bodies that carry none.
const (
	// EventPaymentOpen: a payment was created, or a transaction paying it arrived.
	EventPaymentOpen EventType = "payment.open"
	// EventPaymentComplete: a payment completed.
	EventPaymentComplete EventType = "payment.complete"
	// EventPaymentCancel: a payment was cancelled (its waiting time ran out).
	EventPaymentCancel EventType = "payment.cancel"
	// EventPayment: a bare payment object, without an event name.
	EventPayment EventType = "payment"
	// EventDedicate: a bare dedicated-address object (the documentation
	// shows them among its webhook examples).
	EventDedicate EventType = "dedicate"
	// EventWithdraw: a bare withdrawal object (not documented as a webhook).
	EventWithdraw EventType = "withdraw"
	// EventUnknown: a body that names nothing this package knows.
	EventUnknown EventType = "unknown"
)

// EventKind says which object an Event carries.
type EventKind string

// Event kinds.
const (
	// KindPayment: Payment is set (a payment.* event, or a bare payment object).
	KindPayment EventKind = "payment"
	// KindDedicated: Dedicated is set (a bare dedicated-address object, as
	// the documentation shows among its webhook examples).
	KindDedicated EventKind = "dedicated"
	// KindWithdrawal: Withdrawal is set (a bare withdrawal object; not
	// documented as a webhook, parsed if one comes).
	KindWithdrawal EventKind = "withdrawal"
	// KindOther: an event this package does not know; see Type and Raw.
	KindOther EventKind = "other"
)

// Event is a verified webhook.
//
// The webhook is retried up to ten times, at most an hour apart, until
// answered 200: process each DedupeKey once, and answer 200 to events you
// do not handle (a 4xx makes the service retry).
type Event struct {
	// ID is the delivery's id: always "" (the service sends none).
	ID string
	// Type is the event name (EventPaymentComplete); for a bare object
	// without one, EventPayment, EventDedicate or EventWithdraw;
	// EventUnknown when the body names nothing.
	Type EventType
	// Kind says which of Payment, Dedicated and Withdrawal is set.
	Kind EventKind
	// Payment is the payment, for KindPayment.
	Payment *Payment
	// Dedicated is the dedicated address, for KindDedicated.
	Dedicated *DedicatedAddress
	// Withdrawal is the withdrawal, for KindWithdrawal.
	Withdrawal *Withdrawal
	// BodyAuthenticated is true when the signature covered the whole body
	// (every signed webhook) or after Refresh; false for an unsigned
	// webhook accepted with Config.AcceptUnsignedWebhooks.
	BodyAuthenticated bool
	// SignatureCovers says in words what the signature covers.
	SignatureCovers string
	// ReceivedAt is when the event was parsed (or refreshed).
	ReceivedAt time.Time
	// Raw is the body exactly as received (the object as fetched, after Refresh).
	Raw json.RawMessage
	// Notification is the body's "type" ("notification"), if any.
	Notification string
}

// DedupeKey identifies one notification across redeliveries and tells two
// notifications apart: the object's id and status, and for a payment the
// amounts paid so far (so two partial payments give two keys). An event
// whose body is not authenticated has no key ("") until Refresh: a forged
// unsigned body must not use up the genuine notification's key.
func (e *Event) DedupeKey() string {
	if e == nil || !e.BodyAuthenticated {
		return ""
	}
	switch {
	case e.Kind == KindPayment && e.Payment != nil:
		p := e.Payment
		return "payment:" + p.PaymentID + ":" + canonical(string(p.Status)) + ":" + p.IPAmount.String() + ":" + p.PaidAmount.String()
	case e.Kind == KindDedicated && e.Dedicated != nil:
		return "dedicate:" + e.Dedicated.DedicateID + ":" + canonical(string(e.Dedicated.Status))
	case e.Kind == KindWithdrawal && e.Withdrawal != nil:
		return "withdraw:" + e.Withdrawal.WithdrawID + ":" + canonical(string(e.Withdrawal.Status))
	}
	sum := sha256.Sum256(e.Raw)
	return "body:" + hex.EncodeToString(sum[:16])
}

// ObjectID is the id of the payment, dedicated address or withdrawal the
// event carries, or "".
func (e *Event) ObjectID() string {
	switch {
	case e == nil:
		return ""
	case e.Kind == KindPayment && e.Payment != nil:
		return e.Payment.PaymentID
	case e.Kind == KindDedicated && e.Dedicated != nil:
		return e.Dedicated.DedicateID
	case e.Kind == KindWithdrawal && e.Withdrawal != nil:
		return e.Withdrawal.WithdrawID
	}
	return ""
}

// WebhooksService verifies and parses webhooks, and refreshes their objects
// from the API. Printing it never shows a secret.
type WebhooksService struct {
	c              *Client         // nil for a verifier made by NewWebhookVerifier
	secrets        []redact.Secret // current first, then previous ones
	acceptUnsigned bool
	limit          int64
	clock          func() time.Time
}

func newWebhooksService(c *Client, cfg Config) *WebhooksService {
	return &WebhooksService{c: c, secrets: redact.Secrets(append([]string{cfg.WebhookSecret}, cfg.PreviousWebhookSecrets...)...),
		acceptUnsigned: cfg.AcceptUnsignedWebhooks, limit: c.webhookLimit, clock: c.clock}
}

// NewWebhookVerifier returns a WebhooksService for a merchant that holds
// only the webhook secret (current first, then previous ones still accepted
// during a rotation) and no API credentials. It verifies and parses; it
// never accepts an unsigned webhook, and its Refresh returns an error
// matching payments.ErrUnsupported.
func NewWebhookVerifier(secrets ...string) *WebhooksService {
	return &WebhooksService{secrets: redact.Secrets(secrets...)}
}

// Format prints the service without its secrets, for every verb.
func (s *WebhooksService) Format(f fmt.State, _ rune) {
	redact.Format(f, "gateway.WebhooksService", "secrets", fmt.Sprintf("%d masked", len(s.secrets)),
		"acceptUnsigned", fmt.Sprint(s.acceptUnsigned), "canRefresh", fmt.Sprint(s.c != nil))
}

// Parse reads a webhook request's body through a size cap (1 MiB unless
// option.WithWebhookBodyLimit says otherwise, chunked bodies included),
// verifies X-Webhook-HMAC-SHA256 over the raw bytes in constant time
// against the webhook secret and any previous ones, and only then decodes
// the body. A webhook without the header is refused unless the Client was
// configured with AcceptUnsignedWebhooks. Errors match
// payments.ErrPayloadTooLarge, payments.ErrInvalidSignature or
// payments.ErrMalformed; none carries a secret or the signature.
func (s *WebhooksService) Parse(r *http.Request) (*Event, error) {
	return webhookkit.Parse(r, ProviderName, s.limit, s.ParseBody)
}

// ParseBody is Parse for a body already read (by a framework, a queue) and
// the request's headers. body must be the exact bytes received.
func (s *WebhooksService) ParseBody(body []byte, header http.Header) (*Event, error) {
	if err := webhookkit.CheckBody(body, ProviderName, s.limit); err != nil {
		return nil, err
	}
	sigs, present := signatureValues(header)
	signed := false
	var keyBuf [4][]byte
	switch {
	case !present && s.acceptUnsigned:
	case !present:
		return nil, fmt.Errorf("%s webhook: %w: no %s header (an unsigned webhook is refused unless AcceptUnsignedWebhooks is set)",
			ProviderName, payments.ErrInvalidSignature, HeaderSignature)
	case len(s.secrets) == 0:
		return nil, fmt.Errorf("%s webhook: %w: no webhook secret configured to verify %s", ProviderName, payments.ErrInvalidSignature, HeaderSignature)
	case len(sigs) != 1 || !hmacsig.VerifyAny(sha256.New, webhookkit.AppendKeys(keyBuf[:0], s.secrets), body, sigs[0]):
		return nil, fmt.Errorf("%s webhook: %w: %s does not match the body", ProviderName, payments.ErrInvalidSignature, HeaderSignature)
	default:
		signed = true
	}
	ev, err := parseEvent(body)
	if err != nil {
		return nil, err
	}
	ev.ReceivedAt = s.now()
	ev.BodyAuthenticated = signed
	ev.SignatureCovers = SignatureCovers
	if !signed {
		ev.SignatureCovers = UnsignedCovers
	}
	return ev, nil
}

// canonicalSignature is HeaderSignature as net/http spells a received header.
var canonicalSignature = http.CanonicalHeaderKey(HeaderSignature)

// signatureValues finds X-Webhook-HMAC-SHA256 in header, also under a
// non-canonical spelling (a header map built by hand).
func signatureValues(header http.Header) ([]string, bool) {
	if v, ok := header[canonicalSignature]; ok {
		return v, true
	}
	for k, v := range header {
		if strings.EqualFold(k, HeaderSignature) {
			return v, true
		}
	}
	return nil, false
}

// parseEvent decodes a verified body in one pass over its members: the
// envelope's type and event, and the payment object decoded once from its
// own bytes. Unknown events and bare objects (a dedicated address, a
// withdrawal, a payment sent as is) parse without failing; only a body that
// is not a JSON object, or an object that names nothing at all, is malformed.
func parseEvent(body []byte) (*Event, error) {
	hdr := Event{Raw: body} // the envelope, on the stack until the result is allocated
	var payment []byte
	var paymentID, dedicateID, withdrawID bool
	visit := func(key, value []byte) error {
		switch string(key) {
		case "type":
			hdr.Notification = jsonString(value)
		case "event":
			hdr.Type = EventType(strings.TrimSpace(jsonString(value)))
		case "payment":
			if !decjson.IsNull(value) {
				payment = value
			}
		case "payment_id":
			paymentID = present(value)
		case "dedicate_id":
			dedicateID = present(value)
		case "withdraw_id":
			withdrawID = present(value)
		}
		return nil
	}
	// One pass trims the keys and finds the members; a body it does not
	// handle takes trimKeys and decjson.Members (the same result, FuzzScanEnvelope).
	var buf [8]member
	b, members, ok := scanEnvelope(body, buf[:0])
	var err error
	if ok {
		for _, m := range members {
			_ = visit(m.key, b[m.start:m.end])
		}
	} else {
		b = trimKeys(body)
		err = decjson.Members(b, visit)
	}
	if err != nil {
		return nil, fmt.Errorf("%s webhook: %w: %w", ProviderName, payments.ErrMalformed, err)
	}
	malformed := func(err error) (*Event, error) {
		return nil, fmt.Errorf("%s webhook: %w: %w", ProviderName, payments.ErrMalformed, err)
	}
	switch {
	case payment != nil:
		if payment[0] != '{' {
			return malformed(errors.New("payment is not an object"))
		}
		// The event and its payment in one allocation.
		pe := &paymentEvent{Event: hdr}
		if err := pe.payment.decode(payment); err != nil {
			return malformed(err)
		}
		if pe.payment.PaymentID == "" {
			return malformed(errors.New("payment has no payment_id"))
		}
		ev := &pe.Event
		ev.Kind, ev.Payment = KindPayment, &pe.payment
		if ev.Type == "" {
			ev.Type = EventPayment
		}
		return ev, nil
	}
	ev := new(Event)
	*ev = hdr
	switch {
	case ev.Type != "":
		ev.Kind = KindOther
	case dedicateID && !paymentID:
		d := new(DedicatedAddress)
		if err := d.decode(b); err != nil {
			return malformed(err)
		}
		ev.Kind, ev.Type, ev.Dedicated = KindDedicated, EventDedicate, d
	case withdrawID:
		w := new(Withdrawal)
		if err := w.decode(b); err != nil {
			return malformed(err)
		}
		ev.Kind, ev.Type, ev.Withdrawal = KindWithdrawal, EventWithdraw, w
	case paymentID:
		p := new(Payment)
		if err := p.decode(b); err != nil {
			return malformed(err)
		}
		ev.Kind, ev.Type, ev.Payment = KindPayment, EventPayment, p
	case isEmptyObject(bytes.TrimSpace(b)):
		return malformed(errors.New("empty object"))
	default:
		ev.Kind, ev.Type = KindOther, EventUnknown
	}
	return ev, nil
}

// paymentEvent holds a payment event and its payment, allocated together.
type paymentEvent struct {
	Event
	payment Payment
}

// jsonString reads a JSON string value; anything else is "".
func jsonString(value []byte) string {
	s, _ := quoted(value)
	return s
}

// present reports whether an id member holds something.
func present(value []byte) bool {
	return !decjson.IsNull(value) && string(value) != `""`
}

func isEmptyObject(b []byte) bool {
	return len(b) >= 2 && b[0] == '{' && len(bytes.TrimSpace(b[1:len(b)-1])) == 0
}

// Refresh fetches the event's object from the API (GET /payment/{id} or
// GET /withdraw/{id}) and returns an event with that state,
// BodyAuthenticated true. A signed webhook does not need it; an unsigned one
// must have it before anything is credited. A dedicated address cannot be
// read back through the API, and a verifier without API credentials cannot
// fetch anything: both are payments.ErrUnsupported.
// GET /payment/{payment_id}, GET /withdraw/{withdraw_id}
func (s *WebhooksService) Refresh(ctx context.Context, ev *Event) (*Event, error) {
	if ev == nil {
		return nil, &payments.ValidationError{Field: "event", Reason: "is nil"}
	}
	if s.c == nil {
		return nil, fmt.Errorf("%s: Refresh needs a Client with API credentials (this is a webhook verifier): %w", ProviderName, payments.ErrUnsupported)
	}
	id := ev.ObjectID()
	if id == "" && ev.Kind != KindDedicated && ev.Kind != KindOther {
		return nil, &payments.ValidationError{Field: "id", Reason: "the event names no object"}
	}
	out := &Event{Type: ev.Type, Notification: ev.Notification, Kind: ev.Kind, BodyAuthenticated: true,
		SignatureCovers: refreshedCovers, ReceivedAt: s.now()}
	switch ev.Kind {
	case KindPayment:
		p, err := s.c.Payments.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		out.Payment, out.Raw = p, p.Raw
	case KindWithdrawal:
		w, err := s.c.Withdrawals.Get(ctx, id)
		if err != nil {
			return nil, err
		}
		out.Withdrawal, out.Raw = w, w.Raw
	default:
		return nil, fmt.Errorf("%s: a %s event cannot be refreshed (the API has no read for it): %w", ProviderName, ev.Kind, payments.ErrUnsupported)
	}
	return out, nil
}

func (s *WebhooksService) now() time.Time {
	if s.clock != nil {
		return s.clock()
	}
	return time.Now()
}
