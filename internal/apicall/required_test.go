package apicall

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/coinsdk/coinsdk/payments"
)

func TestRequiredNamesTheFirstBlankField(t *testing.T) {
	require.NoError(t, Required())
	require.NoError(t, Required("currency", "BTC", "foreign_id", "order-1"))

	err := Required("currency", "BTC", "foreign_id", " \t", "address", "")
	var ve *payments.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, "foreign_id", ve.Field)
	assert.Equal(t, "is required", ve.Reason)
}

func TestRequiredBlankAndPadded(t *testing.T) {
	for _, blank := range []string{"", " ", "\t\n "} {
		err := Required("reference", blank)
		var ve *payments.ValidationError
		require.ErrorAs(t, err, &ve, "%q", blank)
		assert.Equal(t, "reference", ve.Field)
		assert.ErrorIs(t, err, payments.ErrValidation)
	}
	assert.NoError(t, Required("id", " inv_1 "), "surrounding spaces are the caller's value, not a blank")
}
