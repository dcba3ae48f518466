package cryptopay

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

// lookupFaults are the ways the settling lookup by custom_id fails.
var lookupFaults = map[string]httpmock.Responder{
	"5xx":       httpmock.NewStringResponder(http.StatusInternalServerError, `oops`),
	"502s":      httpmock.NewStringResponder(http.StatusBadGateway, `bad gateway`),
	"truncated": httpmock.NewStringResponder(http.StatusOK, `{"data":{"id":"w-1","custom_id":"ref-1","addr`),
	"timeout": func(r *http.Request) (*http.Response, error) {
		<-r.Context().Done()
		return nil, r.Context().Err()
	},
	"not found yet": httpmock.NewStringResponder(http.StatusNotFound, `{"error":{"code":"not_found","message":"nf"},"meta":{"request_id":"r"}}`),
}

// TestTakenThenLookupFails: the retry of a create whose first attempt did
// the work is answered "custom_id taken", and the lookup that would tell
// whether it is ours fails. The object is the merchant's own and exists:
// the error is an unknown outcome carrying the reference, and never
// ErrDuplicateReference (which invites paying again under a new
// reference). Coin withdrawals and invoices alike.
func TestTakenThenLookupFails(t *testing.T) {
	t.Parallel()
	taken := `{"error":{"code":"conflict","message":"custom_id has already been taken"},"meta":{"request_id":"r"}}`
	for name, lookup := range lookupFaults {
		for _, kind := range []string{"coin_withdrawals", "invoices"} {
			t.Run(kind+"/"+name, func(t *testing.T) {
				t.Parallel()
				c, mt := newTestClient(t)
				attempts := 0
				mt.RegisterResponder("POST", testBase+"/api/"+kind, func(r *http.Request) (*http.Response, error) {
					checkSigned(t, r)
					attempts++
					if attempts == 1 {
						return httpmockString(500, `oops`), nil // did the work, lost the answer
					}
					return httpmockString(409, taken), nil
				})
				mt.RegisterResponder("GET", testBase+"/api/"+kind+"/custom_id/ref-1", lookup)
				ctx, cancel := context.WithCancel(ctxT(t))
				if name == "timeout" {
					// The lookup times out on its own bound: a short deadline.
					var c2 context.CancelFunc
					ctx, c2 = context.WithTimeout(ctx, 300*1e6)
					defer c2()
				}
				defer cancel()
				var err error
				if kind == "invoices" {
					_, err = c.Invoices.Create(ctx, &InvoiceParams{PriceAmount: *dec("10"), PriceCurrency: "EUR", PayCurrency: "BTC", CustomID: "ref-1"})
				} else {
					_, err = c.CoinWithdrawals.Send(ctx, sendParams("ref-1"))
				}
				require.Error(t, err)
				assert.GreaterOrEqual(t, attempts, 2, "the create was retried")
				providertest.OwnUnknownOutcome(t, err, "ref-1")
				assert.Contains(t, err.Error(), "lookup")
			})
		}
	}
}

// TestTakenAtOnceThenLookupFails: a first answer "custom_id taken" (the
// merchant's repeat after an unknown outcome) whose lookup fails is an
// unknown outcome too: without the lookup nobody knows whose it is.
func TestTakenAtOnceThenLookupFails(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/api/coin_withdrawals", respond(t, 409, `{"error":{"code":"conflict","message":"taken"},"meta":{"request_id":"r"}}`, nil))
	mt.RegisterResponder("GET", testBase+"/api/coin_withdrawals/custom_id/ref-1", httpmock.NewStringResponder(503, `maintenance`))
	_, err := c.CoinWithdrawals.Send(ctxT(t), sendParams("ref-1"))
	assert.ErrorIs(t, err, payments.ErrUnknownOutcome)
	assert.NotErrorIs(t, err, payments.ErrDuplicateReference)
}

// TestEchoMismatchNamesTheID: a 2xx answer with our custom_id but another
// amount, whose lookup then fails, is an unknown outcome that names the
// provider's id the answer gave.
func TestEchoMismatchNamesTheID(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/api/coin_withdrawals", respond(t, 201, data(withdrawalJSON("w-7", "ref-1", "bc1qaddr", "0.002", "pending")), nil))
	mt.RegisterResponder("GET", testBase+"/api/coin_withdrawals/custom_id/ref-1", httpmock.NewStringResponder(500, `oops`))
	_, err := c.CoinWithdrawals.Send(ctxT(t), sendParams("ref-1"))
	uo := providertest.OwnUnknownOutcome(t, err, "ref-1")
	assert.Equal(t, "w-7", uo.ID)
}

// TestExchangeTransferTakenIsUnknown: transfers have no lookup by
// custom_id, so "taken" cannot be told from our own earlier attempt.
func TestExchangeTransferTakenIsUnknown(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/api/exchange_transfers", respond(t, 409, `{"error":{"code":"conflict","message":"taken"},"meta":{"request_id":"r"}}`, nil))
	_, err := c.ExchangeTransfers.Create(ctxT(t), &ExchangeTransferParams{ChargedCurrency: "EUR", ChargedAmount: dec("10"), ReceivedCurrency: "BTC", CustomID: "ref-1"})
	providertest.OwnUnknownOutcome(t, err, "ref-1")
}

// TestAnswerNotJSONIsRefused: an API answer that is not valid JSON, or
// whose data or meta comes twice, is refused whole (ErrMalformed), even
// when its data member alone would decode.
func TestAnswerNotJSONIsRefused(t *testing.T) {
	t.Parallel()
	w := withdrawalJSON("w-1", "ref-1", "bc1qaddr", "0.001", "pending")
	for _, body := range []string{
		`{"data":` + w + `,"junk":[1,}`,
		`{"data":` + w + `,"k` + "\x01" + `":1}`,
		`{"data":` + w + `,"k\q":1}`,
		`{"data":` + w + `,"data":` + w + `}`,
		`{"data":` + w + `,"meta":{},"meta":{}}`,
	} {
		c, mt := newTestClient(t)
		mt.RegisterResponder("GET", testBase+"/api/coin_withdrawals/w-1", httpmock.NewStringResponder(200, body))
		_, err := c.CoinWithdrawals.Get(ctxT(t), "w-1")
		assert.ErrorIs(t, err, payments.ErrMalformed, "%q", body)
	}
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/api/coin_withdrawals/w-1", httpmock.NewStringResponder(200, `{"data":`+w+`,"n\u00e9":{"a":[1]}}`))
	got, err := c.CoinWithdrawals.Get(ctxT(t), "w-1")
	require.NoError(t, err)
	assert.Equal(t, "w-1", got.ID)
}
