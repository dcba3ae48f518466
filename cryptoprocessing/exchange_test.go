package cryptoprocessing

import (
	"net/http"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExchangeCalculate(t *testing.T) {
	t.Parallel()
	c, _ := answering(t, "POST", "/exchange/calculate", 200, fixture(t, "exchange_calculate.json"),
		wantBody(t, `{"sender_currency":"BTC","receiver_currency":"EUR","sender_amount":"0.02"}`))
	q, err := c.Exchange.Calculate(t.Context(), &ExchangeParams{SenderCurrency: "BTC", ReceiverCurrency: "EUR", SenderAmount: decimal.RequireFromString("0.02")})
	require.NoError(t, err)
	assert.Equal(t, "61234.5", q.Price.String(), "Price")
	assert.Equal(t, 60, q.FixPeriod)
	assert.Equal(t, "BTC", q.FeeCurrency)
	assert.True(t, q.FixedAt.Equal(time.Unix(1775172819, 0)), "FixedAt = %s", q.FixedAt)
	assert.True(t, q.ReleaseAt.Equal(time.Unix(1775172879, 0)), "ReleaseAt = %s", q.ReleaseAt)
}

func TestExchangeValidation(t *testing.T) {
	t.Parallel()
	c := offlineClient(t)
	one := decimal.NewFromInt(1)
	ctx := t.Context()
	check := func(name, field string, err error) {
		t.Helper()
		var ve *payments.ValidationError
		if assert.ErrorAs(t, err, &ve, name) {
			assert.Equal(t, field, ve.Field, name)
		}
	}
	_, err := c.Exchange.Calculate(ctx, &ExchangeParams{SenderCurrency: "BTC", ReceiverCurrency: "EUR"})
	check("no amount", "sender_amount", err)
	_, err = c.Exchange.Calculate(ctx, &ExchangeParams{SenderCurrency: "BTC", ReceiverCurrency: "EUR", SenderAmount: one, ReceiverAmount: one})
	check("both amounts", "receiver_amount", err)
	_, err = c.Exchange.Now(ctx, &ExchangeParams{SenderCurrency: "BTC", ReceiverCurrency: "EUR", SenderAmount: one, ReceiverAmount: one})
	check("both amounts (now)", "receiver_amount", err)
	_, err = c.Exchange.Calculate(ctx, &ExchangeParams{ReceiverCurrency: "EUR", SenderAmount: one})
	check("no sender_currency", "sender_currency", err)
	_, err = c.Exchange.Calculate(ctx, &ExchangeParams{SenderCurrency: "BTC", SenderAmount: one})
	check("no receiver_currency", "receiver_currency", err)
	_, err = c.Exchange.Calculate(ctx, &ExchangeParams{SenderCurrency: "BTC", ReceiverCurrency: "EUR", ReceiverAmount: decimal.NewFromInt(-5)})
	check("negative", "receiver_amount", err)
	_, err = c.Exchange.Fixed(ctx, &ExchangeParams{SenderCurrency: "BTC", ReceiverCurrency: "EUR", SenderAmount: one})
	check("fixed without price", "price", err)
	_, err = c.Exchange.Now(ctx, &ExchangeParams{SenderCurrency: "BTC", ReceiverCurrency: "EUR", SenderAmount: one, Price: one})
	check("now with price", "price", err)
	_, err = c.Exchange.Calculate(ctx, nil)
	check("nil", "params", err)
}

func TestExchangeFixedAndNow(t *testing.T) {
	t.Parallel()
	c, mt := answering(t, "POST", "/exchange/fixed", 201, fixture(t, "exchange_fixed.json"),
		wantBody(t, `{"sender_currency":"BTC","receiver_currency":"EUR","sender_amount":"0.02","foreign_id":"fx-1","price":"61234.5"}`))
	e, err := c.Exchange.Fixed(t.Context(), &ExchangeParams{SenderCurrency: "BTC", ReceiverCurrency: "EUR",
		SenderAmount: decimal.RequireFromString("0.02"), ForeignID: "fx-1", Price: decimal.RequireFromString("61234.50")})
	require.NoError(t, err)
	assert.Equal(t, "134704049", e.ID)
	assert.Equal(t, "fx-1", e.ForeignID)
	assert.Equal(t, TypeExchange, e.Type)
	assert.Equal(t, "1224.69", e.ReceiverAmount.String(), "ReceiverAmount")

	var sent map[string]any
	mt.RegisterResponder("POST", testBase+"/exchange/now", respond(t, 201, `{"data":{"id":"1","type":"exchange","status":"processing"}}`,
		func(_ *http.Request, body []byte) { sent = decodeJSON(t, body) }))
	e, err = c.Exchange.Now(t.Context(), &ExchangeParams{SenderCurrency: "EUR", ReceiverCurrency: "BTC", ReceiverAmount: decimal.RequireFromString("0.001")})
	require.NoError(t, err)
	_, err = uuid.Parse(e.ForeignID)
	require.NoError(t, err, "generated foreign_id %q", e.ForeignID)
	require.Equal(t, e.ForeignID, sent["foreign_id"], "body foreign_id")
	require.Equal(t, "0.001", sent["receiver_amount"], "body receiver_amount")
	assert.NotContains(t, sent, "sender_amount", "sender_amount sent with receiver_amount")
}

// exchange/calculate is limited to 30 calls a minute and answers 429 with
// a body that is not JSON: the text survives in the error.
func TestExchangeCalculateRateLimited(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t, option.WithMaxAttempts(1))
	mt.RegisterResponder("POST", testBase+"/exchange/calculate", respond(t, 429, "Too Many Attempts.\n", nil))
	_, err := c.Exchange.Calculate(t.Context(), &ExchangeParams{SenderCurrency: "BTC", ReceiverCurrency: "EUR", SenderAmount: decimal.NewFromInt(1)})
	require.ErrorIs(t, err, payments.ErrRateLimited)
	var apiErr *payments.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "Too Many Attempts.", apiErr.Message)
	assert.Equal(t, "Too Many Attempts.\n", string(apiErr.Raw))
}

// An exchange moves money: an answer carrying another foreign_id is not this
// exchange's success but an unknown outcome carrying the foreign_id sent,
// for Transactions.FindByReference.
func TestExchangeAnswerForAnotherForeignID(t *testing.T) {
	t.Parallel()
	c, _ := answering(t, "POST", "/exchange/now", 201,
		`{"data":{"id":"1","foreign_id":"someone-else","type":"exchange","status":"processing"}}`, nil)
	e, err := c.Exchange.Now(t.Context(), &ExchangeParams{ForeignID: "fx-mine", SenderCurrency: "EUR", ReceiverCurrency: "BTC",
		ReceiverAmount: decimal.RequireFromString("0.001")})
	require.Error(t, err)
	assert.Nil(t, e)
	assert.ErrorIs(t, err, payments.ErrUnknownOutcome)
	assert.ErrorIs(t, err, payments.ErrMalformed)
	uo := providertest.UnknownOutcome(t, err)
	assert.Equal(t, "fx-mine", uo.Reference)
}

// An unknown outcome is settled by reference (settle.go): the exchange
// found is returned when it sells and buys what was asked, and is a
// duplicate reference when it does not.
func TestExchangeSettledByReference(t *testing.T) {
	t.Parallel()
	c, mt := answering(t, "POST", "/exchange/now", 503, `<html>busy</html>`, nil)
	mt.RegisterResponder("GET", testBase+"/transactions/info", respond(t, 200, fixture(t, "callback_exchange_confirmed.json"),
		wantBody(t, `{"foreign_id":"fx-1"}`)))
	p := &ExchangeParams{ForeignID: "fx-1", SenderCurrency: "BTC", ReceiverCurrency: "EUR", SenderAmount: decimal.RequireFromString("0.02")}
	e, err := c.Exchange.Now(t.Context(), p)
	require.NoError(t, err)
	require.NotNil(t, e.Transaction, "settled by reference")
	assert.Equal(t, "134704049", e.ID)
	assert.Equal(t, "1224.69", e.ReceiverAmount.String())
	assert.Equal(t, payments.StatusCompleted, e.Normalized())

	p.ReceiverCurrency = "USD"
	_, err = c.Exchange.Now(t.Context(), p)
	assert.ErrorIs(t, err, payments.ErrDuplicateReference, "the foreign_id names an exchange into EUR")
}
