package channels

import (
	"github.com/coinsdk/coinsdk/payments"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// numberish are references that read as numbers in exponent form; a
// whole-body scan for hostile numbers would refuse them (and "1e999999999"
// would cost a billion digits if it were ever parsed as one).
var numberish = []string{"12e45678", "1e999999999", "0E0", "-5e-300"}

// Strings that look like numbers (an orderId, a customerId, an address, an
// id) are decoded as the strings they are, in an answer and in a callback:
// only the fields that are amounts are read as numbers.
func TestNumberLookingStringsStayStrings(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	for _, s := range numberish {
		c, mt := newTestClient(t)
		mt.RegisterResponder(http.MethodPost, testBase+"/api/v2/withdrawal", checkedResponder(t, 201,
			`{"success":true,"data":{"id":"`+s+`","type":"withdrawal","status":"processing","amount":"1.5","currency":"tUSDT",`+
				`"customerId":"`+s+`","orderId":"`+s+`","address":"`+s+`","invoiceId":"`+s+`","transactionHash":"`+s+`",`+
				`"info":{"transactionCurrency":"`+s+`","referenceCurrency":"`+s+`"}}}`, nil))
		tx, err := c.Withdrawals.Create(ctx, &WithdrawalParams{Amount: mustDec("1.5"), Currency: TUSDT, CustomerID: s, Address: s, OrderID: s})
		require.NoError(t, err, s)
		for name, got := range map[string]string{"id": tx.ID, "customerId": tx.CustomerID, "orderId": tx.OrderID,
			"invoiceId": tx.InvoiceID, "transactionHash": tx.TransactionHash, "info.transactionCurrency": tx.Info.TransactionCurrency,
			"info.referenceCurrency": tx.Info.ReferenceCurrency} {
			assert.Equal(t, s, got, "%s %s", s, name)
		}
		assert.Equal(t, "1.5", tx.Amount.String())

		mt.RegisterResponder(http.MethodPost, testBase+"/api/v2/channels", checkedResponder(t, 201,
			`{"success":true,"data":{"address":"`+s+`","qrCodeURL":"`+s+`"}}`, nil))
		ch, err := c.Channels.Create(ctx, &ChannelParams{Currency: TUSDT, CustomerID: s})
		require.NoError(t, err, s)
		assert.Equal(t, s, ch.Address)
		assert.Equal(t, s, ch.QRCodeURL)

		mt.RegisterResponder(http.MethodPost, testBase+"/wallet/address", checkedResponder(t, 201,
			`{"success":true,"data":"`+s+`","qrCodeURL":"`+s+`"}`, nil))
		ch, err = c.Channels.WalletAddress(ctx, &ChannelParams{Currency: TUSDT, CustomerID: s})
		require.NoError(t, err, s)
		assert.Equal(t, s, ch.Address)
		assert.Equal(t, s, ch.QRCodeURL)

		mt.RegisterResponder(http.MethodPost, testBase+"/api/v2/invoice", checkedResponder(t, 201,
			`{"success":true,"data":{"id":"`+s+`","url":"`+s+`","status":"`+s+`"}}`, nil))
		inv, err := c.Invoices.CreateFixed(ctx, &InvoiceParams{Amount: mustDec("10"), BaseCurrency: "EUR", CustomerID: s, OrderID: s})
		require.NoError(t, err, s)
		assert.Equal(t, Invoice{ID: s, URL: s, Status: InvoiceStatus(s), Raw: inv.Raw}, *inv)

		id := s
		if id == "-5e-300" {
			id = "-5e-300x" // an id, not a decimal; no '.' so the hash binds it
		}
		body, _, err := SignTestWebhook(testSecret, []byte(`{"callbackType":"transaction","id":"`+id+`","type":"deposit","status":"confirmed",`+
			`"amount":"10.50","currency":"tUSDT","customerId":"`+s+`","orderId":"`+s+`","invoiceId":"`+s+`","transactionHash":"`+s+`"}`))
		require.NoError(t, err)
		ev, err := c.Webhooks.ParseBody(body, nil)
		require.NoError(t, err, s)
		assert.Equal(t, id, ev.ID)
		assert.Equal(t, s, ev.Transaction.CustomerID)
		assert.Equal(t, s, ev.Transaction.OrderID)
		assert.Equal(t, s, ev.Transaction.InvoiceID)
		assert.Equal(t, s, ev.Transaction.TransactionHash)
		assert.Equal(t, "10.5", ev.Transaction.Amount.String())
	}
}

// The envelope is read in one pass with keys matched as encoding/json
// matches them (any case, last wins); "data" is decoded once and kept as it
// was sent; invoices, whose shape is not published, read the usual names in
// any case and tolerate values of an unexpected type.
func TestEnvelopeAndInvoiceDecodedOnce(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	c, mt := newTestClient(t)
	data := `{ "id" : "t-1", "type":"deposit", "amount" : "2.50", "currency":"BTC" }`
	mt.RegisterResponder(http.MethodGet, testBase+"/api/v2/transaction/t-1", checkedResponder(t, 200,
		`{"Success":true,"data":{"id":"t-1","amount":"1","currency":"BTC"},"DATA":`+data+`,"meta":{"x":[1,2]}}`, nil))
	tx, err := c.Transactions.Get(ctx, "t-1")
	require.NoError(t, err)
	assert.Equal(t, "2.5", tx.Amount.String(), "the last data wins, in any case")
	assert.Equal(t, data, string(tx.Raw), "Raw is the data member exactly as sent")

	// A refusal in a 2xx answer is the API's (ErrInvalidRequest); an
	// envelope that cannot be read is malformed.
	for body, want := range map[string]error{
		`{"success":false,"errors":[{"code":"X","message":"no"}]}`: payments.ErrInvalidRequest,
		`{"SUCCESS":false}`: payments.ErrInvalidRequest,
		`{"success":true,"success":false,"data":` + data + `}`: payments.ErrInvalidRequest,
		`{"success":"false","data":` + data + `}`:              payments.ErrMalformed,
		`[` + data + `]`:                                       payments.ErrMalformed,
		`{"success":null,"data":` + data + `}`:                 nil,
		`{"success":false,"success":true,"data":` + data + `}`: nil,
	} {
		mt.RegisterResponder(http.MethodGet, testBase+"/api/v2/transaction/t-1", checkedResponder(t, 200, body, nil))
		_, err := c.Transactions.Get(ctx, "t-1")
		if want == nil {
			assert.NoError(t, err, body)
		} else {
			assert.ErrorIs(t, err, want, body)
		}
	}

	mt.RegisterResponder(http.MethodPost, testBase+"/api/v1/invoice", checkedResponder(t, 201,
		`{"success":true,"data":{"ID":5,"checkoutURL":"https://pay/x","uuid":{"x":1},"invoice":{"status":"new","url":"https://other"}}}`, nil))
	inv, err := c.Invoices.CreateFloating(ctx, &InvoiceParams{Amount: mustDec("10"), BaseCurrency: "EUR", CustomerID: "c"})
	require.NoError(t, err)
	assert.Equal(t, "5", inv.ID)
	assert.Equal(t, "https://pay/x", inv.URL)
	assert.Equal(t, InvoiceStatus("new"), inv.Status, "read from the nested invoice")
}
