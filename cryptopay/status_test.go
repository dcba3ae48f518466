package cryptopay

import (
	"testing"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/stretchr/testify/assert"
)

// TestNormalizeInvoiceStatus: every invoice status of the notes with every
// status_context of the notes (and none): one row per status, one column
// per context.
func TestNormalizeInvoiceStatus(t *testing.T) {
	const (
		pe = payments.StatusPending
		pa = payments.StatusPaid
		ov = payments.StatusOverpaid
		un = payments.StatusUnderpaid
		oh = payments.StatusOnHold
		re = payments.StatusRefunded
		ex = payments.StatusExpired
		uk = payments.StatusUnknown
	)
	contexts := []string{"", ContextOverpaid, ContextUnderpaid, ContextPaidLate, ContextIllicitResource}
	grid := map[string][]payments.Status{
		//                  ""  overpaid underpaid paid_late illicit
		InvoiceNew:        {pe, pe, pe, pe, pe},
		InvoiceCompleted:  {pa, ov, pa, pa, pa},
		InvoiceUnresolved: {oh, ov, un, oh, oh},
		InvoiceRefunded:   {re, re, re, re, re},
		InvoiceCancelled:  {ex, ex, ex, ex, ex},
		"brand_new":       {uk, uk, uk, uk, uk},
	}
	for status, row := range grid {
		for i, ctx := range contexts {
			assert.Equal(t, row[i], NormalizeInvoiceStatus(status, ctx), "%s/%s", status, ctx)
		}
	}
	// The money of a late payment arrived: never a terminal "nothing received".
	late := NormalizeInvoiceStatus(InvoiceUnresolved, ContextPaidLate)
	assert.False(t, late.IsTerminal())
	assert.False(t, late.IsSuccess())
	// unresolved/underpaid is not terminal: a top-up or a recalculation may complete it.
	assert.False(t, NormalizeInvoiceStatus(InvoiceUnresolved, ContextUnderpaid).IsTerminal())
	// The hold after payments were seen is shown, and its release too.
	assert.Equal(t, oh, payments.Advance(payments.StatusConfirming, late), "confirming → unresolved/paid_late")
	assert.Equal(t, oh, payments.Advance(payments.StatusConfirming, NormalizeInvoiceStatus(InvoiceUnresolved, ContextIllicitResource)))
	assert.Equal(t, pa, payments.Advance(late, NormalizeInvoiceStatus(InvoiceCompleted, "")), "recalculated and completed")
	assert.Equal(t, re, payments.Advance(late, NormalizeInvoiceStatus(InvoiceRefunded, "")), "refunded")
	assert.Equal(t, pa, payments.Advance(NormalizeInvoiceStatus(InvoiceCancelled, ""), NormalizeInvoiceStatus(InvoiceCompleted, ContextPaidLate)))
}

// TestNormalizeWithdrawalStatus: every coin withdrawal status of the
// notes; failed is never a terminal failure; a hold comes and goes.
func TestNormalizeWithdrawalStatus(t *testing.T) {
	for status, want := range map[string]payments.Status{
		WithdrawalNew:        payments.StatusPending,
		WithdrawalPending:    payments.StatusProcessing,
		WithdrawalOnHold:     payments.StatusOnHold,
		WithdrawalProcessing: payments.StatusProcessing,
		WithdrawalSent:       payments.StatusProcessing,
		WithdrawalCompleted:  payments.StatusCompleted,
		WithdrawalFailed:     payments.StatusProcessing,
		WithdrawalCancelled:  payments.StatusCancelled,
		"mystery":            payments.StatusUnknown,
	} {
		assert.Equal(t, want, NormalizeWithdrawalStatus(status), status)
	}
	failed := NormalizeWithdrawalStatus(WithdrawalFailed)
	assert.False(t, failed.IsTerminal())
	assert.NotEqual(t, payments.StatusFailed, failed)
	for _, next := range []string{WithdrawalCompleted, WithdrawalCancelled} {
		assert.Equal(t, NormalizeWithdrawalStatus(next), payments.Advance(failed, NormalizeWithdrawalStatus(next)), "failed → %s", next)
	}
	// A hold after processing is shown; the release after it too.
	hold := NormalizeWithdrawalStatus(WithdrawalOnHold)
	for _, before := range []string{WithdrawalNew, WithdrawalPending, WithdrawalProcessing, WithdrawalSent} {
		assert.Equal(t, hold, payments.Advance(NormalizeWithdrawalStatus(before), hold), "%s → on_hold", before)
	}
	for _, after := range []string{WithdrawalProcessing, WithdrawalSent, WithdrawalCompleted, WithdrawalCancelled} {
		assert.Equal(t, NormalizeWithdrawalStatus(after), payments.Advance(hold, NormalizeWithdrawalStatus(after)), "on_hold → %s", after)
	}
	assert.False(t, hold.IsTerminal())
	assert.False(t, hold.IsSuccess())
}

// TestNormalizeChannelPaymentStatus: every status of the notes with every
// context of the notes (and none).
func TestNormalizeChannelPaymentStatus(t *testing.T) {
	for _, ctx := range []string{"", ContextIllicitResource, ContextChannelDisabled} {
		assert.Equal(t, payments.StatusConfirming, NormalizeChannelPaymentStatus(ChannelPaymentPending, ctx))
		assert.Equal(t, payments.StatusOnHold, NormalizeChannelPaymentStatus(ChannelPaymentOnHold, ctx), "on_hold/%s is held, not credited", ctx)
		assert.Equal(t, payments.StatusPaid, NormalizeChannelPaymentStatus(ChannelPaymentCompleted, ctx))
		assert.Equal(t, payments.StatusRefunded, NormalizeChannelPaymentStatus(ChannelPaymentRefunded, ctx))
		assert.Equal(t, payments.StatusCancelled, NormalizeChannelPaymentStatus(ChannelPaymentCancelled, ctx))
		assert.Equal(t, payments.StatusUnknown, NormalizeChannelPaymentStatus("other", ctx))
	}
	hold := NormalizeChannelPaymentStatus(ChannelPaymentOnHold, ContextIllicitResource)
	assert.False(t, hold.IsSuccess())
	assert.Equal(t, hold, payments.Advance(NormalizeChannelPaymentStatus(ChannelPaymentPending, ""), hold), "pending → on_hold")
	assert.Equal(t, payments.StatusPaid, payments.Advance(hold, NormalizeChannelPaymentStatus(ChannelPaymentCompleted, "")), "on_hold → completed")
}

// TestAdapterStatusMapping: the adapter carries status_context into the
// normalized objects and ProviderStatus.
func TestAdapterStatusMapping(t *testing.T) {
	for _, tc := range []struct {
		status, context string
		want            payments.Status
		provider        string
	}{
		{InvoiceNew, "", payments.StatusPending, "new"},
		{InvoiceCompleted, "", payments.StatusPaid, "completed"},
		{InvoiceCompleted, ContextOverpaid, payments.StatusOverpaid, "completed:overpaid"},
		{InvoiceCompleted, ContextPaidLate, payments.StatusPaid, "completed:paid_late"},
		{InvoiceUnresolved, ContextUnderpaid, payments.StatusUnderpaid, "unresolved:underpaid"},
		{InvoiceUnresolved, ContextOverpaid, payments.StatusOverpaid, "unresolved:overpaid"},
		{InvoiceUnresolved, ContextPaidLate, payments.StatusOnHold, "unresolved:paid_late"},
		{InvoiceUnresolved, ContextIllicitResource, payments.StatusOnHold, "unresolved:illicit_resource"},
		{InvoiceRefunded, "", payments.StatusRefunded, "refunded"},
		{InvoiceCancelled, "", payments.StatusExpired, "cancelled"},
	} {
		inv := toInvoice(&Invoice{ID: "i", Status: tc.status, StatusContext: tc.context})
		assert.Equal(t, tc.want, inv.Status, "%s/%s", tc.status, tc.context)
		assert.Equal(t, tc.provider, inv.ProviderStatus)
	}
	// A new invoice paid in full but not confirmed is confirming.
	seen := toInvoice(&Invoice{ID: "i", Status: InvoiceNew, PayAmount: *dec("0.5"), PaidAmount: *dec("0.5")})
	assert.Equal(t, payments.StatusConfirming, seen.Status)
	part := toInvoice(&Invoice{ID: "i", Status: InvoiceNew, PayAmount: *dec("0.5"), PaidAmount: *dec("0.2")})
	assert.Equal(t, payments.StatusPending, part.Status)

	a := &Adapter{}
	for _, s := range []string{WithdrawalNew, WithdrawalPending, WithdrawalOnHold, WithdrawalProcessing, WithdrawalSent, WithdrawalCompleted, WithdrawalFailed, WithdrawalCancelled} {
		p := a.toPayout(&CoinWithdrawal{ID: "w", Status: s}, "")
		assert.Equal(t, NormalizeWithdrawalStatus(s), p.Status)
		assert.Equal(t, s, p.ProviderStatus)
	}
}
