package cryptochill

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/coinsdk/coinsdk/internal/hmacsig"
	"github.com/coinsdk/coinsdk/internal/redact"
	"github.com/coinsdk/coinsdk/internal/webhookkit"
	"github.com/coinsdk/coinsdk/payments"
)

// SignatureCovers says what a CryptoChill callback signature covers.
const SignatureCovers = "callback_id only: the body (status, amounts, addresses) is not signed; call Refresh before crediting"

// EventKind says which object a callback carries.
type EventKind string

// Event kinds.
const (
	// KindInvoice: an invoice_* (or payment_complete) callback with an Invoice.
	KindInvoice EventKind = "invoice"
	// KindTransaction: a transaction_* callback with a Transaction.
	KindTransaction EventKind = "transaction"
	// KindPayout: a payout_* callback with a Payout.
	KindPayout EventKind = "payout"
	// KindOther: a callback_status this package does not know; see Raw.
	KindOther EventKind = "other"
)

// Event is a callback whose signature verified.
//
// CryptoChill signs only callback_id, so a verified Event proves that
// CryptoChill once sent this callback_id, not that the status, amounts or
// addresses in the body are genuine: a captured callback can be replayed
// with an edited body. BodyAuthenticated is therefore false on every parsed
// Event; Refresh fetches the object from the API and returns an Event whose
// object is the API's word. Credit only from that.
type Event struct {
	// ID is the callback's callback_id (the one signed field); CryptoChill
	// resends a failed callback with the same id.
	ID string
	// Type is the provider's event name, callback_status ("invoice_complete",
	// "transaction_pending", "payout_failed", …; see the Event* constants).
	// It comes from the unsigned body.
	Type EventType
	// Kind says which of Invoice, Transaction and Payout is set.
	Kind EventKind
	// Invoice is the invoice, for KindInvoice.
	Invoice *Invoice
	// Transaction is the transaction, for KindTransaction.
	Transaction *Transaction
	// Payout is the payout, for KindPayout.
	Payout *Payout
	// BodyAuthenticated is false for a parsed callback (only callback_id is
	// signed) and true once Refresh has replaced the object with the API's.
	BodyAuthenticated bool
	// SignatureCovers says in words what the signature covers.
	SignatureCovers string
	// ReceivedAt is when ParseBody parsed the callback, by the client's
	// clock (option.WithClock).
	ReceivedAt time.Time
	// Raw is the callback body exactly as received.
	Raw json.RawMessage
}

// DedupeKey identifies the notification across redeliveries. A parsed
// callback has none (""): everything but callback_id is unsigned, and a
// key taken from the body would let a swapped body use up the genuine
// callback's key, while callback_id alone cannot tell a swapped object from
// the real one. After Refresh the key is built from the object the API
// returned: its kind, id, status, amount received and confirmations. It is
// the same for redeliveries of one notification (the object has not
// changed) and differs when the object moved on (another partial payment, a
// new confirmation count, a status change).
func (e *Event) DedupeKey() string {
	if !e.BodyAuthenticated {
		return ""
	}
	switch {
	case e.Kind == KindInvoice && e.Invoice != nil:
		inv := e.Invoice
		paid := inv.Amount.Paid
		if inv.Amount.PaidTotal != nil {
			paid = inv.Amount.PaidTotal
		}
		conf := 0
		for i, tx := range inv.Transactions {
			if i == 0 || tx.Confirmations < conf {
				conf = tx.Confirmations
			}
		}
		return dedupeKey("invoice", inv.ID, string(inv.Status), amountText(paid), strconv.Itoa(len(inv.Transactions)), strconv.Itoa(conf))
	case e.Kind == KindTransaction && e.Transaction != nil:
		tx := e.Transaction
		return dedupeKey("transaction", tx.ID, string(tx.Status), amountText(tx.Amount.Paid), strconv.Itoa(tx.Confirmations))
	case e.Kind == KindPayout && e.Payout != nil:
		po := e.Payout
		return dedupeKey("payout", po.ID, string(po.Status), po.TxID, strconv.Itoa(po.Confirmations))
	}
	return ""
}

func dedupeKey(parts ...string) string { return strings.Join(parts, ":") }

func amountText(a *Amount) string {
	if a == nil {
		return "0"
	}
	return a.Amount.String()
}

// ObjectID is the id of the invoice, transaction or payout the callback
// names, or "" for KindOther.
func (e *Event) ObjectID() string {
	switch {
	case e.Kind == KindInvoice && e.Invoice != nil:
		return e.Invoice.ID
	case e.Kind == KindTransaction && e.Transaction != nil:
		return e.Transaction.ID
	case e.Kind == KindPayout && e.Payout != nil:
		return e.Payout.ID
	}
	return ""
}

// WebhooksService verifies and parses callbacks, and refreshes their objects
// from the API. Printing it never shows the callback tokens.
type WebhooksService struct {
	client *Client         // nil for a verifier made by NewWebhookVerifier
	tokens []redact.Secret // current first, then previous ones still accepted
	limit  int64
	now    func() time.Time // the clock of ReceivedAt
}

func newWebhooksService(c *Client, cfg *Config) *WebhooksService {
	return &WebhooksService{
		client: c,
		tokens: redact.Secrets(append([]string{cfg.WebhookSecret}, cfg.PreviousWebhookSecrets...)...),
		limit:  c.limit,
		now:    c.now,
	}
}

// NewWebhookVerifier returns a WebhooksService for a merchant that holds only
// the callback token (current first, then previous ones still accepted during
// a rotation) and no API key. It parses and verifies; its Refresh returns an
// error matching payments.ErrUnsupported.
func NewWebhookVerifier(tokens ...string) *WebhooksService {
	return &WebhooksService{tokens: redact.Secrets(tokens...), now: time.Now}
}

// Format prints the service with its tokens masked, for every verb.
func (s *WebhooksService) Format(f fmt.State, _ rune) {
	webhookkit.Format(f, "cryptochill.WebhooksService", "tokens", len(s.tokens), s.client != nil)
}

// Parse reads r's body through the size cap (1 MiB unless
// WithWebhookBodyLimit says otherwise) and parses it as ParseBody does.
func (s *WebhooksService) Parse(r *http.Request) (*Event, error) {
	return webhookkit.Parse(r, ProviderName, s.limit, s.ParseBody)
}

// callbackEnvelope is the part of a callback every status shares: the
// bytes of each member (slices of the body), found in one pass.
type callbackEnvelope struct {
	CallbackID, CallbackStatus, Signature []byte
	Invoice, Transaction, Payout, Result  []byte
	ID                                    []byte
}

func splitCallback(body []byte) (callbackEnvelope, error) {
	var env callbackEnvelope
	// Members checks only the structure of what it skips: a value nobody
	// decodes (an unknown member, an earlier duplicate) is checked here, so
	// that a body that is not JSON is never accepted (its Raw could not be
	// re-encoded or stored as JSON).
	set := func(slot *[]byte, value []byte) error {
		if *slot != nil && !json.Valid(*slot) {
			return errNotJSON
		}
		*slot = value
		return nil
	}
	err := decjson.Members(body, func(key, value []byte) error {
		switch string(key) {
		case "callback_id":
			return set(&env.CallbackID, value)
		case "callback_status":
			return set(&env.CallbackStatus, value)
		case "signature":
			return set(&env.Signature, value)
		case "invoice":
			return set(&env.Invoice, value)
		case "transaction":
			return set(&env.Transaction, value)
		case "payout":
			return set(&env.Payout, value)
		case "result":
			return set(&env.Result, value)
		case "id":
			return set(&env.ID, value)
		}
		if !json.Valid(value) {
			return errNotJSON
		}
		return nil
	})
	return env, err
}

var errNotJSON = errors.New("a member is not valid JSON")

// othersValid reports whether every object slot of env other than used
// (the one decoded, which encoding/json checks) is valid JSON. A genuine
// callback has one object, so this checks nothing in the common case.
func othersValid(env callbackEnvelope, used []byte) bool {
	for _, v := range [][]byte{env.Invoice, env.Transaction, env.Payout, env.Result, env.ID} {
		if v != nil && (len(used) == 0 || &v[0] != &used[0]) && !json.Valid(v) {
			return false
		}
	}
	return true
}

// ParseBody verifies and parses a callback body. Errors match
// payments.ErrPayloadTooLarge (over the cap), payments.ErrMalformed (not a
// JSON object, a missing or non-string callback_id or callback_status, a
// non-string signature, hostile numbers, an undecodable object) or
// payments.ErrInvalidSignature (a missing, empty or wrong signature). An unknown callback_status is not an error:
// the Event has Kind KindOther and the body in Raw. The Event's Raw (and
// its object's) is body itself, not a copy. header is the request's
// headers; CryptoChill carries its signature in the body, so it is not read
// (it is there so every provider's ParseBody has the same shape).
func (s *WebhooksService) ParseBody(body []byte, header http.Header) (*Event, error) {
	if err := webhookkit.CheckSize(body, ProviderName, s.limit); err != nil {
		return nil, err
	}
	if len(body) == 0 {
		return nil, malformed("empty body", nil)
	}
	env, err := splitCallback(body)
	if err != nil {
		return nil, malformed("not a callback object", err)
	}
	var callbackID, callbackStatus, signature string
	for _, f := range []struct {
		name string
		raw  []byte
		v    *string
	}{{"callback_id", env.CallbackID, &callbackID}, {"callback_status", env.CallbackStatus, &callbackStatus}, {"signature", env.Signature, &signature}} {
		if f.raw != nil && !(f.name == "signature" && string(f.raw) == "null") { // a null signature is a missing one
			if *f.v, err = decjson.Str(f.raw); err != nil {
				return nil, malformed(f.name+" is not a string", nil)
			}
		}
		if *f.v == "" {
			if f.name == "signature" {
				// A missing signature is an unauthenticated request (401 on
				// every provider), not a malformed one.
				return nil, fmt.Errorf("cryptochill webhook: %w: the signature is missing", payments.ErrInvalidSignature)
			}
			return nil, malformed(f.name+" is missing", nil)
		}
	}
	if len(s.tokens) == 0 {
		return nil, fmt.Errorf("cryptochill webhook: %w: no callback token configured", payments.ErrInvalidSignature)
	}
	// The signature value is never put in an error: it is the one thing an
	// attacker probing the endpoint would like echoed back.
	if !hmacsig.VerifyAny(sha256.New, webhookkit.AppendKeys(nil, s.tokens), []byte(callbackID), signature) {
		return nil, fmt.Errorf("cryptochill webhook: %w: signature does not match callback_id", payments.ErrInvalidSignature)
	}
	ev := &Event{
		ID:              callbackID,
		Type:            EventType(callbackStatus),
		Kind:            kindOf(EventType(callbackStatus)),
		SignatureCovers: SignatureCovers,
		ReceivedAt:      s.now(),
		Raw:             json.RawMessage(body),
	}
	switch ev.Kind {
	case KindOther:
		if !othersValid(env, nil) {
			return nil, malformed("not a callback object", errNotJSON)
		}
	case KindInvoice:
		ev.Invoice, err = callbackObject[Invoice](body, env, env.Invoice)
	case KindTransaction:
		ev.Transaction, err = callbackObject[Transaction](body, env, env.Transaction)
	case KindPayout:
		ev.Payout, err = callbackObject[Payout](body, env, env.Payout)
	}
	if err != nil {
		return nil, err
	}
	return ev, nil
}

// kindOf maps a callback_status to the object it carries. The official
// plugin also handles "payment_complete", an invoice callback.
func kindOf(t EventType) EventKind {
	switch status := string(t); {
	case strings.HasPrefix(status, "invoice_"), t == EventPaymentComplete:
		return KindInvoice
	case strings.HasPrefix(status, "transaction_"):
		return KindTransaction
	case strings.HasPrefix(status, "payout_"):
		return KindPayout
	}
	return KindOther
}

// callbackObject decodes the callback's object. The notes and the official
// plugin put it under a key named after it ("invoice"); the API doc's prose
// ("same format as Get … in result field plus three extra fields") can also
// be read as {"result": …} or as the object's fields at the top level, so
// those are accepted too. The object is not authenticated either way.
func callbackObject[T any](body []byte, env callbackEnvelope, named []byte) (*T, error) {
	raw := named
	switch {
	case present(raw):
	case present(env.Result):
		raw = env.Result
	case present(env.ID):
		raw = body
	default:
		return nil, malformed("no object in the callback", nil)
	}
	if len(raw) != len(body) && !othersValid(env, raw) {
		return nil, malformed("not a callback object", errNotJSON)
	}
	v := new(T)
	if err := decodeInto(raw, v); err != nil { // decoded once; Raw is a slice of body
		return nil, malformed("undecodable object", err)
	}
	return v, nil
}

func present(raw []byte) bool { return !decjson.IsNull(raw) }

func malformed(what string, err error) error {
	if err != nil {
		return fmt.Errorf("cryptochill webhook: %w: %s: %w", payments.ErrMalformed, what, err)
	}
	return fmt.Errorf("cryptochill webhook: %w: %s", payments.ErrMalformed, what)
}

// Refresh fetches the event's object from the API by its id and returns a
// copy of ev holding the fetched object, with BodyAuthenticated true. Decide
// from the refreshed object's Status, not from Type (which is still
// the unsigned body's word), and credit idempotently per object: a replayed
// callback may name another genuine object.
//
// It fails with payments.ErrUnsupported for a verifier without an API client
// or an KindOther, and with payments.ErrMalformed when the event names no
// object or the API returns a different one.
// GET /v1/invoices/<id>/, /v1/transactions/<id>/ or /v1/payouts/<id>/
func (s *WebhooksService) Refresh(ctx context.Context, ev *Event) (*Event, error) {
	if ev == nil {
		return nil, &payments.ValidationError{Field: "event", Reason: "is required"}
	}
	if s.client == nil {
		return nil, fmt.Errorf("cryptochill webhook: refresh needs an API client (cryptochill.New): %w", payments.ErrUnsupported)
	}
	id := ev.ObjectID()
	if ev.Kind == KindOther {
		return nil, fmt.Errorf("cryptochill webhook: refresh of callback_status %q: %w", ev.Type, payments.ErrUnsupported)
	}
	if id == "" {
		return nil, malformed("the callback names no object to refresh", nil)
	}
	out := *ev
	var got string
	var err error
	switch ev.Kind {
	case KindInvoice:
		if out.Invoice, err = s.client.Invoices.Get(ctx, id); err == nil {
			got = out.Invoice.ID
		}
	case KindTransaction:
		if out.Transaction, err = s.client.Transactions.Get(ctx, id); err == nil {
			got = out.Transaction.ID
		}
	case KindPayout:
		if out.Payout, err = s.client.Payouts.Get(ctx, id); err == nil {
			got = out.Payout.ID
		}
	default:
		return nil, fmt.Errorf("cryptochill webhook: refresh of kind %q: %w", ev.Kind, payments.ErrUnsupported)
	}
	if err != nil {
		return nil, err
	}
	if got != id {
		return nil, malformed(fmt.Sprintf("asked the API for %s %q, got %q", ev.Kind, id, got), nil)
	}
	out.BodyAuthenticated = true
	return &out, nil
}
