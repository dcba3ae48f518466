package cryptoprocessing

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// callbackRequest is a callback as the provider sends it, signed with secret.
func callbackRequest(t testing.TB, body []byte, secret string) *http.Request {
	t.Helper()
	signed, header := body, sigHeader(SignBody(secret, body))
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
	if err != nil {
		t.Fatal(err)
	}
	tx := ev.Transaction
	if tx.ID != "2686563" || tx.Type != TypeDeposit || tx.Status != StatusConfirmed || tx.Reference() != "991904" ||
		tx.Confirmations() != 9 || !tx.CurrencyReceived.AmountMinusFee.Equal(decimal.RequireFromString("0.009395")) {
		t.Fatalf("transaction = %+v", tx)
	}
	if !strings.HasPrefix(ev.DedupeKey(), "2686563:confirmed:") || ev.ID != "2686563" || ev.Type != TypeDeposit || ev.Kind != EventDeposit || !ev.BodyAuthenticated || ev.SignatureCovers != SignatureCovers ||
		!bytes.Equal(ev.Raw, body) || !ev.ReceivedAt.Equal(testNow) {
		t.Fatalf("event = %+v", ev)
	}
}

func TestWebhooksRefusals(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, option.WithWebhookBodyLimit(4096))
	good := []byte(fixture(t, "callback_withdrawal_confirmed.json"))
	sig := SignBody(testSecret, good)
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
			_, err := c.Webhooks.Parse(tc.req())
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if strings.Contains(err.Error(), testSecret) || strings.Contains(err.Error(), sig) {
				t.Errorf("error shows a secret or signature: %v", err)
			}
		})
	}
	if _, err := c.Webhooks.Parse(nil); !errors.Is(err, payments.ErrMalformed) {
		t.Errorf("nil request: err = %v", err)
	}
	// ParseBody applies the same cap to a body read elsewhere.
	if _, err := c.Webhooks.ParseBody(bytes.Repeat([]byte("{"), 5000), sigHeader("00")); !errors.Is(err, payments.ErrPayloadTooLarge) {
		t.Errorf("ParseBody oversized: err = %v", err)
	}
}

// During a rotation callbacks signed with the previous secret still verify,
// and ones signed with a secret never configured do not.
func TestWebhooksRotatedSecret(t *testing.T) {
	t.Parallel()
	c, err := New(Config{APIKey: testKey, APISecret: "new-secret", PreviousAPISecrets: []string{"", testSecret}})
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(fixture(t, "callback_deposit_not_confirmed.json"))
	for _, secret := range []string{"new-secret", testSecret} {
		if _, err := c.Webhooks.ParseBody(body, sigHeader(SignBody(secret, body))); err != nil {
			t.Errorf("signed with %q: %v", secret, err)
		}
	}
	if _, err := c.Webhooks.ParseBody(body, sigHeader(SignBody("retired-secret", body))); !errors.Is(err, payments.ErrInvalidSignature) {
		t.Errorf("retired secret: err = %v", err)
	}
	// An empty previous secret must not make an empty-key signature verify.
	if _, err := c.Webhooks.ParseBody(body, sigHeader(SignBody("", body))); !errors.Is(err, payments.ErrInvalidSignature) {
		t.Errorf("empty-key signature: err = %v", err)
	}
}

// Every documented type and status parses, leniently (numbers or strings
// for ids, amounts, confirmations and tags; missing optional fields).
func TestWebhooksEveryTypeAndStatus(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t)
	cases := []struct {
		file, typ, status, ref, amount string
		confirmations                  int
	}{
		{"callback_deposit_not_confirmed.json", TypeDeposit, StatusNotConfirmed, "991904", "0.01", 0},
		{"callback_deposit_confirmed.json", TypeDeposit, StatusConfirmed, "991904", "0.01", 9},
		{"callback_deposit_cancelled.json", TypeDeposit, StatusCancelled, "991904", "0.01", 1},
		{"callback_deposit_exchange.json", TypeDepositExchange, StatusConfirmed, "164", "61.23", 3},
		{"callback_deposit_xrp.json", TypeDeposit, StatusNotConfirmed, "customer-9", "25", 1},
		{"callback_withdrawal_pending.json", TypeWithdrawal, StatusPending, "payout-77", "0", 0},
		{"callback_withdrawal_processing.json", TypeWithdrawal, StatusProcessing, "payout-77", "0", 0},
		{"callback_withdrawal_confirmed.json", TypeWithdrawal, StatusConfirmed, "payout-77", "0", 1},
		{"callback_withdrawal_declined.json", TypeWithdrawal, StatusDeclined, "payout-77", "0", 0},
		{"callback_withdrawal_cancelled.json", TypeWithdrawal, StatusCancelled, "payout-77", "0", 0},
		{"callback_withdrawal_exchange_confirmed.json", TypeWithdrawalExchange, StatusConfirmed, "payout-78", "0.00161", 2},
		{"callback_exchange_confirmed.json", TypeExchange, StatusConfirmed, "fx-1", "1224.69", 0},
		{"callback_invoice_pending.json", TypeInvoice, StatusPending, "order-1001", "10", 0},
		{"callback_invoice_processing.json", TypeInvoice, StatusProcessing, "order-1001", "10", 0},
		{"callback_invoice_confirmed.json", TypeInvoice, StatusConfirmed, "order-1001", "10", 3},
		{"callback_invoice_failed_timer.json", TypeInvoice, StatusFailed, "order-1001", "10", 0},
		{"callback_invoice_failed_less.json", TypeInvoice, StatusFailed, "order-1001", "10", 0},
		{"callback_invoice_cancelled.json", TypeInvoice, StatusCancelled, "order-1001", "10", 0},
		{"transaction_info_withdrawal.json", TypeWithdrawal, StatusConfirmed, "withdrawal:823188", "0.0001", 0},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			body := []byte(fixture(t, tc.file))
			ev, err := c.Webhooks.ParseBody(body, sigHeader(SignBody(testSecret, body)))
			if err != nil {
				t.Fatal(err)
			}
			tx := ev.Transaction
			if tx.Type != tc.typ || tx.Status != tc.status || tx.Reference() != tc.ref || tx.Confirmations() != tc.confirmations ||
				!tx.CurrencyReceived.Amount.Equal(decimal.RequireFromString(tc.amount)) {
				t.Errorf("type %q status %q ref %q confirmations %d received %s", tx.Type, tx.Status, tx.Reference(), tx.Confirmations(), tx.CurrencyReceived.Amount)
			}
			if !strings.HasPrefix(ev.DedupeKey(), tx.ID+":"+tc.status+":") {
				t.Errorf("DedupeKey = %q", ev.DedupeKey())
			}
		})
	}
}

func TestWebhooksLenientFields(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t)
	body := []byte(fixture(t, "callback_deposit_xrp.json"))
	ev, err := c.Webhooks.ParseBody(body, sigHeader(SignBody(testSecret, body)))
	if err != nil {
		t.Fatal(err)
	}
	tx := ev.Transaction
	if tx.CryptoAddress.Tag != "100000731" || tx.Transactions[0].Tag != "100000731" || tx.CryptoAddress.ID != "381741" ||
		!tx.Transactions[0].Amount.Equal(decimal.NewFromInt(25)) || tx.Error != "" {
		t.Fatalf("tx = %+v", tx)
	}
	body = []byte(fixture(t, "callback_invoice_failed_timer.json"))
	ev, err = c.Webhooks.ParseBody(body, sigHeader(SignBody(testSecret, body)))
	if err != nil {
		t.Fatal(err)
	}
	if ev.Transaction.Error != "timer expired" || ev.Transaction.ExpiresAt.Unix() != 1592308141 || !ev.Transaction.CurrencySent.RemainingAmount.Equal(decimal.RequireFromString("0.0002")) {
		t.Fatalf("tx = %+v", ev.Transaction)
	}
	// An error given as an object keeps its JSON text rather than failing.
	body = []byte(`{"id":"7","type":"withdrawal","status":"declined","error":{"reason":"limit"},"fixed_at":"soon"}`)
	ev, err = c.Webhooks.ParseBody(body, sigHeader(SignBody(testSecret, body)))
	if err != nil || ev.Transaction.Error != `{"reason":"limit"}` || !ev.Transaction.FixedAt.IsZero() {
		t.Fatalf("ev = %+v, err = %v", ev, err)
	}
}

func TestWebhooksRefresh(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/transactions/info", respond(t, 200, fixture(t, "callback_deposit_confirmed.json"),
		wantBody(t, `{"id":2686563}`)))
	body := []byte(fixture(t, "callback_deposit_not_confirmed.json"))
	ev, err := c.Webhooks.ParseBody(body, sigHeader(SignBody(testSecret, body)))
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := c.Webhooks.Refresh(context.Background(), ev)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(fresh.DedupeKey(), "2686563:confirmed:") || !fresh.BodyAuthenticated || fresh.SignatureCovers == "" {
		t.Fatalf("fresh = %+v", fresh)
	}
	if _, err := c.Webhooks.Refresh(context.Background(), &Event{}); !errors.Is(err, payments.ErrValidation) {
		t.Errorf("empty event: err = %v", err)
	}
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
	if rec.Code != 200 || got == nil || got.Transaction.Type != TypeInvoice {
		t.Fatalf("code %d, event %+v", rec.Code, got)
	}
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
		ev, err := c.Webhooks.ParseBody(body, sigHeader(SignBody(testSecret, body)))
		if err != nil {
			if !errors.Is(err, payments.ErrMalformed) && !errors.Is(err, payments.ErrPayloadTooLarge) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if ev.Transaction.ID == "" || ev.Transaction.Type == "" || ev.Transaction.Status == "" || !ev.BodyAuthenticated {
			t.Fatalf("parsed event lacks identity: %+v", ev)
		}
		_ = ev.Transaction.Confirmations()
		_ = NewAdapter(c, AdapterOptions{}).event(ev)
		// A signature over other bytes never verifies.
		if _, err := c.Webhooks.ParseBody(append(bytes.Clone(body), ' '), sigHeader(SignBody(testSecret, body))); !errors.Is(err, payments.ErrInvalidSignature) {
			t.Fatalf("signature over other bytes accepted: %v", err)
		}
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
		ev, err := c.Webhooks.ParseBody(body, sigHeader(SignBody(testSecret, body)))
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
	ev, err := v.ParseBody(body, sigHeader(SignBody(testSecret, body)))
	require.NoError(t, err, "a previous secret still verifies")
	assert.Equal(t, "2686563", ev.ObjectID())
	assert.Equal(t, EventDeposit, ev.Kind)
	_, err = v.ParseBody(body, sigHeader(SignBody("retired", body)))
	assert.ErrorIs(t, err, payments.ErrInvalidSignature)
	_, err = NewWebhookVerifier().ParseBody(body, sigHeader(SignBody(testSecret, body)))
	assert.ErrorIs(t, err, payments.ErrInvalidSignature, "no secret configured")
	_, err = v.Refresh(context.Background(), ev)
	assert.ErrorIs(t, err, payments.ErrUnsupported)
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		assert.NotContains(t, fmt.Sprintf(verb, v), "new-secret")
		assert.NotContains(t, fmt.Sprintf(verb, v), testSecret)
	}
}
