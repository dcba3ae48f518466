package leakcheck_test

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/channels"
	"github.com/coinsdk/coinsdk/channels/channelstest"
	"github.com/coinsdk/coinsdk/cryptochill"
	"github.com/coinsdk/coinsdk/cryptochill/cryptochilltest"
	"github.com/coinsdk/coinsdk/cryptopay/cryptopaytest"
	"github.com/coinsdk/coinsdk/cryptoprocessing"
	"github.com/coinsdk/coinsdk/cryptoprocessing/cryptoprocessingtest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/coinsdk/coinsdk/webhooks"
)

// Every secret below contains "SECRET"; API keys also carry "0123456789",
// which must never show (at most a key's last four characters may).
const (
	apiKey   = "SECRETKEY-0123456789wxyz"
	password = "SECRETPW"
)

// verbs are every verb a program might print with, including the bad-verb
// paths (%d, %x) through which fmt prints pointed-to structs by reflection.
var verbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x", "%X", "%T %v", "%p"}

// forbidden are the secret markers in every encoding a printer might use.
var forbidden = func() []string {
	out := []string{"SECRET", "0123456789", strings.ToLower(hex.EncodeToString([]byte("SECRET"))),
		strings.ToUpper(hex.EncodeToString([]byte("SECRET")))}
	// base64 of "SECRET" at each of the three alignments (an Authorization
	// header built from userinfo or a key:secret pair).
	for _, prefix := range []string{"", "x", "xx"} {
		enc := base64.StdEncoding.EncodeToString([]byte(prefix + "SECRET"))
		out = append(out, enc[len(prefix)*4/3+1:len(prefix)*4/3+6])
	}
	return out
}()

// callerOwned reports whether v is a value whose credentials are exported
// fields the caller fills in (a Config, a sandbox Server): its Format hides
// them at the top level and in exported fields, but fmt prints a value held
// in an unexported field by reflection, without Format, and no type can stop
// that. Such values are checked in every shape but the unexported holders.
func callerOwned(v any) bool {
	t := reflect.TypeOf(v)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Name() == "Config" || t.Name() == "Server"
}

// shapes wraps v the ways a program holds it: alone, in structs with an
// exported and an unexported field, behind a pointer, in a slice, a map and
// an interface slice.
func shapes(v any) []any {
	type exported struct{ V any }
	type unexported struct {
		name string
		v    any
	}
	out := []any{v, exported{v}, &exported{v}, []any{v}, map[string]any{"k": v}}
	if !callerOwned(v) {
		out = append(out, unexported{"x", v}, &unexported{"x", v})
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && !rv.IsNil() {
		// the value behind the pointer, held by value in an unexported field
		out = append(out, rv.Elem().Interface())
		if callerOwned(v) {
			return out
		}
		st := reflect.StructOf([]reflect.StructField{{Name: "V", Type: rv.Elem().Type()}})
		holder := reflect.New(st).Elem()
		holder.Field(0).Set(rv.Elem())
		out = append(out, holder.Interface(), holder.Addr().Interface())
	}
	return out
}

// reachable returns each of vs and every non-nil exported pointer field of
// the struct it points to (a client's services), pointer and value.
func reachable(vs ...any) []any {
	var out []any
	for _, v := range vs {
		out = append(out, v)
		rv := reflect.ValueOf(v)
		if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
			continue
		}
		rv = rv.Elem()
		for i := range rv.NumField() {
			f := rv.Field(i)
			if rv.Type().Field(i).IsExported() && f.Kind() == reflect.Pointer && !f.IsNil() {
				out = append(out, f.Interface())
			}
		}
	}
	return out
}

// checkPrinted prints each value in every shape with every verb.
func checkPrinted(t *testing.T, name string, values ...any) {
	t.Helper()
	for i, v := range values {
		for _, s := range shapes(v) {
			for _, verb := range verbs {
				if verb == "%p" && reflect.ValueOf(s).Kind() != reflect.Pointer {
					continue // %p of a non-pointer is fmt's own error text, no Format call
				}
				out := fmt.Sprintf(verb, s)
				for _, bad := range forbidden {
					assert.False(t, strings.Contains(out, bad), "%s value %d: %s of %T shows %q: %.300s", name, i, verb, s, bad, out)
				}
			}
		}
	}
}

// withPassword puts user:SECRETPW@ into a sandbox URL.
func withPassword(u string) string {
	return strings.Replace(u, "://", "://merchant:"+password+"@", 1)
}

// sandboxOptions point a client at the sandbox url, with a password in the
// URL, making one attempt per call.
func sandboxOptions(url string) []option.Option {
	return []option.Option{option.WithBaseURL(withPassword(url)), option.WithMaxAttempts(1)}
}

// sandboxClients builds a provider's client with cfg and one with wrong
// keys (badCfg), both on the sandbox at url, and an adapter over each.
func sandboxClients[Cfg, C any, A payments.Adapter](t *testing.T, url string, cfg, badCfg Cfg,
	newClient func(Cfg, ...option.Option) (C, error), newAdapter func(C) (A, error)) (c, bad C, a, badA A) {
	t.Helper()
	var err error
	c, err = newClient(cfg, sandboxOptions(url)...)
	require.NoError(t, err)
	bad, err = newClient(badCfg, sandboxOptions(url)...)
	require.NoError(t, err)
	a, err = newAdapter(c)
	require.NoError(t, err)
	badA, err = newAdapter(bad)
	require.NoError(t, err)
	return c, bad, a, badA
}

// checkProvider checks one provider: nothing printed from its values (a,
// an adapter over the sandbox srv, and what it reaches; badA, one over
// wrong keys; the sandbox; a webhook handler over a; and values, the
// provider's clients, configs and signers) and no error of a's and badA's
// failing calls, also once srv is closed, shows a secret. a's forged
// webhook carries its signature in sigHeader ("" in the body).
func checkProvider(t *testing.T, name string, srv interface{ Close() }, a, badA payments.Adapter, sigHeader string, values ...any) {
	t.Helper()
	values = append(values, reachable(a)...)
	values = append(values, badA, srv,
		webhooks.NewHandler(a, webhooks.NewMemoryStore(), func(context.Context, webhooks.Update) error { return nil }))
	checkPrinted(t, name, values...)

	errs := append(failingCalls(t, a, sigHeader), failingCalls(t, badA)...)
	srv.Close()
	errs = append(errs, failingCalls(t, a)...)
	checkErrors(t, name, errs)
}

// failingCalls runs calls through an adapter that fail in every way a
// merchant meets: not found, bad credentials, a closed server, a validation
// error, a webhook with a forged signature; it returns their errors.
func failingCalls(t *testing.T, a payments.Adapter, sigHeaders ...string) []error {
	t.Helper()
	ctx := context.Background()
	var errs []error
	add := func(_ any, err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	add(a.GetInvoice(ctx, "missing-0"))
	add(a.GetPayout(ctx, "missing"))
	add(a.FindPayout(ctx, "no-such-ref"))
	add(a.CreatePayout(ctx, &payments.PayoutParams{Amount: payments.Money{Amount: decimal.RequireFromString("0.001"), Currency: "BTC"},
		Address: "bc1qleakcheckaddress0000000000000000000", Reference: "ref-1"}))
	add(a.CreatePayout(ctx, &payments.PayoutParams{}))
	add(a.CreateInvoice(ctx, &payments.InvoiceParams{Amount: payments.Money{Amount: decimal.RequireFromString("10"), Currency: "USD"}}))
	for _, h := range sigHeaders {
		r := httptest.NewRequest(http.MethodPost, "https://merchant.test/hook",
			strings.NewReader(`{"id":"1","callback_id":"1","signature":"SECRETSIG","hash":"SECRETSIG","customerId":"c","amount":"1","currency":"BTC"}`))
		if h != "" {
			r.Header.Set(h, "SECRETSIG"+strings.Repeat("0", 120))
		}
		add(a.ParseWebhook(r))
	}
	return errs
}

func checkErrors(t *testing.T, name string, errs []error) {
	t.Helper()
	require.NotEmpty(t, errs, "%s: some calls fail", name)
	for _, err := range errs {
		t.Logf("%s: %v", name, err)
	}
	values := make([]any, 0, len(errs))
	for _, err := range errs {
		values = append(values, err)
	}
	checkPrinted(t, name+" errors", values...)
}

func TestCryptoChillPrintsNoSecret(t *testing.T) {
	srv := cryptochilltest.NewServer(cryptochilltest.Options{APIKey: apiKey, APISecret: "SECRET-api",
		ApproverKey: "SECRETKEY-approver-0123456789", ApproverSecret: "SECRET-approver", CallbackToken: "SECRET-token"})
	defer srv.Close()
	cfg := cryptochill.Config{APIKey: apiKey, APISecret: "SECRET-api", WebhookSecret: "SECRET-token", PreviousWebhookSecrets: []string{"SECRET-old"}}
	c, bad, a, badA := sandboxClients(t, srv.URL, cfg, cryptochill.Config{APIKey: "SECRETKEY-wrong-0123456789", APISecret: "SECRET-wrong"}, cryptochill.New,
		func(c *cryptochill.Client) (*cryptochill.Adapter, error) {
			return cryptochill.NewAdapter(c, cryptochill.AdapterOptions{})
		})

	values := reachable(c, cryptochill.NewWebhookVerifier("SECRET-token", "SECRET-old"), cryptochill.NewWebhookAdapter("SECRET-token"))
	values = append(values, cryptochill.NewSigner(apiKey, "SECRET-api"), cfg, &cfg, bad)
	checkProvider(t, "cryptochill", srv, a, badA, "", values...)
}

func TestCryptoProcessingPrintsNoSecret(t *testing.T) {
	srv := cryptoprocessingtest.NewServer(cryptoprocessingtest.Options{APIKey: apiKey, APISecret: "SECRET-api"})
	defer srv.Close()
	cfg := cryptoprocessing.Config{APIKey: apiKey, APISecret: "SECRET-api", PreviousAPISecrets: []string{"SECRET-old"}}
	c, bad, a, badA := sandboxClients(t, srv.URL, cfg, cryptoprocessing.Config{APIKey: "SECRETKEY-wrong-0123456789", APISecret: "SECRET-wrong"}, cryptoprocessing.New,
		func(c *cryptoprocessing.Client) (*cryptoprocessing.Adapter, error) {
			return cryptoprocessing.NewAdapter(c, cryptoprocessing.AdapterOptions{})
		})

	values := reachable(c, cryptoprocessing.NewWebhookVerifier("SECRET-api", "SECRET-old"))
	values = append(values, cryptoprocessing.NewSigner(apiKey, "SECRET-api"), cfg, &cfg, bad)
	checkProvider(t, "cryptoprocessing", srv, a, badA, "X-Processing-Signature", values...)
}

func TestChannelsPrintsNoSecret(t *testing.T) {
	srv := channelstest.NewServer(channelstest.Options{APIKey: apiKey, SecretKey: "SECRET-callback"})
	defer srv.Close()
	cfg := channels.Config{APIKey: apiKey, WebhookSecret: "SECRET-callback", PreviousWebhookSecrets: []string{"SECRET-old"}}
	c, bad, a, badA := sandboxClients(t, srv.URL, cfg, channels.Config{APIKey: "SECRETKEY-wrong-0123456789", WebhookSecret: "SECRET-wrong"}, channels.New,
		func(c *channels.Client) (*channels.Adapter, error) {
			return channels.NewAdapter(c, channels.AdapterOptions{})
		})

	values := reachable(c, channels.NewWebhookVerifier("SECRET-callback", "SECRET-old"), channels.NewWebhookAdapter("SECRET-callback"))
	values = append(values, cfg, &cfg, bad)
	checkProvider(t, "channels", srv, a, badA, "", values...)
}

func TestCryptopaySandboxPrintsNoSecret(t *testing.T) {
	srv := cryptopaytest.NewServer(cryptopaytest.Options{APIKey: apiKey, APISecret: "SECRET-api", CallbackSecret: "SECRET-callback"})
	defer srv.Close()
	checkPrinted(t, "cryptopaytest", srv)
}
