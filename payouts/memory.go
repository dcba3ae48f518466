package payouts

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/coinsdk/coinsdk/payments"
)

// MemoryJournal is a Journal in this process's memory, for examples and
// tests. It keeps the Journal contract for the Senders of one process, but
// it is lost when the process ends: a payout in flight at a crash is
// forgotten, and its reference could be sent again. Production uses the SQL
// journal of package sqlstore.
type MemoryJournal struct {
	mu      sync.Mutex
	entries map[string]Entry
}

var _ Journal = (*MemoryJournal)(nil)

// NewMemoryJournal returns an empty MemoryJournal.
func NewMemoryJournal() *MemoryJournal { return &MemoryJournal{entries: map[string]Entry{}} }

// Claim writes want when its reference is new, else applies Decide.
func (m *MemoryJournal) Claim(ctx context.Context, want Entry, now time.Time) (Entry, Step, error) {
	if err := ctx.Err(); err != nil {
		return Entry{}, 0, err
	}
	if err := CheckEntry(want); err != nil {
		return Entry{}, 0, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	have, ok := m.entries[want.Reference]
	if !ok {
		m.entries[want.Reference] = clone(want)
		return clone(want), StepSend, nil
	}
	next, step, err := Decide(have, want, now)
	if err != nil {
		return clone(have), 0, err
	}
	m.entries[want.Reference] = clone(next)
	return clone(next), step, nil
}

// Record applies u when Applies says so.
func (m *MemoryJournal) Record(ctx context.Context, u Update) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	have, ok := m.entries[u.Reference]
	if !ok || !Applies(have, u) {
		return false, nil
	}
	m.entries[u.Reference] = clone(Apply(have, u))
	return true, nil
}

// RecordDone applies each of us (made payouts) when Applies says so, under
// one lock: the in-memory form of the SQL journal's one statement.
func (m *MemoryJournal) RecordDone(ctx context.Context, us []Update) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, u := range us {
		if have, ok := m.entries[u.Reference]; ok && Applies(have, u) {
			m.entries[u.Reference] = clone(Apply(have, u))
		}
	}
	return nil
}

// Get returns the entry for reference, or an error matching payments.ErrNotFound.
func (m *MemoryJournal) Get(ctx context.Context, reference string) (Entry, error) {
	if err := ctx.Err(); err != nil {
		return Entry{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[reference]
	if !ok {
		return Entry{}, NotFound(reference)
	}
	return clone(e), nil
}

// Pending lists provider's open entries whose lease ended and those waiting
// for a person, in reference order after after.
func (m *MemoryJournal) Pending(ctx context.Context, provider string, now time.Time, after string, limit int) ([]Entry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.Lock()
	var out []Entry
	for _, e := range m.entries {
		if e.Provider == provider && e.Reference > after && IsPending(e, now) {
			out = append(out, clone(e))
		}
	}
	m.mu.Unlock()
	slices.SortFunc(out, func(a, b Entry) int { return strings.Compare(a.Reference, b.Reference) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// IsPending reports whether Resolve must look at e at now: open with its
// lease ended, or waiting for a person.
func IsPending(e Entry, now time.Time) bool {
	return e.State == StateAttention || (e.State == StateOpen && !e.LeaseUntil.After(now))
}

// Field limits every Journal enforces, so that an entry fits the SQL
// journal's columns on every database.
const (
	MaxReferenceLen = 255
	MaxProviderLen  = 64
	MaxAmountLen    = 80
	MaxCurrencyLen  = 32
	MaxAddressLen   = 255
	MaxOwnerLen     = 128
)

// CheckEntry validates an entry's intent fields against the limits.
func CheckEntry(e Entry) error {
	for _, f := range []struct {
		name, v string
		max     int
	}{{"reference", e.Reference, MaxReferenceLen}, {"provider", e.Provider, MaxProviderLen}, {"amount", e.Amount, MaxAmountLen},
		{"amount.currency", e.Currency, MaxCurrencyLen}, {"asset", e.Asset, MaxCurrencyLen}, {"address", e.Address, MaxAddressLen},
		{"tag", e.Tag, MaxAddressLen}, {"owner", e.Owner, MaxOwnerLen}} {
		if len(f.v) > f.max {
			return &payments.ValidationError{Field: f.name, Reason: "is longer than " + strconv.Itoa(f.max) + " bytes"}
		}
	}
	if e.Reference == "" {
		return &payments.ValidationError{Field: "reference", Reason: "is required"}
	}
	return nil
}

// NotFound is the error a Journal's Get returns for a reference it does not
// hold (it matches payments.ErrNotFound).
func NotFound(reference string) error {
	return fmt.Errorf("payouts: no journal entry for reference %s: %w", strconv.Quote(reference), payments.ErrNotFound)
}

// clone copies e's byte slice, so callers never share the journal's memory.
func clone(e Entry) Entry {
	e.Payout = slices.Clone(e.Payout)
	return e
}
