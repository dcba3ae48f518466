package alpha

// SignatureCovers says what a signature covers.
const SignatureCovers = "the whole body"

// EventKind is the kind of object an event carries.
type EventKind string

// The kinds.
const (
	KindInvoice EventKind = "invoice"
)

// EventType is the provider's event name.
type EventType string

// The event names.
const (
	EventInvoicePaid EventType = "invoice.paid"
)

// Event is a webhook.
type Event struct {
	ID                string
	Type              EventType
	Kind              EventKind
	Invoice           *Invoice
	BodyAuthenticated bool
	SignatureCovers   string
	ReceivedAt        time.Time
	Raw               json.RawMessage
}

// DedupeKey is the key.
func (e *Event) DedupeKey() string { return "" }

// ObjectID is the object's id.
func (e *Event) ObjectID() string { return "" }

// WebhooksService verifies webhooks.
type WebhooksService struct{ secrets []redact.Secret }

// NewWebhookVerifier returns a verify-only service.
func NewWebhookVerifier(secrets ...string) *WebhooksService { return nil }

// Parse parses a request.
func (s *WebhooksService) Parse(r *http.Request) (*Event, error) { return nil, nil }

// ParseBody parses a body.
func (s *WebhooksService) ParseBody(body []byte, header http.Header) (*Event, error) {
	return nil, nil
}

// Refresh reads the event's object again.
func (s *WebhooksService) Refresh(ctx context.Context, ev *Event) (*Event, error) { return nil, nil }

// Format masks the secrets.
func (s *WebhooksService) Format(f fmt.State, verb rune) {}
