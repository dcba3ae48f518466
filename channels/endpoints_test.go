package channels

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/coinsdk/coinsdk/internal/httpcore"
	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/google/uuid"
	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestChannelsCreate(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	c, mt := newTestClient(t)
	var got map[string]any
	mt.RegisterResponder(http.MethodPost, testBase+"/api/v2/channels", checkedResponder(t, 201,
		`{"success":true,"data":{"address":"TQ5NiR7pXrGGmLb6S3qDt8dZ8wQ1d9Ecfo","qrCodeURL":"https://x/qr.png","qrCode":"data:image/png;base64,AA=="}}`, &got))
	ch, err := c.Channels.Create(ctx, &ChannelParams{Currency: TUSDT, CustomerID: "cust-1"})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{"currency": "tUSDT", "customerId": "cust-1"}, got)
	assert.Equal(t, "TQ5NiR7pXrGGmLb6S3qDt8dZ8wQ1d9Ecfo", ch.Address)
	assert.Equal(t, "https://x/qr.png", ch.QRCodeURL)
	assert.Equal(t, "data:image/png;base64,AA==", ch.QRCode)
	assert.Equal(t, TUSDT, ch.Currency)
	assert.JSONEq(t, `{"address":"TQ5NiR7pXrGGmLb6S3qDt8dZ8wQ1d9Ecfo","qrCodeURL":"https://x/qr.png","qrCode":"data:image/png;base64,AA=="}`, string(ch.Raw))

	// A channel is the same every time: retried like a read on a 503.
	var n atomic.Int32
	mt.RegisterResponder(http.MethodPost, testBase+"/api/v2/channels", func(r *http.Request) (*http.Response, error) {
		if n.Add(1) == 1 {
			return httpmock.NewStringResponse(503, "busy"), nil
		}
		return checkedResponder(t, 201, `{"success":true,"data":{"address":"0xabc"}}`, nil)(r)
	})
	ch, err = c.Channels.Create(ctx, &ChannelParams{Currency: ETH, CustomerID: "cust-1"})
	require.NoError(t, err)
	assert.Equal(t, "0xabc", ch.Address)
	assert.EqualValues(t, 2, n.Load())

	mt.RegisterResponder(http.MethodPost, testBase+"/api/v2/channels", checkedResponder(t, 201, `{"success":true,"data":{}}`, nil))
	_, err = c.Channels.Create(ctx, &ChannelParams{Currency: ETH, CustomerID: "cust-1"})
	assert.ErrorIs(t, err, payments.ErrMalformed)
}

func TestWalletAddress(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	c, mt := newTestClient(t)
	var got map[string]any
	mt.RegisterResponder(http.MethodPost, testBase+"/wallet/address", checkedResponder(t, 200,
		`{"success":true,"data":"bc1qxyz","qrCodeURL":"https://x/q.png"}`, &got))
	ch, err := c.Channels.WalletAddress(ctx, &ChannelParams{Currency: BTC, CustomerID: "c"})
	require.NoError(t, err)
	assert.Equal(t, "bc1qxyz", ch.Address)
	assert.Equal(t, "https://x/q.png", ch.QRCodeURL)
	assert.Equal(t, map[string]any{"currency": "BTC", "customerId": "c"}, got)
}

func TestTransactionGet(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	c, mt := newTestClient(t)
	mt.RegisterResponder(http.MethodGet, testBase+"/api/v2/transaction/tx-1001",
		checkedResponder(t, 200, string(fixture(t, "transaction.json")), nil))
	tx, err := c.Transactions.Get(ctx, "tx-1001")
	require.NoError(t, err)
	assert.Equal(t, "tx-1001", tx.ID)
	assert.True(t, tx.IsDeposit())
	assert.Equal(t, "10.50", tx.AmountText)
	assert.Equal(t, "10.5", tx.Amount.String())
	assert.Contains(t, string(tx.Raw), `"transactionHash": "0xabc123"`)

	mt.RegisterResponder(http.MethodGet, testBase+"/api/v2/transaction/nope",
		checkedResponder(t, 404, `{"success":false,"errors":[{"code":"TRANSACTION_NOT_FOUND","message":"Transaction not found"}]}`, nil))
	_, err = c.Transactions.Get(ctx, "nope")
	assert.ErrorIs(t, err, payments.ErrNotFound)
	var apiErr *payments.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "TRANSACTION_NOT_FOUND", apiErr.Code)

	// An id is escaped once.
	mt.RegisterResponder(http.MethodGet, `=~^`+testBase+`/api/v2/transaction/`, func(r *http.Request) (*http.Response, error) {
		assert.Equal(t, "/api/v2/transaction/a%20b%2Fc%25d", r.URL.EscapedPath())
		return httpmock.NewStringResponse(200, `{"success":true,"data":{"id":"a b/c%d","type":"deposit","amount":"1","currency":"BTC"}}`), nil
	})
	tx, err = c.Transactions.Get(ctx, "a b/c%d")
	require.NoError(t, err)
	assert.Equal(t, "a b/c%d", tx.ID)
}

func TestWithdrawalCreate(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	c, mt := newTestClient(t)
	var got map[string]any
	mt.RegisterResponder(http.MethodPost, testBase+"/api/v2/withdrawal", func(r *http.Request) (*http.Response, error) {
		resp, _ := checkedResponder(t, 201, "", &got)(r)
		answer, _ := json.Marshal(map[string]any{"success": true, "data": map[string]any{"id": "w-1", "type": "withdrawal",
			"status": "processing", "amount": "12.500000", "currency": "tUSDT", "customerId": "c-1", "orderId": got["orderId"], "invoiceId": "inv-w-1"}})
		resp.Body = httpmock.NewRespBodyFromBytes(answer)
		return resp, nil
	})
	tx, err := c.Withdrawals.Create(ctx, &WithdrawalParams{Amount: mustDec("12.500000"), Currency: TUSDT, CustomerID: "c-1", Address: "TAddr"})
	require.NoError(t, err)
	// Exactly the allowed fields; the amount a JSON number with its text; a UUID orderId.
	keys := make([]string, 0, len(got))
	for k := range got {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	assert.Equal(t, []string{"address", "amount", "currency", "customerId", "orderId"}, keys)
	assert.Equal(t, json.Number("12.5"), got["amount"])
	_, err = uuid.Parse(got["orderId"].(string))
	assert.NoError(t, err, "orderId is a UUID when none is given")
	assert.Equal(t, got["orderId"], tx.OrderID)
	assert.Equal(t, "inv-w-1", tx.InvoiceID)

	// applicationId only when set, orderId as given.
	_, err = c.Withdrawals.Create(ctx, &WithdrawalParams{Amount: mustDec("12.5"), Currency: TUSDT, CustomerID: "c-1", Address: "TAddr", OrderID: "o-9", ApplicationID: "app"})
	require.NoError(t, err)
	assert.Equal(t, "o-9", got["orderId"])
	assert.Equal(t, "app", got["applicationId"])
}

// A 500 after the work is resolved by resending the same body: the provider
// answers with the withdrawal it made for the orderId.
func TestWithdrawalResendResolves(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	c, mt := newTestClient(t)
	var bodies []string
	mt.RegisterResponder(http.MethodPost, testBase+"/api/v2/withdrawal", func(r *http.Request) (*http.Response, error) {
		var m map[string]any
		resp, _ := checkedResponder(t, 201, "", &m)(r)
		b, _ := json.Marshal(m)
		bodies = append(bodies, string(b))
		if len(bodies) == 1 {
			return httpmock.NewStringResponse(500, `{"success":false,"errors":[{"code":"INTERNAL","message":"boom"}]}`), nil
		}
		answer, _ := json.Marshal(map[string]any{"success": true, "data": map[string]any{"id": "w-1", "type": "withdrawal",
			"status": "processing", "amount": "1", "currency": "BTC", "customerId": "c", "orderId": m["orderId"]}})
		resp.Body = httpmock.NewRespBodyFromBytes(answer)
		return resp, nil
	})
	tx, err := c.Withdrawals.Create(ctx, &WithdrawalParams{Amount: mustDec("1"), Currency: BTC, CustomerID: "c", Address: "bc1q", OrderID: "o-1"})
	require.NoError(t, err)
	assert.Equal(t, "w-1", tx.ID)
	require.Len(t, bodies, 2)
	assert.Equal(t, bodies[0], bodies[1], "the resend is the same body, same orderId")
}

// With retries off, the client still resends once with the same orderId.
func TestWithdrawalResendAfterRetriesExhausted(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	c, mt := newTestClient(t, option.WithMaxAttempts(1))
	var n atomic.Int32
	mt.RegisterResponder(http.MethodPost, testBase+"/api/v2/withdrawal", func(r *http.Request) (*http.Response, error) {
		if n.Add(1) == 1 {
			return nil, errors.New("connection reset by peer")
		}
		return checkedResponder(t, 201, `{"success":true,"data":{"id":"w-2","type":"withdrawal","status":"processing","amount":"2","currency":"ETH","orderId":"o-2"}}`, nil)(r)
	})
	tx, err := c.Withdrawals.Create(ctx, &WithdrawalParams{Amount: mustDec("2"), Currency: ETH, CustomerID: "c", Address: "0xabc", OrderID: "o-2"})
	require.NoError(t, err)
	assert.Equal(t, "w-2", tx.ID)
	assert.EqualValues(t, 2, n.Load())
}

// A withdrawal whose outcome stays open is an unknown outcome carrying the
// orderId, never "somebody else's" (which would invite paying again under a
// new orderId), after exactly the attempts each case allows.
func TestWithdrawalUnknownOutcome(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		opts     []option.Option
		answer   func(t *testing.T, attempt int32, cancel context.CancelFunc, r *http.Request) (*http.Response, error)
		attempts int32 // 0: as many as the retry policy makes
	}{{
		// Every attempt fails: three attempts, then one more round of three.
		name: "every attempt fails",
		answer: func(*testing.T, int32, context.CancelFunc, *http.Request) (*http.Response, error) {
			return httpmock.NewStringResponse(500, `Internal Server Error`), nil
		},
		attempts: 6,
	}, {
		// A "reference taken" refusal may answer the caller's own earlier
		// attempt, and no call looks a withdrawal up by orderId. Nothing
		// is resent.
		name: "reference taken",
		answer: func(t *testing.T, _ int32, _ context.CancelFunc, r *http.Request) (*http.Response, error) {
			return checkedResponder(t, 422, `{"success":false,"errors":[{"code":"ORDER_ID_EXISTS","message":"orderId already exists"}]}`, nil)(r)
		},
		attempts: 1,
	}, {
		// After the caller's context ends, it is not resent: the resend is
		// what would settle it, and it could make a withdrawal the caller
		// gave up on.
		name: "not resent after cancel",
		opts: []option.Option{option.WithMaxAttempts(1)},
		answer: func(_ *testing.T, _ int32, cancel context.CancelFunc, _ *http.Request) (*http.Response, error) {
			cancel()
			return nil, errors.New("connection reset by peer")
		},
		attempts: 1,
	}, {
		// A refusal in a 2xx answer to a resend, after an attempt that may
		// have made the withdrawal (a 500), is not a definite failure: the
		// first attempt may have spent the balance the resend is refused
		// for.
		name: "refused after an uncertain attempt",
		answer: func(t *testing.T, attempt int32, _ context.CancelFunc, r *http.Request) (*http.Response, error) {
			if attempt == 1 {
				return httpmock.NewStringResponse(500, `{"success":false,"errors":[{"code":"INTERNAL","message":"boom"}]}`), nil
			}
			return checkedResponder(t, 200, `{"success":false,"errors":[{"code":"INSUFFICIENT_FUNDS","message":"not enough balance"}]}`, nil)(r)
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t, tc.opts...)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			var n atomic.Int32
			mt.RegisterResponder(http.MethodPost, testBase+"/api/v2/withdrawal", func(r *http.Request) (*http.Response, error) {
				return tc.answer(t, n.Add(1), cancel, r)
			})
			_, err := c.Withdrawals.Create(ctx, &WithdrawalParams{Amount: mustDec("1"), Currency: BTC, CustomerID: "c", Address: "bc1q", OrderID: "o-3"})
			providertest.OwnUnknownOutcome(t, err, "o-3")
			if tc.attempts > 0 {
				assert.EqualValues(t, tc.attempts, n.Load(), "attempts")
			}
		})
	}
}

// An answer that is not the withdrawal asked for is never returned as it.
func TestWithdrawalMismatch(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	for field, answer := range map[string]string{
		"amount":          `{"id":"w","type":"withdrawal","amount":"5","currency":"BTC","orderId":"o-4"}`,
		"amount.currency": `{"id":"w","type":"withdrawal","amount":"1","currency":"ETH","orderId":"o-4"}`,
		"customerId":      `{"id":"w","type":"withdrawal","amount":"1","currency":"BTC","orderId":"o-4","customerId":"other"}`,
		"type":            `{"id":"w","type":"deposit","amount":"1","currency":"BTC","orderId":"o-4"}`,
	} {
		c, mt := newTestClient(t)
		mt.RegisterResponder(http.MethodPost, testBase+"/api/v2/withdrawal", checkedResponder(t, 201, `{"success":true,"data":`+answer+`}`, nil))
		_, err := c.Withdrawals.Create(ctx, &WithdrawalParams{Amount: mustDec("1.0"), Currency: BTC, CustomerID: "c", Address: "bc1q", OrderID: "o-4"})
		assert.ErrorIs(t, err, payments.ErrDuplicateReference, field)
		var rm *payments.ReferenceMismatchError
		if assert.ErrorAs(t, err, &rm, field) {
			assert.Equal(t, field, rm.Field)
			assert.Equal(t, "o-4", rm.Reference)
		}
	}
	// An answer under another orderId says nothing about ours (which may
	// have been made): an unknown outcome, never "o-4 is someone else's".
	c, mt := newTestClient(t)
	mt.RegisterResponder(http.MethodPost, testBase+"/api/v2/withdrawal", checkedResponder(t, 201,
		`{"success":true,"data":{"id":"w","type":"withdrawal","amount":"1","currency":"BTC","orderId":"o-5"}}`, nil))
	_, err := c.Withdrawals.Create(ctx, &WithdrawalParams{Amount: mustDec("1.0"), Currency: BTC, CustomerID: "c", Address: "bc1q", OrderID: "o-4"})
	providertest.OwnUnknownOutcome(t, err, "o-4")
}

func TestSimulate(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	c, mt := newTestClient(t)
	var got map[string]any
	mt.RegisterResponder(http.MethodPost, testBase+"/api/v2/transaction/simulate", checkedResponder(t, 201, `{"success":true}`, &got))
	require.NoError(t, c.Transactions.Simulate(ctx, &SimulateParams{Amount: mustDec("3.10"), InvoiceID: "inv-1", Status: TransactionStatusConfirmed}))
	assert.Equal(t, map[string]any{"amount": json.Number("3.1"), "invoiceId": "inv-1", "status": "confirmed"}, got)
	mt.RegisterResponder(http.MethodPost, testBase+"/api/v2/transaction/simulate", checkedResponder(t, 200, `OK`, nil))
	assert.NoError(t, c.Transactions.Simulate(ctx, &SimulateParams{Amount: mustDec("1"), InvoiceID: "inv-1", Status: TransactionStatusFailed}))
	mt.RegisterResponder(http.MethodPost, testBase+"/api/v2/transaction/simulate", checkedResponder(t, 200, `{"success":false,"errors":[{"code":"NOT_DEMO","message":"demo only"}]}`, nil))
	err := c.Transactions.Simulate(ctx, &SimulateParams{Amount: mustDec("1"), InvoiceID: "inv-1", Status: TransactionStatusFailed})
	assert.ErrorIs(t, err, payments.ErrInvalidRequest)
	for _, p := range []*SimulateParams{nil, {InvoiceID: "i", Status: "confirmed"}, {Amount: mustDec("1"), Status: "confirmed"}, {Amount: mustDec("1"), InvoiceID: "i", Status: "paid"}} {
		assert.ErrorIs(t, c.Transactions.Simulate(ctx, p), payments.ErrValidation)
	}
}

func TestInvoices(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	c, mt := newTestClient(t)
	var got map[string]any
	mt.RegisterResponder(http.MethodPost, testBase+"/api/v1/invoice", checkedResponder(t, 201,
		`{"success":true,"data":{"invoiceId":"inv-9","paymentUrl":"https://pay/inv-9","status":"created","more":{"x":1}}}`, &got))
	inv, err := c.Invoices.CreateFloating(ctx, &InvoiceParams{CustomerID: "c", Amount: mustDec("25.00"), BaseCurrency: "EUR",
		OrderID: "o-1", DisplayCurrencies: []Currency{TUSDT, BTC}, RedirectURL: "https://shop/ok"})
	require.NoError(t, err)
	assert.Equal(t, "inv-9", inv.ID)
	assert.Equal(t, "https://pay/inv-9", inv.URL)
	assert.Equal(t, InvoiceStatus("created"), inv.Status)
	assert.Equal(t, payments.StatusUnknown, inv.Normalized(), "no published invoice status words")
	assert.Contains(t, string(inv.Raw), `"more":{"x":1}`)
	assert.Equal(t, map[string]any{"customerId": "c", "amount": json.Number("25"), "baseCurrency": "EUR", "orderId": "o-1",
		"displayCurrencies": []any{"tUSDT", "BTC"}, "redirectUrl": "https://shop/ok"}, got)

	mt.RegisterResponder(http.MethodPost, testBase+"/api/v2/invoice", checkedResponder(t, 201,
		`{"success":true,"data":{"invoice":{"id":"inv-10","link":"https://pay/inv-10"}}}`, nil))
	inv, err = c.Invoices.CreateFixed(ctx, &InvoiceParams{CustomerID: "c", Amount: mustDec("1"), BaseCurrency: "USD"})
	require.NoError(t, err)
	assert.Equal(t, "inv-10", inv.ID)
	assert.Equal(t, "https://pay/inv-10", inv.URL)

	// Not resent: a 500 is an unknown outcome carrying the orderId.
	var n atomic.Int32
	mt.RegisterResponder(http.MethodPost, testBase+"/api/v2/invoice", func(*http.Request) (*http.Response, error) {
		n.Add(1)
		return httpmock.NewStringResponse(500, `oops`), nil
	})
	_, err = c.Invoices.CreateFixed(ctx, &InvoiceParams{CustomerID: "c", Amount: mustDec("1"), BaseCurrency: "USD", OrderID: "o-2"})
	uo := providertest.UnknownOutcome(t, err)
	assert.Equal(t, "o-2", uo.Reference)
	assert.EqualValues(t, 1, n.Load())
}

func TestErrors(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	cases := []struct {
		status  int
		body    string
		kind    error
		code    string
		message string
	}{
		{400, string(fixture(t, "error_422.json")), payments.ErrInvalidRequest, "VALIDATION_ERROR", "amount must be a positive number; property fee should not exist"},
		{422, string(fixture(t, "error_422.json")), payments.ErrInvalidRequest, "VALIDATION_ERROR", ""},
		{401, `{"success":false,"errors":[{"code":"UNAUTHORIZED","message":"Invalid API key"}]}`, payments.ErrUnauthorized, "UNAUTHORIZED", "Invalid API key"},
		{404, `{"success":false,"errors":["Not found"]}`, payments.ErrNotFound, "", "Not found"},
		{422, `{"success":false,"errors":[{"code":"ORDER_ID_EXISTS","message":"orderId already exists"}]}`, payments.ErrDuplicateReference, "ORDER_ID_EXISTS", ""},
		{500, `<html>Bad Gateway</html>`, payments.ErrProviderUnavailable, "", "<html>Bad Gateway</html>"},
		{400, `{"message":"Bad Request","statusCode":400}`, payments.ErrInvalidRequest, "", "Bad Request"},
		{400, ``, payments.ErrInvalidRequest, "", ""},
	}
	for _, c := range cases {
		e := decodeError(c.status, http.Header{"X-Request-Id": {"req-1"}}, []byte(c.body))
		assert.Equal(t, c.kind, e.Kind, c.body)
		assert.Equal(t, c.code, e.Code, c.body)
		if c.message != "" {
			assert.Equal(t, c.message, e.Message, c.body)
		}
		assert.Equal(t, "req-1", e.RequestID)
	}
	e := decodeError(400, nil, fixture(t, "error_422.json"))
	assert.Equal(t, map[string]string{"amount": "amount must be a positive number"}, e.Details)
	e = decodeError(400, nil, []byte(strings.Repeat("é", 400)))
	assert.LessOrEqual(t, len(e.Message), httpcore.MaxMessage+len("…"))

	// Through the client: the APIError carries the provider and status.
	cl, mt := newTestClient(t)
	mt.RegisterResponder(http.MethodPost, testBase+"/api/v2/channels", checkedResponder(t, 422, string(fixture(t, "error_422.json")), nil))
	_, err := cl.Channels.Create(ctx, &ChannelParams{Currency: BTC, CustomerID: "c"})
	var apiErr *payments.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, ProviderName, apiErr.Provider)
	assert.Equal(t, 422, apiErr.StatusCode)
	assert.ErrorIs(t, err, payments.ErrInvalidRequest)
}

func TestValidation(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	c, mt := newTestClient(t, option.WithHTTPClient(&http.Client{Transport: httpmock.NewMockTransport()}))
	_ = mt
	field := func(err error) string {
		var ve *payments.ValidationError
		if errors.As(err, &ve) {
			return ve.Field
		}
		return "not a validation error: " + errString(err)
	}
	w := func(mod func(*WithdrawalParams)) error {
		p := &WithdrawalParams{Amount: mustDec("1"), Currency: TUSDT, CustomerID: "c", Address: "TAddr"}
		mod(p)
		return errOf(c.Withdrawals.Create(ctx, p))
	}
	assert.Equal(t, "params", field(errOf(c.Withdrawals.Create(ctx, nil))))
	assert.Equal(t, "currency", field(w(func(p *WithdrawalParams) { p.Currency = "" })))
	assert.Equal(t, "currency", field(w(func(p *WithdrawalParams) { p.Currency = "TUSDT" })), "case-sensitive")
	assert.Equal(t, "currency", field(w(func(p *WithdrawalParams) { p.Currency = "DOGE" })))
	assert.Equal(t, "amount", field(w(func(p *WithdrawalParams) { p.Amount = mustDec("0") })))
	assert.Equal(t, "amount", field(w(func(p *WithdrawalParams) { p.Amount = mustDec("-1") })))
	assert.Equal(t, "amount", field(w(func(p *WithdrawalParams) { p.Amount = mustDec("1.0000001") })), "tUSDT has 6 decimals")
	assert.Equal(t, "amount", field(w(func(p *WithdrawalParams) { p.Currency, p.Amount = BTC, mustDec("0.000000001") })))
	assert.NotEqual(t, "amount", field(w(func(p *WithdrawalParams) { p.Amount = mustDec("1.50000000000") })), "trailing zeros are not places")
	assert.Equal(t, "customerId", field(w(func(p *WithdrawalParams) { p.CustomerID = " " })))
	assert.Equal(t, "address", field(w(func(p *WithdrawalParams) { p.Address = "" })))
	assert.Equal(t, "address", field(w(func(p *WithdrawalParams) { p.Address = "T Addr" })))
	assert.Equal(t, "orderId", field(w(func(p *WithdrawalParams) { p.OrderID = strings.Repeat("x", 256) })))
	assert.Equal(t, "currency", field(errOf(c.Channels.Create(ctx, &ChannelParams{Currency: "XRP", CustomerID: "c"}))))
	assert.Equal(t, "customerId", field(errOf(c.Channels.Create(ctx, &ChannelParams{Currency: BTC}))))
	assert.Equal(t, "params", field(errOf(c.Channels.WalletAddress(ctx, nil))))
	assert.Equal(t, "transactionId", field(errOf(c.Transactions.Get(ctx, " "))))
	var nilCtx context.Context // a nil ctx is a validation error
	assert.Equal(t, "ctx", field(errOf(c.Transactions.Get(nilCtx, "x"))))
	assert.Equal(t, "customerId", field(errOf(c.Invoices.CreateFixed(ctx, &InvoiceParams{Amount: mustDec("1"), BaseCurrency: "EUR"}))))
	assert.Equal(t, "baseCurrency", field(errOf(c.Invoices.CreateFixed(ctx, &InvoiceParams{CustomerID: "c", Amount: mustDec("1")}))))
	assert.Equal(t, "amount", field(errOf(c.Invoices.CreateFloating(ctx, &InvoiceParams{CustomerID: "c", Amount: mustDec("1.001"), BaseCurrency: "EUR"}))))
	assert.Equal(t, "redirectUrl", field(errOf(c.Invoices.CreateFloating(ctx, &InvoiceParams{CustomerID: "c", Amount: mustDec("1"), BaseCurrency: "EUR", RedirectURL: "/x"}))))
	assert.Equal(t, "params", field(errOf(c.Invoices.CreateFloating(ctx, nil))))

	// Explicitly allowed currencies.
	c2, err := New(Config{APIKey: testKey, ExtraCurrencies: []CurrencyInfo{{Code: "XRP", Decimals: 6}}},
		option.WithBaseURL(testBase), option.WithHTTPClient(&http.Client{Transport: httpmock.NewMockTransport()}))
	require.NoError(t, err)
	err = errOf(c2.Withdrawals.Create(ctx, &WithdrawalParams{Amount: mustDec("1.1234567"), Currency: "XRP", CustomerID: "c", Address: "r"}))
	assert.Equal(t, "amount", field(err))
	err = errOf(c2.Withdrawals.Create(ctx, &WithdrawalParams{Amount: mustDec("1.5"), Currency: "XRP", CustomerID: "c", Address: "r"}))
	assert.NotErrorIs(t, err, payments.ErrValidation, "an allowed currency passes validation")

	_, err = New(Config{})
	assert.Equal(t, "APIKey", field(err))
	_, err = New(Config{APIKey: "k", ExtraCurrencies: []CurrencyInfo{{Decimals: 2}}})
	assert.ErrorIs(t, err, payments.ErrValidation)
	_, err = New(Config{APIKey: "k"}, option.WithBaseURL("ftp://x"))
	assert.ErrorIs(t, err, payments.ErrValidation)
}

func errOf[T any](_ T, err error) error { return err }

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

func TestCurrencies(t *testing.T) {
	t.Parallel()
	list := Currencies()
	require.Len(t, list, 15)
	want := []Currency{BNB, BUSDT, BTC, ETH, EUSDC, EUSDT, FTN, POL, PUSDC, SOL, SUSDT, TUSDC, TUSDT, WPUSDC, WPUSDT}
	for i, c := range list {
		assert.Equal(t, want[i], c.Code)
		assert.NotEmpty(t, c.Name)
		assert.NotEmpty(t, c.Chain)
	}
	for code, std := range map[Currency]string{BUSDT: "BEP20", EUSDT: "ERC20", EUSDC: "ERC20", PUSDC: "ERC20", SUSDT: "SPL",
		TUSDT: "TRC20", TUSDC: "TRC20", WPUSDT: "ERC20", WPUSDC: "ERC20", BTC: "", ETH: ""} {
		info, ok := code.Info()
		require.True(t, ok, code)
		assert.Equal(t, std, info.Standard, code)
	}
	info, _ := LookupCurrency(BTC)
	assert.EqualValues(t, 8, info.Decimals)
	_, ok := LookupCurrency("busdt")
	assert.False(t, ok, "codes are case-sensitive")
	list[0].Code = "changed"
	assert.Equal(t, BNB, Currencies()[0].Code, "Currencies returns a copy")

	// An unknown currency from the provider still decodes.
	var tx Transaction
	require.NoError(t, json.Unmarshal([]byte(`{"id":"1","amount":"1","currency":"NEWCOIN"}`), &tx))
	assert.Equal(t, Currency("NEWCOIN"), tx.Currency)
	_, ok = tx.Currency.Info()
	assert.False(t, ok)
}

// A redirect is refused: the withdrawal and the API key never reach the
// other host.
func TestRedirectRefused(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	var other atomic.Int32
	otherSrv := httptestServer(func(w http.ResponseWriter, r *http.Request) { other.Add(1) })
	defer otherSrv.Close()
	c, mt := newTestClient(t)
	mt.RegisterResponder(http.MethodPost, testBase+"/api/v2/withdrawal", func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(http.StatusTemporaryRedirect, "")
		resp.Header.Set("Location", otherSrv.URL+"/api/v2/withdrawal")
		return resp, nil
	})
	_, err := c.Withdrawals.Create(ctx, &WithdrawalParams{Amount: mustDec("1"), Currency: BTC, CustomerID: "c", Address: "bc1q", OrderID: "o-r"})
	require.Error(t, err)
	assert.Zero(t, other.Load(), "the other host received a request")
}

// A 2xx withdrawal answer without the amount or currency (its shape is not
// published) is read back by the id it names and compared; when the read
// fails or no id is named, the outcome is unknown (never "reference taken"),
// carrying the orderId and the provider's id.
func TestWithdrawalMinimalAnswer(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	params := func() *WithdrawalParams {
		return &WithdrawalParams{Amount: mustDec("1.0"), Currency: BTC, CustomerID: "c", Address: "bc1q", OrderID: "o-7"}
	}
	full := `{"success":true,"data":{"id":"w-7","type":"withdrawal","status":"processing","amount":"1.0","currency":"BTC","customerId":"c","orderId":"o-7"}}`
	for _, minimal := range []string{`{"id":"w-7","status":"processing"}`, `{"id":"w-7","amount":"1.0"}`, `{"id":"w-7","currency":"BTC"}`} {
		t.Run("read back "+minimal, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			mt.RegisterResponder(http.MethodPost, testBase+"/api/v2/withdrawal", checkedResponder(t, 201, `{"success":true,"data":`+minimal+`}`, nil))
			mt.RegisterResponder(http.MethodGet, testBase+"/api/v2/transaction/w-7", httpmock.NewStringResponder(200, full))
			tx, err := c.Withdrawals.Create(ctx, params())
			require.NoError(t, err)
			assert.Equal(t, "w-7", tx.ID)
			assert.Equal(t, "1.0", tx.AmountText)
			assert.Equal(t, 1, mt.GetCallCountInfo()["GET "+testBase+"/api/v2/transaction/w-7"])
		})
	}
	t.Run("read back is another withdrawal", func(t *testing.T) {
		t.Parallel()
		c, mt := newTestClient(t)
		mt.RegisterResponder(http.MethodPost, testBase+"/api/v2/withdrawal", checkedResponder(t, 201, `{"success":true,"data":{"id":"w-7"}}`, nil))
		mt.RegisterResponder(http.MethodGet, testBase+"/api/v2/transaction/w-7", httpmock.NewStringResponder(200,
			`{"success":true,"data":{"id":"w-7","type":"withdrawal","amount":"2","currency":"BTC","orderId":"o-7"}}`))
		_, err := c.Withdrawals.Create(ctx, params())
		assert.ErrorIs(t, err, payments.ErrDuplicateReference, "a full answer that differs is somebody else's")
		assert.True(t, payments.OneMeaning(err))
	})
	for name, get := range map[string]httpmock.Responder{
		"read fails":      httpmock.NewStringResponder(500, `{"success":false,"errors":[{"code":"X","message":"boom"}]}`),
		"read is minimal": httpmock.NewStringResponder(200, `{"success":true,"data":{"id":"w-7"}}`),
		"read not found":  httpmock.NewStringResponder(404, `{"success":false,"errors":[{"code":"TRANSACTION_NOT_FOUND","message":"no"}]}`),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			mt.RegisterResponder(http.MethodPost, testBase+"/api/v2/withdrawal", checkedResponder(t, 201, `{"success":true,"data":{"id":"w-7","status":"processing"}}`, nil))
			mt.RegisterResponder(http.MethodGet, testBase+"/api/v2/transaction/w-7", get)
			_, err := c.Withdrawals.Create(ctx, params())
			uo := providertest.OwnUnknownOutcome(t, err, "o-7")
			assert.Equal(t, "w-7", uo.ID, "the provider's id seen in the answer")
		})
	}
	t.Run("no id", func(t *testing.T) {
		t.Parallel()
		c, mt := newTestClient(t)
		mt.RegisterResponder(http.MethodPost, testBase+"/api/v2/withdrawal", checkedResponder(t, 201, `{"success":true,"data":{"status":"processing"}}`, nil))
		_, err := c.Withdrawals.Create(ctx, params())
		providertest.OwnUnknownOutcome(t, err, "o-7")
	})
}
