package cryptopay

import (
	"net/http"
	"testing"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAllWalksWithStartingAfter: pages are asked with starting_after = the
// last id, until has_more is false; the filters stay.
func TestAllWalksWithStartingAfter(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	var queries []string
	mt.RegisterResponder("GET", testBase+"/api/invoices", func(r *http.Request) (*http.Response, error) {
		checkSigned(t, r)
		queries = append(queries, r.URL.RawQuery)
		switch r.URL.Query().Get("starting_after") {
		case "":
			return httpmockString(200, list(true, `{"id":"a","status":"new"}`, `{"id":"b","status":"new"}`)), nil
		case "b":
			return httpmockString(200, list(true, `{"id":"c","status":"new"}`)), nil
		default:
			return httpmockString(200, list(false, `{"id":"d","status":"new"}`)), nil
		}
	})
	var ids []string
	for inv, err := range c.Invoices.All(ctxT(t), &InvoiceListParams{CustomerID: "cust-1"}) {
		require.NoError(t, err)
		ids = append(ids, inv.ID)
	}
	assert.Equal(t, []string{"a", "b", "c", "d"}, ids)
	assert.Equal(t, []string{"customer_id=cust-1", "customer_id=cust-1&starting_after=b", "customer_id=cust-1&starting_after=c"}, queries)
}

// TestAllStopsOnRepeatedCursor: a server answering the same page again
// ends the walk with an error instead of looping.
func TestAllStopsOnRepeatedCursor(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	calls := 0
	mt.RegisterResponder("GET", testBase+"/api/coin_withdrawals", func(r *http.Request) (*http.Response, error) {
		calls++
		return httpmockString(200, list(true, `{"id":"x"}`, `{"id":"y"}`)), nil
	})
	var n int
	var last error
	for _, err := range c.CoinWithdrawals.All(ctxT(t), nil) {
		if err != nil {
			last = err
			break
		}
		n++
	}
	assert.ErrorIs(t, last, payments.ErrMalformed)
	assert.Equal(t, 2, calls)
	assert.Equal(t, 2, n, "a repeated page's items are never yielded twice")

	// A page that claims more but is empty ends the walk.
	mt.RegisterResponder("GET", testBase+"/api/channels", func(r *http.Request) (*http.Response, error) {
		return httpmockString(200, `{"data":[],"meta":{"total":5,"has_more":true}}`), nil
	})
	for _, err := range c.Channels.All(ctxT(t), nil) {
		require.NoError(t, err)
	}
}

// TestAllStopsWhenTheCallerBreaks fetches no more pages than needed.
func TestAllStopsWhenTheCallerBreaks(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	calls := 0
	mt.RegisterResponder("GET", testBase+"/api/customers", func(r *http.Request) (*http.Response, error) {
		calls++
		return httpmockString(200, list(true, `{"id":"c`+itoa(calls)+`"}`)), nil
	})
	for range c.Customers.All(ctxT(t), nil) {
		break
	}
	assert.Equal(t, 1, calls)
}
