package cryptoprocessing

import (
	"testing"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAddressesTake(t *testing.T) {
	t.Parallel()
	c, _ := answering(t, "POST", "/addresses/take", 201, fixture(t, "address_btc.json"),
		wantBody(t, `{"currency":"BTC","foreign_id":"customer-42"}`))
	a, err := c.Addresses.Take(t.Context(), &AddressParams{Currency: "BTC", ForeignID: "customer-42"})
	require.NoError(t, err)
	assert.Equal(t, "381201", a.ID)
	assert.NotEmpty(t, a.Address)
	assert.Equal(t, "customer-42", a.ForeignID)
	assert.False(t, a.RequiresTag(), "RequiresTag")
	assert.Empty(t, a.ConvertTo)
}

// XRP addresses come with a numeric tag that the payer must send: it is
// surfaced as text, and RequiresTag says so.
func TestAddressesTakeTagged(t *testing.T) {
	t.Parallel()
	c, _ := answering(t, "POST", "/addresses/take", 201, fixture(t, "address_xrp.json"),
		wantBody(t, `{"currency":"XRP","foreign_id":"42","convert_to":"EUR","end_user_reference":"eu-42"}`))
	a, err := c.Addresses.Take(t.Context(), &AddressParams{Currency: "XRP", ForeignID: "42", ConvertTo: "EUR", EndUserReference: "eu-42"})
	require.NoError(t, err)
	assert.Equal(t, "100000731", a.Tag)
	assert.True(t, a.RequiresTag(), "RequiresTag")
	assert.Equal(t, "42", a.ForeignID)
	assert.Equal(t, "EUR", a.ConvertTo)
	assert.Equal(t, "381202", a.ID)
}

func TestAddressesTakeValidation(t *testing.T) {
	t.Parallel()
	c := offlineClient(t)
	for field, p := range map[string]*AddressParams{
		"params":     nil,
		"currency":   {ForeignID: "c"},
		"foreign_id": {Currency: "BTC"},
		"convert_to": {Currency: "BTC", ForeignID: "c", ConvertTo: "btc"},
	} {
		_, err := c.Addresses.Take(t.Context(), p)
		var ve *payments.ValidationError
		if assert.ErrorAs(t, err, &ve, field) {
			assert.Equal(t, field, ve.Field)
		}
	}
}
