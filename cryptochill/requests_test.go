package cryptochill

import (
	"context"
	"net/http"
	"testing"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAllStopsOnSamePageAgain: a server that ignores p and answers page 1
// (with a next page) forever ends All with ErrMalformed instead of an
// endless stream of duplicates.
func TestAllStopsOnSamePageAgain(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	calls := 0
	mt.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
		calls++
		return httpmock.NewStringResponse(200, `{"pagination":{"num_pages":9,"count":200,"page":1,"next_page":2,"previous_page":null,"per_page":25},`+
			`"result":[{"id":"inv-1"},{"id":"inv-2"}]}`), nil
	})
	var ids []string
	var errs []error
	for inv, err := range c.Invoices.All(t.Context(), &InvoiceListParams{}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, inv.ID)
		require.Less(t, len(ids), 100, "the walk must end")
	}
	assert.Equal(t, []string{"inv-1", "inv-2"}, ids)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], payments.ErrMalformed)
	assert.Equal(t, 2, calls)
}

// TestIDEscapedOnceAndSignedAsSeen: an id holding a space, a slash and a
// percent sign arrives escaped once, as one segment, and the signed
// payload's "request" is the path the server decodes from it (what the
// server compares it with).
func TestIDEscapedOnceAndSignedAsSeen(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var escaped, decoded, signed string
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		payload := signedPayload(t, r) // checks key and signature independently
		escaped, decoded = r.URL.EscapedPath(), r.URL.Path
		signed, _ = payload["request"].(string)
		return httpmock.NewStringResponse(200, fixture(t, "invoice.json")), nil
	})
	_, err := c.Invoices.Get(t.Context(), "a b/c%d")
	require.NoError(t, err)
	assert.Equal(t, "/v1/invoices/a%20b%2Fc%25d/", escaped)
	assert.Equal(t, "/v1/invoices/a b/c%d/", decoded)
	assert.Equal(t, decoded, signed, `payload "request" is the path the server sees`)

	for _, bad := range []string{"", "..", "../payouts", "a/../../b"} {
		_, err := c.Invoices.Get(t.Context(), bad)
		assert.ErrorIs(t, err, payments.ErrValidation, bad)
	}
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestAPIErrorCarriesRequestID(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/v1/invoices/a/", func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(404, `{"result":"error","reason":"ObjectNotFound","message":"nope"}`)
		resp.Header.Set("X-Request-Id", "req-42")
		return resp, nil
	})
	mt.RegisterResponder("GET", testBase+"/v1/invoices/b/", httpmock.NewStringResponder(400,
		`{"result":"error","reason":"InvalidValue","message":"bad","request_id":"body-7"}`))
	var apiErr *payments.APIError
	_, err := c.Invoices.Get(t.Context(), "a")
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "req-42", apiErr.RequestID)
	_, err = c.Invoices.Get(t.Context(), "b")
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "body-7", apiErr.RequestID)
}

// Misuse is an error, never a panic: nil contexts, nil params, empty ids.
func TestMisuseIsAnErrorNotAPanic(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	a := newAdapter(t, c, AdapterOptions{})
	var nilCtx context.Context
	ctx := t.Context()
	calls := map[string]func() error{
		"nil ctx get": func() error { _, err := c.Invoices.Get(nilCtx, "x"); return err },
		"nil ctx all": func() error {
			for _, err := range c.Invoices.All(nilCtx, nil) {
				return err
			}
			return nil
		},
		"nil invoice params": func() error { _, err := c.Invoices.Create(ctx, nil); return err },
		"nil payout params":  func() error { _, err := c.Payouts.Create(ctx, nil); return err },
		"empty payout id":    func() error { _, err := c.Payouts.Get(ctx, ""); return err },
		"no confirmations":   func() error { _, err := c.Transactions.Confirmations(ctx); return err },
		"nil conversion":     func() error { _, err := c.Conversions.Create(ctx, nil); return err },
		"nil auto payout":    func() error { _, err := c.AutomaticPayouts.Create(ctx, nil); return err },
		"nil auto conv":      func() error { _, err := c.AutomaticConversions.Create(ctx, nil); return err },
		"adapter nil":        func() error { _, err := a.CreatePayout(ctx, nil); return err },
		"adapter refresh":    func() error { _, err := a.Refresh(ctx, nil); return err },
		"adapter parse nil":  func() error { _, err := a.ParseWebhook(nil); return err },
		"refresh nil event":  func() error { _, err := c.Webhooks.Refresh(ctx, nil); return err },
	}
	providertest.MisuseIsAnError(t, calls)
	assert.Zero(t, mt.GetTotalCallCount(), "requests sent")
}
