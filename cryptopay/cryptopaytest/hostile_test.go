package cryptopaytest

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHostileRequests(t *testing.T) {
	t.Parallel()
	a, _, _ := newAPI(t)

	big := bytes.Repeat([]byte("a"), maxBody+1)
	r := a.do("POST", "/api/invoices", big)
	assert.Equal(t, http.StatusRequestEntityTooLarge, r.status)
	assert.Equal(t, "request_too_large", r.errCode())

	for _, body := range []string{"null", "[]", `"x"`, "{", `{"a":1}{`, "\xff"} {
		r := a.do("POST", "/api/invoices", []byte(body))
		assert.Equal(t, http.StatusBadRequest, r.status, body)
		assert.Equal(t, "bad_request", r.errCode(), body)
	}
	for _, amount := range []any{"1e9999", 1e300, "0x10", "NaN", "1.0000000000000000001", "99999999999999999", true, []int{1}, "", " 1"} {
		r := a.do("POST", "/api/invoices", invoiceBody(map[string]any{"price_amount": amount}))
		require.Equal(t, http.StatusUnprocessableEntity, r.status, "%v: %s", amount, r.raw)
		assert.Equal(t, "price_amount", str(r.details()[0], "target"), "%v", amount)
	}
	r = a.do("POST", "/api/invoices", invoiceBody(map[string]any{"name": strings.Repeat("n", 5000)}))
	assert.Equal(t, "name", str(r.details()[0], "target"))
	deep := strings.Repeat(`{"a":`, 5000) + "1" + strings.Repeat("}", 5000)
	r = a.do("POST", "/api/customers", []byte(`{"id":"x","addresses":[`+deep+`]}`))
	assert.Equal(t, http.StatusUnprocessableEntity, r.status)
	r = a.do("GET", "/api/invoices/..%2F..%2Fcoins", nil)
	assert.Equal(t, http.StatusNotFound, r.status)
	r = a.do("GET", "/api/transactions?created_at_from=yesterday", nil)
	assert.Equal(t, "created_at_from", str(r.details()[0], "target"))
	// Nothing above created anything.
	assert.Empty(t, a.do("GET", "/api/invoices", nil).list())
	assert.Empty(t, a.do("GET", "/api/customers", nil).list())
}
