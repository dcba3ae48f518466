package cryptopay

import (
	"testing"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/stretchr/testify/assert"
)

// TestNormalizeInvoiceStatus: every invoice status with every context.
func TestNormalizeInvoiceStatus(t *testing.T) {
	contexts := []string{"", ContextOverpaid, ContextUnderpaid, ContextPaidLate, ContextIllicitResource}
	want := map[string]map[string]payments.Status{
		InvoiceNew: {"": payments.StatusPending, ContextOverpaid: payments.StatusPending, ContextUnderpaid: payments.StatusPending,
			ContextPaidLate: payments.StatusPending, ContextIllicitResource: payments.StatusPending},
		InvoiceCompleted: {"": payments.StatusPaid, ContextOverpaid: payments.StatusOverpaid, ContextUnderpaid: payments.StatusPaid,
			ContextPaidLate: payments.StatusPaid, ContextIllicitResource: payments.StatusPaid},
		InvoiceUnresolved: {"": payments.StatusAwaitingApproval, ContextOverpaid: payments.StatusOverpaid, ContextUnderpaid: payments.StatusUnderpaid,
			ContextPaidLate: payments.StatusExpired, ContextIllicitResource: payments.StatusAwaitingApproval},
		InvoiceRefunded: {"": payments.StatusRefunded, ContextOverpaid: payments.StatusRefunded, ContextUnderpaid: payments.StatusRefunded,
			ContextPaidLate: payments.StatusRefunded, ContextIllicitResource: payments.StatusRefunded},
		InvoiceCancelled: {"": payments.StatusExpired, ContextOverpaid: payments.StatusExpired, ContextUnderpaid: payments.StatusExpired,
			ContextPaidLate: payments.StatusExpired, ContextIllicitResource: payments.StatusExpired},
		"brand_new": {"": payments.StatusUnknown},
	}
	for status, byContext := range want {
		for _, ctx := range contexts {
			w, ok := byContext[ctx]
			if !ok {
				continue
			}
			assert.Equal(t, w, NormalizeInvoiceStatus(status, ctx), "%s/%s", status, ctx)
		}
	}
	// unresolved/underpaid is not terminal: a top-up or a recalculation may complete it.
	assert.False(t, NormalizeInvoiceStatus(InvoiceUnresolved, ContextUnderpaid).IsTerminal())
	// A late payment accepted through a recalculation moves expired on to paid.
	assert.Equal(t, payments.StatusPaid, payments.Advance(NormalizeInvoiceStatus(InvoiceUnresolved, ContextPaidLate), NormalizeInvoiceStatus(InvoiceCompleted, "")))
	assert.Equal(t, payments.StatusPaid, payments.Advance(NormalizeInvoiceStatus(InvoiceCancelled, ""), NormalizeInvoiceStatus(InvoiceCompleted, ContextPaidLate)))
}

// TestNormalizeWithdrawalStatus: failed is never a terminal failure.
func TestNormalizeWithdrawalStatus(t *testing.T) {
	for status, want := range map[string]payments.Status{
		WithdrawalNew:        payments.StatusPending,
		WithdrawalPending:    payments.StatusProcessing,
		WithdrawalOnHold:     payments.StatusAwaitingApproval,
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
}

// TestNormalizeChannelPaymentStatus: every status with every context.
func TestNormalizeChannelPaymentStatus(t *testing.T) {
	for _, ctx := range []string{"", ContextIllicitResource, ContextChannelDisabled} {
		assert.Equal(t, payments.StatusConfirming, NormalizeChannelPaymentStatus(ChannelPaymentPending, ctx))
		assert.Equal(t, payments.StatusAwaitingApproval, NormalizeChannelPaymentStatus(ChannelPaymentOnHold, ctx), "on_hold/%s is held, not credited", ctx)
		assert.Equal(t, payments.StatusPaid, NormalizeChannelPaymentStatus(ChannelPaymentCompleted, ctx))
		assert.Equal(t, payments.StatusRefunded, NormalizeChannelPaymentStatus(ChannelPaymentRefunded, ctx))
		assert.Equal(t, payments.StatusCancelled, NormalizeChannelPaymentStatus(ChannelPaymentCancelled, ctx))
	}
	assert.Equal(t, payments.StatusUnknown, NormalizeChannelPaymentStatus("other", ""))
	assert.False(t, NormalizeChannelPaymentStatus(ChannelPaymentOnHold, ContextIllicitResource).IsSuccess())
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
		{InvoiceUnresolved, ContextPaidLate, payments.StatusExpired, "unresolved:paid_late"},
		{InvoiceUnresolved, ContextIllicitResource, payments.StatusAwaitingApproval, "unresolved:illicit_resource"},
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
