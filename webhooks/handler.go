package webhooks

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

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

	tx *sql.Tx
}

// Tx is the database transaction the delivery runs in (see Store): write
// the merchant's own rows through it (credit the order, enqueue an e-mail
// in an outbox table) and they commit together with the recorded status and
// the remembered dedupe key, or not at all. It is nil when the store is not
// on database/sql (MemoryStore). Never use it after the callback returned,
// and never write through another connection to the same rows while it is
// open: on SQLite that waits for the lock this transaction holds.
func (u Update) Tx() *sql.Tx { return u.tx }

// Changed reports whether this delivery moves the object to a new status:
// act (credit, ship, mark a payout sent) only when it does.
func (u Update) Changed() bool { return u.Status != u.Previous }

// ProcessFunc is the merchant's callback. It runs inside the delivery's
// transaction, holding the object's lock, before the new status is recorded
// (see the package documentation). Its writes through Update.Tx commit with
// the delivery or not at all; any other effect (an e-mail, an HTTP call)
// can happen again when the transaction is rolled back and retried or the
// process dies before the commit: put such effects in an outbox table
// through Update.Tx. An error rolls everything back, answers 500, and the
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
}

// NewHandler returns the flow over verifier (a provider adapter, or any
// payments.WebhookVerifier), keeping state in store and calling process.
// It panics if any of the three is nil: that is a programming error.
func NewHandler(verifier payments.WebhookVerifier, store Store, process ProcessFunc, opts ...Option) *Handler {
	if verifier == nil || store == nil || process == nil {
		panic("webhooks: NewHandler needs a verifier, a store and a process function")
	}
	h := &Handler{verifier: verifier, store: store, process: process, limit: DefaultBodyLimit}
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
	answerUnknownObj  = "object unknown to the provider's API"
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
		if errors.Is(err, payments.ErrNotFound) {
			// A genuine callback about an object the API does not know
			// (yet): a 4xx says so, uses up no dedupe key, and the
			// provider's retries settle it once the object exists.
			h.reply(w, r, http.StatusUnprocessableEntity, answerUnknownObj, err)
			return
		}
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

// processError marks the merchant's callback failing (500), as opposed to
// the store failing (503). It unwraps, so a store still sees a deadlock the
// callback's own SQL ran into and retries it.
type processError struct{ err error }

func (e *processError) Error() string { return "process: " + e.err.Error() }
func (e *processError) Unwrap() error { return e.err }

// handle runs steps 4–6 for a verified, authenticated event, as one
// transaction of the store holding the object's lock.
func (h *Handler) handle(ctx context.Context, ev *payments.Event) (int, string, error) {
	key, object := DedupeKey(ev), ObjectKey(ev)
	var duplicate bool
	err := h.store.Transact(ctx, object, func(ctx context.Context, tx Tx) error {
		// The store may run this again after a deadlock: start afresh.
		seen, err := tx.Seen(ctx, key)
		if duplicate = seen; err != nil || seen {
			return err
		}
		prev, err := tx.Status(ctx)
		if err != nil {
			return err
		}
		u := Update{Event: ev, Previous: prev, Status: payments.Advance(prev, ev.Status), tx: tx.SQL()}
		if err := h.process(ctx, u); err != nil {
			return &processError{err}
		}
		if err := tx.Record(ctx, u); err != nil {
			return err
		}
		return tx.Remember(ctx, key)
	})
	var pe *processError
	switch {
	case errors.As(err, &pe):
		return http.StatusInternalServerError, answerFailed, err
	case err != nil:
		return http.StatusServiceUnavailable, answerStoreFailed, err
	case duplicate:
		return http.StatusOK, answerDuplicate, nil
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
