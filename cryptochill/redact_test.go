package cryptochill

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/option"
)

// printVerbs are every verb a program might print a value with, including
// the bad-verb paths (%d, %x) through which fmt prints pointed-to structs by
// reflection.
var printVerbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%d", "%x", "%X", "%T %v", "%p"}

// reachable returns v and, for a struct or a pointer to one, every exported
// field's value that is a pointer or struct (the client's services), both as
// pointer and as value.
func reachable(v any) []any {
	out := []any{v}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && !rv.IsNil() {
		out = append(out, rv.Elem().Interface())
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return out
	}
	for i := range rv.NumField() {
		f := rv.Field(i)
		if !rv.Type().Field(i).IsExported() || f.Kind() != reflect.Pointer || f.IsNil() {
			continue
		}
		out = append(out, f.Interface(), f.Elem().Interface())
	}
	return out
}

// TestNothingPrintsASecret prints every value a program holds (the client,
// every service on it, the webhook service, the adapter, a verifier, the
// signer, the config), with every verb, and checks that no secret shows: not
// the API secret, not the callback tokens, not the password in the base
// URL's userinfo, and not the API key in full.
func TestNothingPrintsASecret(t *testing.T) {
	const key = "SECRETKEY_0123456789abcdef"
	c, err := New(Config{APIKey: key, APISecret: "SECRET-api", CallbackToken: "SECRET-token",
		PreviousCallbackTokens: []string{"SECRET-old"}}, option.WithBaseURL("https://user:SECRETPW@api.cryptochill.test/"))
	require.NoError(t, err)
	a := NewAdapter(c, AdapterOptions{})
	values := reachable(c)
	require.Greater(t, len(values), 20, "every service is printed")
	values = append(values, reachable(a)...)
	values = append(values, reachable(NewWebhookVerifier("SECRET-token"))...)
	values = append(values, reachable(NewWebhookAdapter("SECRET-token", "SECRET-old"))...)
	values = append(values, c.signer, *c.signer, c.cfg, *c.cfg, NewSigner(key, "SECRET-api"), struct {
		C *Client
		A *Adapter
	}{c, a}, struct {
		c *Client // unexported: fmt prints it by reflection, without its methods
		a *Adapter
		s *InvoicesService
		w *WebhooksService
	}{c, a, c.Invoices, c.Webhooks}, []any{c, a, c.Webhooks}, map[string]any{"c": c})
	for _, v := range values {
		for _, verb := range printVerbs {
			if _, isConfig := v.(Config); isConfig && verb == "%p" {
				// %p of a non-pointer goes to fmt's bad-verb path before any
				// Format method; a Config holds the caller's own credentials
				// in exported fields, and no client keeps one by value.
				continue
			}
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, "SECRET", "%s of %T", verb, v)
			assert.NotContains(t, strings.ToUpper(out), "534543524554", "%s of %T (hex)", verb, v)
		}
	}
}
