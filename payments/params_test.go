package payments

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParamsValidate(t *testing.T) {
	cases := []struct {
		name  string
		err   error
		field string
	}{
		{"nil invoice", (*InvoiceParams)(nil).Validate(), "params"},
		{"invoice no currency", (&InvoiceParams{Amount: Money{Amount: MustMoney("1", "").Amount}}).Validate(), "amount.currency"},
		{"payout no address", (&PayoutParams{Amount: MustMoney("1", "BTC")}).Validate(), "address"},
		{"payout zero", (&PayoutParams{Amount: MustMoney("0", "BTC"), Address: "a"}).Validate(), "amount"},
		{"deposit no asset", (&DepositParams{Customer: "c"}).Validate(), "asset"},
		{"deposit no customer", (&DepositParams{Asset: "BTC"}).Validate(), "customer"},
		{"invoice blank reference", (&InvoiceParams{Amount: MustMoney("1", "USD"), Reference: "   "}).Validate(), "reference"},
		{"invoice padded reference", (&InvoiceParams{Amount: MustMoney("1", "USD"), Reference: "order-1 "}).Validate(), "reference"},
		{"payout blank reference", (&PayoutParams{Amount: MustMoney("1", "BTC"), Address: "a", Reference: "\t"}).Validate(), "reference"},
		{"payout padded reference", (&PayoutParams{Amount: MustMoney("1", "BTC"), Address: "a", Reference: " wd-1"}).Validate(), "reference"},
		{"deposit same convert", (&DepositParams{Asset: "BTC", Customer: "c", ConvertTo: "btc"}).Validate(), "convert_to"},
	}
	for _, c := range cases {
		var ve *ValidationError
		if assert.ErrorAs(t, c.err, &ve, c.name) {
			assert.Equal(t, c.field, ve.Field, c.name)
		}
	}
	assert.NoError(t, (&PayoutParams{Amount: MustMoney("0.001", "BTC"), Address: "bc1q"}).Validate(), "valid payout")
	assert.NoError(t, (&PayoutParams{Amount: MustMoney("0.001", "BTC"), Address: "bc1q", Reference: "wd 1"}).Validate(), "inner space is the merchant's")
	assert.NoError(t, (&InvoiceParams{Amount: MustMoney("1", "USD"), Reference: "order-1"}).Validate(), "valid invoice")
}
