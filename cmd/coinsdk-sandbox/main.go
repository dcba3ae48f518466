// Command coinsdk-sandbox serves the five coinsdk provider sandboxes
// (cryptochill, cryptoprocessing, gateway, cryptopay, channels) outside any
// merchant's process, on one listener:
//
//   - each provider's API under /<provider>/ (its base URL, which the
//     provider's client and the examples use unchanged),
//   - a control API over HTTP+JSON under /_sandbox/ (list and read objects;
//     pay, confirm, expire; complete, fail or hold a payout; the clock; the
//     callback URL; deliveries and redelivery; faults; reset),
//   - a dashboard at / (plain HTML) and /healthz.
//
// Webhooks are signed as each provider signs them, posted to the callback
// URL and retried on the provider's schedule until the receiver answers 2xx
// (-retry-scale compresses the schedule, -retry-schedule replaces it).
//
//	go run ./cmd/coinsdk-sandbox -env sandbox.env
//	. sandbox.env && go run ./examples/cryptopay
//
// Credentials come from -set NAME=VALUE, then from the environment (the
// variables the examples read, such as CRYPTOPAY_API_KEY), else they are
// generated; they are sandbox credentials, printed and written to -env.
// The state lives in memory: a restarted server starts empty (with the same
// credentials when they come from flags or the environment). The server
// stops gracefully on SIGINT or SIGTERM.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "coinsdk-sandbox:", err)
		os.Exit(1)
	}
}

// setFlag collects -set NAME=VALUE.
type setFlag map[string]string

func (s setFlag) String() string { return fmt.Sprintf("%d values", len(s)) }

func (s setFlag) Set(v string) error {
	name, value, ok := strings.Cut(v, "=")
	if !ok || value == "" {
		return errors.New("want NAME=VALUE")
	}
	if !knownCredential(name) {
		return fmt.Errorf("%s is not a credential variable; one of %s", name, strings.Join(allCredentialNames(), ", "))
	}
	s[name] = value
	return nil
}

func run(args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("coinsdk-sandbox", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8420", "listen address; 127.0.0.1:0 picks a free port; another interface only when named here")
	envPath := fs.String("env", "", "write the example environment (export lines) to this file")
	scale := fs.Int("retry-scale", 1, "divide every provider's webhook retry schedule by this (60: minutes become seconds; 3600: hours become seconds; 0: no automatic retries)")
	scheduleText := fs.String("retry-schedule", "", "replace every provider's retry schedule with these delays, e.g. 200ms,1s,5s (none: no automatic retries)")
	callbackURL := fs.String("callback-url", "", "initial callback (webhook) URL for every provider")
	logFormat := fs.String("log", "text", "log format: text or json (slog, to stderr; never secrets)")
	set := setFlag{}
	fs.Var(set, "set", "a credential, NAME=VALUE (repeatable), e.g. -set CRYPTOPAY_API_KEY=k; else from the environment, else generated")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if *scale < 0 {
		return errors.New("-retry-scale must be 0 or more")
	}
	override, err := parseSchedule(*scheduleText)
	if *scheduleText == "" {
		err = nil
	}
	if err != nil {
		return err
	}
	var handler slog.Handler = slog.NewTextHandler(stderr, nil)
	switch *logFormat {
	case "json":
		handler = slog.NewJSONHandler(stderr, nil)
	case "text":
	default:
		return fmt.Errorf("-log %q: want text or json", *logFormat)
	}
	log := slog.New(handler)

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	root := "http://" + advertised(ln.Addr())
	schedule := func(name string) []time.Duration { return scheduleFor(name, *scale, override, *scheduleText != "") }
	a := newApp(root, newProviders(set, getenv), schedule, log)
	defer a.close()
	if *callbackURL != "" {
		for _, p := range a.providers {
			p.current().SetCallbackURL(*callbackURL)
		}
	}
	env := a.envFile()
	if *envPath != "" {
		if err := writeEnvFile(*envPath, env); err != nil {
			ln.Close()
			return fmt.Errorf("write -env file: %w", err)
		}
	}
	fmt.Fprintf(stdout, "coinsdk-sandbox listening on %s\n", root)
	fmt.Fprintf(stdout, "dashboard %s/  control API %s/_sandbox/  health %s/healthz\n", root, root, root)
	if *envPath != "" {
		fmt.Fprintf(stdout, "environment written to %s: . %s && go run ./examples/cryptopay\n", *envPath, *envPath)
	}
	fmt.Fprintln(stdout, "# These are SANDBOX credentials for this server only, not a provider account's.")
	fmt.Fprint(stdout, env)

	srv := &http.Server{Handler: a.handler(), ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	log.Info("serving", "url", root, "retry_scale", *scale, "retry_schedule", *scheduleText)
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	a.close() // releases requests held by Timeout faults, stops retries
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("stopped")
	return nil
}

// advertised is the host:port clients use for a listener: its address, or
// loopback when it listens on every interface (":8420"), where the
// unspecified address is no URL a client can call.
func advertised(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return addr.String()
	}
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(tcp.Port))
}
