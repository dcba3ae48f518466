package cryptoprocessing

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/coinsdk/coinsdk/option"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

func TestExchangeCalculate(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/exchange/calculate", respond(t, 200, fixture(t, "exchange_calculate.json"),
		wantBody(t, `{"sender_currency":"BTC","receiver_currency":"EUR","sender_amount":"0.02"}`)))
	q, err := c.Exchange.Calculate(context.Background(), &ExchangeParams{SenderCurrency: "BTC", ReceiverCurrency: "EUR", SenderAmount: decimal.RequireFromString("0.02")})
	if err != nil {
		t.Fatal(err)
	}
	if !q.Price.Equal(decimal.RequireFromString("61234.5")) || q.FixPeriod != 60 || q.FeeCurrency != "BTC" ||
		!q.FixedAt.Equal(time.Unix(1775172819, 0)) || !q.ReleaseAt.Equal(time.Unix(1775172879, 0)) {
		t.Fatalf("quote = %+v", q)
	}
}

func TestExchangeValidation(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	one := decimal.NewFromInt(1)
	ctx := context.Background()
	check := func(name, field string, err error) {
		t.Helper()
		var ve *payments.ValidationError
		if !errors.As(err, &ve) || ve.Field != field {
			t.Errorf("%s: err = %v, want field %s", name, err, field)
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
	if n := mt.GetTotalCallCount(); n != 0 {
		t.Errorf("%d requests sent for invalid params", n)
	}
}

func TestExchangeFixedAndNow(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/exchange/fixed", respond(t, 201, fixture(t, "exchange_fixed.json"),
		wantBody(t, `{"sender_currency":"BTC","receiver_currency":"EUR","sender_amount":"0.02","foreign_id":"fx-1","price":"61234.5"}`)))
	e, err := c.Exchange.Fixed(context.Background(), &ExchangeParams{SenderCurrency: "BTC", ReceiverCurrency: "EUR",
		SenderAmount: decimal.RequireFromString("0.02"), ForeignID: "fx-1", Price: decimal.RequireFromString("61234.50")})
	if err != nil {
		t.Fatal(err)
	}
	if e.ID != "134704049" || e.ForeignID != "fx-1" || e.Type != TypeExchange || !e.ReceiverAmount.Equal(decimal.RequireFromString("1224.69")) {
		t.Fatalf("exchange = %+v", e)
	}

	var sent map[string]any
	mt.RegisterResponder("POST", testBase+"/exchange/now", respond(t, 201, `{"data":{"id":"1","type":"exchange","status":"processing"}}`,
		func(_ *http.Request, body []byte) { sent = decodeJSON(t, body) }))
	e, err = c.Exchange.Now(context.Background(), &ExchangeParams{SenderCurrency: "EUR", ReceiverCurrency: "BTC", ReceiverAmount: decimal.RequireFromString("0.001")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := uuid.Parse(e.ForeignID); err != nil || sent["foreign_id"] != e.ForeignID || sent["receiver_amount"] != "0.001" {
		t.Fatalf("generated foreign_id %q, body %v", e.ForeignID, sent)
	}
	if _, ok := sent["sender_amount"]; ok {
		t.Errorf("sender_amount sent with receiver_amount: %v", sent)
	}
}

// exchange/calculate is limited to 30 calls a minute and answers 429 with
// a body that is not JSON: the text survives in the error.
func TestExchangeCalculateRateLimited(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t, option.WithMaxAttempts(1))
	mt.RegisterResponder("POST", testBase+"/exchange/calculate", respond(t, 429, "Too Many Attempts.\n", nil))
	_, err := c.Exchange.Calculate(context.Background(), &ExchangeParams{SenderCurrency: "BTC", ReceiverCurrency: "EUR", SenderAmount: decimal.NewFromInt(1)})
	var apiErr *payments.APIError
	if !errors.Is(err, payments.ErrRateLimited) || !errors.As(err, &apiErr) || apiErr.Message != "Too Many Attempts." || string(apiErr.Raw) != "Too Many Attempts.\n" {
		t.Fatalf("err = %#v", err)
	}
}
