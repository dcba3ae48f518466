package channels

import (
	"context"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/internal/redact"
	"github.com/coinsdk/coinsdk/internal/webhookkit"
	"github.com/coinsdk/coinsdk/payments"
)

// NoCustomer stands in the hash for a callback without a customerId
// (settlement transactions).
const NoCustomer = "N/A"

// SignatureCovers says what a callback's hash covers.
const SignatureCovers = "the transaction id exactly, and the text \"{customerId}.{amount}.{currency}\" as a whole: hash = " +
	"base64(SHA-512(\"{id}.{customerId}.{amount}.{currency}.{secretKey}\")), not an HMAC; ids holding '.' are refused, " +
	"but a customerId may hold '.', so a '.' can move between customerId, amount and currency without changing the hash; " +
	"status, type, orderId, transactionHash and the rest of the body are not signed: call Refresh (which reads the transaction by its id) before crediting"

// RefreshedCovers says where a refreshed event's transaction comes from.
const RefreshedCovers = "the whole transaction: read from GET /api/v2/transaction/{id} with the API key after the callback's hash verified"

// Event is a callback whose hash verified.
//
// What the hash binds: XGateway hashes "{id}.{customerId}.{amount}.{currency}.{secretKey}",
// the values joined with '.', and a '.' inside a value moves a field
// boundary without changing the hashed text. The id is bound exactly as
// long as it holds no '.' (it is then everything before the first '.'), so
// ParseBody refuses an id containing one (provider ids are UUIDs). The
// customerId, amount and currency are bound only as one text: customers
// created outside the SDK may have e-mail-style ids ("jane.doe@x.io"), so a
// captured callback for 10.50 from customer "c" also verifies as 50 from
// customer "c.10", or as "10" of currency "50.tUSDT". None of that survives
// Refresh, which reads the transaction by its id from the API and replaces
// everything else; what the ambiguity could forge before Refresh is the id,
// which is why only the id's '.' is refused. A verified Event proves that
// XGateway hashed this transaction id, under one of the secret keys.
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
	// Type is the transaction type: EventDeposit or EventWithdrawal. On a
	// parsed callback it is the unsigned body's word; after Refresh, the API's.
	Type EventType
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
	return ProviderName + ":" + t.ID + ":" + t.Type + ":" + string(t.Status) + ":" + t.Amount.String()
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
func NewWebhookVerifier(secrets ...string) *WebhooksService {
	return &WebhooksService{secrets: redact.Secrets(secrets...)}
}

// Format prints the service with its secrets masked, for every verb.
func (s *WebhooksService) Format(f fmt.State, _ rune) {
	webhookkit.Format(f, "channels.WebhooksService", "secretKeys", len(s.secrets), s.c != nil)
}

// Parse reads r's body through the size cap (1 MiB unless
// option.WithWebhookBodyLimit says otherwise) and parses it as ParseBody does.
func (s *WebhooksService) Parse(r *http.Request) (*Event, error) {
	return webhookkit.Parse(r, ProviderName, s.limit, s.ParseBody)
}

// ParseBody verifies and parses a callback body (the exact bytes received;
// the hash travels in the body, so header is not needed and may be nil).
// The hash is recomputed from the id, customerId ("N/A" when absent),
// amount and currency strings exactly as they appear in the body, and
// compared in constant time against the secret key and every previous one.
//
// Errors match payments.ErrPayloadTooLarge (over the cap),
// payments.ErrMalformed (not a JSON object, invalid UTF-8, no id, amount or
// currency, hostile numbers) or payments.ErrInvalidSignature (no hash, no
// secret key configured, an id containing '.', which the '.'-joined hash
// cannot bind (see Event), or the hash does not match): a missing
// signature is refused as a wrong one, the one rule of every provider. An
// unknown callbackType or type is not an error: the Event has Kind
// KindOther.
func (s *WebhooksService) ParseBody(body []byte, _ http.Header) (*Event, error) {
	if err := webhookkit.CheckSize(body, ProviderName, s.limit); err != nil {
		return nil, err
	}
	if len(body) == 0 {
		return nil, malformed("empty body", nil)
	}
	if b := firstByte(body); b != '{' {
		return nil, malformed("not a JSON object", nil)
	}
	// Numbers are guarded where they are decoded (Transaction.decodeJSON): a
	// hostile amount is refused there, and strings are never taken for numbers.
	tx := new(Transaction)
	err := tx.decodeJSON(body)
	if err != nil {
		return nil, malformed("not a callback object", err)
	}
	for _, f := range []struct{ name, v string }{{"id", tx.ID}, {"amount", tx.AmountText}, {"currency", string(tx.Currency)}} {
		if f.v == "" {
			return nil, malformed(f.name+" is missing", nil)
		}
	}
	if tx.Hash == "" {
		return nil, fmt.Errorf("%s webhook: %w: no hash", ProviderName, payments.ErrInvalidSignature)
	}
	if len(s.secrets) == 0 {
		return nil, fmt.Errorf("%s webhook: %w: no secret key configured", ProviderName, payments.ErrInvalidSignature)
	}
	// The id is the one value Refresh takes from the callback: the hash
	// binds it exactly only if it holds no '.' (see Event). A '.' in the
	// customerId, amount or currency only blurs values Refresh replaces.
	if strings.IndexByte(tx.ID, '.') >= 0 {
		return nil, fmt.Errorf("%s webhook: %w: id contains '.', which the hash uses between fields", ProviderName, payments.ErrInvalidSignature)
	}
	// The hash is never put in an error: it is what someone probing the
	// endpoint would like echoed back.
	if !verifyHash(s.secrets, tx.ID, tx.CustomerID, tx.AmountText, string(tx.Currency), tx.Hash) {
		return nil, fmt.Errorf("%s webhook: %w: hash does not match id, customerId, amount and currency", ProviderName, payments.ErrInvalidSignature)
	}
	return &Event{ID: tx.ID, Type: EventType(tx.Type), Kind: kindOf(tx), Transaction: tx, SignatureCovers: SignatureCovers,
		ReceivedAt: s.now(), Raw: body}, nil
}

func firstByte(b []byte) byte {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' && c != '\n' {
			return c
		}
	}
	return 0
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
	out.Transaction, out.Type, out.Kind = tx, EventType(tx.Type), kindOf(tx)
	out.BodyAuthenticated, out.SignatureCovers = true, RefreshedCovers
	return &out, nil
}

func (s *WebhooksService) now() time.Time {
	if s.c != nil {
		return s.c.clock()
	}
	return time.Now()
}

// callbackDigest is the SHA-512 of the hashed text (see Event).
func callbackDigest(secretKey, id, customerID, amount, currency string) [sha512.Size]byte {
	if customerID == "" {
		customerID = NoCustomer
	}
	var b strings.Builder
	b.Grow(len(id) + len(customerID) + len(amount) + len(currency) + len(secretKey) + 4)
	for i, s := range []string{id, customerID, amount, currency, secretKey} {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(s)
	}
	return sha512.Sum512([]byte(b.String()))
}

// verifyHash reports whether hash is the callback hash of the fields under
// any of secrets (rotation). The digests are compared in constant time and
// every secret is tried, so the time taken reveals neither the hash nor
// which secret matched. A hash that is not base64 of 64 bytes is false.
func verifyHash(secrets []redact.Secret, id, customerID, amount, currency, hash string) bool {
	got, err := base64.StdEncoding.Strict().DecodeString(strings.TrimSpace(hash))
	if err != nil {
		if got, err = base64.RawStdEncoding.Strict().DecodeString(strings.TrimSpace(hash)); err != nil {
			return false
		}
	}
	if len(got) != sha512.Size {
		return false
	}
	ok := 0
	for _, s := range secrets {
		if s.IsZero() {
			continue
		}
		want := callbackDigest(s.Reveal(), id, customerID, amount, currency)
		ok |= subtle.ConstantTimeCompare(got, want[:])
	}
	return ok == 1
}
