package cryptochill

import (
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/payments"
)

// TestAllStopsOnSamePageAgain: a server that ignores p and answers page 1
// (with a next page) forever ends All with ErrMalformed instead of an
// endless stream of duplicates.
func TestAllStopsOnSamePageAgain(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	calls := 0
	mt.RegisterNoResponder(func(*http.Request) (*http.Response, error) {
		calls++
		return httpmock.NewStringResponse(200, `{"pagination":{"num_pages":9,"count":200,"page":1,"next_page":2,"previous_page":null,"per_page":25},`+
			`"result":[{"id":"inv-1"},{"id":"inv-2"}]}`), nil
	})
	var ids []string
	var errs []error
	for inv, err := range c.Invoices.All(t.Context(), &InvoiceListParams{}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, inv.ID)
		require.Less(t, len(ids), 100, "the walk must end")
	}
	assert.Equal(t, []string{"inv-1", "inv-2"}, ids)
	require.Len(t, errs, 1)
	assert.ErrorIs(t, errs[0], payments.ErrMalformed)
	assert.Equal(t, 2, calls)
}
