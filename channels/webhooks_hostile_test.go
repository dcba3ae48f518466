package channels

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/payments"
)

// hostileSecret signs the callbacks of the hostile-body tests.
const hostileSecret = "hostile-secret"

// genuineCallback is a callback as XGateway signs it: 10.50 tUSDT for customer-7.
func genuineCallback(t *testing.T) []byte {
	t.Helper()
	b, _, err := SignTestWebhook(hostileSecret, []byte(`{"callbackType":"transaction","id":"tx-1","type":"deposit","status":"failed",`+
		`"amount":"10.50","currency":"tUSDT","customerId":"customer-7"}`))
	require.NoError(t, err)
	return b
}

// withMember adds a member to a JSON object, first or last.
func withMember(body []byte, member string, first bool) []byte {
	body = bytes.TrimSpace(body)
	if first {
		return append([]byte("{"+member+","), body[1:]...)
	}
	return append(body[:len(body)-1:len(body)-1], []byte(","+member+"}")...)
}

// A key given twice, or again in another case ("Amount"), is read the way
// encoding/json reads it: the last occurrence wins, whatever its case. The
// hash is checked over exactly the values the Event reports, so a second
// amount either breaks the hash or is the one that was hashed: what is
// verified is what is parsed.
func TestCallbackDuplicateAndCaseKeys(t *testing.T) {
	v := NewWebhookVerifier(hostileSecret)
	genuine := genuineCallback(t)
	for _, member := range []string{`"amount":"1000"`, `"Amount":"1000"`, `"AMOUNT":1000`, `"currency":"BTC"`, `"Currency":"BTC"`,
		`"id":"tx-2"`, `"ID":"tx-2"`, `"customerId":"mallory"`, `"customerid":"mallory"`} {
		_, err := v.ParseBody(withMember(genuine, member, false), nil)
		assert.ErrorIs(t, err, payments.ErrInvalidSignature, "a later %s overrides the hashed value and breaks the hash", member)

		ev, err := v.ParseBody(withMember(genuine, member, true), nil)
		require.NoError(t, err, "an earlier %s is overridden by the hashed one", member)
		tx := ev.Transaction
		assert.Equal(t, "tx-1", tx.ID, member)
		assert.Equal(t, "10.50", tx.AmountText, member)
		assert.Equal(t, "10.5", tx.Amount.String(), member)
		assert.Equal(t, TUSDT, tx.Currency, member)
		assert.Equal(t, "customer-7", tx.CustomerID, member)
		assert.Equal(t, tx.Hash, CallbackHash(hostileSecret, tx.ID, tx.CustomerID, tx.AmountText, string(tx.Currency)))
	}
}

// The provider joins the hashed fields with ".", so the hash does not bind
// where one ends and the next begins: a captured callback for 10.50 verifies
// again as 50 for customer "customer-7.10". This is the provider's scheme and
// cannot be fixed here; it is why a parsed Event is never credited and
// Refresh, which reads the transaction by id from the API, is the only
// source of the amount.
func TestCallbackHashFieldsAreAmbiguous(t *testing.T) {
	v := NewWebhookVerifier(hostileSecret)
	genuine := genuineCallback(t)
	forged := bytes.Replace(genuine, []byte(`"amount":"10.50"`), []byte(`"amount":"50"`), 1)
	forged = bytes.Replace(forged, []byte(`"customerId":"customer-7"`), []byte(`"customerId":"customer-7.10"`), 1)
	ev, err := v.ParseBody(forged, nil)
	require.NoError(t, err, "the '.'-joined hash input is the same")
	assert.Equal(t, "50", ev.Transaction.AmountText)
	assert.False(t, ev.BodyAuthenticated, "and therefore the event says its body is not authenticated")
	assert.Empty(t, ev.DedupeKey())
	assert.Contains(t, SignatureCovers, "Refresh")
}

// Hostile numbers, empty and non-JSON bodies fail with a typed error and
// never panic or hang; a body over the cap is refused whether it announces
// its length, hides it or comes chunked.
func TestCallbackHostileBodies(t *testing.T) {
	v := NewWebhookVerifier(hostileSecret)
	genuine := genuineCallback(t)
	huge := strings.Repeat("9", 1_000_000)
	for name, body := range map[string]string{
		"empty": ``, "spaces": "  \n", "null": `null`, "array": `[]`, "string": `"x"`, "not json": `hello`, "truncated": `{"id":"tx-1",`,
		"empty object":     `{}`,
		"exponent":         string(bytes.Replace(genuine, []byte(`"10.50"`), []byte(`1e999999999`), 1)),
		"quoted exponent":  string(bytes.Replace(genuine, []byte(`"10.50"`), []byte(`"1e999999999"`), 1)),
		"1M digits":        string(bytes.Replace(genuine, []byte(`"10.50"`), []byte(huge), 1)),
		"quoted 1M digits": string(bytes.Replace(genuine, []byte(`"10.50"`), []byte(`"`+huge+`"`), 1)),
		"hostile fee":      string(withMember(genuine, `"fees":{"processing":1e999999999,"technical":"`+huge+`"}`, false)),
		"deep nesting":     string(withMember(genuine, `"senderDetails":`+strings.Repeat("[", 100_000)+strings.Repeat("]", 100_000), false)),
	} {
		ev, err := v.ParseBody([]byte(body), nil)
		if name == "hostile fee" || name == "deep nesting" {
			// Unsigned, unused fields: refused or ignored, never trusted.
			if err == nil {
				assert.False(t, ev.BodyAuthenticated, name)
				continue
			}
		}
		require.Error(t, err, name)
		assert.True(t, errors.Is(err, payments.ErrMalformed) || errors.Is(err, payments.ErrInvalidSignature), "%s: %v", name, err)
		assert.Less(t, len(err.Error()), 400, "%s: the error does not echo the body", name)
	}

	over := append(withMember(genuine, `"pad":"`+strings.Repeat("x", 1<<20)+`"`, false), ' ')
	// Announced length.
	_, err := v.Parse(httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(over)))
	assert.ErrorIs(t, err, payments.ErrPayloadTooLarge)
	// Unknown length.
	r := httptest.NewRequest(http.MethodPost, "/", io.MultiReader(bytes.NewReader(over)))
	r.ContentLength = -1
	_, err = v.Parse(r)
	assert.ErrorIs(t, err, payments.ErrPayloadTooLarge)
	// Chunked, through a real server.
	type result struct {
		te  []string
		err error
	}
	results := make(chan result, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, err := v.Parse(r)
		results <- result{r.TransferEncoding, err}
	}))
	defer srv.Close()
	pr, pw := io.Pipe()
	go func() { _, _ = pw.Write(over); _ = pw.Close() }()
	resp, err := http.Post(srv.URL, "application/json", pr)
	require.NoError(t, err)
	_ = resp.Body.Close()
	got := <-results
	assert.Equal(t, []string{"chunked"}, got.te)
	assert.ErrorIs(t, got.err, payments.ErrPayloadTooLarge)
	// An empty request body.
	_, err = v.Parse(httptest.NewRequest(http.MethodPost, "/", http.NoBody))
	assert.ErrorIs(t, err, payments.ErrMalformed)
	_, err = v.ParseBody(over, nil)
	assert.ErrorIs(t, err, payments.ErrPayloadTooLarge)
}

// A replayed callback (the same bytes again, or an old "failed" one after
// the deposit confirmed) verifies again — the hash has no timestamp — but
// its parsed event has no dedupe key and Refresh gives the API's current
// state: replaying cannot move money or use up a genuine notification's key.
func TestCallbackReplay(t *testing.T) {
	c, mt := newTestClient(t)
	c.Webhooks = newWebhooksService(c, secretList(hostileSecret, nil), 0)
	mt.RegisterResponder(http.MethodGet, testBase+"/api/v2/transaction/tx-1",
		checkedResponder(t, 200, `{"success":true,"data":{"id":"tx-1","type":"deposit","status":"confirmed","amount":"10.50","currency":"tUSDT","customerId":"customer-7"}}`, nil))
	old := genuineCallback(t) // says "failed"
	for range 2 {
		ev, err := c.Webhooks.ParseBody(old, nil)
		require.NoError(t, err)
		assert.Equal(t, "failed", ev.Transaction.Status)
		assert.Empty(t, ev.DedupeKey())
		fresh, err := c.Webhooks.Refresh(context.Background(), ev)
		require.NoError(t, err)
		assert.Equal(t, "confirmed", fresh.Transaction.Status)
		assert.Equal(t, "channels:tx-1:deposit:confirmed:10.5", fresh.DedupeKey())
	}
}
