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
