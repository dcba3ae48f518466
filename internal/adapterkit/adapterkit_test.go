package adapterkit

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/payments"
)

// client and verifier stand in for a provider's *Client and *WebhooksService.
type client struct{ name string }

type verifier struct{ secret string }

// params counts its Validate calls and returns err.
type params struct {
	err   error
	calls int
}

func (p *params) Validate() error { p.calls++; return p.err }

// noClientFor records the op it was asked about and returns a fresh error
// matching payments.ErrUnsupported.
func noClientFor(ops *[]string) func(string) error {
	return func(op string) error {
		*ops = append(*ops, op)
		return NoClient("prov", "API credentials", op)
	}
}

func TestAs(t *testing.T) {
	t.Parallel()
	c := &client{name: "the client"}

	var got *client
	require.True(t, As(&got, c))
	assert.Same(t, c, got, "a **C target receives the client")

	for name, target := range map[string]any{
		"untyped nil":    nil,
		"nil **C":        (**client)(nil),
		"*C, not **C":    &client{},
		"wrong **T":      new(*verifier),
		"a value":        client{},
		"**C of another": new(**client),
	} {
		assert.False(t, As(target, c), name)
	}

	other := &client{name: "kept"}
	got = other
	assert.False(t, As(&got, (*client)(nil)), "an adapter without a client has nothing to give")
	assert.Same(t, other, got, "the target is left alone when As says false")
}

func TestNoClient(t *testing.T) {
	t.Parallel()
	err := NoClient("gateway", "API credentials", "create payout")
	require.ErrorIs(t, err, payments.ErrUnsupported)
	assert.NotErrorIs(t, err, payments.ErrValidation)
	assert.Equal(t, "gateway: create payout needs API credentials (gateway.New and NewAdapter): "+payments.ErrUnsupported.Error(), err.Error())
}

func TestReadyChecksTheClientBeforeValidating(t *testing.T) {
	t.Parallel()
	invalid := &payments.ValidationError{Field: "amount", Reason: "must be positive"}

	var ops []string
	p := &params{err: invalid}
	err := Ready[client](nil, noClientFor(&ops), "create invoice", p)
	require.ErrorIs(t, err, payments.ErrUnsupported, "no client comes first, even with invalid parameters")
	assert.NotErrorIs(t, err, payments.ErrValidation)
	assert.Equal(t, []string{"create invoice"}, ops)
	assert.Zero(t, p.calls, "parameters are not validated without a client")

	p = &params{err: invalid}
	err = Ready(&client{}, noClientFor(&ops), "create invoice", p)
	var ve *payments.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Same(t, invalid, ve, "the validation error is returned unchanged")
	assert.Equal(t, 1, p.calls)
	assert.Len(t, ops, 1, "noClient is not called with a client")

	p = &params{}
	require.NoError(t, Ready(&client{}, noClientFor(&ops), "create invoice", p))
	assert.Equal(t, 1, p.calls)
}

func TestCapabilities(t *testing.T) {
	t.Parallel()
	full := payments.CapInvoices | payments.CapWebhooks
	verifyOnly := payments.CapWebhooks
	c, wh := &client{}, &verifier{}

	assert.Equal(t, full, Capabilities(c, wh, verifyOnly, full), "client and verifier: full")
	assert.Equal(t, full, Capabilities(c, (*verifier)(nil), verifyOnly, full), "a client alone is full")
	assert.Equal(t, verifyOnly, Capabilities((*client)(nil), wh, verifyOnly, full), "a verifier alone: verify-only")
	assert.Equal(t, payments.Capabilities(0), Capabilities((*client)(nil), wh, 0, full), "verify-only may be nothing (events must be refreshed)")
	assert.Equal(t, payments.Capabilities(0), Capabilities((*client)(nil), (*verifier)(nil), verifyOnly, full), "inert: nothing")
}

func TestMap(t *testing.T) {
	t.Parallel()
	calls := 0
	to := func(c *client) string { calls++; return "mapped " + c.name }

	got, err := Map(&client{name: "x"}, nil, to)
	require.NoError(t, err)
	assert.Equal(t, "mapped x", got)
	assert.Equal(t, 1, calls)

	apiErr := &payments.APIError{Provider: "prov", StatusCode: 404, Kind: payments.ErrNotFound}
	got, err = Map(&client{name: "y"}, error(apiErr), to)
	assert.Empty(t, got, "the zero value on error")
	assert.Equal(t, 1, calls, "to is not called on error")
	var ae *payments.APIError
	require.ErrorAs(t, err, &ae)
	assert.Same(t, apiErr, ae, "the error is passed on unchanged")
	assert.ErrorIs(t, err, payments.ErrNotFound)
}

func TestReference(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "order-42", Reference("order-42"), "the merchant's reference is kept")
	a, b := Reference(""), Reference("")
	_, err := uuid.Parse(a)
	require.NoError(t, err, "an empty reference becomes a UUID: %q", a)
	assert.NotEqual(t, a, b, "each empty reference gets a fresh one")
}

func TestParseWebhook(t *testing.T) {
	t.Parallel()
	req := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(`{}`))
	to := func(s string) *payments.Event { return &payments.Event{ObjectID: s} }

	var ops []string
	parsed := 0
	parse := func(wh *verifier, r *http.Request) (string, error) {
		parsed++
		assert.Same(t, req, r)
		if wh.secret == "bad" {
			return "", payments.ErrInvalidSignature
		}
		return "obj-" + wh.secret, nil
	}

	ev, err := ParseWebhook[verifier](nil, parse, noClientFor(&ops), req, to)
	require.ErrorIs(t, err, payments.ErrUnsupported)
	assert.Nil(t, ev)
	assert.Equal(t, []string{"parse webhook"}, ops)
	assert.Zero(t, parsed, "nothing is parsed without a verifier")

	ev, err = ParseWebhook(&verifier{secret: "s"}, parse, noClientFor(&ops), req, to)
	require.NoError(t, err)
	assert.Equal(t, "obj-s", ev.ObjectID)

	ev, err = ParseWebhook(&verifier{secret: "bad"}, parse, noClientFor(&ops), req, to)
	require.ErrorIs(t, err, payments.ErrInvalidSignature, "the verifier's refusal is passed on")
	assert.Nil(t, ev)
	assert.Equal(t, 2, parsed)
	assert.Len(t, ops, 1)
}

func TestRefetch(t *testing.T) {
	t.Parallel()
	raw := []byte(`{"id":"tx_1"}`)
	var ops []string
	var parsedBodies [][]byte
	parse := func(body []byte, h http.Header) (string, error) {
		parsedBodies = append(parsedBodies, body)
		assert.Nil(t, h, "a kept body has no header")
		if string(body) == "bad" {
			return "", payments.ErrMalformed
		}
		return "parsed:" + string(body), nil
	}
	type ctxKey struct{}
	ctx := context.WithValue(t.Context(), ctxKey{}, "mine")
	refreshed := 0
	refresh := func(c context.Context, e string) (string, error) {
		refreshed++
		assert.Equal(t, "mine", c.Value(ctxKey{}), "the caller's context reaches the API call")
		return "fresh " + e, nil
	}

	_, err := Refetch[client](ctx, nil, noClientFor(&ops), nil, parse, refresh)
	require.ErrorIs(t, err, payments.ErrUnsupported, "what refreshing needs is checked before the event")
	assert.Equal(t, []string{"refresh"}, ops)

	for name, ev := range map[string]*payments.Event{"nil event": nil, "no raw body": {ObjectID: "tx_1"}} {
		_, err = Refetch(ctx, &client{}, noClientFor(&ops), ev, parse, refresh)
		var ve *payments.ValidationError
		require.ErrorAs(t, err, &ve, name)
		assert.Equal(t, "event", ve.Field, name)
	}
	assert.Empty(t, parsedBodies)

	_, err = Refetch(ctx, &client{}, noClientFor(&ops), &payments.Event{Raw: []byte("bad")}, parse, refresh)
	require.ErrorIs(t, err, payments.ErrMalformed, "a body that no longer parses is not refreshed")
	assert.Zero(t, refreshed)

	got, err := Refetch(ctx, &client{}, noClientFor(&ops), &payments.Event{Raw: raw}, parse, refresh)
	require.NoError(t, err)
	assert.Equal(t, `fresh parsed:{"id":"tx_1"}`, got)
	assert.Equal(t, 1, refreshed)
	assert.Equal(t, raw, parsedBodies[len(parsedBodies)-1], "the kept raw body is what is parsed again")
	assert.Len(t, ops, 1)

	boom := errors.New("api down")
	_, err = Refetch(ctx, &client{}, noClientFor(&ops), &payments.Event{Raw: raw}, parse,
		func(context.Context, string) (string, error) { return "", boom })
	assert.ErrorIs(t, err, boom, "the refresh error is passed on")
}

func TestRefreshID(t *testing.T) {
	t.Parallel()
	var ops []string
	_, err := RefreshID[client](nil, noClientFor(&ops), nil)
	require.ErrorIs(t, err, payments.ErrUnsupported, "what refreshing needs is checked before the event")
	assert.Equal(t, []string{"refresh"}, ops)

	for name, ev := range map[string]*payments.Event{"nil event": nil, "no object id": {Raw: []byte(`{}`)}} {
		id, err := RefreshID(&client{}, noClientFor(&ops), ev)
		var ve *payments.ValidationError
		require.ErrorAs(t, err, &ve, name)
		assert.Equal(t, "id", ve.Field, name)
		assert.Empty(t, id, name)
	}

	id, err := RefreshID(&client{}, noClientFor(&ops), &payments.Event{ObjectID: "tx_9"})
	require.NoError(t, err)
	assert.Equal(t, "tx_9", id)
	assert.Len(t, ops, 1)
}
