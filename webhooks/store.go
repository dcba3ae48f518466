package webhooks

import (
	"context"
	"sync"

	"github.com/coinsdk/coinsdk/payments"
)

// Store keeps what the Handler needs across deliveries. A merchant
// implements it on their database; MemoryStore is for tests and examples.
type Store interface {
	// Seen reports whether key (see DedupeKey) was remembered.
	Seen(ctx context.Context, key string) (bool, error)
	// Status returns the recorded status of the object (see ObjectKey), ""
	// when nothing was recorded for it yet.
	Status(ctx context.Context, object string) (payments.Status, error)
	// Record stores status as the object's status, with the event that led
	// to it (for audits). It is called with the result of payments.Advance,
	// also when it equals the stored status.
	Record(ctx context.Context, object string, status payments.Status, ev *payments.Event) error
	// Remember marks key as processed; called only after Record succeeded.
	Remember(ctx context.Context, key string) error
}

// DedupeKey is the key the Handler remembers for ev: its provider and its
// DedupeKey, so that two providers' keys never collide.
func DedupeKey(ev *payments.Event) string { return ev.Provider + ":" + ev.DedupeKey }

// ObjectKey is the key the Handler records ev's object status under: its
// provider, its kind and the provider's id of the object.
func ObjectKey(ev *payments.Event) string {
	return ev.Provider + ":" + string(ev.Kind) + ":" + ev.ObjectID
}

// MemoryStore is a Store in memory, safe for concurrent use. It is lost on
// restart: use it in tests and examples, and a database in production.
type MemoryStore struct {
	mu       sync.Mutex
	seen     map[string]bool
	statuses map[string]payments.Status
	events   []Recorded
}

// Recorded is one Record call kept by MemoryStore.
type Recorded struct {
	// Object is the ObjectKey.
	Object string
	// Status is the status recorded.
	Status payments.Status
	// Event is the event that led to it.
	Event *payments.Event
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{seen: map[string]bool{}, statuses: map[string]payments.Status{}}
}

// Seen reports whether key was remembered.
func (m *MemoryStore) Seen(_ context.Context, key string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.seen[key], nil
}

// Status returns the object's recorded status.
func (m *MemoryStore) Status(_ context.Context, object string) (payments.Status, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.statuses[object], nil
}

// Record stores the object's status and keeps the event.
func (m *MemoryStore) Record(_ context.Context, object string, status payments.Status, ev *payments.Event) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.statuses[object] = status
	m.events = append(m.events, Recorded{Object: object, Status: status, Event: ev})
	return nil
}

// Remember marks key as processed.
func (m *MemoryStore) Remember(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seen[key] = true
	return nil
}

// Records returns every Record call so far, oldest first.
func (m *MemoryStore) Records() []Recorded {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Recorded(nil), m.events...)
}
