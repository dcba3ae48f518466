package sqlstore_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"github.com/coinsdk/coinsdk/internal/benchcpu"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/internal/dbtest"
	"github.com/coinsdk/coinsdk/internal/storetest"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/sqlstore"
	"github.com/coinsdk/coinsdk/webhooks"
)

// Benchmarks come in pairs: BenchmarkDelivery/<store>/senders=N/sdk is a
// signed webhook (a new invoice, paid: the callback credits it) through
// webhooks.Handler on the store, N senders at once; …/floor does the same
// work by hand: the same verification (the provider's ParseWebhook, which
// is not what is measured here), then the same SQL statements written with
// database/sql in one transaction (for memory: the same steps under one
// mutex). Each reports deliveries/s, the p50/p99 latency of one delivery
// and the process's CPU per delivery; `make bench` (or `make bench-store`)
// prints the sdk/floor ratios. Timings are reports,
// never assertions.

// nextInvoice numbers the benchmark's invoices: every delivery is about a
// new object, never a duplicate.
var nextInvoice atomic.Int64

func init() { nextInvoice.Store(time.Now().UnixNano() % 1e9 * 1000) }

// deliveries prepares n signed "confirmed" (paid) webhooks of new invoices.
func deliveries(n int) []storetest.Delivery {
	out := make([]storetest.Delivery, n)
	for i := range out {
		inv := int(nextInvoice.Add(1))
		if !storetest.Paid(inv) {
			inv = int(nextInvoice.Add(1))
		}
		ds := storetest.Invoice(inv)
		out[i] = ds[len(ds)-1]
	}
	return out
}

func request(d storetest.Delivery) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/webhooks/cryptoprocessing", bytes.NewReader(d.Body))
	for k, v := range d.Header {
		r.Header[k] = v
	}
	return r
}

// run sends b.N deliveries through do with senders goroutines and reports
// throughput and latency.
func run(b *testing.B, senders int, do func(d storetest.Delivery) error) {
	ds := deliveries(b.N)
	lat := make([]time.Duration, b.N)
	var next atomic.Int64
	var failed atomic.Int64
	b.ReportAllocs()
	b.ResetTimer()
	// cpu-ns/op is this process's CPU per delivery (the SDK or the floor,
	// the driver, and SQLite's engine; not a server's): far steadier than
	// the wall time on a shared machine, and where the SDK's own cost shows.
	cpu := benchcpu.Start()
	start := time.Now()
	var wg sync.WaitGroup
	for range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(ds) {
					return
				}
				t0 := time.Now()
				if err := do(ds[i]); err != nil {
					failed.Add(1)
				}
				lat[i] = time.Since(t0)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu.Report(b)
	b.StopTimer()
	if n := failed.Load(); n > 0 {
		b.Fatalf("%d of %d deliveries failed", n, b.N)
	}
	slices.Sort(lat)
	benchcpu.ReportRate(b, b.N, elapsed, "deliveries/s")
	benchcpu.ReportMillis(b, lat[len(lat)/2], "p50-ms")
	benchcpu.ReportMillis(b, lat[min(len(lat)-1, len(lat)*99/100)], "p99-ms")
}

func BenchmarkDelivery(b *testing.B) {
	verifier := storetest.Verifier()
	stores := []string{"memory", string(sqlstore.SQLite), string(sqlstore.Postgres), string(sqlstore.MySQL)}
	for _, kind := range stores {
		b.Run(kind, func(b *testing.B) {
			var store webhooks.Store
			var floor func(ev *payments.Event) error
			bind := func(q string) string { return q }
			if kind == "memory" {
				store, floor = webhooks.NewMemoryStore(), memoryFloor()
			} else {
				db := dbtest.Fresh(b, sqlstore.Dialect(kind))
				s := prepare(b, db)
				store, bind, floor = s, s.Dialect().Bind, sqlFloor(s.DB(), sqlstore.Dialect(kind))
			}
			var mu sync.Mutex
			memCredits := 0
			h := webhooks.NewHandler(verifier, store, storetest.Credit(bind, func(string) { mu.Lock(); memCredits++; mu.Unlock() }))
			for _, senders := range []int{1, 8, 32} {
				b.Run(fmt.Sprintf("senders=%d", senders), func(b *testing.B) {
					b.Run("sdk", func(b *testing.B) {
						run(b, senders, func(d storetest.Delivery) error {
							w := httptest.NewRecorder()
							h.ServeHTTP(w, request(d))
							if w.Code != http.StatusOK {
								return fmt.Errorf("answer %d", w.Code)
							}
							return nil
						})
					})
					b.Run("floor", func(b *testing.B) {
						run(b, senders, func(d storetest.Delivery) error {
							ev, err := verifier.ParseWebhook(request(d))
							if err != nil {
								return err
							}
							return floor(ev)
						})
					})
				})
			}
		})
	}
}

// memoryFloor is the memory store's work by hand: one mutex, four maps.
func memoryFloor() func(ev *payments.Event) error {
	var mu sync.Mutex
	seen := map[string]bool{}
	statuses := map[string]payments.Status{}
	var events []*payments.Event
	credits := map[string]int{}
	return func(ev *payments.Event) error {
		key, object := ev.Provider+":"+ev.DedupeKey, ev.Provider+":"+string(ev.Kind)+":"+ev.ObjectID
		mu.Lock()
		defer mu.Unlock()
		if seen[key] {
			return nil
		}
		prev := statuses[object]
		next := payments.Advance(prev, ev.Status)
		if next != prev && next.IsSuccess() {
			credits[ev.Reference]++
		}
		statuses[object] = next
		events = append(events, ev)
		seen[key] = true
		return nil
	}
}

// floorSQL is the store's statements written out per dialect.
type floorSQL struct{ insertObject, lockObject, seen, credit, updateStatus, insertEvent, remember string }

var floorStatements = map[sqlstore.Dialect]floorSQL{
	sqlstore.Postgres: {
		insertObject: "INSERT INTO coinsdk_webhook_objects (object, status, updated_at) VALUES ($1, $2, $3) ON CONFLICT (object) DO NOTHING",
		lockObject:   "SELECT status FROM coinsdk_webhook_objects WHERE object = $1 FOR UPDATE",
		seen:         "SELECT 1 FROM coinsdk_webhook_keys WHERE dedupe_key = $1",
		credit:       "INSERT INTO storetest_credits (ref, status) VALUES ($1, $2)",
		updateStatus: "UPDATE coinsdk_webhook_objects SET status = $1, updated_at = $2 WHERE object = $3",
		insertEvent: "INSERT INTO coinsdk_webhook_events (object, dedupe_key, previous, status, provider, event_id, kind, type, " +
			"provider_status, reference, amount, currency, confirmations, body_authenticated, raw, received_at, recorded_at) " +
			"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
		remember: "INSERT INTO coinsdk_webhook_keys (dedupe_key, object, created_at) VALUES ($1, $2, $3)",
	},
	sqlstore.MySQL: {
		insertObject: "INSERT INTO coinsdk_webhook_objects (object, status, updated_at) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE object = object",
		lockObject:   "SELECT status FROM coinsdk_webhook_objects WHERE object = ? FOR UPDATE",
	},
	sqlstore.SQLite: {
		insertObject: "INSERT INTO coinsdk_webhook_objects (object, status, updated_at) VALUES (?, ?, ?) ON CONFLICT (object) DO NOTHING",
		lockObject:   "SELECT status FROM coinsdk_webhook_objects WHERE object = ?",
	},
}

func init() {
	for _, d := range []sqlstore.Dialect{sqlstore.MySQL, sqlstore.SQLite} {
		f := floorStatements[d]
		f.seen = "SELECT 1 FROM coinsdk_webhook_keys WHERE dedupe_key = ?"
		f.credit = "INSERT INTO storetest_credits (ref, status) VALUES (?, ?)"
		f.updateStatus = "UPDATE coinsdk_webhook_objects SET status = ?, updated_at = ? WHERE object = ?"
		f.insertEvent = "INSERT INTO coinsdk_webhook_events (object, dedupe_key, previous, status, provider, event_id, kind, type, " +
			"provider_status, reference, amount, currency, confirmations, body_authenticated, raw, received_at, recorded_at) " +
			"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
		f.remember = "INSERT INTO coinsdk_webhook_keys (dedupe_key, object, created_at) VALUES (?, ?, ?)"
		floorStatements[d] = f
	}
}

// sqlFloor is one delivery by hand: one transaction, the same statements,
// run again on any error (the floor has no error classification).
func sqlFloor(db *sql.DB, d sqlstore.Dialect) func(ev *payments.Event) error {
	q := floorStatements[d]
	ctx := context.Background()
	once := func(ev *payments.Event) error {
		key, object := ev.Provider+":"+ev.DedupeKey, ev.Provider+":"+string(ev.Kind)+":"+ev.ObjectID
		now := time.Now().UnixMicro()
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer func() { _ = tx.Rollback() }()
		if _, err := tx.ExecContext(ctx, q.insertObject, object, "", now); err != nil {
			return err
		}
		var prev string
		if err := tx.QueryRowContext(ctx, q.lockObject, object).Scan(&prev); err != nil {
			return err
		}
		var one int
		switch err := tx.QueryRowContext(ctx, q.seen, key).Scan(&one); err {
		case nil:
			return tx.Commit()
		case sql.ErrNoRows:
		default:
			return err
		}
		next := payments.Advance(payments.Status(prev), ev.Status)
		if next != payments.Status(prev) && next.IsSuccess() {
			if _, err := tx.ExecContext(ctx, q.credit, ev.Reference, string(next)); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, q.updateStatus, string(next), now, object); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, q.insertEvent, object, key, prev, string(next), ev.Provider, ev.ID, string(ev.Kind), ev.Type,
			ev.ProviderStatus, ev.Reference, ev.Amount.Amount.String(), ev.Amount.Currency, ev.Confirmations, ev.BodyAuthenticated,
			[]byte(ev.Raw), ev.ReceivedAt.UnixMicro(), now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, q.remember, key, object, now); err != nil {
			return err
		}
		return tx.Commit()
	}
	return func(ev *payments.Event) error {
		var err error
		for range 8 {
			if err = once(ev); err == nil {
				return nil
			}
		}
		return err
	}
}
