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
		{"deposit same convert", (&DepositParams{Asset: "BTC", Customer: "c", ConvertTo: "btc"}).Validate(), "convert_to"},
	}
	for _, c := range cases {
		var ve *ValidationError
		if assert.ErrorAs(t, c.err, &ve, c.name) {
			assert.Equal(t, c.field, ve.Field, c.name)
		}
	}
	assert.NoError(t, (&PayoutParams{Amount: MustMoney("0.001", "BTC"), Address: "bc1q"}).Validate(), "valid payout")
}
