package cryptochill

import (
	"encoding/json"
	"testing"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
		assert.Equal(t, c.want, normalize(c.table, c.in), "%q", c.in)
	}
}

// The lightning, Ripple and Liquid variants decode into their own fields and
// normalize with the tag split off and the payment request as the URL.
func TestInvoiceVariants(t *testing.T) {
	var env struct {
		Result []Invoice `json:"result"`
	}
	require.NoError(t, json.Unmarshal([]byte(fixture(t, "invoice_variants.json")), &env))
	require.GreaterOrEqual(t, len(env.Result), 3, "variants")
	ln, xrp, liquid := env.Result[0], env.Result[1], env.Result[2]
	if assert.NotNil(t, ln.Lightning, "lightning") {
		assert.Equal(t, "lntb100u1pw0example", ln.Lightning.PaymentRequest, "lightning payment request")
	}
	assert.Empty(t, ln.Address, "lightning address")
	lnInv := toInvoice(&ln)
	assert.Equal(t, "lntb100u1pw0example", lnInv.PaymentURL, "lightning normalized PaymentURL")
	assert.Empty(t, lnInv.Address, "lightning normalized Address")
	assert.Equal(t, "XVmrpsnjrbc2wamZxxbkSnEn3hGXDRpUzKCnh54gcHPYdsm", xrp.XAddress, "xrp x_address")
	xrpInv := toInvoice(&xrp)
	assert.Equal(t, "rQ9zXuCaJfrW1tNiGk9t57GyKB5dmNHdof", xrpInv.Address, "xrp normalized Address")
	assert.Equal(t, "1402", xrpInv.Tag, "xrp normalized Tag")
	assert.Equal(t, "GvQH26UTNZacuUf3mBXTbBmcnQ24u3fdkm", liquid.PublicAddress, "liquid public_address")
	if assert.NotNil(t, liquid.MinConfirmations, "liquid min_confirmations") {
		assert.Equal(t, 2, *liquid.MinConfirmations, "liquid min_confirmations")
	}
	got := toInvoice(&liquid)
	// The invoiced amount includes the custom fee, "paid" has it deducted,
	// and paid_total is what arrived: that is what is compared.
	assert.Equal(t, "0.00031", got.Received.Amount.String(), "liquid normalized Received")
	assert.Equal(t, payments.StatusPaid, got.Status, "liquid normalized Status")
	assert.Equal(t, "ref-9", got.Reference, "liquid normalized Reference")
}

// TestStatusTablesAreExactlyTheDocumented: every status the API documents
// (invoice statuses and list filter values; transaction, payout and
// callback statuses; "paid" from the Get Invoice example), and only those,
// with the normalized status and what it means for crediting and paying.
// Any change to a table (a status added, dropped or moved) fails here.
func TestStatusTablesAreExactlyTheDocumented(t *testing.T) {
	type want struct {
		status            payments.Status
		success, terminal bool
	}
	progress := func(s payments.Status) want { return want{s, false, false} }
	done := func(s payments.Status, ok bool) want { return want{s, ok, true} }
	for name, c := range map[string]struct {
		table map[string]payments.Status
		want  map[string]want
	}{
		"invoice": {invoiceStatuses, map[string]want{
			"new":        progress(payments.StatusPending),
			"pending":    progress(payments.StatusConfirming), // the full amount, 0 confirmations
			"confirmed":  done(payments.StatusPaid, true),     // min_confirmations reached
			"complete":   done(payments.StatusPaid, true),     // 6+
			"paid":       done(payments.StatusPaid, true),
			"incomplete": progress(payments.StatusUnderpaid), // less than requested: never a success
			"expired":    done(payments.StatusExpired, false),
		}},
		"transaction": {transactionStatuses, map[string]want{
			"pending":     progress(payments.StatusConfirming),
			"confirmed":   done(payments.StatusPaid, true),
			"complete":    done(payments.StatusPaid, true),
			"unconfirmed": progress(payments.StatusConfirming), // may still confirm
			"failed":      done(payments.StatusFailed, false),
		}},
		"payout": {payoutStatuses, map[string]want{
			"draft":          progress(payments.StatusAwaitingApproval),
			"new":            progress(payments.StatusPending),
			"awaiting_funds": progress(payments.StatusPending),
			"pending":        progress(payments.StatusProcessing),
			"unconfirmed":    progress(payments.StatusProcessing),
			"confirmed":      progress(payments.StatusConfirming), // one confirmation can be reorganised away
			"complete":       done(payments.StatusCompleted, true),
			"rejected":       done(payments.StatusCancelled, false),
			"failed":         done(payments.StatusFailed, false),
		}},
		"callback": {callbackStatuses, map[string]want{
			"invoice_pending":                 progress(payments.StatusConfirming),
			"invoice_confirmed":               done(payments.StatusPaid, true),
			"invoice_complete":                done(payments.StatusPaid, true),
			"invoice_incomplete":              progress(payments.StatusUnderpaid),
			"payment_complete":                done(payments.StatusPaid, true),
			"transaction_pending":             progress(payments.StatusConfirming),
			"transaction_confirmed":           done(payments.StatusPaid, true),
			"transaction_complete":            done(payments.StatusPaid, true),
			"transaction_zero_conf_confirmed": done(payments.StatusPaid, true),
			"payout_pending":                  progress(payments.StatusProcessing),
			"payout_confirmed":                progress(payments.StatusConfirming),
			"payout_complete":                 done(payments.StatusCompleted, true),
			"payout_failed":                   done(payments.StatusFailed, false),
		}},
	} {
		got := map[string]want{}
		for status, s := range c.table {
			got[status] = want{s, s.IsSuccess(), s.IsTerminal()}
			assert.Equal(t, s, normalize(c.table, status), "%s %q", name, status)
			assert.Contains(t, payments.Statuses(), s, "%s %q normalizes to a status payments knows", name, status)
		}
		assert.Equal(t, c.want, got, "%s statuses", name)
		assert.Equal(t, payments.StatusUnknown, normalize(c.table, "not_a_status"), "%s: an unknown status", name)
	}
	// Every callback_status names the kind of object it carries.
	for status := range callbackStatuses {
		assert.NotEqual(t, EventOther, kindOf(status), status)
	}
}
