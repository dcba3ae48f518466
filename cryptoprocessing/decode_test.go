package cryptoprocessing

import (
	"net/http"
	"strings"
	"testing"

	"github.com/coinsdk/coinsdk/internal/decjson"
	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const numericUUID = "1234e567-0000-4000-8000-000000000000"

func withdrawalCallback(foreignID, address, amount string) []byte {
	return []byte(`{"id":2686100,"foreign_id":"` + foreignID + `","type":"withdrawal","end_user_reference":"12e45678",` +
		`"crypto_address":{"id":411002,"currency":"BTC","address":"` + address + `","tag":"12e45678"},` +
		`"transactions":[{"id":823194,"currency":"BTC","transaction_type":"blockchain","type":"withdrawal",` +
		`"address":"` + address + `","amount":` + amount + `,"txid":"12e45678","confirmations":"1"}],` +
		`"fees":[{"type":"mining","currency":"BTC","amount":1e-08}],"error":"","status":"confirmed"}`)
}

// References, ids, tags and addresses made of digits and "e" are strings:
// a lookup by reference resolves and a callback is accepted.
func TestNumericLookingStringsAreStrings(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	mt.RegisterResponder("GET", testBase+"/transactions/info", func(r *http.Request) (*http.Response, error) {
		q := decodeJSON(t, signedBody(t, r))
		return httpmock.NewBytesResponse(200, withdrawalCallback(q["foreign_id"].(string), numericUUID, `"0.01"`)), nil
	})
	for _, ref := range []string{"12e45678", numericUUID} {
		tx, err := c.Transactions.FindByReference(t.Context(), ref)
		require.NoError(t, err, ref)
		assert.Equal(t, ref, tx.Reference())
		assert.Equal(t, "12e45678", tx.EndUserReference)
		assert.Equal(t, "12e45678", tx.CryptoAddress.Tag)
		assert.Equal(t, numericUUID, tx.CryptoAddress.Address)
		assert.Equal(t, "12e45678", tx.TxID())
		assert.Equal(t, "0.00000001", tx.Fees[0].Amount.String())

		body := withdrawalCallback(ref, numericUUID, `3.708847905797581e-05`)
		ev, err := c.Webhooks.ParseBody(body, sigHeader(signBody(testSecret, body)))
		require.NoError(t, err, ref)
		assert.Equal(t, ref, ev.Transaction.Reference())
		assert.Equal(t, "0.00003708847905797581", ev.Transaction.Transactions[0].Amount.String())
		assert.Equal(t, string(body), string(ev.Raw))
	}
}

// A million-digit amount, quoted or not, is refused before any parsing,
// through a callback and through a list.
func TestHugeAmountsRefusedCheaply(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	for name, amount := range providertest.HugeAmounts() {
		body := withdrawalCallback("ref-1", "addr", amount)
		sig := sigHeader(signBody(testSecret, body))
		allocated := providertest.AllocatedBy(func() {
			_, err := c.Webhooks.ParseBody(body, sig)
			require.ErrorIs(t, err, payments.ErrMalformed, name)
			assert.ErrorIs(t, err, decjson.ErrHostileNumber, name)
		})
		assert.Less(t, allocated, uint64(16<<20), "callback with a %s amount allocated %d bytes", name, allocated)

		mt.RegisterResponder("POST", testBase+"/accounts/list", httpmock.NewStringResponder(200,
			`{"data":[{"currency":"BTC","type":"crypto","balance":`+amount+`}]}`))
		allocated = providertest.AllocatedBy(func() {
			_, err := c.Accounts.List(t.Context())
			require.ErrorIs(t, err, payments.ErrMalformed, name)
		})
		assert.Less(t, allocated, uint64(32<<20), "list with a %s amount allocated %d bytes", name, allocated)
	}
}

// Every amount of a transaction, its legs and fees is decoded under the
// guard, as a string or a number.
func TestTransactionAmountsGuarded(t *testing.T) {
	t.Parallel()
	for _, path := range []func(v string) string{
		func(v string) string { return `{"currency_sent":{"amount":` + v + `}}` },
		func(v string) string { return `{"currency_received":{"amount_minus_fee":` + v + `}}` },
		func(v string) string { return `{"currency_received":{"remaining_amount":` + v + `}}` },
		func(v string) string { return `{"transactions":[{"amount":` + v + `}]}` },
		func(v string) string { return `{"transactions":[{"amount_to":` + v + `}]}` },
		func(v string) string { return `{"fees":[{},{"amount":` + v + `}]}` },
	} {
		for _, hostile := range []string{`"1e999999999"`, `1e999999999`, strings.Repeat("1", 5000)} {
			var tx Transaction
			in := path(hostile)
			assert.ErrorIs(t, decode([]byte(in), &tx), decjson.ErrHostileNumber, in[:min(len(in), 60)])
		}
		var tx Transaction
		require.NoError(t, decode([]byte(path(`"1e-08"`)), &tx))
	}
}

func TestDataRawIsASliceOfTheBody(t *testing.T) {
	t.Parallel()
	c, mt := newTestClient(t)
	body := `{"data":[ {"currency":"BTC","type":"crypto","balance":"0.5"} ,{"currency":"ETH","balance":1E-8}]}`
	mt.RegisterResponder("POST", testBase+"/accounts/list", httpmock.NewStringResponder(200, body))
	accts, err := c.Accounts.List(t.Context())
	require.NoError(t, err)
	require.Len(t, accts, 2)
	assert.Equal(t, `{"currency":"BTC","type":"crypto","balance":"0.5"}`, string(accts[0].Raw))
	assert.Equal(t, "0.00000001", accts[1].Balance.String())
}
