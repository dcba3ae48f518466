// Command webhooks is an HTTP server that receives provider webhooks and runs
// them through the library's webhook flow (package webhooks): verify, refresh
// an unsigned body from the provider's API, process with the status
// payments.Advance gives, record it, and only then remember the delivery.
//
//	POST /webhooks/cryptochill        CRYPTOCHILL_CALLBACK_TOKEN (and optionally
//	                                  CRYPTOCHILL_PREVIOUS_CALLBACK_TOKENS, comma-separated),
//	                                  CRYPTOCHILL_API_KEY, CRYPTOCHILL_API_SECRET, CRYPTOCHILL_BASE_URL
//	POST /webhooks/cryptoprocessing   CRYPTOPROCESSING_API_KEY, CRYPTOPROCESSING_API_SECRET
//	                                  (and optionally CRYPTOPROCESSING_PREVIOUS_API_SECRETS), CRYPTOPROCESSING_BASE_URL
//	POST /webhooks/channels           CHANNELS_SECRET_KEY (and optionally CHANNELS_PREVIOUS_SECRET_KEYS),
//	                                  CHANNELS_API_KEY (for the refresh), CHANNELS_BASE_URL, CHANNELS_DEMO=1
//	POST /webhooks/cryptopay          CRYPTOPAY_CALLBACK_SECRET (and optionally CRYPTOPAY_PREVIOUS_CALLBACK_SECRETS);
//	                                  CRYPTOPAY_API_KEY, CRYPTOPAY_API_SECRET, CRYPTOPAY_BASE_URL to refresh too
//	POST /webhooks/gateway            GATEWAY_WEBHOOK_SECRET (and optionally GATEWAY_PREVIOUS_WEBHOOK_SECRETS);
//	                                  GATEWAY_API_KEY, GATEWAY_API_SECRET, GATEWAY_BASE_URL to refresh too.
//	                                  Signed webhooks need no refresh; an unsigned one (no X-Webhook-HMAC-SHA256)
//	                                  is 401 unless GATEWAY_ACCEPT_UNSIGNED=1 with GATEWAY_API_KEY and
//	                                  GATEWAY_API_SECRET (GATEWAY_WEBHOOK_SECRET may then be unset): each
//	                                  unsigned webhook is then refreshed from the API before it is processed
//
// Answers: 200 for a delivery processed, a redelivery (duplicate) or an event
// type the SDK does not know; 401 for a bad signature; 413 for a body over
// 1 MiB; 400 for a malformed body; 503 when the body is not signed and cannot
// be refreshed (CryptoChill signs only callback_id: without API credentials
// every CryptoChill callback answers 503 and CryptoChill retries it for up to
// 72 hours), when the store fails, or for a provider whose secrets are not
// set; 500 when processing fails. Providers retry anything but 2xx.
//
// The store is sqlstore, on SQLite by default (one file, pure Go, nothing to
// install): each delivery is one transaction that credits the order in the
// orders table, records the status and remembers the delivery, so an order
// is credited once across restarts, kill -9 and replicas. On PostgreSQL
// (production) or MariaDB, give their URL; every replica points at the same
// database:
//
//	go run ./examples/webhooks -addr 127.0.0.1:8080                       # sqlite:webhooks.db
//	go run ./examples/webhooks -db 'postgres://shop:secret@db:5432/shop?sslmode=verify-full'
//	go run ./examples/webhooks -db 'mysql://shop:secret@db:3306/shop'
//	go run ./examples/webhooks -selftest   # sends itself good and bad webhooks, offline
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/sqlstore"
	"github.com/coinsdk/coinsdk/webhooks"
)

// route is one provider's endpoint, POST /webhooks/<name>: build makes its
// verifier from the environment.
type route struct {
	name  string
	build func(getenv func(string) string) verifier
}

// routes lists every provider. Adding a provider is one line here and a
// <provider>.go with its build function.
var routes = []route{
	{"cryptochill", cryptochillVerifier},
	{"cryptoprocessing", cryptoprocessingVerifier},
	{"channels", channelsVerifier},
	{"cryptopay", cryptopayVerifier},
	{"gateway", gatewayVerifier},
}

// verifier is a provider's payments.WebhookVerifier as configured from the
// environment.
type verifier struct {
	v payments.WebhookVerifier
	// missing names the environment variables to set; non-empty means the
	// route answers 503.
	missing string
	// note says what the route can and cannot do as configured.
	note string
}

// timeouts bound every connection: a client sending one byte a second, or a
// Content-Length larger than the body, is cut off instead of holding a
// goroutine and a socket forever.
type timeouts struct {
	readHeader, read, write, idle time.Duration
}

var defaultTimeouts = timeouts{readHeader: 5 * time.Second, read: 15 * time.Second, write: 30 * time.Second, idle: 60 * time.Second}

// newServer is the HTTP server with its timeouts set.
func newServer(addr string, h http.Handler, t timeouts) *http.Server {
	return &http.Server{Addr: addr, Handler: h, ReadHeaderTimeout: t.readHeader, ReadTimeout: t.read,
		WriteTimeout: t.write, IdleTimeout: t.idle, MaxHeaderBytes: 64 << 10}
}

// newMux mounts one webhooks.Handler per route, all on one store.
func newMux(getenv func(string) string, store webhooks.Store, logger *slog.Logger) (*http.ServeMux, []string) {
	mux := http.NewServeMux()
	var notes []string
	for _, rt := range routes {
		v := rt.build(getenv)
		path := "/webhooks/" + rt.name
		if v.missing != "" {
			msg := "not configured: set " + v.missing
			mux.HandleFunc("POST "+path, func(w http.ResponseWriter, _ *http.Request) { http.Error(w, msg, http.StatusServiceUnavailable) })
			notes = append(notes, "POST "+path+": answers 503 until "+v.missing+" is set")
			continue
		}
		mux.Handle("POST "+path, webhooks.NewHandler(v.v, store, process(logger, bindOf(store)), webhooks.WithLogger(logger)))
		notes = append(notes, "POST "+path+": ready"+v.note)
	}
	return mux, notes
}

// bindOf is the placeholder rewriting of store's database (nil when it is
// not an SQL store).
func bindOf(store webhooks.Store) func(string) string {
	if s, ok := store.(*sqlstore.Store); ok {
		return s.Dialect().Bind
	}
	return nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "host:port to listen on")
	selftest := flag.Bool("selftest", false, "start on a free port, send good and bad webhooks to every route, and exit")
	db := flag.String("db", "sqlite:webhooks.db", "database URL: sqlite:PATH, postgres://… or mysql://…")
	flag.Parse()
	if *selftest {
		if err := runSelfTest(os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "selftest failed:", err)
			os.Exit(1)
		}
		return
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	store, err := openStore(context.Background(), *db)
	if err != nil {
		log.Fatal(err) // an *sqlstore.OpenError: says what and why, never the password
	}
	defer store.Close()
	mux, notes := newMux(os.Getenv, store, logger)
	for _, n := range notes {
		log.Print(n)
	}
	log.Printf("listening on http://%s", *addr)
	log.Fatal(newServer(*addr, mux, defaultTimeouts).ListenAndServe())
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// baseURL is the client options for a provider whose base URL may be set
// in the variable name: that URL, or none for the provider's own.
func baseURL(getenv func(string) string, name string) []option.Option {
	if base := getenv(name); base != "" {
		return []option.Option{option.WithBaseURL(base)}
	}
	return nil
}

// adapted is the verifier of a provider's adapter a, or, when building its
// client or adapter failed with err, the settings to correct.
func adapted(provider string, a payments.WebhookVerifier, err error, note string) verifier {
	if err != nil {
		return verifier{missing: "valid " + provider + " settings (" + err.Error() + ")"}
	}
	return verifier{v: a, note: note}
}
