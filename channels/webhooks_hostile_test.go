package channels

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/internal/redact"
	"github.com/coinsdk/coinsdk/option"
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
	t.Parallel()
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
		assert.Equal(t, tx.Hash, callbackHash(hostileSecret, tx.ID, tx.CustomerID, tx.AmountText, string(tx.Currency)))
	}
}

// The provider joins the hashed fields with ".", so a '.' moved across a
// field boundary keeps the hashed text: a captured callback for 10.50 from
// "customer-7" verifies again as 50 from "customer-7.10". Customers with
// '.' in their id exist (created outside the SDK), so such callbacks are
// accepted: what the shift changes (customerId, amount, currency) is
// replaced by Refresh, which reads the transaction by its id. The id is the
// one value the shift could forge that Refresh uses: an id holding '.' is
// refused.
func TestCallbackShiftedFields(t *testing.T) {
	t.Parallel()
	v := NewWebhookVerifier(hostileSecret)
	genuine := genuineCallback(t)
	ev, err := v.ParseBody(genuine, nil)
	require.NoError(t, err)
	assert.Equal(t, "10.50", ev.Transaction.AmountText)

	shift := func(body []byte, pairs ...string) []byte {
		for i := 0; i < len(pairs); i += 2 {
			next := bytes.Replace(body, []byte(pairs[i]), []byte(pairs[i+1]), 1)
			require.NotEqual(t, string(body), string(next), "fixture: %s not found", pairs[i])
			body = next
		}
		return body
	}
	// The API the refresh reads: the genuine transaction tx-1 only.
	c, mt := newTestClient(t)
	mt.RegisterResponder(http.MethodGet, testBase+"/api/v2/transaction/tx-1", httpmock.NewStringResponder(200,
		`{"success":true,"data":{"id":"tx-1","type":"deposit","status":"failed","amount":"10.50","currency":"tUSDT","customerId":"customer-7"}}`))
	api := &WebhooksService{c: c, secrets: redact.Secrets(hostileSecret)}
	// Each of these keeps "{id}.{customerId}.{amount}.{currency}" and
	// therefore the hash.
	for name, forged := range map[string][]byte{
		"amount into customerId": shift(genuine, `"amount":"10.50"`, `"amount":"50"`, `"customerId":"customer-7"`, `"customerId":"customer-7.10"`),
		"amount into currency":   shift(genuine, `"amount":"10.50"`, `"amount":"10"`, `"currency":"tUSDT"`, `"currency":"50.tUSDT"`),
	} {
		tx, err := decodeTransaction(forged)
		require.NoError(t, err, name)
		require.Equal(t, independentHash(tx.ID, tx.CustomerID, tx.AmountText, string(tx.Currency), hostileSecret), tx.Hash,
			"%s: the forged body still carries a hash that matches its '.'-joined fields", name)
		ev, err := api.ParseBody(forged, nil)
		require.NoError(t, err, "%s: the id is bound, so the callback is accepted", name)
		assert.False(t, ev.BodyAuthenticated, name)
		assert.Empty(t, ev.DedupeKey(), name)
		fresh, err := api.Refresh(t.Context(), ev)
		require.NoError(t, err, name)
		assert.Equal(t, "10.50", fresh.Transaction.AmountText, "%s: the refreshed amount is the API's", name)
		assert.Equal(t, "customer-7", fresh.Transaction.CustomerID, name)
		assert.Equal(t, TUSDT, fresh.Transaction.Currency, name)
	}
	// Moving the customerId into the id forges the id Refresh would read:
	// refused, even with a genuine hash.
	forged := shift(genuine, `"id":"tx-1"`, `"id":"tx-1.customer-7"`, `"customerId":"customer-7"`, `"customerId":"10"`, `"amount":"10.50"`, `"amount":"50"`)
	_, err = api.ParseBody(forged, nil)
	assert.ErrorIs(t, err, payments.ErrInvalidSignature, "customerId into id")
	for name, fields := range map[string][4]string{
		"id with '.'": {"tx.1", "c", "1", "tUSDT"}, "id ending in '.'": {"tx-1.", "c", "1", "tUSDT"},
	} {
		body := []byte(`{"callbackType":"transaction","id":"` + fields[0] + `","type":"deposit","status":"confirmed","customerId":"` + fields[1] +
			`","amount":"` + fields[2] + `","currency":"` + fields[3] + `","hash":"` + independentHash(fields[0], fields[1], fields[2], fields[3], hostileSecret) + `"}`)
		_, err := v.ParseBody(body, nil)
		assert.ErrorIs(t, err, payments.ErrInvalidSignature, name)
	}
	// Genuine callbacks whose customerId, amount or currency hold what the
	// hash cannot split one way verify: Refresh settles them. Not a decimal
	// at all is malformed.
	for name, fields := range map[string][4]string{
		"integer": {"tx-1", "c", "10", "tUSDT"}, "trailing zeros": {"tx-1", "c", "10.500", "tUSDT"},
		"negative": {"tx-1", "c", "-0.5", "tUSDT"}, "no customer": {"tx-1", "", "1", "BTC"}, "literal N/A": {"tx-1", "N/A", "1", "BTC"},
		"e-mail customer": {"tx-1", "jane.doe@example.com", "10.50", "tUSDT"}, "customer ending in '.'": {"tx-1", "c.", "1", "tUSDT"},
		"currency with '.'": {"tx-1", "c", "1", "t.USDT"}, "exponent": {"tx-1", "c", "1e1", "tUSDT"},
	} {
		body := []byte(`{"id":"` + fields[0] + `","type":"deposit","customerId":"` + fields[1] + `","amount":"` + fields[2] +
			`","currency":"` + fields[3] + `","hash":"` + independentHash(fields[0], fields[1], fields[2], fields[3], hostileSecret) + `"}`)
		ev, err := v.ParseBody(body, nil)
		if assert.NoError(t, err, name) {
			assert.Equal(t, fields[2], ev.Transaction.AmountText, name)
			assert.Equal(t, fields[1], ev.Transaction.CustomerID, name)
			assert.False(t, ev.BodyAuthenticated, "%s: the status and type are still not covered", name)
			assert.Empty(t, ev.DedupeKey(), name)
		}
	}
	body := []byte(`{"id":"tx-1","type":"deposit","customerId":"c","amount":"1.0.5","currency":"tUSDT","hash":"` +
		independentHash("tx-1", "c", "1.0.5", "tUSDT", hostileSecret) + `"}`)
	_, err = v.ParseBody(body, nil)
	assert.ErrorIs(t, err, payments.ErrMalformed, "two points")
	assert.Contains(t, SignatureCovers, "Refresh")
	assert.Contains(t, SignatureCovers, "'.'")
}

// Every call that takes a customerId refuses "N/A" (what the hash uses for
// no customer) before any request, and accepts an e-mail-style one.
func TestCustomerIDNARefusedLocally(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t, option.WithMaxAttempts(1))
	sent := 0
	mt.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
		sent++
		return httpmock.NewStringResponse(400, `{"success":false}`), nil
	})
	ctx := t.Context()
	for _, customer := range []string{"N/A", "jane.doe@example.com"} {
		calls := map[string]func() error{
			"channel": func() error {
				_, err := c.Channels.Create(ctx, &ChannelParams{Currency: TUSDT, CustomerID: customer})
				return err
			},
			"wallet address": func() error {
				_, err := c.Channels.WalletAddress(ctx, &ChannelParams{Currency: TUSDT, CustomerID: customer})
				return err
			},
			"withdrawal": func() error {
				_, err := c.Withdrawals.Create(ctx, &WithdrawalParams{Amount: mustDec("1"), Currency: TUSDT, CustomerID: customer,
					Address: "TQ5NiR7pXrGGmLb6S3qDt8dZ8wQ1d9Ecfo"})
				return err
			},
			"invoice": func() error {
				_, err := c.Invoices.CreateFixed(ctx, &InvoiceParams{Amount: mustDec("1"), BaseCurrency: "EUR", CustomerID: customer})
				return err
			},
			"adapter deposit": func() error {
				_, err := newAdapter(t, c, AdapterOptions{}).CreateDepositAddress(ctx, &payments.DepositParams{Asset: "tUSDT", Customer: customer})
				return err
			},
			"adapter payout": func() error {
				a, err := NewAdapter(c, AdapterOptions{PayoutCustomerID: customer})
				if err != nil {
					return err // "N/A" is refused when the adapter is made
				}
				_, err = a.CreatePayout(ctx, &payments.PayoutParams{Amount: payments.MustMoney("1", "tUSDT"), Address: "TQ5NiR7pXrGGmLb6S3qDt8dZ8wQ1d9Ecfo"})
				return err
			},
		}
		for name, call := range calls {
			var ve *payments.ValidationError
			err := call()
			if customer != "N/A" {
				assert.False(t, errors.As(err, &ve), "%s with customerId %q refused locally: %v", name, customer, err)
				continue
			}
			assert.Zero(t, sent, "%s: a request went out for customerId %q", name, customer)
			if assert.ErrorAs(t, err, &ve, "%s with customerId %q", name, customer) {
				assert.Equal(t, "customerId", ve.Field, name)
			}
		}
	}
	assert.Equal(t, 6, sent, "the e-mail-style customer's calls went out")
}

// Hostile numbers, empty and non-JSON bodies fail with a typed error and
// never panic or hang; a body over the cap is refused whether it announces
// its length, hides it or comes chunked.
func TestCallbackHostileBodies(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
	c, mt := newTestClient(t)
	c.Webhooks = newWebhooksService(c, redact.Secrets(hostileSecret), 0)
	mt.RegisterResponder(http.MethodGet, testBase+"/api/v2/transaction/tx-1",
		checkedResponder(t, 200, `{"success":true,"data":{"id":"tx-1","type":"deposit","status":"confirmed","amount":"10.50","currency":"tUSDT","customerId":"customer-7"}}`, nil))
	old := genuineCallback(t) // says "failed"
	for range 2 {
		ev, err := c.Webhooks.ParseBody(old, nil)
		require.NoError(t, err)
		assert.Equal(t, TransactionStatusFailed, ev.Transaction.Status)
		assert.Empty(t, ev.DedupeKey())
		fresh, err := c.Webhooks.Refresh(t.Context(), ev)
		require.NoError(t, err)
		assert.Equal(t, TransactionStatusConfirmed, fresh.Transaction.Status)
		assert.Equal(t, "channels:tx-1:deposit:confirmed:10.5", fresh.DedupeKey())
	}
}
