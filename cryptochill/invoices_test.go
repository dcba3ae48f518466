package cryptochill

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/jarcoal/httpmock"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInvoicesCreate(t *testing.T) {
	t.Parallel()
	c, _, payload := capturing(t, "POST", "/v1/invoices/", "invoice.json")
	inv, err := c.Invoices.Create(t.Context(), &InvoiceParams{
		ProfileID: "profile-1", Amount: decimal.RequireFromString("10.00"), Currency: "USD", Kind: "BTC",
		Passthrough: `{"user_id":123}`, MinConfirmations: 2, FeeAmount: decimal.RequireFromString("0.00001"),
	})
	require.NoError(t, err)
	assertPayload(t, map[string]any{"profile_id": "profile-1", "amount": "10", "currency": "USD", "kind": "BTC",
		"passthrough": `{"user_id":123}`, "min_confirmations": json.Number("2"), "fee_amount": "0.00001"}, payload())
	assert.Equal(t, "42dbee1d-8659-44c3-aab2-6e414c5825a5", inv.ID)
	assert.Equal(t, InvoiceStatusNew, inv.Status)
	assert.Equal(t, "0.00292111", inv.Amount.Invoiced.Amount.String())
	assert.NotEmpty(t, inv.Raw)
}

func TestInvoicesCreateValidation(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	cases := map[string]*InvoiceParams{
		"profile_id":        {Amount: decimal.NewFromInt(1), Currency: "USD"},
		"currency":          {ProfileID: "p", Amount: decimal.NewFromInt(1)},
		"amount":            {ProfileID: "p", Amount: decimal.NewFromInt(-1), Currency: "USD"},
		"min_confirmations": {ProfileID: "p", Amount: decimal.NewFromInt(1), Currency: "USD", MinConfirmations: 6},
		"kind":              {ProfileID: "p", Amount: decimal.NewFromInt(1), Currency: "USD", Kind: "NOPE"},
		"exchange_rate_limit.pair": {ProfileID: "p", Amount: decimal.NewFromInt(1), Currency: "USD",
			ExchangeRateLimit: &ExchangeRateLimit{Pair: "BTCUSD", ExchangeRate: decimal.NewFromInt(1)}},
	}
	for field, p := range cases {
		_, err := c.Invoices.Create(t.Context(), p)
		var ve *payments.ValidationError
		if assert.ErrorAs(t, err, &ve, field) {
			assert.Equal(t, field, ve.Field)
		}
	}
	assert.Zero(t, mt.GetTotalCallCount(), "requests sent for invalid params")
}

func TestInvoicesListAndAll(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	page := func(n int, next string, ids ...string) string {
		items := ""
		for i, id := range ids {
			if i > 0 {
				items += ","
			}
			items += `{"id":"` + id + `","kind":"BTC","status":"new","created_at":"2019-02-08T01:06:11.799601+00:00","amount":{"requested":{"amount":"1","currency":"USD"}}}`
		}
		return `{"pagination":{"num_pages":2,"count":3,"page":` + string(rune('0'+n)) + `,"next_page":` + next + `,"previous_page":null,"per_page":25},"result":[` + items + `]}`
	}
	mt.RegisterResponder("GET", testBase+"/v1/invoices/", func(r *http.Request) (*http.Response, error) {
		p := signedPayload(t, r)
		assert.Equal(t, "new", r.URL.Query().Get("status"), "status filter in the query")
		assert.Equal(t, "new", p["status"], "status filter in the payload")
		if r.URL.Query().Get("p") == "2" {
			return httpmock.NewStringResponse(200, page(2, "null", "c")), nil
		}
		return httpmock.NewStringResponse(200, page(1, "2", "a", "b")), nil
	})
	var ids []string
	for inv, err := range c.Invoices.All(t.Context(), &InvoiceListParams{Status: "new"}) {
		require.NoError(t, err)
		ids = append(ids, inv.ID)
	}
	require.Equal(t, []string{"a", "b", "c"}, ids)
	// Breaking out of the loop stops fetching.
	before := mt.GetTotalCallCount()
	for range c.Invoices.All(t.Context(), &InvoiceListParams{Status: "new"}) {
		break
	}
	assert.Equal(t, 1, mt.GetTotalCallCount()-before, "pages fetched before the break")
	_, err := c.Invoices.List(t.Context(), &InvoiceListParams{Status: "bogus"})
	assert.ErrorIs(t, err, payments.ErrValidation, "bad status")
}

func TestInvoicesGetNotFound(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/v1/invoices/nope/", respond(t, 404,
		`{"result":"error","reason":"ObjectNotFound","message":"Object by specified ID not found"}`, nil))
	_, err := c.Invoices.Get(t.Context(), "nope")
	require.ErrorIs(t, err, payments.ErrNotFound)
	var apiErr *payments.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "ObjectNotFound", apiErr.Code)
	_, err = c.Invoices.Get(t.Context(), "../payouts")
	assert.ErrorIs(t, err, payments.ErrValidation, "path-changing id")
}

// The documented vocabularies are functions returning a fresh copy: changing
// what one returns changes nothing validation reads.
func TestVocabulariesAreCopies(t *testing.T) {
	t.Parallel()
	for name, list := range map[string]func() []string{
		"InvoiceKinds": InvoiceKinds, "InvoiceCurrencies": InvoiceCurrencies, "PayoutKinds": PayoutKinds,
		"PayoutCurrencies": PayoutCurrencies, "ConversionKinds": ConversionKinds,
	} {
		got := list()
		require.NotEmpty(t, got, name)
		first := got[0]
		got[0] = "CHANGED"
		assert.Equal(t, first, list()[0], name)
	}
	iv := AutomaticPayoutIntervals()
	iv[0] = 7
	assert.Equal(t, 5, AutomaticPayoutIntervals()[0])
	c, mt := newTestClient(t)
	currencies := InvoiceCurrencies()
	for i := range currencies {
		currencies[i] = "XXX"
	}
	_, err := c.Invoices.Create(t.Context(), &InvoiceParams{ProfileID: "p", Amount: decimal.NewFromInt(1), Currency: "XXX"})
	var ve *payments.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "currency", ve.Field)
	assert.Zero(t, mt.GetTotalCallCount())
}
