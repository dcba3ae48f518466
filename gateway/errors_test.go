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
				require.ErrorIs(t, err, payments.ErrUnknownOutcome)
				var uo *payments.UnknownOutcomeError
				require.ErrorAs(t, err, &uo)
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
	mt.RegisterResponder(http.MethodPost, testBase+"/payment", jsonResponder(200,
		[]byte(`{"payment_id":"p","status":"OPEN","amount":"10","asset_id":"USD","custom":"{\"idempotence\":\"someone-else\"}"}`)))
	_, err := c.Payments.Create(t.Context(), &gateway.PaymentParams{Amount: dec("10"), AssetID: "USD", PaymentAssetID: "BTC", Reference: "mine"})
	require.ErrorIs(t, err, payments.ErrUnknownOutcome)
	assert.ErrorIs(t, err, payments.ErrMalformed)

	// An answer that carries no reference at all is not ours either.
	mt.RegisterResponder(http.MethodPost, testBase+"/payment", jsonResponder(200,
		[]byte(`{"payment_id":"p","status":"OPEN","amount":"10","asset_id":"USD","custom":""}`)))
	_, err = c.Payments.Create(t.Context(), &gateway.PaymentParams{Amount: dec("10"), AssetID: "USD", PaymentAssetID: "BTC", Reference: "mine"})
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
	require.ErrorIs(t, err, payments.ErrUnknownOutcome)
	var uo *payments.UnknownOutcomeError
	require.ErrorAs(t, err, &uo)
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
	mt.RegisterResponder(http.MethodPost, testBase+"/payment", jsonResponder(200,
		[]byte(`{"payment_id":"p-7","status":"OPEN","amount":"10","asset_id":"USD","custom":"{\"idempotence\":\"someone-else\"}"}`)))
	_, err := c.Payments.Create(t.Context(), &gateway.PaymentParams{Amount: dec("10"), AssetID: "USD", PaymentAssetID: "BTC", Reference: "mine"})
	var uo *payments.UnknownOutcomeError
	require.ErrorAs(t, err, &uo)
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
	var uo *payments.UnknownOutcomeError
	require.ErrorAs(t, err, &uo)
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
	require.ErrorIs(t, err, payments.ErrUnknownOutcome)
	var uo *payments.UnknownOutcomeError
	require.ErrorAs(t, err, &uo)
	assert.Equal(t, "w-43", uo.ID)
	assert.NotEmpty(t, uo.Reference)

	amount = "0.50"
	w, err := c.Withdrawals.Create(t.Context(), &gateway.WithdrawalParams{Amount: dec("0.5"), AssetID: "BTC", Address: "bc1qaddr"})
	require.NoError(t, err)
	assert.Equal(t, "w-43", w.WithdrawID)
}
