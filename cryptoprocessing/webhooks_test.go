package cryptoprocessing

import (
	"bytes"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// callbackRequest is a callback as the provider sends it, signed with secret.
func callbackRequest(t testing.TB, body []byte, secret string) *http.Request {
	t.Helper()
	signed, header := body, sigHeader(signBody(secret, body))
	if len(body) > 0 {
		var err error
		signed, header, err = SignTestWebhook(secret, body)
		require.NoError(t, err)
	}
	r := httptest.NewRequest(http.MethodPost, "https://shop.example/callbacks/cryptoprocessing", bytes.NewReader(signed))
	r.Header = header
	r.Header.Set(HeaderKey, testKey)
	return r
}

// sigHeader is the header of a callback carrying signature.
func sigHeader(signature string) http.Header {
	return http.Header{HeaderSignature: {signature}}
}

func TestWebhooksParse(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t)
	body := []byte(fixture(t, "callback_deposit_confirmed.json"))
	ev, err := c.Webhooks.Parse(callbackRequest(t, body, testSecret))
	require.NoError(t, err)
	tx := ev.Transaction
	require.NotNil(t, tx)
	assert.Equal(t, "2686563", tx.ID)
	assert.Equal(t, TypeDeposit, tx.Type)
	assert.Equal(t, TransactionStatusConfirmed, tx.Status)
	assert.Equal(t, "991904", tx.Reference())
	assert.Equal(t, 9, tx.Confirmations())
	assert.Equal(t, "0.009395", tx.CurrencyReceived.AmountMinusFee.String(), "CurrencyReceived.AmountMinusFee")
	assert.True(t, strings.HasPrefix(ev.DedupeKey(), "2686563:confirmed:"), "DedupeKey = %q", ev.DedupeKey())
	assert.Equal(t, "2686563", ev.ID)
	assert.Equal(t, EventDeposit, ev.Type)
	assert.Equal(t, KindDeposit, ev.Kind)
	assert.True(t, ev.BodyAuthenticated, "BodyAuthenticated")
	assert.Equal(t, SignatureCovers, ev.SignatureCovers)
	assert.Equal(t, string(body), string(ev.Raw), "Raw")
	assert.True(t, ev.ReceivedAt.Equal(testNow), "ReceivedAt = %s", ev.ReceivedAt)
}

func TestWebhooksRefusals(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, option.WithWebhookBodyLimit(4096))
	good := []byte(fixture(t, "callback_withdrawal_confirmed.json"))
	sig := signBody(testSecret, good)
	tampered := bytes.Replace(good, []byte(`"0.01000000"`), []byte(`"9.01000000"`), 1)

	cases := []struct {
		name string
		req  func() *http.Request
		want error
	}{
		{"bad signature", func() *http.Request { return callbackRequest(t, good, "another-secret") }, payments.ErrInvalidSignature},
		{"tampered byte", func() *http.Request {
			r := callbackRequest(t, tampered, testSecret)
			r.Header.Set(HeaderSignature, sig)
			return r
		}, payments.ErrInvalidSignature},
		{"missing signature", func() *http.Request {
			r := callbackRequest(t, good, testSecret)
			r.Header.Del(HeaderSignature)
			return r
		}, payments.ErrInvalidSignature},
		{"signature not hex", func() *http.Request {
			r := callbackRequest(t, good, testSecret)
			r.Header.Set(HeaderSignature, "zz"+sig[2:])
			return r
		}, payments.ErrInvalidSignature},
		{"another account's key", func() *http.Request {
			r := callbackRequest(t, good, testSecret)
			r.Header.Set(HeaderKey, "someone_elses_key")
			return r
		}, payments.ErrInvalidSignature},
		{"oversized", func() *http.Request { return callbackRequest(t, bytes.Repeat([]byte(" "), 5000), testSecret) }, payments.ErrPayloadTooLarge},
		{"oversized, no length", func() *http.Request {
			r := callbackRequest(t, bytes.Repeat([]byte(" "), 5000), testSecret)
			r.ContentLength = -1
			return r
		}, payments.ErrPayloadTooLarge},
		{"empty", func() *http.Request { return callbackRequest(t, nil, testSecret) }, payments.ErrMalformed},
		{"garbage, signed", func() *http.Request { return callbackRequest(t, []byte("not json"), testSecret) }, payments.ErrMalformed},
		{"array, signed", func() *http.Request { return callbackRequest(t, []byte("[]"), testSecret) }, payments.ErrMalformed},
		{"null, signed", func() *http.Request { return callbackRequest(t, []byte("null"), testSecret) }, payments.ErrMalformed},
		{"no id, signed", func() *http.Request {
			return callbackRequest(t, []byte(`{"type":"deposit","status":"confirmed"}`), testSecret)
		}, payments.ErrMalformed},
		{"hostile number, signed", func() *http.Request {
			return callbackRequest(t, []byte(`{"id":1,"type":"deposit","status":"confirmed","currency_sent":{"currency":"BTC","amount":1e999999999}}`), testSecret)
		}, payments.ErrMalformed},
		{"hostile numeric string, signed", func() *http.Request {
			return callbackRequest(t, []byte(`{"id":1,"type":"deposit","status":"confirmed","currency_sent":{"currency":"BTC","amount":"9e-99999999"}}`), testSecret)
		}, payments.ErrMalformed},
		{"object as id, signed", func() *http.Request {
			return callbackRequest(t, []byte(`{"id":{"x":1},"type":"deposit","status":"confirmed"}`), testSecret)
		}, payments.ErrMalformed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := c.Webhooks.Parse(tc.req())
			require.ErrorIs(t, err, tc.want)
			assert.NotContains(t, err.Error(), testSecret, "error shows a secret")
			assert.NotContains(t, err.Error(), sig, "error shows the signature")
		})
	}
	_, err := c.Webhooks.Parse(nil)
	assert.ErrorIs(t, err, payments.ErrMalformed, "nil request")
	// ParseBody applies the same cap to a body read elsewhere.
	_, err = c.Webhooks.ParseBody(bytes.Repeat([]byte("{"), 5000), sigHeader("00"))
	assert.ErrorIs(t, err, payments.ErrPayloadTooLarge, "ParseBody oversized")
}

// During a rotation callbacks signed with the previous secret still verify,
// and ones signed with a secret never configured do not.
func TestWebhooksRotatedSecret(t *testing.T) {
	t.Parallel()
	c, err := New(Config{APIKey: testKey, APISecret: "new-secret", PreviousAPISecrets: []string{"", testSecret}})
	require.NoError(t, err)
	body := []byte(fixture(t, "callback_deposit_not_confirmed.json"))
	for _, secret := range []string{"new-secret", testSecret} {
		_, err := c.Webhooks.ParseBody(body, sigHeader(signBody(secret, body)))
		assert.NoError(t, err, "signed with %q", secret)
	}
	_, err = c.Webhooks.ParseBody(body, sigHeader(signBody("retired-secret", body)))
	assert.ErrorIs(t, err, payments.ErrInvalidSignature, "retired secret")
	// An empty previous secret must not make an empty-key signature verify.
	_, err = c.Webhooks.ParseBody(body, sigHeader(signBody("", body)))
	assert.ErrorIs(t, err, payments.ErrInvalidSignature, "empty-key signature")
}

// Every documented type and status parses, leniently (numbers or strings
// for ids, amounts, confirmations and tags; missing optional fields).
func TestWebhooksEveryTypeAndStatus(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t)
	cases := []struct {
		file, typ     string
		status        TransactionStatus
		ref, amount   string
		confirmations int
	}{
		{"callback_deposit_not_confirmed.json", TypeDeposit, TransactionStatusNotConfirmed, "991904", "0.01", 0},
		{"callback_deposit_confirmed.json", TypeDeposit, TransactionStatusConfirmed, "991904", "0.01", 9},
		{"callback_deposit_cancelled.json", TypeDeposit, TransactionStatusCancelled, "991904", "0.01", 1},
		{"callback_deposit_exchange.json", TypeDepositExchange, TransactionStatusConfirmed, "164", "61.23", 3},
		{"callback_deposit_xrp.json", TypeDeposit, TransactionStatusNotConfirmed, "customer-9", "25", 1},
		{"callback_withdrawal_pending.json", TypeWithdrawal, TransactionStatusPending, "payout-77", "0", 0},
		{"callback_withdrawal_processing.json", TypeWithdrawal, TransactionStatusProcessing, "payout-77", "0", 0},
		{"callback_withdrawal_confirmed.json", TypeWithdrawal, TransactionStatusConfirmed, "payout-77", "0", 1},
		{"callback_withdrawal_declined.json", TypeWithdrawal, TransactionStatusDeclined, "payout-77", "0", 0},
		{"callback_withdrawal_cancelled.json", TypeWithdrawal, TransactionStatusCancelled, "payout-77", "0", 0},
		{"callback_withdrawal_exchange_confirmed.json", TypeWithdrawalExchange, TransactionStatusConfirmed, "payout-78", "0.00161", 2},
		{"callback_exchange_confirmed.json", TypeExchange, TransactionStatusConfirmed, "fx-1", "1224.69", 0},
		{"callback_invoice_pending.json", TypeInvoice, TransactionStatusPending, "order-1001", "10", 0},
		{"callback_invoice_processing.json", TypeInvoice, TransactionStatusProcessing, "order-1001", "10", 0},
		{"callback_invoice_confirmed.json", TypeInvoice, TransactionStatusConfirmed, "order-1001", "10", 3},
		{"callback_invoice_failed_timer.json", TypeInvoice, TransactionStatusFailed, "order-1001", "10", 0},
		{"callback_invoice_failed_less.json", TypeInvoice, TransactionStatusFailed, "order-1001", "10", 0},
		{"callback_invoice_cancelled.json", TypeInvoice, TransactionStatusCancelled, "order-1001", "10", 0},
		{"transaction_info_withdrawal.json", TypeWithdrawal, TransactionStatusConfirmed, "withdrawal:823188", "0.0001", 0},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			body := []byte(fixture(t, tc.file))
			ev, err := c.Webhooks.ParseBody(body, sigHeader(signBody(testSecret, body)))
			require.NoError(t, err)
			tx := ev.Transaction
			require.NotNil(t, tx)
			assert.Equal(t, tc.typ, tx.Type, "type")
			assert.Equal(t, tc.status, tx.Status, "status")
			assert.Equal(t, tc.ref, tx.Reference(), "reference")
			assert.Equal(t, tc.confirmations, tx.Confirmations(), "confirmations")
			assert.Equal(t, decimal.RequireFromString(tc.amount).String(), tx.CurrencyReceived.Amount.String(), "received")
			assert.True(t, strings.HasPrefix(ev.DedupeKey(), tx.ID+":"+string(tc.status)+":"), "DedupeKey = %q", ev.DedupeKey())
		})
	}
}

func TestWebhooksLenientFields(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t)
	body := []byte(fixture(t, "callback_deposit_xrp.json"))
	ev, err := c.Webhooks.ParseBody(body, sigHeader(signBody(testSecret, body)))
	require.NoError(t, err)
	tx := ev.Transaction
	require.NotNil(t, tx)
	require.NotEmpty(t, tx.Transactions)
	assert.Equal(t, "100000731", tx.CryptoAddress.Tag)
	assert.Equal(t, "100000731", tx.Transactions[0].Tag)
	assert.Equal(t, "381741", tx.CryptoAddress.ID)
	assert.Equal(t, "25", tx.Transactions[0].Amount.String(), "Transactions[0].Amount")
	assert.Empty(t, tx.Error)
	body = []byte(fixture(t, "callback_invoice_failed_timer.json"))
	ev, err = c.Webhooks.ParseBody(body, sigHeader(signBody(testSecret, body)))
	require.NoError(t, err)
	require.NotNil(t, ev.Transaction)
	assert.Equal(t, "timer expired", ev.Transaction.Error)
	assert.Equal(t, int64(1592308141), ev.Transaction.ExpiresAt.Unix(), "ExpiresAt")
	assert.Equal(t, "0.0002", ev.Transaction.CurrencySent.RemainingAmount.String(), "CurrencySent.RemainingAmount")
	// An error given as an object keeps its JSON text rather than failing.
	body = []byte(`{"id":"7","type":"withdrawal","status":"declined","error":{"reason":"limit"},"fixed_at":"soon"}`)
	ev, err = c.Webhooks.ParseBody(body, sigHeader(signBody(testSecret, body)))
	require.NoError(t, err)
	require.NotNil(t, ev.Transaction)
	assert.Equal(t, `{"reason":"limit"}`, ev.Transaction.Error)
	assert.True(t, ev.Transaction.FixedAt.IsZero(), "FixedAt = %s", ev.Transaction.FixedAt)
}

func TestWebhooksRefresh(t *testing.T) {
	t.Parallel()
	c, _ := answering(t, "GET", "/transactions/info", 200, fixture(t, "callback_deposit_confirmed.json"),
		wantBody(t, `{"id":2686563}`))
	body := []byte(fixture(t, "callback_deposit_not_confirmed.json"))
	ev, err := c.Webhooks.ParseBody(body, sigHeader(signBody(testSecret, body)))
	require.NoError(t, err)
	fresh, err := c.Webhooks.Refresh(t.Context(), ev)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(fresh.DedupeKey(), "2686563:confirmed:"), "DedupeKey = %q", fresh.DedupeKey())
	assert.True(t, fresh.BodyAuthenticated, "BodyAuthenticated")
	assert.NotEmpty(t, fresh.SignatureCovers)
	_, err = c.Webhooks.Refresh(t.Context(), &Event{})
	assert.ErrorIs(t, err, payments.ErrValidation, "empty event")
}

// A merchant's handler tested with SignTestWebhook, end to end.
func TestSignTestWebhookDrivesAHandler(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t)
	var got *Event
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ev, err := c.Webhooks.Parse(r)
		if err != nil {
			http.Error(w, "rejected", http.StatusBadRequest)
			return
		}
		got = ev
	})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, callbackRequest(t, []byte(fixture(t, "callback_invoice_confirmed.json")), testSecret))
	require.Equal(t, 200, rec.Code, "code")
	require.NotNil(t, got, "event")
	require.NotNil(t, got.Transaction, "event transaction")
	require.Equal(t, TypeInvoice, got.Transaction.Type)
	_, _, err := SignTestWebhook(testSecret, nil)
	assert.ErrorIs(t, err, payments.ErrValidation)
	_, _, err = SignTestWebhook("", []byte("{}"))
	assert.ErrorIs(t, err, payments.ErrValidation)
}

// FuzzParseCallback feeds arbitrary bodies through verification and
// parsing: nothing may panic, and whatever parses has an id, type and status.
func FuzzParseCallback(f *testing.F) {
	for _, name := range []string{"callback_deposit_confirmed.json", "callback_deposit_exchange.json", "callback_withdrawal_exchange_confirmed.json",
		"callback_invoice_confirmed.json", "transaction_info_withdrawal.json", "callback_deposit_xrp.json"} {
		f.Add([]byte(fixture(f, name)))
	}
	for _, s := range []string{"", "{}", "[]", "null", `{"id":1e999999999}`, `{"id":[],"type":{},"status":1}`,
		`{"id":"1","type":"deposit","status":"x","transactions":[{"confirmations":"1e400"}]}`,
		`{"id":"1","type":"deposit","status":"x","transactions":[null,{"amount":""}],"fees":null,"fixed_at":-1}`} {
		f.Add([]byte(s))
	}
	c, _ := newTestClient(f)
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := c.Webhooks.ParseBody(body, sigHeader(signBody(testSecret, body)))
		if err != nil {
			require.True(t, errors.Is(err, payments.ErrMalformed) || errors.Is(err, payments.ErrPayloadTooLarge), "unexpected error kind: %v", err)
			return
		}
		require.NotNil(t, ev.Transaction, "parsed event lacks a transaction")
		require.NotEmpty(t, ev.Transaction.ID, "parsed event lacks identity: %+v", ev)
		require.NotEmpty(t, ev.Transaction.Type, "parsed event lacks identity: %+v", ev)
		require.NotEmpty(t, ev.Transaction.Status, "parsed event lacks identity: %+v", ev)
		require.True(t, ev.BodyAuthenticated, "parsed event lacks identity: %+v", ev)
		_ = ev.Transaction.Confirmations()
		_ = newAdapter(t, c, AdapterOptions{}).toEvent(ev)
		// A signature over other bytes never verifies.
		_, err = c.Webhooks.ParseBody(append(bytes.Clone(body), ' '), sigHeader(signBody(testSecret, body)))
		require.ErrorIs(t, err, payments.ErrInvalidSignature, "signature over other bytes accepted")
	})
}

// Two partial payments to one invoice carry the same id and status; they are
// two notifications and must not share a dedupe key (the old id:status key
// dropped the second). A redelivery keeps its key; a new confirmation count
// gets a new one.
func TestDedupeKeyPartialPayments(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t)
	parse := func(body []byte) *Event {
		t.Helper()
		ev, err := c.Webhooks.ParseBody(body, sigHeader(signBody(testSecret, body)))
		require.NoError(t, err)
		return ev
	}
	first := []byte(`{"id":588,"type":"invoice","status":"pending","foreign_id":"o-1",` +
		`"currency_sent":{"currency":"BTC","amount":"0.002","remaining_amount":"0.001"},"currency_received":{"currency":"EUR","amount":"50"},` +
		`"transactions":[{"id":1,"currency":"BTC","transaction_type":"blockchain","type":"deposit","amount":"0.001","txid":"aa","confirmations":0}]}`)
	second := []byte(`{"id":588,"type":"invoice","status":"pending","foreign_id":"o-1",` +
		`"currency_sent":{"currency":"BTC","amount":"0.002","remaining_amount":"0.0005"},"currency_received":{"currency":"EUR","amount":"50"},` +
		`"transactions":[{"id":1,"currency":"BTC","transaction_type":"blockchain","type":"deposit","amount":"0.001","txid":"aa","confirmations":0},` +
		`{"id":2,"currency":"BTC","transaction_type":"blockchain","type":"deposit","amount":"0.0005","txid":"bb","confirmations":0}]}`)
	confirmed := bytes.Replace(second, []byte(`"txid":"bb","confirmations":0`), []byte(`"txid":"bb","confirmations":1`), 1)
	k1, k2, k3 := parse(first).DedupeKey(), parse(second).DedupeKey(), parse(confirmed).DedupeKey()
	assert.NotEqual(t, k1, k2, "a second partial payment is a new notification")
	assert.NotEqual(t, k2, k3, "a new confirmation count is a new notification")
	assert.Equal(t, k1, parse(bytes.Clone(first)).DedupeKey(), "a redelivery keeps its key")
	assert.True(t, strings.HasPrefix(k1, "588:pending:"))
}

// A verifier holds only the secrets: it verifies and parses, cannot refresh,
// and never prints a secret.
func TestNewWebhookVerifier(t *testing.T) {
	t.Parallel()
	v := NewWebhookVerifier("new-secret", "", testSecret)
	body := []byte(fixture(t, "callback_deposit_confirmed.json"))
	ev, err := v.ParseBody(body, sigHeader(signBody(testSecret, body)))
	require.NoError(t, err, "a previous secret still verifies")
	assert.Equal(t, "2686563", ev.ObjectID())
	assert.Equal(t, KindDeposit, ev.Kind)
	_, err = v.ParseBody(body, sigHeader(signBody("retired", body)))
	assert.ErrorIs(t, err, payments.ErrInvalidSignature)
	_, err = NewWebhookVerifier().ParseBody(body, sigHeader(signBody(testSecret, body)))
	assert.ErrorIs(t, err, payments.ErrInvalidSignature, "no secret configured")
	_, err = v.Refresh(t.Context(), ev)
	assert.ErrorIs(t, err, payments.ErrUnsupported)
	providertest.NothingPrints(t, []any{v}, nil, "new-secret", testSecret)
}

// A callback is signed whole, so a key given twice or in another case was
// signed too; it is read the way encoding/json reads it — the last
// occurrence wins, whatever its case — once, for the Event, its
// Transaction and its DedupeKey alike. Appending a member to a signed body
// breaks the signature.
func TestWebhooksDuplicateAndCaseKeys(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t)
	base := strings.TrimSuffix(strings.TrimSpace(fixture(t, "callback_deposit_confirmed.json")), "}")
	for _, extra := range []string{`"status":"pending"`, `"Status":"pending"`, `"STATUS":"pending"`} {
		body := []byte(base + `,` + extra + `}`)
		ev, err := c.Webhooks.Parse(callbackRequest(t, body, testSecret))
		require.NoError(t, err, extra)
		assert.Equal(t, TransactionStatusPending, ev.Transaction.Status, "%s: the last occurrence wins", extra)
		assert.True(t, strings.HasPrefix(ev.DedupeKey(), "2686563:pending:"), "%s: the key is built from what was parsed: %s", extra, ev.DedupeKey())

		// The same member appended to a body signed without it.
		signed, header, err := SignTestWebhook(testSecret, []byte(base+`}`))
		require.NoError(t, err)
		tampered := []byte(strings.TrimSuffix(strings.TrimSpace(string(signed)), "}") + `,` + extra + `}`)
		_, err = c.Webhooks.ParseBody(tampered, header)
		assert.ErrorIs(t, err, payments.ErrInvalidSignature, extra)
	}
}

// TestDedupeKeyComponents: each component of the dedupe key separates two
// callbacks that differ only in it (a key that dropped it would merge them,
// and the second would never be processed), while a redelivery keeps it.
func TestDedupeKeyComponents(t *testing.T) {
	t.Parallel()
	d := decimal.RequireFromString
	base := func() *Event {
		return &Event{BodyAuthenticated: true, Transaction: &Transaction{ID: "588", Type: TypeInvoice, Status: "pending",
			CurrencySent:     CurrencyAmount{Currency: "BTC", Amount: d("0.0002")},
			CurrencyReceived: CurrencyAmount{Currency: "EUR", Amount: d("10")},
			Transactions:     []TransactionEntry{{ID: "1", TxID: "ab", Currency: "BTC", Amount: d("0.0001"), Confirmations: 1}}}}
	}
	for name, change := range map[string]func(*Event){
		"id":                         func(e *Event) { e.Transaction.ID = "589" },
		"status":                     func(e *Event) { e.Transaction.Status = "confirmed" },
		"currency_sent.currency":     func(e *Event) { e.Transaction.CurrencySent.Currency = "ETH" },
		"currency_sent.amount":       func(e *Event) { e.Transaction.CurrencySent.Amount = d("0.0003") },
		"currency_received.currency": func(e *Event) { e.Transaction.CurrencyReceived.Currency = "USD" },
		"currency_received.amount":   func(e *Event) { e.Transaction.CurrencyReceived.Amount = d("11") },
		"a second payment": func(e *Event) {
			e.Transaction.Transactions = append(e.Transaction.Transactions, TransactionEntry{ID: "2", TxID: "cd", Currency: "BTC", Amount: d("0.0001")})
		},
		"leg id":            func(e *Event) { e.Transaction.Transactions[0].ID = "9" },
		"leg txid":          func(e *Event) { e.Transaction.Transactions[0].TxID = "ef" },
		"leg currency":      func(e *Event) { e.Transaction.Transactions[0].Currency = "LTC" },
		"leg amount":        func(e *Event) { e.Transaction.Transactions[0].Amount = d("0.00015") },
		"leg confirmations": func(e *Event) { e.Transaction.Transactions[0].Confirmations = 2 },
	} {
		a, b := base(), base()
		assert.NotEmpty(t, a.DedupeKey(), name)
		assert.Equal(t, a.DedupeKey(), b.DedupeKey(), "%s: a redelivery keeps the key", name)
		change(b)
		assert.NotEqual(t, a.DedupeKey(), b.DedupeKey(), "%s: two callbacks that differ in it share a key", name)
	}
	// Field boundaries are kept: moving text from one field to the next is
	// another key.
	a, b := base(), base()
	a.Transaction.CurrencySent.Currency, a.Transaction.CurrencyReceived.Currency = "BTC", "EUR"
	b.Transaction.CurrencySent.Currency, b.Transaction.CurrencyReceived.Currency = "BTCE", "UR"
	assert.NotEqual(t, a.DedupeKey(), b.DedupeKey(), "field boundaries")
	e := base()
	e.BodyAuthenticated = false
	assert.Empty(t, e.DedupeKey(), "an unverified body has no key")
}
