package webhooks

import (
	"context"
	"encoding/json"
	"errors"
	"hash/maphash"
	"log/slog"
	"net/http"
	"sync"

	"github.com/coinsdk/coinsdk/payments"
)

// DefaultBodyLimit caps a webhook body: 1 MiB, as the provider packages do.
const DefaultBodyLimit int64 = 1 << 20

// Update is what the merchant's callback gets for a verified delivery.
type Update struct {
	// Event is the verified event; for a body that is not signed, the
	// refreshed one (BodyAuthenticated true, fields from the provider's API).
	Event *payments.Event
	// Previous is the object's recorded status before this delivery ("" when
	// none).
	Previous payments.Status
	// Status is payments.Advance(Previous, Event.Status): what will be
	// recorded. It never goes backwards.
	Status payments.Status
}

// Changed reports whether this delivery moves the object to a new status:
// act (credit, ship, mark a payout sent) only when it does.
func (u Update) Changed() bool { return u.Status != u.Previous }

// ProcessFunc is the merchant's callback. It runs before the new status is
// recorded and may run more than once for the same Update (see the package
// documentation): make its effect idempotent. An error answers 500 and the
// provider delivers again.
type ProcessFunc func(ctx context.Context, u Update) error

// Option configures a Handler.
type Option func(*Handler)

// WithBodyLimit caps the request body at n bytes (default DefaultBodyLimit);
// the verifier applies its own cap too.
func WithBodyLimit(n int64) Option { return func(h *Handler) { h.limit = n } }

// WithLogger logs every answer at debug (200) or warn (others) level.
// Nothing secret is logged: the provider, the outcome and the error text,
// which the provider packages keep free of secrets and signatures.
func WithLogger(l *slog.Logger) Option { return func(h *Handler) { h.log = l } }

// WithUnknown is called for every verified event of a type the provider
// package does not know (acknowledged with 200 without processing).
func WithUnknown(f func(ctx context.Context, ev *payments.Event)) Option {
	return func(h *Handler) { h.unknown = f }
}

// Handler is the webhook flow as an http.Handler; see the package
// documentation. It is safe for concurrent use.
type Handler struct {
	verifier payments.WebhookVerifier
	store    Store
	process  ProcessFunc
	limit    int64
	log      *slog.Logger
	unknown  func(ctx context.Context, ev *payments.Event)
	seed     maphash.Seed
	locks    [64]sync.Mutex
}

// NewHandler returns the flow over verifier (a provider adapter, or any
// payments.WebhookVerifier), keeping state in store and calling process.
// It panics if any of the three is nil: that is a programming error.
func NewHandler(verifier payments.WebhookVerifier, store Store, process ProcessFunc, opts ...Option) *Handler {
	if verifier == nil || store == nil || process == nil {
		panic("webhooks: NewHandler needs a verifier, a store and a process function")
	}
	h := &Handler{verifier: verifier, store: store, process: process, limit: DefaultBodyLimit, seed: maphash.MakeSeed()}
	for _, o := range opts {
		o(h)
	}
	return h
}

// Answers, as the "status" of the JSON body.
const (
	answerProcessed   = "processed"
	answerDuplicate   = "duplicate"
	answerIgnored     = "ignored: unknown event type"
	answerBadSig      = "invalid signature"
	answerTooLarge    = "payload too large"
	answerMalformed   = "malformed"
	answerNoRefresh   = "cannot refresh an unsigned body: retry later"
	answerStoreFailed = "store unavailable: retry later"
	answerFailed      = "processing failed: retry later"
)

// ServeHTTP runs the flow for one delivery.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.reply(w, r, http.StatusMethodNotAllowed, "method not allowed", nil)
		return
	}
	if h.limit > 0 {
		r.Body = http.MaxBytesReader(w, r.Body, h.limit)
	}
	ctx := r.Context()
	ev, err := h.verifier.ParseWebhook(r)
	if err != nil {
		status, msg := parseAnswer(err)
		h.reply(w, r, status, msg, err)
		return
	}
	if ev.Kind == payments.EventOther || ev.ObjectID == "" {
		if h.unknown != nil {
			h.unknown(ctx, ev)
		}
		h.reply(w, r, http.StatusOK, answerIgnored, nil)
		return
	}
	if !ev.BodyAuthenticated {
		fresh, err := h.verifier.Refresh(ctx, ev)
		if err != nil {
			h.reply(w, r, http.StatusServiceUnavailable, answerNoRefresh, err)
			return
		}
		if !fresh.BodyAuthenticated {
			h.reply(w, r, http.StatusServiceUnavailable, answerNoRefresh, errors.New("refreshed event is still not authenticated"))
			return
		}
		ev = fresh
	}
	if ev.DedupeKey == "" || ev.ObjectID == "" {
		h.reply(w, r, http.StatusInternalServerError, answerFailed, errors.New("the verifier gave the event no dedupe key or object id"))
		return
	}
	status, msg, err := h.handle(ctx, ev)
	h.reply(w, r, status, msg, err)
}

// handle runs steps 4–6 for a verified, authenticated event, one object at
// a time.
func (h *Handler) handle(ctx context.Context, ev *payments.Event) (int, string, error) {
	key, object := DedupeKey(ev), ObjectKey(ev)
	mu := &h.locks[maphash.String(h.seed, object)%uint64(len(h.locks))]
	mu.Lock()
	defer mu.Unlock()

	seen, err := h.store.Seen(ctx, key)
	if err != nil {
		return http.StatusServiceUnavailable, answerStoreFailed, err
	}
	if seen {
		return http.StatusOK, answerDuplicate, nil
	}
	prev, err := h.store.Status(ctx, object)
	if err != nil {
		return http.StatusServiceUnavailable, answerStoreFailed, err
	}
	u := Update{Event: ev, Previous: prev, Status: payments.Advance(prev, ev.Status)}
	if err := h.process(ctx, u); err != nil {
		return http.StatusInternalServerError, answerFailed, err
	}
	if err := h.store.Record(ctx, object, u.Status, ev); err != nil {
		return http.StatusServiceUnavailable, answerStoreFailed, err
	}
	if err := h.store.Remember(ctx, key); err != nil {
		return http.StatusServiceUnavailable, answerStoreFailed, err
	}
	return http.StatusOK, answerProcessed, nil
}

// parseAnswer maps a verification error to the status providers understand.
func parseAnswer(err error) (int, string) {
	var mbe *http.MaxBytesError
	switch {
	case errors.Is(err, payments.ErrPayloadTooLarge), errors.As(err, &mbe):
		return http.StatusRequestEntityTooLarge, answerTooLarge
	case errors.Is(err, payments.ErrInvalidSignature):
		return http.StatusUnauthorized, answerBadSig
	}
	return http.StatusBadRequest, answerMalformed
}

func (h *Handler) reply(w http.ResponseWriter, r *http.Request, status int, msg string, err error) {
	if h.log != nil {
		level := slog.LevelDebug
		if status != http.StatusOK {
			level = slog.LevelWarn
		}
		attrs := []any{"provider", h.verifier.Name(), "status", status, "answer", msg}
		if err != nil {
			attrs = append(attrs, "error", err.Error())
		}
		h.log.Log(r.Context(), level, "webhook", attrs...)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"status": msg})
}
