package cryptoprocessing

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/payments"
)

// The provider's documented vector, byte for byte.
func TestSignerVector(t *testing.T) {
	t.Parallel()
	const want = "03c25fcf7cd35e7d995e402cd5d51edd72d48e1471e865907967809a0c189ba55b90815f20e2bb10f82c7a9e9d865546fda58989c2ae9e8e2ff7bc29195fa1ec"
	body := []byte(`{"currency":"BTC","foreign_id":"123456"}`)
	if got := NewSigner("key", "AbCdEfG123456").Sign(body); got != want {
		t.Fatalf("Sign\n got %s\nwant %s", got, want)
	}
	if got := SignBody("AbCdEfG123456", body); got != want {
		t.Fatalf("SignBody\n got %s\nwant %s", got, want)
	}
	r, _ := http.NewRequest(http.MethodPost, "https://example.test/", nil)
	NewSigner("key-1", "AbCdEfG123456").SignRequest(r, body)
	if r.Header.Get(HeaderKey) != "key-1" || r.Header.Get(HeaderSignature) != want {
		t.Fatalf("SignRequest headers = %v", r.Header)
	}
}

// A parameterless call sends and signs {} (not null, not [] and not nothing).
func TestParameterlessCallSignsEmptyObject(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/accounts/list", respond(t, 200, `{"data":[]}`, wantBody(t, `{}`)))
	if _, err := c.Accounts.List(context.Background()); err != nil {
		t.Fatal(err)
	}
	if mt.GetTotalCallCount() != 1 {
		t.Fatalf("calls = %d", mt.GetTotalCallCount())
	}
}

func TestSecretsNeverPrinted(t *testing.T) {
	t.Parallel()
	cfg := Config{APIKey: "pub_key_0123456789abcdef", APISecret: "top-secret-value", PreviousAPISecrets: []string{"old-secret-value"}}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	s := NewSigner(cfg.APIKey, cfg.APISecret)
	a := NewAdapter(c, AdapterOptions{})
	holder := struct{ C *Client }{c}
	for _, v := range []any{cfg, &cfg, c, *c, s, *s, a, *a, holder, &holder, c.Webhooks, c.Withdrawals, c.Accounts,
		c.Currencies, c.Addresses, c.Exchange, c.Invoices, c.Transactions} {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%q"} {
			out := fmt.Sprintf(verb, v)
			for _, secret := range []string{"top-secret-value", "old-secret-value"} {
				if strings.Contains(out, secret) {
					t.Errorf("%s of %T shows a secret: %s", verb, v, out)
				}
			}
		}
	}
	if !strings.Contains(fmt.Sprint(c), "…cdef") {
		t.Errorf("client should show the key's tail to tell keys apart: %v", c)
	}
}

// A refused signature: the error names the code, never the secret or the
// signature sent.
func TestUnauthorizedErrorHasNoSecret(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var sent string
	mt.RegisterResponder("POST", testBase+"/accounts/list", func(r *http.Request) (*http.Response, error) {
		sent = r.Header.Get(HeaderSignature)
		return respond(t, 403, `{"error":"Bad signature header","code":"bad_header_signature"}`, nil)(r)
	})
	_, err := c.Accounts.List(context.Background())
	var apiErr *payments.APIError
	if !errors.Is(err, payments.ErrUnauthorized) || !errors.As(err, &apiErr) || apiErr.Code != CodeBadHeaderSignature {
		t.Fatalf("err = %v", err)
	}
	for _, s := range []string{testSecret, sent} {
		if strings.Contains(err.Error(), s) || strings.Contains(fmt.Sprintf("%+v", err), s) {
			t.Errorf("error shows a secret or signature: %v", err)
		}
	}
}
