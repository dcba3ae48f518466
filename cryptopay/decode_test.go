package cryptopay

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestInvoiceTransactionsDecodedInOnePass: an invoice's transactions and
// their risks (score a JSON number) are decoded exactly, in the invoice's
// pass; a hostile score inside a transaction is refused as anywhere else.
func TestInvoiceTransactionsDecodedInOnePass(t *testing.T) {
	t.Parallel()
	var inv Invoice
	require.NoError(t, inv.UnmarshalJSON([]byte(fixture(t, "invoice_paid.json"))))
	require.Len(t, inv.Transactions, 2)
	require.NotNil(t, inv.Transactions[0].Risk)
	assert.Equal(t, "3.4027", inv.Transactions[0].Risk.Score.String())
	assert.Equal(t, "low", inv.Transactions[0].Risk.Level)
	assert.Equal(t, "Bitstamp", inv.Transactions[0].Risk.ResourceName)
	assert.Equal(t, "Exchange", inv.Transactions[0].Risk.ResourceCategory)
	assert.Equal(t, "0.5", inv.Transactions[1].Risk.Score.String())
	assert.True(t, strings.HasPrefix(inv.Transactions[1].TxID, "7B2F"))
	assert.Equal(t, "1", inv.Fee.String())
	assert.Equal(t, "EUR", inv.FeeCurrency)

	require.NoError(t, inv.UnmarshalJSON([]byte(`{"id":"i","transactions":[{"txid":"t","risk":null}]}`)))
	require.Len(t, inv.Transactions, 1)
	assert.Nil(t, inv.Transactions[0].Risk)
	require.NoError(t, inv.UnmarshalJSON([]byte(`{"id":"i","transactions":null}`)))
	assert.Nil(t, inv.Transactions, "a reused Invoice keeps nothing of the last decode")
	require.NoError(t, inv.UnmarshalJSON([]byte(`{"id":"i","transactions":[]}`)))
	assert.NotNil(t, inv.Transactions)
	assert.Empty(t, inv.Transactions)

	assert.Error(t, inv.UnmarshalJSON([]byte(`{"id":"i","transactions":[{"txid":"t","risk":{"score":1e999999999}}]}`)))
	assert.Error(t, inv.UnmarshalJSON([]byte(`{"id":"i","transactions":[{"txid":"t","risk":{"score":"`+strings.Repeat("9", 5000)+`"}}]}`)))
}
