package cryptoprocessing

import (
	"testing"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A repeated CreateInvoice with the same reference (after an unknown
// outcome) is answered "foreign_id already taken": the invoice is looked up
// and returned when it matches, refused as a duplicate when it does not.
func TestAdapterCreateInvoiceDuplicateReference(t *testing.T) {
	t.Parallel()
	taken := `{"errors":{"foreign_id":"The foreign id has already been taken."}}`
	for name, tc := range map[string]struct {
		amount  string
		lookup  int
		wantErr error
	}{
		"ours":            {"10", 200, nil},
		"somebody else's": {"12", 200, payments.ErrDuplicateReference},
		"not listed yet":  {"10", 404, payments.ErrUnknownOutcome},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			c, mt := answering(t, "POST", "/invoices/create", 400, taken, nil)
			body := fixture(t, "callback_invoice_pending.json")
			if tc.lookup != 200 {
				body = `{"errors":{"foreign_id":"Transaction not found."}}`
			}
			mt.RegisterResponder("GET", testBase+"/transactions/info", respond(t, tc.lookup, body, wantBody(t, `{"foreign_id":"order-1001"}`)))
			a := newAdapter(t, c, AdapterOptions{SuccessURL: "https://shop.example/ok", FailureURL: "https://shop.example/no", Email: "a@shop.example"})
			inv, err := a.CreateInvoice(t.Context(), &payments.InvoiceParams{Amount: payments.MustMoney(tc.amount, "EUR"), Reference: "order-1001"})
			if tc.wantErr == nil {
				require.NoError(t, err)
				assert.Equal(t, "588", inv.ID)
				assert.Equal(t, "order-1001", inv.Reference)
				return
			}
			require.ErrorIs(t, err, tc.wantErr)
			if tc.wantErr == payments.ErrUnknownOutcome {
				uo := providertest.UnknownOutcome(t, err)
				assert.Equal(t, "order-1001", uo.Reference)
			}
		})
	}
}

func TestAdapterFindInvoice(t *testing.T) {
	t.Parallel()
	c, _ := answering(t, "GET", "/transactions/info", 200, fixture(t, "callback_withdrawal_pending.json"), nil)
	a := newAdapter(t, c, AdapterOptions{})
	_, err := a.FindInvoice(t.Context(), "payout-77")
	assert.ErrorIs(t, err, payments.ErrNotFound, "a withdrawal is not an invoice")
	_, err = a.FindInvoice(t.Context(), " ")
	assert.ErrorIs(t, err, payments.ErrValidation)
	assert.True(t, a.Capabilities().Has(payments.CapFindInvoice|payments.CapFindPayout))
}
