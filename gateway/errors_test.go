package gateway_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/gateway"
	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestErrorShapes(t *testing.T) {
	t.Parallel()
	c, mt := newMock(t)
	mt.RegisterResponder(http.MethodGet, testBase+"/payment/e579", jsonResponder(422, fixture(t, "error_no_payment.json")))
	_, err := c.Payments.Get(t.Context(), "e579")
	require.ErrorIs(t, err, payments.ErrNotFound)
	var apiErr *payments.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 422, apiErr.StatusCode)
	assert.Equal(t, gateway.CodeNoPayment, apiErr.Code)
	assert.Equal(t, "Payment <e5792528-d265-4813-8b59-055cdfef31b1> not found.", apiErr.Message)

	mt.RegisterResponder(http.MethodGet, testBase+"/withdraw/x", jsonResponder(422, []byte(`{"code":"ERR_NO_WITHDRAW","message":"Withdraw <x> not found."}`)))
	_, err = c.Withdrawals.Get(t.Context(), "x")
	assert.ErrorIs(t, err, payments.ErrNotFound)

	mt.RegisterResponder(http.MethodGet, testBase+"/assets", jsonResponder(401, []byte(`{"code":"ERR_UNAUTHORIZED","message":"Unauthorized"}`)))
	_, err = c.Assets.List(t.Context())
	assert.ErrorIs(t, err, payments.ErrUnauthorized)
	assert.NotContains(t, err.Error(), testSecret)

	mt.RegisterResponder(http.MethodGet, testBase+"/accounts", func(*http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(422, `{"code":"ERR_SOMETHING","message":"  bad   things  "}`)
		r.Header.Set("X-Request-Id", "req-42")
		return r, nil
	})
	_, err = c.Accounts.Get(t.Context())
	require.ErrorAs(t, err, &apiErr)
	assert.ErrorIs(t, err, payments.ErrInvalidRequest)
	assert.Equal(t, "bad things", apiErr.Message)
	assert.Equal(t, "req-42", apiErr.RequestID)
}

// Every create is sent exactly once: a 500 (documented as "may still be
// done"), a timeout and a reset are unknown outcomes carrying the
// reference, never retried.
func TestCreatesAreNeverRetried(t *testing.T) {
	t.Parallel()
	creates := []struct {
		name, path string
		call       func(c *gateway.Client) error
		ref        string
	}{
		{"payment", "/payment", func(c *gateway.Client) error {
			_, err := c.Payments.Create(t.Context(), &gateway.PaymentParams{Amount: dec("10"), AssetID: "USD", PaymentAssetID: "BTC", Reference: "r-pay"})
			return err
		}, "r-pay"},
		{"withdrawal", "/withdraw", func(c *gateway.Client) error {
			_, err := c.Withdrawals.Create(t.Context(), &gateway.WithdrawalParams{Amount: dec("0.01"), AssetID: "BTC", Address: "bc1qaddr", Reference: "r-wd"})
			return err
		}, "r-wd"},
		{"dedicated", "/dedicate", func(c *gateway.Client) error {
			_, err := c.Dedicated.Create(t.Context(), &gateway.DedicatedParams{AssetID: "BTC", Reference: "r-ded"})
			return err
		}, "r-ded"},
		{"transfer", "/transfer", func(c *gateway.Client) error {
			_, err := c.Transfers.Create(t.Context(), &gateway.TransferParams{ToStoreID: "s2", Amount: dec("1"), AssetID: "BTC"})
			return err
		}, ""},
	}
	failures := map[string]httpmock.Responder{
		"500":     httpmock.NewStringResponder(500, "Internal Server Error"),
		"502":     httpmock.NewStringResponder(502, "Bad Gateway"),
		"503":     httpmock.NewStringResponder(503, "Service Unavailable"),
		"timeout": httpmock.NewErrorResponder(context.DeadlineExceeded),
		"reset":   httpmock.NewErrorResponder(errors.New("connection reset by peer")),
		"garbage": httpmock.NewStringResponder(200, `{"payment_id": `),
	}
	for _, cr := range creates {
		for name, responder := range failures {
			t.Run(cr.name+"/"+name, func(t *testing.T) {
				t.Parallel()
				c, mt := newMock(t)
				mt.RegisterResponder(http.MethodPost, testBase+cr.path, responder)
				err := cr.call(c)
				uo := providertest.UnknownOutcome(t, err)
				assert.Equal(t, cr.ref, uo.Reference)
				assert.Equal(t, 1, mt.GetTotalCallCount(), "a create without an idempotency key is sent once")
				if cr.name == "withdrawal" {
					var wu *gateway.WithdrawalUnknownError
					require.ErrorAs(t, err, &wu)
					assert.Contains(t, err.Error(), "do not resend")
					assert.Contains(t, err.Error(), "not resolvable by the SDK")
				}
			})
		}
	}
}

func TestCreateRateLimitedIsNotAnUnknownOutcome(t *testing.T) {
	t.Parallel()
	c, mt := newMock(t)
	mt.RegisterResponder(http.MethodPost, testBase+"/payment", httpmock.NewStringResponder(429, "slow down"))
	_, err := c.Payments.Create(t.Context(), &gateway.PaymentParams{Amount: dec("10"), AssetID: "USD", PaymentAssetID: "BTC"})
	assert.ErrorIs(t, err, payments.ErrRateLimited)
	assert.NotErrorIs(t, err, payments.ErrUnknownOutcome, "a 429 did nothing")
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestReadsAreRetried(t *testing.T) {
	t.Parallel()
	c, mt := newMock(t)
	calls := 0
	mt.RegisterResponder(http.MethodGet, testBase+"/assets", func(req *http.Request) (*http.Response, error) {
		calls++
		if calls < 3 {
			return httpmock.NewStringResponse(503, "busy"), nil
		}
		return jsonResponder(200, fixture(t, "assets.json"))(req)
	})
	_, err := c.Assets.List(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 3, calls)

	// POST /convert changes nothing: retried, never an unknown outcome.
	mt.RegisterResponder(http.MethodPost, testBase+"/convert", httpmock.NewStringResponder(500, "oops"))
	_, err = c.Conversions.Convert(t.Context(), &gateway.ConvertParams{FromAmount: dec("1"), FromAssetID: "USD", AssetID: "BTC"})
	assert.NotErrorIs(t, err, payments.ErrUnknownOutcome)
	assert.ErrorIs(t, err, payments.ErrProviderUnavailable)
}

// A 2xx that does not echo what was sent is not taken as success.
func TestCreateAnswerMustEchoTheRequest(t *testing.T) {
	t.Parallel()
	c, mt := newMock(t)
	err := answeredCreate(t, c, mt, `{"payment_id":"p","status":"OPEN","amount":"10","asset_id":"USD","custom":"{\"idempotence\":\"someone-else\"}"}`)
	require.ErrorIs(t, err, payments.ErrUnknownOutcome)
	assert.ErrorIs(t, err, payments.ErrMalformed)

	// An answer that carries no reference at all is not ours either.
	err = answeredCreate(t, c, mt, `{"payment_id":"p","status":"OPEN","amount":"10","asset_id":"USD","custom":""}`)
	require.ErrorIs(t, err, payments.ErrUnknownOutcome, "an answer without the reference")

	mt.RegisterResponder(http.MethodPost, testBase+"/withdraw", func(req *http.Request) (*http.Response, error) {
		sent := requestBody(t, req)
		b := `{"withdraw_id":"w","status":"OPEN","amount":"0.02","asset_id":"BTC","address":"bc1qaddr","custom":` + quote(sent["custom"].(string)) + `}`
		return jsonResponder(200, []byte(b))(req)
	})
	_, err = c.Withdrawals.Create(t.Context(), &gateway.WithdrawalParams{Amount: dec("0.01"), AssetID: "BTC", Address: "bc1qaddr"})
	require.ErrorIs(t, err, payments.ErrUnknownOutcome)
	assert.Contains(t, err.Error(), "amount differs")
}

func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func TestRedirectsAreRefused(t *testing.T) {
	t.Parallel()
	c, mt := newMock(t)
	mt.RegisterResponder(http.MethodGet, testBase+"/assets", func(*http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(307, "")
		r.Header.Set("Location", "https://evil.example/steal")
		return r, nil
	})
	other := 0
	mt.RegisterResponder(http.MethodGet, "https://evil.example/steal", func(*http.Request) (*http.Response, error) {
		other++
		return httpmock.NewStringResponse(200, "[]"), nil
	})
	_, err := c.Assets.List(t.Context())
	require.Error(t, err)
	assert.Zero(t, other, "nothing is sent to another host")
}

// The context ends the call, at every point where the client waits: while
// the server holds the request (the server sees the request end), in the
// backoff before a retry, and before anything is sent.
func TestContextEnds(t *testing.T) {
	t.Parallel()
	t.Run("InFlight", func(t *testing.T) {
		t.Parallel()
		ended := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done() // hold the request until the client gives up
			close(ended)
		}))
		defer srv.Close()
		c, err := gateway.New(gateway.Config{APIKey: testKey, APISecret: testSecret},
			option.WithBaseURL(srv.URL), option.WithInsecureHTTP())
		require.NoError(t, err)
		cx, cancel := context.WithTimeout(t.Context(), 100*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err = c.Assets.List(cx)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Less(t, time.Since(start), 5*time.Second, "the call returned when the context ended")
		select {
		case <-ended:
		case <-time.After(5 * time.Second):
			t.Fatal("the server never saw the request end")
		}
	})
	t.Run("InBackoff", func(t *testing.T) {
		t.Parallel()
		calls := 0
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			calls++
			w.Header().Set("Retry-After", "2")
			w.WriteHeader(http.StatusServiceUnavailable)
		}))
		defer srv.Close()
		c, err := gateway.New(gateway.Config{APIKey: testKey, APISecret: testSecret},
			option.WithBaseURL(srv.URL), option.WithInsecureHTTP())
		require.NoError(t, err)
		cx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(200*time.Millisecond, cancel)
		start := time.Now()
		_, err = c.Assets.List(cx)
		require.ErrorIs(t, err, context.Canceled)
		assert.Less(t, time.Since(start), 1500*time.Millisecond, "the backoff wait ended with the context, not after Retry-After")
		assert.Equal(t, 1, calls, "no retry after the context ended")
	})
	t.Run("BeforeSending", func(t *testing.T) {
		t.Parallel()
		c, mt := newMock(t)
		mt.RegisterResponder(http.MethodPost, testBase+"/withdraw", httpmock.NewStringResponder(200, "{}"))
		cx, cancel := context.WithCancel(t.Context())
		cancel()
		_, err := c.Withdrawals.Create(cx, &gateway.WithdrawalParams{Amount: dec("0.01"), AssetID: "BTC", Address: "bc1qaddr"})
		require.ErrorIs(t, err, context.Canceled)
		assert.NotErrorIs(t, err, payments.ErrUnknownOutcome, "nothing was sent, so nothing is unknown")
		assert.Zero(t, mt.GetTotalCallCount(), "nothing sent")
	})
}

// An EVM address echoed in its EIP-55 checksum case is the same
// destination: the withdrawal that was made is returned, not reported
// unresolvable. A real mismatch is an unknown outcome that names the
// withdraw_id the answer gave.
func TestWithdrawalEchoComparesAddressesByFormat(t *testing.T) {
	t.Parallel()
	const lower = "0x52908400098527886e0f7030069857d2e4169ee7"
	const checksum = "0x52908400098527886E0F7030069857D2E4169EE7"
	c, mt := newMock(t)
	echo := checksum
	mt.RegisterResponder(http.MethodPost, testBase+"/withdraw", func(req *http.Request) (*http.Response, error) {
		sent := requestBody(t, req)
		b := `{"withdraw_id":"w-42","status":"OPEN","amount":"0.5","asset_id":"ETH","address":"` + echo + `","custom":` + quote(sent["custom"].(string)) + `}`
		return jsonResponder(200, []byte(b))(req)
	})
	w, err := c.Withdrawals.Create(t.Context(), &gateway.WithdrawalParams{Amount: dec("0.5"), AssetID: "ETH", Address: lower})
	require.NoError(t, err)
	assert.Equal(t, "w-42", w.WithdrawID)

	echo = "0x52908400098527886E0F7030069857D2E4169EE8" // another address
	_, err = c.Withdrawals.Create(t.Context(), &gateway.WithdrawalParams{Amount: dec("0.5"), AssetID: "ETH", Address: lower})
	uo := providertest.UnknownOutcome(t, err)
	assert.Equal(t, "w-42", uo.ID, "the provider's id travels on the error")
	var wu *gateway.WithdrawalUnknownError
	require.ErrorAs(t, err, &wu)
	assert.Contains(t, err.Error(), `"w-42"`)
	assert.True(t, payments.OneMeaning(err))

	// base58 is case-sensitive: a case-changed Tron address is another destination.
	echo = "TJRABPRWBZY45SBAVFCJINPJC18KJPRTV8"
	_, err = c.Withdrawals.Create(t.Context(), &gateway.WithdrawalParams{Amount: dec("0.5"), AssetID: "ETH", Address: "TJRabPrwbZy45sbavfcjinPJC18kjpRTv8"})
	require.ErrorIs(t, err, payments.ErrUnknownOutcome)
}

// Every unknown outcome of a create names the provider's id whenever the
// answer gave one: a mismatched echo of any object, and a 2xx the SDK
// could not decode that still shows the id.
func TestUnknownOutcomeCarriesTheProviderID(t *testing.T) {
	t.Parallel()
	c, mt := newMock(t)
	err := answeredCreate(t, c, mt, `{"payment_id":"p-7","status":"OPEN","amount":"10","asset_id":"USD","custom":"{\"idempotence\":\"someone-else\"}"}`)
	uo := providertest.UnknownOutcome(t, err)
	assert.Equal(t, "p-7", uo.ID)

	mt.RegisterResponder(http.MethodPost, testBase+"/withdraw", jsonResponder(200,
		[]byte(`{"withdraw_id":"w-9","status":"OPEN","amount":"0.01","asset_id":"BTC","start_date":"not a date"`)))
	_, err = c.Withdrawals.Create(t.Context(), &gateway.WithdrawalParams{Amount: dec("0.01"), AssetID: "BTC", Address: "bc1qaddr"})
	require.ErrorAs(t, err, &uo)
	assert.Equal(t, "w-9", uo.ID, "an undecodable answer that names the id")
	var wu *gateway.WithdrawalUnknownError
	require.ErrorAs(t, err, &wu)
	assert.Contains(t, err.Error(), `"w-9"`)
}

// A 500 whose body names the object (the service may still do it) carries
// that id on the unknown outcome.
func TestUnknownOutcomeFrom500NamesTheID(t *testing.T) {
	t.Parallel()
	c, mt := newMock(t)
	mt.RegisterResponder(http.MethodPost, testBase+"/withdraw", jsonResponder(500,
		[]byte(`{"code":"ERR_TIMEOUT","message":"try later","withdraw_id":"w-500"}`)))
	_, err := c.Withdrawals.Create(t.Context(), &gateway.WithdrawalParams{Amount: dec("0.01"), AssetID: "BTC", Address: "bc1qaddr"})
	uo := providertest.UnknownOutcome(t, err)
	assert.Equal(t, "w-500", uo.ID)
	assert.Equal(t, 1, mt.GetTotalCallCount(), "sent once")
	mt.RegisterResponder(http.MethodPost, testBase+"/payment", jsonResponder(500, []byte(`oops`)))
	_, err = c.Payments.Create(t.Context(), &gateway.PaymentParams{Amount: dec("10"), AssetID: "USD", PaymentAssetID: "BTC"})
	require.ErrorAs(t, err, &uo)
	assert.Empty(t, uo.ID, "no id named, none invented")
}

// An answer that names no asset_id still states the amount of an
// unconverted withdrawal in the asset asked: a different amount is not
// this withdrawal's answer (an unknown outcome naming the id), never a
// success.
func TestWithdrawalEchoWithoutAssetComparesTheAmount(t *testing.T) {
	t.Parallel()
	c, mt := newMock(t)
	amount := "5"
	mt.RegisterResponder(http.MethodPost, testBase+"/withdraw", func(req *http.Request) (*http.Response, error) {
		sent := requestBody(t, req)
		b := `{"withdraw_id":"w-43","status":"OPEN","amount":"` + amount + `","address":"bc1qaddr","custom":` + quote(sent["custom"].(string)) + `}`
		return jsonResponder(200, []byte(b))(req)
	})
	_, err := c.Withdrawals.Create(t.Context(), &gateway.WithdrawalParams{Amount: dec("0.5"), AssetID: "BTC", Address: "bc1qaddr"})
	uo := providertest.UnknownOutcome(t, err)
	assert.Equal(t, "w-43", uo.ID)
	assert.NotEmpty(t, uo.Reference)

	amount = "0.50"
	w, err := c.Withdrawals.Create(t.Context(), &gateway.WithdrawalParams{Amount: dec("0.5"), AssetID: "BTC", Address: "bc1qaddr"})
	require.NoError(t, err)
	assert.Equal(t, "w-43", w.WithdrawID)
}

// Every invalid call is a *payments.ValidationError naming the API's field,
// and sends nothing.
func TestValidation(t *testing.T) {
	t.Parallel()
	day := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	// pay, wd and lst make a valid call with one change.
	pay := changed(gateway.PaymentParams{Amount: dec("10"), AssetID: "USD", PaymentAssetID: "BTC"},
		func(c *gateway.Client, p *gateway.PaymentParams) error {
			_, err := c.Payments.Create(t.Context(), p)
			return err
		})
	wd := changed(gateway.WithdrawalParams{Amount: dec("0.01"), AssetID: "BTC", Address: "bc1qaddr"},
		func(c *gateway.Client, w *gateway.WithdrawalParams) error {
			_, err := c.Withdrawals.Create(t.Context(), w)
			return err
		})
	lst := changed(gateway.PaymentListParams{From: day, To: day},
		func(c *gateway.Client, p *gateway.PaymentListParams) error {
			_, err := c.Payments.List(t.Context(), p)
			return err
		})
	cases := []struct {
		name, field string
		call        func(c *gateway.Client) error
	}{
		{"nil ctx", "ctx", func(c *gateway.Client) error { _, err := c.Assets.List(nilCtx()); return err }},
		{"payment nil", "params", func(c *gateway.Client) error { _, err := c.Payments.Create(t.Context(), nil); return err }},
		{"payment zero", "amount", pay(func(p *gateway.PaymentParams) { p.Amount = dec("0") })},
		{"payment negative", "amount", pay(func(p *gateway.PaymentParams) { p.Amount = dec("-1") })},
		{"payment USD places", "amount", pay(func(p *gateway.PaymentParams) { p.Amount = dec("1.001") })},
		{"payment BTC places", "amount", pay(func(p *gateway.PaymentParams) { p.AssetID, p.Amount = "BTC", dec("0.000000001") })},
		{"payment USDT.TRC20 places", "amount", pay(func(p *gateway.PaymentParams) { p.AssetID, p.Amount = "USDT.TRC20", dec("1.0000001") })},
		{"payment no asset", "asset_id", pay(func(p *gateway.PaymentParams) { p.AssetID = "" })},
		{"payment bad asset", "asset_id", pay(func(p *gateway.PaymentParams) { p.AssetID = "US D" })},
		{"payment no payment asset", "payment_asset_id", pay(func(p *gateway.PaymentParams) { p.PaymentAssetID = "" })},
		{"payment type", "payment_type", pay(func(p *gateway.PaymentParams) { p.PaymentType = "FIXED" })},
		{"payment timeout high", "timeout", pay(func(p *gateway.PaymentParams) { p.Timeout = 1441 })},
		{"payment timeout negative", "timeout", pay(func(p *gateway.PaymentParams) { p.Timeout = -1 })},
		{"payment fiat half", "fiat_provider", pay(func(p *gateway.PaymentParams) { p.FiatProvider = "cwert" })},
		{"payment email", "payer_email", pay(func(p *gateway.PaymentParams) { p.PayerEmail = "nope" })},
		{"payment lang", "payer_lang", pay(func(p *gateway.PaymentParams) { p.PayerLang = "de" })},
		{"payment url", "success_url", pay(func(p *gateway.PaymentParams) { p.SuccessURL = "/ok" })},
		{"payment two references", "custom", pay(func(p *gateway.PaymentParams) { p.Custom, p.Reference = `{"idempotence":"a"}`, "b" })},
		{"payment reference spaces", "reference", pay(func(p *gateway.PaymentParams) { p.Reference = " r" })},
		{"payment get empty", "payment_id", func(c *gateway.Client) error { _, err := c.Payments.Get(t.Context(), " "); return err }},
		{"payment get dotdot", "payment_id", func(c *gateway.Client) error { _, err := c.Payments.Get(t.Context(), ".."); return err }},
		{"txs empty", "payment_id", func(c *gateway.Client) error { _, err := c.Payments.Transactions(t.Context(), ""); return err }},
		{"list nil", "params", func(c *gateway.Client) error { _, err := c.Payments.List(t.Context(), nil); return err }},
		{"list no from", "from", lst(func(p *gateway.PaymentListParams) { p.From = time.Time{} })},
		{"list no to", "to", lst(func(p *gateway.PaymentListParams) { p.To = time.Time{} })},
		{"list reversed", "to", lst(func(p *gateway.PaymentListParams) { p.To = day.AddDate(0, 0, -1) })},
		{"list status", "status", lst(func(p *gateway.PaymentListParams) { p.Status = "PAID" })},
		{"find empty", "reference", func(c *gateway.Client) error { _, err := c.Payments.FindByReference(t.Context(), ""); return err }},
		{"withdraw nil", "params", func(c *gateway.Client) error { _, err := c.Withdrawals.Create(t.Context(), nil); return err }},
		{"withdraw no address", "address", wd(func(w *gateway.WithdrawalParams) { w.Address = "" })},
		{"withdraw address space", "address", wd(func(w *gateway.WithdrawalParams) { w.Address = "bc1 q" })},
		{"withdraw zero", "amount", wd(func(w *gateway.WithdrawalParams) { w.Amount = dec("0") })},
		{"withdraw places", "amount", wd(func(w *gateway.WithdrawalParams) { w.Amount = dec("0.000000001") })},
		{"withdraw timeout", "timeout", wd(func(w *gateway.WithdrawalParams) { w.Timeout = 2000 })},
		{"withdraw asset", "withdraw_asset_id", wd(func(w *gateway.WithdrawalParams) { w.WithdrawAssetID = "B TC" })},
		{"withdraw get", "withdraw_id", func(c *gateway.Client) error { _, err := c.Withdrawals.Get(t.Context(), ""); return err }},
		{"dedicate nil", "params", func(c *gateway.Client) error { _, err := c.Dedicated.Create(t.Context(), nil); return err }},
		{"dedicate asset", "asset_id", func(c *gateway.Client) error {
			_, err := c.Dedicated.Create(t.Context(), &gateway.DedicatedParams{})
			return err
		}},
		{"dedicate alloc", "address_alloc", func(c *gateway.Client) error {
			_, err := c.Dedicated.Create(t.Context(), &gateway.DedicatedParams{AssetID: "BTC", AddressAlloc: "REUSE"})
			return err
		}},
		{"dedicate type", "dedicate_type", func(c *gateway.Client) error {
			_, err := c.Dedicated.Create(t.Context(), &gateway.DedicatedParams{AssetID: "BTC", DedicateType: "FOREVER"})
			return err
		}},
		{"release empty", "dedicate_id", func(c *gateway.Client) error { _, err := c.Dedicated.Release(t.Context(), ""); return err }},
		{"transfer nil", "params", func(c *gateway.Client) error { _, err := c.Transfers.Create(t.Context(), nil); return err }},
		{"transfer store", "to_store_id", func(c *gateway.Client) error {
			_, err := c.Transfers.Create(t.Context(), &gateway.TransferParams{Amount: dec("1"), AssetID: "BTC"})
			return err
		}},
		{"transfer amount", "amount", func(c *gateway.Client) error {
			_, err := c.Transfers.Create(t.Context(), &gateway.TransferParams{ToStoreID: "s", Amount: dec("-1"), AssetID: "BTC"})
			return err
		}},
		{"convert same", "asset_id", func(c *gateway.Client) error {
			_, err := c.Conversions.Convert(t.Context(), &gateway.ConvertParams{FromAmount: dec("1"), FromAssetID: "BTC", AssetID: "btc"})
			return err
		}},
		{"convert nil", "params", func(c *gateway.Client) error { _, err := c.Conversions.Convert(t.Context(), nil); return err }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, mt := newMock(t)
			mt.RegisterNoResponder(httpmock.NewStringResponder(599, "must not be called"))
			err := tc.call(c)
			var ve *payments.ValidationError
			require.ErrorAs(t, err, &ve)
			assert.Equal(t, tc.field, ve.Field)
			assert.ErrorIs(t, err, payments.ErrValidation)
			assert.Zero(t, mt.GetTotalCallCount(), "no request goes out")
		})
	}
}

// changed makes a call of create with a copy of valid changed by change:
// the table's cases differ only in the change.
func changed[P any](valid P, create func(*gateway.Client, *P) error) func(change func(*P)) func(*gateway.Client) error {
	return func(change func(*P)) func(*gateway.Client) error {
		return func(c *gateway.Client) error {
			p := valid
			change(&p)
			return create(c, &p)
		}
	}
}

// nilCtx hides a nil context from vet.
func nilCtx() context.Context { return nil }

func TestNewValidation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		cfg   gateway.Config
		field string
	}{
		{gateway.Config{APISecret: "s"}, "APIKey"},
		{gateway.Config{APIKey: "a:b", APISecret: "s"}, "APIKey"},
		{gateway.Config{APIKey: "k"}, "APISecret"},
		// A webhook secret means every genuine webhook is signed: accepting
		// unsigned ones too would accept header-stripped forgeries.
		{gateway.Config{APIKey: "k", APISecret: "s", WebhookSecret: "w", AcceptUnsignedWebhooks: true}, "AcceptUnsignedWebhooks"},
		{gateway.Config{APIKey: "k", APISecret: "s", PreviousWebhookSecrets: []string{"old"}, AcceptUnsignedWebhooks: true}, "AcceptUnsignedWebhooks"},
	} {
		_, err := gateway.New(tc.cfg, option.WithBaseURL(gateway.BucksBusTestBaseURL))
		var ve *payments.ValidationError
		require.ErrorAs(t, err, &ve, "%+v", tc.cfg)
		assert.Equal(t, tc.field, ve.Field)
	}
	// No host is a default: the API is white-label, and the key and secret
	// belong to one operator.
	for _, opts := range [][]option.Option{nil, {option.WithBaseURL("")}, {option.WithBaseURL("  ")}} {
		_, err := gateway.New(gateway.Config{APIKey: "k", APISecret: "s"}, opts...)
		var ve *payments.ValidationError
		require.ErrorAs(t, err, &ve)
		assert.Equal(t, "BaseURL", ve.Field)
	}
	c, err := gateway.New(gateway.Config{APIKey: "k", APISecret: "s"}, option.WithBaseURL(gateway.BucksBusTestBaseURL))
	require.NoError(t, err)
	assert.Equal(t, gateway.BucksBusTestBaseURL, c.BaseURL())
	// Unsigned webhooks alone (a store without a secret) stay possible.
	_, err = gateway.New(gateway.Config{APIKey: "k", APISecret: "s", AcceptUnsignedWebhooks: true}, option.WithBaseURL(gateway.BucksBusTestBaseURL))
	require.NoError(t, err)
}

func TestPrecision(t *testing.T) {
	t.Parallel()
	for asset, want := range map[string]int32{"BTC": 8, "USDT.TRC20": 6, "USDT.ERC20": 6, "ETH": 18, "USD": 2, "TRX": 6} {
		got, ok := gateway.Precision(asset)
		assert.True(t, ok, asset)
		assert.Equal(t, want, got, asset)
	}
	_, ok := gateway.Precision("NOPE.X")
	assert.False(t, ok)
}

// answeredCreate creates a payment for reference "mine" whose 2xx answer is
// answer, and returns the create's error.
func answeredCreate(t *testing.T, c *gateway.Client, mt *httpmock.MockTransport, answer string) error {
	mt.RegisterResponder(http.MethodPost, testBase+"/payment", jsonResponder(200, []byte(answer)))
	_, err := c.Payments.Create(t.Context(), &gateway.PaymentParams{Amount: dec("10"), AssetID: "USD", PaymentAssetID: "BTC", Reference: "mine"})
	return err
}
