package channels

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/redact"
	"github.com/coinsdk/coinsdk/internal/webhookbody"
	"github.com/coinsdk/coinsdk/payments"
)

// SignatureCovers says what a callback's hash covers.
const SignatureCovers = "id, customerId, amount and currency only: hash = base64(SHA-512(\"{id}.{customerId}.{amount}.{currency}.{secretKey}\")), " +
	"accepted only when id, customerId and currency hold no '.' and the amount is plain decimal text (one split of the hashed text); " +
	"status, type, orderId, transactionHash and the rest of the body are not signed: call Refresh before crediting"

// RefreshedCovers says where a refreshed event's transaction comes from.
const RefreshedCovers = "the whole transaction: read from GET /api/v2/transaction/{id} with the API key after the callback's hash verified"

// EventKind says what a callback is about.
type EventKind string

// Event kinds.
const (
	// EventDeposit: a deposit to a channel address or an invoice.
	EventDeposit EventKind = "deposit"
	// EventWithdrawal: a withdrawal.
	EventWithdrawal EventKind = "withdrawal"
	// EventOther: a callbackType or type this package does not know; see Raw.
	EventOther EventKind = "other"
)

// Event is a callback whose hash verified.
//
// What the hash binds: XGateway hashes "{id}.{customerId}.{amount}.{currency}.{secretKey}",
// the values joined with '.'. A '.' inside a value would move a field
// boundary without changing the hashed text (10.50 from customer "c" reads
// as 50 from customer "c.10"), so ParseBody accepts a callback only when
// id, customerId and currency contain no '.' and the amount is plain
// decimal text (digits, at most one '.', an optional leading '-', no
// exponent); anything else is refused as payments.ErrInvalidSignature, and
// the calls that take a customerId refuse one with a '.' before sending.
// The hashed text then splits exactly one way, and a verified Event proves
// that XGateway hashed exactly this transaction id, customerId (or "N/A"
// for none), amount text and currency under one of the secret keys.
//
// Why Refresh is still required: nothing else is covered, neither the
// status, the type, the orderId, the invoiceId, the transactionHash, the
// fees, nor the time. A captured callback can be replayed at any time (there
// is no timestamp or nonce), with "failed" changed to "confirmed" or
// "deposit" to "withdrawal", and callbacks may arrive out of order.
// BodyAuthenticated is therefore false on every parsed Event, DedupeKey is
// empty, and Refresh reads the transaction from the API by its (covered)
// id: the provider's own guidance is that the API is the source of truth.
// Credit only from a refreshed Event.
type Event struct {
	// ID is the transaction id (covered by the hash).
	ID string
	// Type is the transaction type: "deposit" or "withdrawal". On a parsed
	// callback it is the unsigned body's word; after Refresh, the API's.
	Type string
	// Kind says whether Transaction is a deposit or a withdrawal.
	Kind EventKind
	// Transaction is the callback's transaction, or after Refresh the API's.
	Transaction *Transaction
	// BodyAuthenticated is false for a parsed callback and true once Refresh
	// has replaced the transaction with the API's.
	BodyAuthenticated bool
	// SignatureCovers says in words what the hash covers (SignatureCovers),
	// or where a refreshed transaction came from (RefreshedCovers).
	SignatureCovers string
	// ReceivedAt is when the event was parsed.
	ReceivedAt time.Time
	// Raw is the callback body exactly as received (also after Refresh; the
	// API's JSON is in Transaction.Raw).
	Raw json.RawMessage
}

// DedupeKey identifies the notification for at-least-once processing. The
// status is not covered by the hash, so a key is only built from the
// refreshed transaction: on a parsed (not yet refreshed) Event it is "".
// After Refresh it is "channels:<id>:<type>:<status>:<amount>" from the
// API's answer: the same for every redelivery of one state, different for a
// status change (failed then confirmed on a demo withdrawal) and for another
// transaction. A swapped callback body cannot use up a genuine
// notification's key, because nothing of the unsigned body is in it.
func (e *Event) DedupeKey() string {
	if e == nil || !e.BodyAuthenticated || e.Transaction == nil {
		return ""
	}
	t := e.Transaction
	return ProviderName + ":" + t.ID + ":" + t.Type + ":" + t.Status + ":" + t.Amount.String()
}

// ObjectID is the transaction id.
func (e *Event) ObjectID() string { return e.ID }

// WebhooksService verifies and parses callbacks, and refreshes them from the
// API. Printing it never shows a secret key.
type WebhooksService struct {
	c       *Client // nil for a verifier made by NewWebhookVerifier
	secrets []redact.Secret
	limit   int64
}

func newWebhooksService(c *Client, secrets []redact.Secret, limit int64) *WebhooksService {
	return &WebhooksService{c: c, secrets: secrets, limit: limit}
}

// NewWebhookVerifier returns a WebhooksService for a merchant that holds
// only the secret key (current first, then previous ones still accepted
// during a rotation) and no API key. It parses and verifies; its Refresh
// returns an error matching payments.ErrUnsupported, so its events can
// never be credited: use it to check callbacks, not to act on them.
func NewWebhookVerifier(secretKeys ...string) *WebhooksService {
	return &WebhooksService{secrets: redact.Secrets(secretKeys...)}
}

// Format prints the service with its secrets masked, for every verb.
func (s *WebhooksService) Format(f fmt.State, _ rune) {
	redact.Format(f, "channels.WebhooksService", "secretKeys", strconv.Itoa(len(s.secrets))+" masked",
		"apiClient", strconv.FormatBool(s.c != nil))
}

// Parse reads r's body through the size cap (1 MiB unless
// option.WithWebhookBodyLimit says otherwise) and parses it as ParseBody does.
func (s *WebhooksService) Parse(r *http.Request) (*Event, error) {
	body, err := webhookbody.Read(r, ProviderName, s.limit)
	if err != nil {
		return nil, err
	}
	return s.ParseBody(body, r.Header)
}

// ParseBody verifies and parses a callback body (the exact bytes received;
// the hash travels in the body, so header is not needed and may be nil).
// The hash is recomputed from the id, customerId ("N/A" when absent),
// amount and currency strings exactly as they appear in the body, and
// compared in constant time against the secret key and every previous one.
//
// Errors match payments.ErrPayloadTooLarge (over the cap),
// payments.ErrMalformed (not a JSON object, no id, amount, currency or
// hash, hostile numbers) or payments.ErrInvalidSignature (no secret key
// configured; an id, customerId or currency containing '.', or an amount
// that is not plain decimal text, which the '.'-joined hash cannot bind to
// one reading (see Event); or the hash does not match). The unbindable
// shapes are ErrInvalidSignature rather than ErrMalformed because the body
// is well-formed JSON: what fails is the hash's ability to authenticate it,
// and a receiver answers both the same way as a forged callback. An unknown callbackType or type
// is not an error: the Event has Kind EventOther.
func (s *WebhooksService) ParseBody(body []byte, _ http.Header) (*Event, error) {
	if err := webhookbody.Check(body, ProviderName, s.limit); err != nil {
		return nil, err
	}
	if len(body) == 0 {
		return nil, malformed("empty body", nil)
	}
	if b := firstByte(body); b != '{' {
		return nil, malformed("not a JSON object", nil)
	}
	// Numbers are guarded where they are decoded (decodeTransaction): a
	// hostile amount is refused there, and strings are never taken for numbers.
	tx, err := decodeTransaction(body)
	if err != nil {
		return nil, malformed("not a callback object", err)
	}
	for _, f := range []struct{ name, v string }{{"id", tx.ID}, {"amount", tx.AmountText}, {"currency", string(tx.Currency)}, {"hash", tx.Hash}} {
		if f.v == "" && f.name == "hash" {
			// One rule for every provider: a missing signature is a bad one (401).
			return nil, fmt.Errorf("%s webhook: %w: hash is missing", ProviderName, payments.ErrInvalidSignature)
		}
		if f.v == "" {
			return nil, malformed(f.name+" is missing", nil)
		}
	}
	if len(s.secrets) == 0 {
		return nil, fmt.Errorf("%s webhook: %w: no secret key configured", ProviderName, payments.ErrInvalidSignature)
	}
	// The hashed fields are joined with '.', so the hash binds them only if
	// exactly one split of the hashed text is possible: none of id,
	// customerId and currency may hold a '.', and the amount must be plain
	// decimal text. Anything else is a hash that does not authenticate what
	// the body says, refused as such (before any hashing).
	if field := ambiguousField(tx); field != "" {
		return nil, fmt.Errorf("%s webhook: %w: %s", ProviderName, payments.ErrInvalidSignature, field)
	}
	// The hash is never put in an error: it is what someone probing the
	// endpoint would like echoed back.
	if !verifyHash(s.secrets, tx.ID, tx.CustomerID, tx.AmountText, string(tx.Currency), tx.Hash) {
		return nil, fmt.Errorf("%s webhook: %w: hash does not match id, customerId, amount and currency", ProviderName, payments.ErrInvalidSignature)
	}
	return &Event{ID: tx.ID, Type: tx.Type, Kind: kindOf(tx), Transaction: tx, SignatureCovers: SignatureCovers,
		ReceivedAt: s.now(), Raw: body}, nil
}

// ambiguousField says why the callback hash cannot bind tx's hashed fields
// to one reading, or "" when it can: with id, customerId and currency free
// of '.', the first two '.' of the hashed text end id and customerId, the
// last one before the secret starts the currency, and what is between is
// the amount, which must be plain decimal text (see plainDecimal).
func ambiguousField(tx *Transaction) string {
	switch {
	case strings.IndexByte(tx.ID, '.') >= 0:
		return "id contains '.', which the hash uses between fields"
	case strings.IndexByte(tx.CustomerID, '.') >= 0:
		return "customerId contains '.', which the hash uses between fields"
	case strings.IndexByte(string(tx.Currency), '.') >= 0:
		return "currency contains '.', which the hash uses between fields"
	case !plainDecimal(tx.AmountText):
		return "amount is not plain decimal text (digits, at most one '.', an optional leading '-', no exponent)"
	}
	return ""
}

// plainDecimal reports whether s is -?digits(.digits)?: one text per value
// written, no exponent, no sign but a leading '-', no spaces.
func plainDecimal(s string) bool {
	if len(s) > 0 && s[0] == '-' {
		s = s[1:]
	}
	intPart, frac, hasPoint := strings.Cut(s, ".")
	return allDigits(intPart) && (!hasPoint || allDigits(frac))
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func firstByte(b []byte) byte {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return c
		}
	}
	return 0
}

// kindOf tells deposits from withdrawals by type.
func kindOf(tx *Transaction) EventKind {
	if tx.CallbackType != "" && tx.CallbackType != "transaction" {
		return EventOther
	}
	switch tx.Type {
	case TypeDeposit:
		return EventDeposit
	case TypeWithdrawal:
		return EventWithdrawal
	}
	return EventOther
}

func malformed(what string, err error) error {
	if err != nil {
		return fmt.Errorf("%s webhook: %w: %s: %w", ProviderName, payments.ErrMalformed, what, err)
	}
	return fmt.Errorf("%s webhook: %w: %s", ProviderName, payments.ErrMalformed, what)
}

// Refresh reads the event's transaction from the API by its id (which the
// hash covers) and returns a copy of ev holding the API's transaction, with
// Type and Kind from it and BodyAuthenticated true. Decide and deduplicate
// from the refreshed event (DedupeKey), never from the parsed one.
//
// It fails with payments.ErrUnsupported for a verifier without an API
// client, with payments.ErrMalformed when the API answers with another
// transaction, and with the API's error otherwise (payments.ErrNotFound for
// an id the API does not know: a forged callback cannot get that far, so
// answer non-2xx and let the provider retry).
// GET /api/v2/transaction/{transactionId}
func (s *WebhooksService) Refresh(ctx context.Context, ev *Event) (*Event, error) {
	if ev == nil || strings.TrimSpace(ev.ID) == "" {
		return nil, &payments.ValidationError{Field: "event", Reason: "has no transaction id"}
	}
	if s.c == nil {
		return nil, fmt.Errorf("%s webhook: refresh needs an API client (channels.New): %w", ProviderName, payments.ErrUnsupported)
	}
	tx, err := s.c.Transactions.Get(ctx, ev.ID)
	if err != nil {
		return nil, err
	}
	out := *ev
	out.Transaction, out.Type, out.Kind = tx, tx.Type, kindOf(tx)
	out.BodyAuthenticated, out.SignatureCovers = true, RefreshedCovers
	return &out, nil
}

func (s *WebhooksService) now() time.Time {
	if s.c != nil {
		return s.c.clock()
	}
	return time.Now()
}
