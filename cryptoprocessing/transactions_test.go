package cryptoprocessing

import (
	"net/http"
	"testing"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// transactions/info is a GET with a signed JSON body, answered with the
// callback shape and no "data" envelope.
func TestTransactionsInfo(t *testing.T) {
	t.Parallel()
	c, _ := answering(t, "GET", "/transactions/info", 200, fixture(t, "transaction_info_withdrawal.json"),
		func(r *http.Request, body []byte) {
			assert.Equal(t, http.MethodGet, r.Method)
			assert.Equal(t, `{"id":2769144}`, string(body), "body")
		})
	tx, err := c.Transactions.Get(t.Context(), "2769144")
	require.NoError(t, err)
	assert.Equal(t, "2769144", tx.ID)
	assert.Equal(t, "withdrawal:823188", tx.ForeignID)
	assert.True(t, tx.IsWithdrawal(), "IsWithdrawal")
	assert.Equal(t, TransactionStatusConfirmed, tx.Status)
	assert.NotEmpty(t, tx.Raw)
	// Amounts sent as JSON numbers are read exactly; the documented float
	// txid is kept as written.
	assert.Equal(t, "0.0001", tx.CurrencySent.Amount.String(), "CurrencySent.Amount")
	require.NotEmpty(t, tx.Transactions)
	assert.Equal(t, "7.854431205445763e+76", tx.Transactions[0].TxID)
	assert.Equal(t, "text", tx.Transactions[0].Tag)
	assert.Equal(t, "withdrawal:823188", tx.Reference())
	assert.Len(t, tx.Fees, 2)
}

func TestTransactionsByForeignIDAndTxID(t *testing.T) {
	t.Parallel()
	var bodies []string
	c, _ := answering(t, "GET", "/transactions/info", 200, fixture(t, "callback_withdrawal_confirmed.json"), collect(&bodies))
	_, err := c.Transactions.FindByReference(t.Context(), "payout-77")
	require.NoError(t, err)
	tx, err := c.Transactions.ByTxID(t.Context(), "bb04")
	require.NoError(t, err)
	assert.Equal(t, []string{`{"foreign_id":"payout-77"}`, `{"txid":"bb04"}`}, bodies, "bodies")
	assert.Equal(t, "bb040d895ef7141ea0b06b04227d8f5dd4ee12d5b890e6e5633f6439393a666b", tx.TxID())
	assert.Equal(t, 1, tx.Confirmations())
}

func TestTransactionsInfoValidation(t *testing.T) {
	t.Parallel()
	c := offlineClient(t)
	for field, q := range map[string]*TransactionQuery{
		"id":         {},
		"foreign_id": {ID: "1", ForeignID: "x"},
		"txid":       {ForeignID: "x", TxID: "y"},
	} {
		_, err := c.Transactions.Info(t.Context(), q)
		var ve *payments.ValidationError
		if assert.ErrorAs(t, err, &ve, field) {
			assert.Equal(t, field, ve.Field)
		}
	}
	for _, id := range []string{"abc", "-1", "0", "1e5", "99999999999999999999"} {
		_, err := c.Transactions.Get(t.Context(), id)
		assert.ErrorIs(t, err, payments.ErrValidation, "Get(%q)", id)
	}
	_, err := c.Transactions.Info(t.Context(), nil)
	assert.ErrorIs(t, err, payments.ErrValidation, "nil")
}

func TestTransactionsInfoNotFoundAndMalformed(t *testing.T) {
	t.Parallel()
	c, _ := answering(t, "GET", "/transactions/info", 404, `{"errors":{"id":"Transaction not found."}}`, nil)
	_, err := c.Transactions.Get(t.Context(), "5")
	require.ErrorIs(t, err, payments.ErrNotFound)
	for _, body := range []string{`{}`, `[]`, `null`, `{"id":1e999999}`} {
		c, _ := answering(t, "GET", "/transactions/info", 200, body, nil)
		_, err := c.Transactions.Get(t.Context(), "5")
		assert.ErrorIs(t, err, payments.ErrMalformed, "body %s", body)
	}
	// A wrapped answer is accepted too.
	c2, mt2 := newTestClient(t)
	mt2.RegisterResponder("GET", testBase+"/transactions/info", respond(t, 200, `{"data":`+fixture(t, "callback_deposit_confirmed.json")+`}`, nil))
	tx, err := c2.Transactions.Get(t.Context(), "2686563")
	if assert.NoError(t, err, "wrapped") {
		assert.Equal(t, "2686563", tx.ID, "wrapped")
	}
}
