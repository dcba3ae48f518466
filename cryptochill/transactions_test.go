package cryptochill

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTransactionsGet(t *testing.T) {
	t.Parallel()
	c, _ := clientServing(t, map[string]string{"GET /v1/transactions/9094fefe-3ac2-49b3-99ec-9b719331316c/": "transaction.json"})
	tx, err := c.Transactions.Get(t.Context(), "9094fefe-3ac2-49b3-99ec-9b719331316c")
	require.NoError(t, err)
	assert.Equal(t, "9094fefe-3ac2-49b3-99ec-9b719331316c", tx.ID)
	assert.Equal(t, TransactionStatusComplete, tx.Status)
	assert.Equal(t, 6, tx.Confirmations)
	require.NotNil(t, tx.Invoice, "invoice summary")
	assert.Equal(t, "47ad5fa7-0754-4ba8-bc2d-1cdd0dbcddaa", tx.Invoice.ID)
	assert.Equal(t, "10", tx.Invoice.Amount.Requested.Amount.String())
	assert.Equal(t, "0.00293528", tx.Amount.Paid.Amount.String(), "paid")
	assert.Equal(t, "10.00", tx.Amount.Paid.Quotes["USD"].StringFixed(2), "paid quote")
	assert.Equal(t, "3406.83001280968", tx.CurrencyRates["BTC"]["USD"].String(), "rate")
	assert.NotNil(t, tx.ExecutedAt)
	require.NotNil(t, tx.ConfirmedAt)
	assert.Equal(t, 983230000, tx.ConfirmedAt.Nanosecond())
	assert.Nil(t, tx.ZeroConfStatus)
	assert.Nil(t, tx.Amount.PaidTotal)
	assert.NotEmpty(t, tx.Raw)
}

func TestTransactionsGetCustomFee(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/v1/transactions/x/", respond(t, 200, fixture(t, "transaction_custom_fee.json"), nil))
	tx, err := c.Transactions.Get(t.Context(), "x")
	require.NoError(t, err)
	require.NotNil(t, tx.Amount.PaidTotal, "paid_total")
	assert.Equal(t, "0.02967564", tx.Amount.PaidTotal.Amount.String())
	assert.Equal(t, "101.71", tx.Amount.PaidTotal.Quotes["USD"].String())
	assert.Nil(t, tx.ExecutedAt, "null executed_at")
	assert.Nil(t, tx.ConfirmedAt, "null confirmed_at")
	require.NotNil(t, tx.Invoice.CustomFee, "custom fee")
	assert.Equal(t, "0.0005", tx.Invoice.CustomFee.Amount.String())
}

func TestTransactionsListFilters(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	// Page 2 of 2, as asked (the pager refuses a page other than the one asked).
	page2 := strings.NewReplacer(`"num_pages": 1`, `"num_pages": 2`, `"page": 1`, `"page": 2`).Replace(fixture(t, "transactions_list.json"))
	mt.RegisterResponder("GET", testBase+"/v1/transactions/", respond(t, 200, page2,
		func(r *http.Request, p map[string]any) {
			for k, v := range map[string]string{"txid": "abc", "address": "3Q2s", "invoice_id": "inv-1", "p": "2"} {
				assert.Equal(t, v, r.URL.Query().Get(k), "query %s", k)
				assert.Equal(t, v, p[k], "payload %s", k)
			}
		}))
	page, err := c.Transactions.List(t.Context(), &TransactionListParams{Page: 2, TxID: "abc", Address: "3Q2s", InvoiceID: "inv-1"})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	assert.False(t, page.HasNext())
	assert.Equal(t, 12, page.Pagination.Count)
	assert.NotEmpty(t, page.Items[0].TxID)
	n := 0
	for tx, err := range c.Transactions.All(t.Context(), &TransactionListParams{Page: 2, TxID: "abc", Address: "3Q2s", InvoiceID: "inv-1"}) {
		require.NoError(t, err)
		assert.NotEmpty(t, tx.Raw, "listed transaction has no Raw")
		n++
	}
	assert.Equal(t, 1, n, "All yielded")
	for _, err := range c.Transactions.All(t.Context(), &TransactionListParams{Page: -1}) {
		assert.ErrorIs(t, err, payments.ErrValidation, "negative page")
	}
}

// TestConfirmations: transactions and payouts ask their confirmation counts
// the same way (one POST with the ids), each on its own path.
func TestConfirmations(t *testing.T) {
	t.Parallel()
	ids := []string{"9094fefe-3ac2-49b3-99ec-9b719331316c", "47ad5fa7-0754-4ba8-bc2d-1cdd0dbcddaa"}
	for name, tc := range map[string]struct {
		ask func(*Client) func(context.Context, ...string) ([]Confirmation, error)
		ids []string
	}{
		"transactions": {func(c *Client) func(context.Context, ...string) ([]Confirmation, error) {
			return c.Transactions.Confirmations
		}, ids},
		"payouts": {func(c *Client) func(context.Context, ...string) ([]Confirmation, error) {
			return c.Payouts.Confirmations
		}, ids[:1]},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, mt := newTestClient(t)
			mt.RegisterResponder("POST", testBase+"/v1/"+name+"/confirmations/", respond(t, 200, fixture(t, "confirmations.json"),
				func(r *http.Request, p map[string]any) {
					want := make([]any, len(tc.ids))
					for i, id := range tc.ids {
						want[i] = id
					}
					assert.Equal(t, want, p["id"], "payload id")
				}))
			ask := tc.ask(c)
			got, err := ask(t.Context(), tc.ids...)
			require.NoError(t, err)
			require.Len(t, got, 2)
			assert.Equal(t, 2, got[0].Confirmations)
			assert.Equal(t, Confirmation{ID: "47ad5fa7-0754-4ba8-bc2d-1cdd0dbcddaa", Confirmations: 7}, got[1])
			_, err = ask(t.Context())
			assert.ErrorIs(t, err, payments.ErrValidation, "no ids")
			_, err = ask(t.Context(), "a", " ")
			assert.ErrorIs(t, err, payments.ErrValidation, "empty id")
			assert.Equal(t, 1, mt.GetTotalCallCount(), "requests")
		})
	}
}

// A confirmations query is a POST that changes nothing: its 5xx is a plain
// failure, not an unknown outcome.
func TestConfirmationsFailureIsNotUnknownOutcome(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("POST", testBase+"/v1/transactions/confirmations/", respond(t, 500, `{"result":"error","reason":"ServerError","message":"boom"}`, nil))
	_, err := c.Transactions.Confirmations(t.Context(), "a")
	assert.NotErrorIs(t, err, payments.ErrUnknownOutcome)
	assert.ErrorIs(t, err, payments.ErrProviderUnavailable)
}
