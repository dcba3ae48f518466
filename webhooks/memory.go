package webhooks

import (
	"context"
	"database/sql"
	"sync"

	"github.com/coinsdk/coinsdk/payments"
)

// MemoryStore is a Store in memory, safe for concurrent use: one lock per
// object, and a transaction's writes applied together when it commits. It
// holds for one process and is lost on restart: use it in tests and
// examples, and package sqlstore in production.
type MemoryStore struct {
	mu       sync.Mutex
	locks    map[string]*objectLock
	seen     map[string]bool
	statuses map[string]payments.Status
	events   []Recorded
}

// objectLock is one object's lock, kept while someone holds or waits for it.
type objectLock struct {
	mu    sync.Mutex
	users int
}

// Recorded is one status recorded in a MemoryStore.
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
	return &MemoryStore{locks: map[string]*objectLock{}, seen: map[string]bool{}, statuses: map[string]payments.Status{}}
}

// Transact runs fn holding object's lock; fn's writes are applied when it
// returns nil and dropped when it returns an error.
func (m *MemoryStore) Transact(ctx context.Context, object string, fn func(ctx context.Context, tx Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	l := m.lock(object)
	defer m.unlock(object, l)
	tx := &memoryTx{store: m, object: object}
	if err := fn(ctx, tx); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, k := range tx.keys {
		m.seen[k] = true
	}
	if tx.recorded != nil {
		m.statuses[object] = tx.recorded.Status
		m.events = append(m.events, *tx.recorded)
	}
	return nil
}

func (m *MemoryStore) lock(object string) *objectLock {
	m.mu.Lock()
	l := m.locks[object]
	if l == nil {
		l = &objectLock{}
		m.locks[object] = l
	}
	l.users++
	m.mu.Unlock()
	l.mu.Lock()
	return l
}

func (m *MemoryStore) unlock(object string, l *objectLock) {
	l.mu.Unlock()
	m.mu.Lock()
	if l.users--; l.users == 0 {
		delete(m.locks, object)
	}
	m.mu.Unlock()
}

// Seen reports whether key was remembered (committed).
func (m *MemoryStore) Seen(_ context.Context, key string) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.seen[key], nil
}

// Status returns the object's recorded (committed) status, "" when none.
func (m *MemoryStore) Status(_ context.Context, object string) (payments.Status, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.statuses[object], nil
}

// Records returns every status recorded so far, oldest first.
func (m *MemoryStore) Records() []Recorded {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Recorded(nil), m.events...)
}

// memoryTx is one MemoryStore transaction: its writes wait for the commit.
type memoryTx struct {
	store    *MemoryStore
	object   string
	keys     []string
	recorded *Recorded
}

func (t *memoryTx) Seen(ctx context.Context, key string) (bool, error) {
	for _, k := range t.keys {
		if k == key {
			return true, nil
		}
	}
	return t.store.Seen(ctx, key)
}

func (t *memoryTx) Status(ctx context.Context) (payments.Status, error) {
	if t.recorded != nil {
		return t.recorded.Status, nil
	}
	return t.store.Status(ctx, t.object)
}

func (t *memoryTx) Record(_ context.Context, u Update) error {
	t.recorded = &Recorded{Object: t.object, Status: u.Status, Event: u.Event}
	return nil
}

func (t *memoryTx) Remember(_ context.Context, key string) error {
	t.keys = append(t.keys, key)
	return nil
}

func (t *memoryTx) SQL() *sql.Tx { return nil }
