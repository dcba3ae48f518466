package webhookkit

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/payments"
)

func TestReadBody(t *testing.T) {
	r := httptest.NewRequest("POST", "/", strings.NewReader(`{"a":1}`))
	b, err := ReadBody(r, "p", 0)
	require.NoError(t, err)
	assert.Equal(t, `{"a":1}`, string(b))

	r = httptest.NewRequest("POST", "/", strings.NewReader(strings.Repeat("x", 11)))
	_, err = ReadBody(r, "p", 10)
	assert.ErrorIs(t, err, payments.ErrPayloadTooLarge, "declared oversize")

	// A body that lies about its length (chunked) is still cut at the cap.
	r = httptest.NewRequest("POST", "/", io.MultiReader(strings.NewReader(strings.Repeat("x", 11))))
	r.ContentLength = -1
	_, err = ReadBody(r, "p", 10)
	assert.ErrorIs(t, err, payments.ErrPayloadTooLarge, "streamed oversize")

	r = httptest.NewRequest("POST", "/", strings.NewReader(""))
	_, err = ReadBody(r, "p", 10)
	assert.ErrorIs(t, err, payments.ErrMalformed, "empty")

	_, err = ReadBody(nil, "p", 10)
	assert.ErrorIs(t, err, payments.ErrMalformed, "nil request")
}

func TestCheckSize(t *testing.T) {
	assert.NoError(t, CheckSize(make([]byte, 10), "p", 10), "at the cap")
	err := CheckSize(make([]byte, 11), "p", 10)
	require.ErrorIs(t, err, payments.ErrPayloadTooLarge)
	assert.Contains(t, err.Error(), "p webhook:")
	assert.Contains(t, err.Error(), "11 bytes over the 10-byte cap")
	assert.ErrorIs(t, CheckSize(make([]byte, DefaultLimit+1), "p", 0), payments.ErrPayloadTooLarge, "default cap")
	assert.NoError(t, CheckSize(nil, "p", 0), "empty is for the parser to judge")
}
