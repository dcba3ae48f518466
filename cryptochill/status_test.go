package cryptochill

import (
	"encoding/json"
	"testing"

	"github.com/coinsdk/coinsdk/internal/providertest"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// normalizers normalize a status string the way each model's Normalized
// does (callbacks: an event not refreshed yet, whose status is its Type's).
var normalizers = map[string]func(string) payments.Status{
	"invoice":     func(s string) payments.Status { return (&Invoice{Status: InvoiceStatus(s)}).Normalized() },
	"transaction": func(s string) payments.Status { return (&Transaction{Status: TransactionStatus(s)}).Normalized() },
	"payout":      func(s string) payments.Status { return (&Payout{Status: PayoutStatus(s)}).Normalized() },
	"callback":    func(s string) payments.Status { return (&Event{Type: EventType(s)}).status() },
}

// plain is a status table keyed by plain strings.
func plain[S ~string](table map[S]payments.Status) map[string]payments.Status {
	out := make(map[string]payments.Status, len(table))
	for k, v := range table {
		out[string(k)] = v
	}
	return out
}

func TestStatusTables(t *testing.T) {
	t.Parallel()
	cases := []struct {
		kind string
		in   string
		want payments.Status
	}{
		{"invoice", "new", payments.StatusPending},
		{"invoice", "pending", payments.StatusConfirming},
		{"invoice", "confirmed", payments.StatusPaid},
		{"invoice", "complete", payments.StatusPaid},
		{"invoice", "paid", payments.StatusPaid},
		{"invoice", "incomplete", payments.StatusUnderpaid},
		{"invoice", "expired", payments.StatusExpired},
		{"invoice", "something_new", payments.StatusUnknown},
		{"transaction", "pending", payments.StatusConfirming},
		{"transaction", "confirmed", payments.StatusPaid},
		{"transaction", "complete", payments.StatusPaid},
		{"transaction", "unconfirmed", payments.StatusConfirming},
		{"transaction", "failed", payments.StatusFailed},
		{"payout", "draft", payments.StatusAwaitingApproval},
		{"payout", "new", payments.StatusPending},
		{"payout", "awaiting_funds", payments.StatusPending},
		{"payout", "pending", payments.StatusProcessing},
		{"payout", "unconfirmed", payments.StatusProcessing},
		{"payout", "confirmed", payments.StatusConfirming},
		{"payout", "complete", payments.StatusCompleted},
		{"payout", "rejected", payments.StatusCancelled},
		{"payout", "failed", payments.StatusFailed},
		{"payout", "", payments.StatusUnknown},
		{"callback", "invoice_incomplete", payments.StatusUnderpaid},
		{"callback", "payment_complete", payments.StatusPaid},
		{"callback", "transaction_zero_conf_confirmed", payments.StatusPaid},
		{"callback", "payout_failed", payments.StatusFailed},
		{"callback", "payout_complete", payments.StatusCompleted},
		{"callback", "invoice_refunded", payments.StatusUnknown},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, normalizers[c.kind](c.in), "%s %q", c.kind, c.in)
	}
}

// The lightning, Ripple and Liquid variants decode into their own fields and
// normalize with the tag split off and the payment request as the URL.
func TestInvoiceVariants(t *testing.T) {
	t.Parallel()
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
	t.Parallel()
	type want = providertest.StatusMeaning
	progress, done := providertest.InProgress, providertest.Final
	for name, c := range map[string]struct {
		table map[string]payments.Status
		want  map[string]want
	}{
		"invoice": {plain(invoiceStatuses), map[string]want{
			"new":        progress(payments.StatusPending),
			"pending":    progress(payments.StatusConfirming), // the full amount, 0 confirmations
			"confirmed":  done(payments.StatusPaid, true),     // min_confirmations reached
			"complete":   done(payments.StatusPaid, true),     // 6+
			"paid":       done(payments.StatusPaid, true),
			"incomplete": progress(payments.StatusUnderpaid), // less than requested: never a success
			"expired":    done(payments.StatusExpired, false),
		}},
		"transaction": {plain(transactionStatuses), map[string]want{
			"pending":     progress(payments.StatusConfirming),
			"confirmed":   done(payments.StatusPaid, true),
			"complete":    done(payments.StatusPaid, true),
			"unconfirmed": progress(payments.StatusConfirming), // may still confirm
			"failed":      done(payments.StatusFailed, false),
		}},
		"payout": {plain(payoutStatuses), map[string]want{
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
		"callback": {plain(eventStatuses), map[string]want{
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
		for status, s := range c.table {
			assert.Equal(t, s, normalizers[name](status), "%s %q", name, status)
			assert.Contains(t, payments.Statuses(), s, "%s %q normalizes to a status payments knows", name, status)
		}
		assert.Equal(t, c.want, providertest.Meanings(c.table), "%s statuses", name)
		assert.Equal(t, payments.StatusUnknown, normalizers[name]("not_a_status"), "%s: an unknown status", name)
	}
	// Every callback_status names the kind of object it carries.
	for status := range eventStatuses {
		assert.NotEqual(t, KindOther, kindOf(status), status)
	}
}
