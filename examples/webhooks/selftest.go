package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"

	"github.com/coinsdk/coinsdk/internal/sandboxkit"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/sqlstore"
	"github.com/coinsdk/coinsdk/webhooks"
)

// A selftest case: a request and the answer it must get.
type selfCase struct {
	name   string
	path   string
	body   []byte
	header http.Header
	want   int
	answer string // the "status" of the JSON answer, when it matters
}

// selfSuite is one provider's part of the selftest (selftest_providers.go):
// the environment its route is built from (secrets, API credentials, the
// base URL of its offline sandbox), extra routes, and the cases it runs once
// the server listens.
type selfSuite struct {
	// route is the name in the routes table the suite covers.
	route string
	// env is merged into the environment every route is built from.
	env map[string]string
	// extra mounts more handlers (a verify-only variant of the route) by
	// path, on the selftest's store.
	extra map[string]payments.WebhookVerifier
	// run sends the cases and drives the sandbox, reporting through r.
	run func(ctx context.Context, r *selfRun) error
	// close stops the suite's sandboxes.
	close func()
}

// selfRun is what a suite runs against: the server's URL and store, and
// the report every check goes to.
type selfRun struct {
	url    string
	client *http.Client
	store  *sqlstore.Store
	out    io.Writer
	failed int
}

// check reports one check.
func (r *selfRun) check(ok bool, path, name, got string) {
	mark := "ok  "
	if !ok {
		mark, r.failed = "FAIL", r.failed+1
	}
	fmt.Fprintf(r.out, "%s %-38s %-46s → %s\n", mark, path, name, got)
}

// send posts each case and checks its answer.
func (r *selfRun) send(cases ...selfCase) error {
	for _, c := range cases {
		req, err := http.NewRequest(http.MethodPost, r.url+c.path, bytes.NewReader(c.body))
		if err != nil {
			return err
		}
		for k, v := range c.header {
			req.Header[k] = v
		}
		resp, err := r.client.Do(req)
		if err != nil {
			return err
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var answer struct{ Status string }
		_ = json.Unmarshal(raw, &answer)
		ok := resp.StatusCode == c.want && (c.answer == "" || answer.Status == c.answer)
		r.check(ok, c.path, c.name, fmt.Sprintf("%d %s", resp.StatusCode, strings.TrimSpace(string(raw))))
	}
	return nil
}

// delivered checks that the server accepted a sandbox's delivery (a 2xx).
func (r *selfRun) delivered(path, name string, statusCode int, err error) {
	got := fmt.Sprint(statusCode)
	if err != nil {
		got += " " + err.Error()
	}
	r.check(err == nil && statusCode >= 200 && statusCode < 300, path, name, got)
}

// sandbox is a provider sandbox's record of the webhooks it delivered.
type sandbox interface {
	Deliveries() []sandboxkit.Delivery
	Redeliver(id string) (sandboxkit.Delivery, error)
}

// sandboxDelivered checks that the server accepted every delivery sb made
// to path, and returns them.
func (r *selfRun) sandboxDelivered(path string, sb sandbox) []sandboxkit.Delivery {
	ds := sb.Deliveries()
	for _, d := range ds {
		r.delivered(path, "sandbox delivery "+d.Type+" "+d.Status, d.StatusCode, d.Err)
	}
	return ds
}

// redeliverLast has sb deliver its last delivery again, checks that the
// server accepted it, and returns that delivery.
func (r *selfRun) redeliverLast(path string, sb sandbox) (sandboxkit.Delivery, error) {
	ds := sb.Deliveries()
	if len(ds) == 0 {
		return sandboxkit.Delivery{}, errors.New("the sandbox delivered no webhook")
	}
	last := ds[len(ds)-1]
	d, err := sb.Redeliver(last.ID)
	r.delivered(path, "sandbox redelivery", d.StatusCode, err)
	return last, nil
}

// recorded checks the status the store holds for an object
// ("provider:kind:id", as webhooks.ObjectKey builds it).
func (r *selfRun) recorded(ctx context.Context, path, name, object string, want payments.Status) error {
	st, err := r.store.Status(ctx, object)
	if err != nil {
		return err
	}
	r.check(st == want, path, name, object+" "+string(st))
	return nil
}

// creditedOnce checks the orders table: orders were credited, each once.
func (r *selfRun) creditedOnce(ctx context.Context) error {
	var orders, wrong int
	err := r.store.DB().QueryRowContext(ctx, "SELECT COUNT(*), COALESCE(SUM(CASE WHEN credits <> 1 THEN 1 ELSE 0 END), 0) FROM orders").Scan(&orders, &wrong)
	if err != nil {
		return err
	}
	if wrong > 0 {
		rows, err := r.store.DB().QueryContext(ctx, "SELECT reference, provider, object_id, credits FROM orders WHERE credits <> 1")
		if err == nil {
			for rows.Next() {
				var ref, prov, obj string
				var n int
				_ = rows.Scan(&ref, &prov, &obj, &n)
				fmt.Fprintf(r.out, "     order %s (%s, first credited by object %s) credited %d times\n", ref, prov, obj, n)
			}
			_ = rows.Close()
		}
	}
	r.check(orders > 0 && wrong == 0, "orders table", "every credited order credited once",
		fmt.Sprintf("%d orders, %d credited more than once", orders, wrong))
	return nil
}

// runSelfTest serves every route with demo secrets, each provider's API
// played by its offline sandbox, on a free loopback port; each provider's
// suite sends good, repeated, forged, oversized, malformed and unknown
// webhooks and lets its sandbox pay and deliver to the server. Every route
// in the routes table must have a suite.
func runSelfTest(out io.Writer) error {
	ctx := context.Background()
	env := map[string]string{}
	var suites []*selfSuite
	defer func() {
		for _, s := range suites {
			if s.close != nil {
				s.close()
			}
		}
	}()
	covered := map[string]bool{}
	for _, build := range selfSuites {
		s, err := build()
		if err != nil {
			return err
		}
		suites = append(suites, s)
		covered[s.route] = true
		for k, v := range s.env {
			env[k] = v
		}
	}
	var missing []string
	for _, rt := range routes {
		if !covered[rt.name] {
			missing = append(missing, rt.name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("no selftest suite for route(s) %s", strings.Join(missing, ", "))
	}

	// The server's database: a fresh SQLite file, as the default -db.
	dir, err := os.MkdirTemp("", "webhooks-selftest-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	store, err := openStore(ctx, "sqlite:"+filepath.Join(dir, "webhooks.db"))
	if err != nil {
		return err
	}
	defer store.Close()
	logger := slog.New(slog.DiscardHandler)
	mux, notes := newMux(func(k string) string { return env[k] }, store, logger)
	outer := http.NewServeMux()
	outer.Handle("/", mux)
	for _, s := range suites {
		for path, v := range s.extra {
			outer.Handle("POST "+path, webhooks.NewHandler(v, store, process(logger, store.Dialect().Bind)))
		}
	}
	srv := httptest.NewUnstartedServer(outer)
	srv.Config = newServer("", outer, defaultTimeouts)
	srv.Start()
	defer srv.Close()

	r := &selfRun{url: srv.URL, client: srv.Client(), store: store, out: out}
	for _, n := range notes {
		path, state, _ := strings.Cut(strings.TrimPrefix(n, "POST "), ": ")
		r.check(strings.HasPrefix(state, "ready"), path, "route configured", state)
	}
	var errs []error
	for _, s := range suites {
		if err := s.run(ctx, r); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", s.route, err))
		}
	}
	if err := r.creditedOnce(ctx); err != nil {
		errs = append(errs, err)
	}
	if r.failed > 0 {
		errs = append(errs, fmt.Errorf("%d checks failed", r.failed))
	}
	return errors.Join(errs...)
}
