// Package tour holds what every example tour repeats and none of them is
// about: reading its settings from the environment, printing aligned lines,
// the merchant's callback endpoint in sandbox mode, and main's deadline and
// exit code. The tours themselves show only coinsdk.
package tour

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"time"
)

// Timeout bounds a whole tour.
const Timeout = 2 * time.Minute

// Main runs a tour under Timeout and exits non-zero when it fails.
func Main(name string, run func(ctx context.Context) error) {
	ctx, cancel := context.WithTimeout(context.Background(), Timeout)
	err := run(ctx)
	cancel()
	if err != nil {
		fmt.Fprintln(os.Stderr, name+" tour failed:", err)
		os.Exit(1)
	}
}

// Getenv returns the environment variable k, or def when it is unset or empty.
func Getenv(k, def string) string { return Or(os.Getenv(k), def) }

// Or returns v, or def when v is empty.
func Or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// Say prints one aligned line to stdout; an empty label continues the
// previous one.
func Say(label, format string, args ...any) {
	if label != "" {
		label += ":"
	}
	fmt.Printf("%-12s%s\n", label, fmt.Sprintf(format, args...))
}

// Shorten keeps the ends of a long id or address.
func Shorten(s string) string {
	if len(s) <= 16 {
		return s
	}
	return s[:8] + "…" + s[len(s)-6:]
}

// Inbox is the merchant's callback endpoint in sandbox mode. Each delivery
// goes through parse (the provider's webhook verification, or ReadBody): an
// accepted one is kept, once per key when key is not nil (delivery is at
// least once: a repeat still gets 200, or the provider keeps retrying, but
// it is not acted on again); a refused one is answered 401 and its error
// kept.
type Inbox[E any] struct {
	srv   *httptest.Server
	mu    sync.Mutex
	seen  map[string]bool
	items []E
	err   error
}

// NewInbox starts an inbox; Close stops it.
func NewInbox[E any](parse func(*http.Request) (E, error), key func(E) string) *Inbox[E] {
	in := &Inbox[E]{seen: make(map[string]bool)}
	in.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		item, err := parse(r)
		in.mu.Lock()
		defer in.mu.Unlock()
		if err != nil {
			in.err = errors.Join(in.err, err)
			http.Error(w, "refused", http.StatusUnauthorized)
			return
		}
		if key != nil {
			if k := key(item); in.seen[k] {
				return
			} else {
				in.seen[k] = true
			}
		}
		in.items = append(in.items, item)
	}))
	return in
}

// Offline points the in-process sandbox sb's callbacks at in, says that
// the tour runs offline (and that the variables named prefix_BASE_URL and
// friends point it at a real server instead), and returns what stops both.
func Offline[E any](sb interface {
	SetCallbackURL(url string)
	Close()
}, in *Inbox[E], prefix string) (stop func()) {
	sb.SetCallbackURL(in.URL())
	fmt.Printf("mode: offline sandbox (set %s_BASE_URL and friends to use a real server)\n", prefix)
	return func() { sb.Close(); in.Close() }
}

// ReadBody is the parse of an inbox that keeps raw bodies (at most 1 MiB).
func ReadBody(r *http.Request) ([]byte, error) { return io.ReadAll(io.LimitReader(r.Body, 1<<20)) }

// URL is the inbox's callback URL.
func (in *Inbox[E]) URL() string { return in.srv.URL }

// Close stops the inbox.
func (in *Inbox[E]) Close() { in.srv.Close() }

// Take returns what arrived since the last call, and every refusal.
func (in *Inbox[E]) Take() ([]E, error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	items, err := in.items, in.err
	in.items, in.err = nil, nil
	return items, err
}

// After runs act, a sandbox's move that delivers callbacks (a payment, a
// confirmation, a payout completed), and takes what arrived as TakeSome
// does.
func (in *Inbox[E]) After(act func() error) ([]E, error) {
	if err := act(); err != nil {
		return nil, err
	}
	return in.TakeSome()
}

// TakeSome is Take for a step that expects a delivery: nothing arrived is
// an error too.
func (in *Inbox[E]) TakeSome() ([]E, error) {
	items, err := in.Take()
	if err == nil && len(items) == 0 {
		err = errors.New("no callback arrived")
	}
	return items, err
}
