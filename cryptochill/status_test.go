package cryptochill

import (
	"encoding/json"
	"testing"

	"github.com/coinsdk/coinsdk/payments"
)

func TestStatusTables(t *testing.T) {
	cases := []struct {
		table map[string]payments.Status
		in    string
		want  payments.Status
	}{
		{invoiceStatuses, "new", payments.StatusPending},
		{invoiceStatuses, "pending", payments.StatusConfirming},
		{invoiceStatuses, "confirmed", payments.StatusPaid},
		{invoiceStatuses, "complete", payments.StatusPaid},
		{invoiceStatuses, "paid", payments.StatusPaid},
		{invoiceStatuses, "incomplete", payments.StatusUnderpaid},
		{invoiceStatuses, "expired", payments.StatusExpired},
		{invoiceStatuses, "something_new", payments.StatusUnknown},
		{transactionStatuses, "pending", payments.StatusConfirming},
		{transactionStatuses, "confirmed", payments.StatusPaid},
		{transactionStatuses, "complete", payments.StatusPaid},
		{transactionStatuses, "unconfirmed", payments.StatusConfirming},
		{transactionStatuses, "failed", payments.StatusFailed},
		{payoutStatuses, "draft", payments.StatusAwaitingApproval},
		{payoutStatuses, "new", payments.StatusPending},
		{payoutStatuses, "awaiting_funds", payments.StatusPending},
		{payoutStatuses, "pending", payments.StatusProcessing},
		{payoutStatuses, "unconfirmed", payments.StatusProcessing},
		{payoutStatuses, "confirmed", payments.StatusConfirming},
		{payoutStatuses, "complete", payments.StatusCompleted},
		{payoutStatuses, "rejected", payments.StatusCancelled},
		{payoutStatuses, "failed", payments.StatusFailed},
		{payoutStatuses, "", payments.StatusUnknown},
		{callbackStatuses, "invoice_incomplete", payments.StatusUnderpaid},
		{callbackStatuses, "payment_complete", payments.StatusPaid},
		{callbackStatuses, "transaction_zero_conf_confirmed", payments.StatusPaid},
		{callbackStatuses, "payout_failed", payments.StatusFailed},
		{callbackStatuses, "payout_complete", payments.StatusCompleted},
		{callbackStatuses, "invoice_refunded", payments.StatusUnknown},
	}
	for _, c := range cases {
		if got := normalize(c.table, c.in); got != c.want {
			t.Errorf("%q → %q, want %q", c.in, got, c.want)
		}
	}
}

// The lightning, Ripple and Liquid variants decode into their own fields and
// normalize with the tag split off and the payment request as the URL.
func TestInvoiceVariants(t *testing.T) {
	var env struct {
		Result []Invoice `json:"result"`
	}
	if err := json.Unmarshal([]byte(fixture(t, "invoice_variants.json")), &env); err != nil {
		t.Fatal(err)
	}
	ln, xrp, liquid := env.Result[0], env.Result[1], env.Result[2]
	if ln.Lightning == nil || ln.Lightning.PaymentRequest != "lntb100u1pw0example" || ln.Address != "" {
		t.Errorf("lightning: %+v", ln)
	}
	if got := toInvoice(&ln); got.PaymentURL != "lntb100u1pw0example" || got.Address != "" {
		t.Errorf("lightning normalized: %+v", got)
	}
	if xrp.XAddress != "XVmrpsnjrbc2wamZxxbkSnEn3hGXDRpUzKCnh54gcHPYdsm" {
		t.Errorf("xrp x_address: %q", xrp.XAddress)
	}
	if got := toInvoice(&xrp); got.Address != "rQ9zXuCaJfrW1tNiGk9t57GyKB5dmNHdof" || got.Tag != "1402" {
		t.Errorf("xrp normalized: address %q tag %q", got.Address, got.Tag)
	}
	if liquid.PublicAddress != "GvQH26UTNZacuUf3mBXTbBmcnQ24u3fdkm" || liquid.MinConfirmations == nil || *liquid.MinConfirmations != 2 {
		t.Errorf("liquid: %+v", liquid)
	}
	got := toInvoice(&liquid)
	// The invoiced amount includes the custom fee, "paid" has it deducted,
	// and paid_total is what arrived: that is what is compared.
	if got.Received.Amount.String() != "0.00031" || got.Status != payments.StatusPaid || got.Reference != "ref-9" {
		t.Errorf("liquid normalized: %s %s %q", got.Received, got.Status, got.Reference)
	}
}
