package cryptochill

import (
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/payments"
)

func TestAPIErrorCarriesRequestID(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/v1/invoices/a/", func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(404, `{"result":"error","reason":"ObjectNotFound","message":"nope"}`)
		resp.Header.Set("X-Request-Id", "req-42")
		return resp, nil
	})
	mt.RegisterResponder("GET", testBase+"/v1/invoices/b/", httpmock.NewStringResponder(400,
		`{"result":"error","reason":"InvalidValue","message":"bad","request_id":"body-7"}`))
	var apiErr *payments.APIError
	_, err := c.Invoices.Get(t.Context(), "a")
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "req-42", apiErr.RequestID)
	_, err = c.Invoices.Get(t.Context(), "b")
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "body-7", apiErr.RequestID)
}
