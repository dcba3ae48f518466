package channels

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/internal/redact"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseCallback(t *testing.T) {
	t.Parallel()
	v := NewWebhookVerifier("s3cr3t")
	body := fixture(t, "callback_deposit.json")
	ev, err := v.ParseBody(body, nil)
	require.NoError(t, err)
	assert.Equal(t, "tx-1001", ev.ID)
	assert.Equal(t, "tx-1001", ev.ObjectID())
	assert.Equal(t, KindDeposit, ev.Kind)
	assert.Equal(t, EventDeposit, ev.Type)
	assert.False(t, ev.BodyAuthenticated)
	assert.Equal(t, SignatureCovers, ev.SignatureCovers)
	assert.Empty(t, ev.DedupeKey(), "no dedupe key before Refresh: the status is not signed")
	assert.Equal(t, body, []byte(ev.Raw))
	tx := ev.Transaction
	assert.Equal(t, "10.50", tx.AmountText)
	assert.Equal(t, "10.5", tx.Amount.String())
	assert.Equal(t, TUSDT, tx.Currency)
	assert.Equal(t, "order-77", tx.OrderID)
	assert.Equal(t, "inv-5", tx.InvoiceID)
	assert.True(t, tx.Fees.Processing.Valid)
	assert.Equal(t, "0.105", tx.Fees.Processing.Decimal.String())
	assert.True(t, tx.EUR.Valid)
	assert.Equal(t, "9.66", tx.EUR.Decimal.String())
	assert.Equal(t, "tUSDT", tx.Info.TransactionCurrency)
	assert.Nil(t, tx.SenderDetails)

	// Settlement: no customerId, hashed with N/A; an eur that is not a
	// decimal is not Valid (never a zero); its text stays in Raw.
	ev, err = v.ParseBody(fixture(t, "callback_settlement.json"), nil)
	require.NoError(t, err)
	assert.Equal(t, "0.00100000", ev.Transaction.AmountText)
	assert.Empty(t, ev.Transaction.CustomerID)
	assert.False(t, ev.Transaction.EUR.Valid)
	assert.Contains(t, string(ev.Raw), `"eur"`)

	// The top-level currency is hashed as received ("EUR"), not the coin in info.
	ev, err = v.ParseBody(fixture(t, "callback_eur.json"), nil)
	require.NoError(t, err)
	assert.Equal(t, KindWithdrawal, ev.Kind)
	assert.Equal(t, Currency("EUR"), ev.Transaction.Currency)
}

func TestParseCallbackRefusals(t *testing.T) {
	t.Parallel()
	v := NewWebhookVerifier("s3cr3t")
	good := string(fixture(t, "callback_deposit.json"))
	cases := map[string]struct {
		body string
		want error
	}{
		"amount changed":          {strings.Replace(good, `"amount": "10.50"`, `"amount": "1050"`, 1), payments.ErrInvalidSignature},
		"trailing zero dropped":   {strings.Replace(good, `"amount": "10.50"`, `"amount": "10.5"`, 1), payments.ErrInvalidSignature},
		"amount as number 10.5":   {strings.Replace(good, `"amount": "10.50"`, `"amount": 10.5`, 1), payments.ErrInvalidSignature},
		"customer changed":        {strings.Replace(good, `"customer-7"`, `"customer-8"`, 1), payments.ErrInvalidSignature},
		"currency changed":        {strings.Replace(good, `"currency": "tUSDT"`, `"currency": "eUSDT"`, 1), payments.ErrInvalidSignature},
		"id changed":              {strings.Replace(good, `"id": "tx-1001"`, `"id": "tx-1003"`, 1), payments.ErrInvalidSignature},
		"hash missing":            {strings.Replace(good, `"hash"`, `"hush"`, 1), payments.ErrInvalidSignature},
		"hash empty":              {strings.Replace(strings.Replace(good, `"hash"`, `"hush"`, 1), "{", `{"hash":"",`, 1), payments.ErrInvalidSignature},
		"hash null":               {strings.Replace(strings.Replace(good, `"hash"`, `"hush"`, 1), "{", `{"hash":null,`, 1), payments.ErrInvalidSignature},
		"amount missing":          {strings.Replace(good, `"amount"`, `"amount_"`, 1), payments.ErrMalformed},
		"not an object":           {`["tx-1001"]`, payments.ErrMalformed},
		"not json":                {`id=1&hash=2`, payments.ErrMalformed},
		"empty":                   {``, payments.ErrMalformed},
		"hostile amount":          {strings.Replace(good, `"amount": "10.50"`, `"amount": 1e999999999`, 1), payments.ErrMalformed},
		"hostile quoted amount":   {strings.Replace(good, `"amount": "10.50"`, `"amount": "1`+strings.Repeat("0", 5000)+`"`, 1), payments.ErrMalformed},
		"hostile unsigned value":  {strings.Replace(good, `"eur": "9.66"`, `"eur": 1e999999999`, 1), payments.ErrMalformed}, // refused, never expanded nor read as zero
		"hostile quoted usd":      {strings.Replace(good, `"eur": "9.66"`, `"usd": "1e999999999"`, 1), payments.ErrMalformed},
		"hostile fee":             {strings.Replace(good, `"processing": "0.105"`, `"processing": "9e999999999"`, 1), payments.ErrMalformed},
		"invalid UTF-8":           {strings.Replace(good, `"network": "TRON"`, "\"network\": \"TR\xffON\"", 1), payments.ErrMalformed},
		"invalid UTF-8 in hashed": {strings.Replace(good, `"customer-7"`, "\"customer-\xff7\"", 1), payments.ErrMalformed},
		"object where text":       {strings.Replace(good, `"id": "tx-1001"`, `"id": {"x":1}`, 1), payments.ErrMalformed},
		"hash of the wrong size":  {strings.Replace(good, `"hash": "SIUX`, `"hash": "AAAA`, 1), payments.ErrInvalidSignature},
		"numbers kept as written": {strings.Replace(good, `"amount": "10.50"`, `"amount": 10.50`, 1), nil},
	}
	for name, c := range cases {
		_, err := v.ParseBody([]byte(c.body), nil)
		if c.want == nil {
			assert.NoError(t, err, name)
			continue
		}
		assert.ErrorIs(t, err, c.want, name)
		if err != nil {
			assert.NotContains(t, err.Error(), "SIUX", "%s: an error echoes the hash", name)
		}
	}
	// Status is not covered: a changed status still verifies, and says so.
	ev, err := v.ParseBody([]byte(strings.Replace(good, `"status": "confirmed"`, `"status": "failed"`, 1)), nil)
	require.NoError(t, err)
	assert.False(t, ev.BodyAuthenticated)
	assert.Contains(t, ev.SignatureCovers, "not signed")

	// Strings are never taken for numbers: a customer id like 12e45678 is fine.
	signed, _, err := SignTestWebhook("s3cr3t", []byte(`{"id":"1e5","customerId":"12e45678","amount":"1","currency":"BTC","orderId":"9e99999999"}`))
	require.NoError(t, err)
	ev, err = v.ParseBody(signed, nil)
	require.NoError(t, err)
	assert.Equal(t, "12e45678", ev.Transaction.CustomerID)
	assert.Equal(t, "9e99999999", ev.Transaction.OrderID)

	_, err = NewWebhookVerifier().ParseBody([]byte(good), nil)
	assert.ErrorIs(t, err, payments.ErrInvalidSignature, "no secret configured")
	_, err = NewWebhookVerifier("wrong", "s3cr3t").ParseBody([]byte(good), nil)
	assert.NoError(t, err, "a previous secret still verifies")
}

func TestParseCallbackUnknownType(t *testing.T) {
	t.Parallel()
	body, _, err := SignTestWebhook("k", []byte(`{"id":"1","type":"refund","status":"done","amount":"1","currency":"BTC","customerId":"c"}`))
	require.NoError(t, err)
	ev, err := NewWebhookVerifier("k").ParseBody(body, nil)
	require.NoError(t, err)
	assert.Equal(t, KindOther, ev.Kind)
	body, _, err = SignTestWebhook("k", []byte(`{"callbackType":"balance","id":"1","type":"deposit","amount":"1","currency":"BTC"}`))
	require.NoError(t, err)
	ev, err = NewWebhookVerifier("k").ParseBody(body, nil)
	require.NoError(t, err)
	assert.Equal(t, KindOther, ev.Kind)
}

func TestParseRequestCap(t *testing.T) {
	t.Parallel()
	c, _ := newTestClient(t, option.WithWebhookBodyLimit(64))
	r := httptest.NewRequest(http.MethodPost, "/cb", bytes.NewReader(bytes.Repeat([]byte("a"), 65)))
	_, err := c.Webhooks.Parse(r)
	assert.ErrorIs(t, err, payments.ErrPayloadTooLarge)
	r = httptest.NewRequest(http.MethodPost, "/cb", bytes.NewReader(bytes.Repeat([]byte("a"), 65)))
	r.ContentLength = -1 // chunked
	_, err = c.Webhooks.Parse(r)
	assert.ErrorIs(t, err, payments.ErrPayloadTooLarge)
	_, err = c.Webhooks.ParseBody(bytes.Repeat([]byte("a"), 65), nil)
	assert.ErrorIs(t, err, payments.ErrPayloadTooLarge)
}

func TestSignTestWebhook(t *testing.T) {
	t.Parallel()
	in := []byte(`{"id":"tx-1","customerId":"c1","amount":"5.000","currency":"bUSDT","status":"confirmed","type":"deposit","extra":{"a":[1,2.50]}}`)
	signed, h, err := SignTestWebhook(testSecret, in)
	require.NoError(t, err)
	assert.Equal(t, "application/json", h.Get("Content-Type"))
	assert.Contains(t, string(signed), `"amount":"5.000"`)
	assert.Contains(t, string(signed), `"extra":{"a":[1,2.50]}`)
	assert.Contains(t, string(signed), `"hash":"`+independentHash("tx-1", "c1", "5.000", "bUSDT", testSecret)+`"`)
	c, _ := newTestClient(t)
	ev, err := c.Webhooks.ParseBody(signed, h)
	require.NoError(t, err)
	assert.Equal(t, "tx-1", ev.ID)

	// No customer: N/A.
	signed, _, err = SignTestWebhook(testSecret, []byte(`{"id":"s1","amount":1.10,"currency":"BTC"}`))
	require.NoError(t, err)
	assert.Contains(t, string(signed), independentHash("s1", "N/A", "1.10", "BTC", testSecret))

	for _, bad := range []string{`[]`, `{"id":"1","amount":"1"}`, `{"id":{},"amount":"1","currency":"BTC"}`, `nope`} {
		_, _, err := SignTestWebhook(testSecret, []byte(bad))
		assert.ErrorIs(t, err, payments.ErrValidation, bad)
	}
	_, _, err = SignTestWebhook("", in)
	assert.ErrorIs(t, err, payments.ErrValidation)
}

func TestRefresh(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder(http.MethodGet, testBase+"/api/v2/transaction/tx-1001",
		checkedResponder(t, 200, string(fixture(t, "transaction.json")), nil))
	// A swapped body (type changed) still verifies, since the hash does not
	// cover it; Refresh takes the API's word.
	swapped := strings.Replace(string(fixture(t, "callback_deposit.json")), `"type": "deposit"`, `"type": "withdrawal"`, 1)
	c.Webhooks = newWebhooksService(c, redact.Secrets("s3cr3t"), 0)
	ev, err := c.Webhooks.ParseBody([]byte(swapped), nil)
	require.NoError(t, err)
	assert.Equal(t, KindWithdrawal, ev.Kind, "the unsigned type says withdrawal")
	fresh, err := c.Webhooks.Refresh(t.Context(), ev)
	require.NoError(t, err)
	assert.True(t, fresh.BodyAuthenticated)
	assert.Equal(t, RefreshedCovers, fresh.SignatureCovers)
	assert.Equal(t, KindDeposit, fresh.Kind, "the API says deposit")
	assert.Equal(t, "channels:tx-1001:deposit:confirmed:10.5", fresh.DedupeKey())
	assert.False(t, ev.BodyAuthenticated, "the parsed event is not changed")

	_, err = NewWebhookVerifier(testSecret).Refresh(t.Context(), ev)
	assert.ErrorIs(t, err, payments.ErrUnsupported)
	_, err = c.Webhooks.Refresh(t.Context(), nil)
	assert.ErrorIs(t, err, payments.ErrValidation)

	mt.RegisterResponder(http.MethodGet, testBase+"/api/v2/transaction/tx-other",
		checkedResponder(t, 200, string(fixture(t, "transaction.json")), nil))
	_, err = c.Webhooks.Refresh(t.Context(), &Event{ID: "tx-other"})
	assert.ErrorIs(t, err, payments.ErrMalformed, "the API answered another transaction")
}

func TestDedupeKeyDiffers(t *testing.T) {
	t.Parallel()
	tx := func(status TransactionStatus, amount string) *Event {
		return &Event{ID: "t", BodyAuthenticated: true, Transaction: &Transaction{ID: "t", Type: TypeWithdrawal, Status: status,
			Amount: mustDec(amount)}}
	}
	assert.Equal(t, tx("failed", "1").DedupeKey(), tx("failed", "1.0").DedupeKey(), "the same state")
	assert.NotEqual(t, tx("failed", "1").DedupeKey(), tx("confirmed", "1").DedupeKey(), "a status change")
	assert.NotEqual(t, tx("confirmed", "1").DedupeKey(), tx("confirmed", "2").DedupeKey())
	// Every component: another transaction, another type, the provider.
	other := tx("confirmed", "1")
	other.ID, other.Transaction.ID = "u", "u"
	assert.NotEqual(t, tx("confirmed", "1").DedupeKey(), other.DedupeKey(), "another transaction")
	deposit := tx("confirmed", "1")
	deposit.Transaction.Type = TypeDeposit
	assert.NotEqual(t, tx("confirmed", "1").DedupeKey(), deposit.DedupeKey(), "another type")
	assert.True(t, strings.HasPrefix(tx("confirmed", "1").DedupeKey(), ProviderName+":"), "the provider")
	// The key comes from the refreshed transaction only.
	unrefreshed := tx("confirmed", "1")
	unrefreshed.BodyAuthenticated = false
	assert.Empty(t, unrefreshed.DedupeKey())
	var nilEv *Event
	assert.Empty(t, nilEv.DedupeKey())
}
