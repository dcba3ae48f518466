// Command webhooks is an HTTP server that receives, verifies and
// deduplicates provider webhooks:
//
//	POST /webhooks/cryptochill        (CRYPTOCHILL_CALLBACK_TOKEN, optionally
//	                                   CRYPTOCHILL_PREVIOUS_CALLBACK_TOKENS, comma-separated)
//	POST /webhooks/cryptoprocessing   (CRYPTOPROCESSING_API_KEY, CRYPTOPROCESSING_API_SECRET)
//
// It answers 200 for a verified webhook (a redelivery is acknowledged and
// reported as a duplicate), 401 for a bad signature, 413 for a body over the
// 1 MiB cap, 400 for a malformed body, and 503 for a provider whose secrets
// are not set.
//
//	go run ./examples/webhooks -addr 127.0.0.1:8080
//	go run ./examples/webhooks -selftest   # sends itself good and bad webhooks, offline
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"strings"
	"sync"

	"github.com/coinsdk/coinsdk/payments"
)

// receiver verifies one provider's webhooks.
type receiver struct {
	name string
	// parse verifies r and returns the event's dedupe key and a one-line summary.
	parse func(r *http.Request) (key, summary string, err error)
	// missing names the environment variables that are not set; non-empty
	// means the route answers 503.
	missing string
}

// dedupe remembers processed keys. A real server keeps them in its database,
// in the same transaction that credits the order.
type dedupe struct {
	mu   sync.Mutex
	seen map[string]bool
}

func (d *dedupe) first(key string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.seen[key] {
		return false
	}
	d.seen[key] = true
	return true
}

func newMux(receivers []receiver, logf func(string, ...any)) *http.ServeMux {
	mux := http.NewServeMux()
	d := &dedupe{seen: map[string]bool{}}
	for _, rc := range receivers {
		mux.HandleFunc("POST /webhooks/"+rc.name, func(w http.ResponseWriter, r *http.Request) {
			if rc.missing != "" {
				reply(w, http.StatusServiceUnavailable, "not configured: set "+rc.missing)
				return
			}
			key, summary, err := rc.parse(r)
			if err != nil {
				status := statusFor(err)
				logf("%s: %d %v", rc.name, status, err)
				reply(w, status, http.StatusText(status))
				return
			}
			if !d.first(rc.name + "/" + key) {
				logf("%s: duplicate %s (acknowledged, not processed again)", rc.name, key)
				reply(w, http.StatusOK, "duplicate")
				return
			}
			logf("%s: %s", rc.name, summary)
			reply(w, http.StatusOK, "ok")
		})
	}
	return mux
}

// statusFor maps verification errors to the answers providers understand:
// anything but 2xx makes them retry, so only a verified webhook gets 200.
func statusFor(err error) int {
	switch {
	case errors.Is(err, payments.ErrPayloadTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, payments.ErrInvalidSignature):
		return http.StatusUnauthorized
	case errors.Is(err, payments.ErrMalformed):
		return http.StatusBadRequest
	case errors.Is(err, payments.ErrUnknownOutcome), errors.Is(err, payments.ErrProviderUnavailable):
		return http.StatusServiceUnavailable // the refresh failed: let the provider retry
	}
	return http.StatusBadRequest
}

func reply(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"status": msg})
}

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "host:port to listen on")
	selftest := flag.Bool("selftest", false, "start on a free port, send good and bad webhooks to every route, and exit")
	flag.Parse()
	if *selftest {
		if err := runSelfTest(os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "selftest failed:", err)
			os.Exit(1)
		}
		return
	}
	receivers := fromEnv()
	for _, rc := range receivers {
		if rc.missing != "" {
			log.Printf("POST /webhooks/%s: answers 503 until %s is set", rc.name, rc.missing)
		} else {
			log.Printf("POST /webhooks/%s: ready", rc.name)
		}
	}
	log.Printf("listening on http://%s", *addr)
	log.Fatal(http.ListenAndServe(*addr, newMux(receivers, log.Printf)))
}

// fromEnv builds every receiver from the environment.
func fromEnv() []receiver {
	return []receiver{
		cryptochillReceiver(os.Getenv("CRYPTOCHILL_CALLBACK_TOKEN"), splitList(os.Getenv("CRYPTOCHILL_PREVIOUS_CALLBACK_TOKENS"))),
		cryptoprocessingReceiver(os.Getenv("CRYPTOPROCESSING_API_KEY"), os.Getenv("CRYPTOPROCESSING_API_SECRET")),
	}
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
