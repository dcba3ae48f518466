package cryptopay

import (
	"testing"

	"github.com/coinsdk/coinsdk/payments"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNormalizedInvoice: every invoice status of the notes with every
// status_context of the notes (and none): one row per status, one column
// per context.
func TestNormalizedInvoice(t *testing.T) {
	t.Parallel()
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
	grid := map[InvoiceStatus][]payments.Status{
		//                  ""  overpaid underpaid paid_late illicit
		InvoiceStatusNew:        {pe, pe, pe, pe, pe},
		InvoiceStatusCompleted:  {pa, ov, pa, pa, pa},
		InvoiceStatusUnresolved: {oh, ov, un, oh, oh},
		InvoiceStatusRefunded:   {re, re, re, re, re},
		InvoiceStatusCancelled:  {ex, ex, ex, ex, ex},
		"brand_new":             {uk, uk, uk, uk, uk},
	}
	for status, row := range grid {
		for i, ctx := range contexts {
			assert.Equal(t, row[i], normInvoice(status, ctx), "%s/%s", status, ctx)
		}
	}
	// The money of a late payment arrived: never a terminal "nothing received".
	late := normInvoice(InvoiceStatusUnresolved, ContextPaidLate)
	assert.False(t, late.IsTerminal())
	assert.False(t, late.IsSuccess())
	// unresolved/underpaid is not terminal: a top-up or a recalculation may complete it.
	assert.False(t, normInvoice(InvoiceStatusUnresolved, ContextUnderpaid).IsTerminal())
	// The hold after payments were seen is shown, and its release too.
	assert.Equal(t, oh, payments.Advance(payments.StatusConfirming, late), "confirming → unresolved/paid_late")
	assert.Equal(t, oh, payments.Advance(payments.StatusConfirming, normInvoice(InvoiceStatusUnresolved, ContextIllicitResource)))
	assert.Equal(t, pa, payments.Advance(late, normInvoice(InvoiceStatusCompleted, "")), "recalculated and completed")
	assert.Equal(t, re, payments.Advance(late, normInvoice(InvoiceStatusRefunded, "")), "refunded")
	assert.Equal(t, pa, payments.Advance(normInvoice(InvoiceStatusCancelled, ""), normInvoice(InvoiceStatusCompleted, ContextPaidLate)))
}

// TestNormalizedCoinWithdrawal: every coin withdrawal status of the
// notes; failed is never a terminal failure; a hold comes and goes.
func TestNormalizedCoinWithdrawal(t *testing.T) {
	t.Parallel()
	for status, want := range map[CoinWithdrawalStatus]payments.Status{
		CoinWithdrawalStatusNew:        payments.StatusPending,
		CoinWithdrawalStatusPending:    payments.StatusProcessing,
		CoinWithdrawalStatusOnHold:     payments.StatusOnHold,
		CoinWithdrawalStatusProcessing: payments.StatusProcessing,
		CoinWithdrawalStatusSent:       payments.StatusProcessing,
		CoinWithdrawalStatusCompleted:  payments.StatusCompleted,
		CoinWithdrawalStatusFailed:     payments.StatusProcessing,
		CoinWithdrawalStatusCancelled:  payments.StatusCancelled,
		"mystery":                      payments.StatusUnknown,
	} {
		assert.Equal(t, want, normWithdrawal(status), status)
	}
	failed := normWithdrawal(CoinWithdrawalStatusFailed)
	assert.False(t, failed.IsTerminal())
	assert.NotEqual(t, payments.StatusFailed, failed)
	for _, next := range []CoinWithdrawalStatus{CoinWithdrawalStatusCompleted, CoinWithdrawalStatusCancelled} {
		assert.Equal(t, normWithdrawal(next), payments.Advance(failed, normWithdrawal(next)), "failed → %s", next)
	}
	// A hold after processing is shown; the release after it too.
	hold := normWithdrawal(CoinWithdrawalStatusOnHold)
	for _, before := range []CoinWithdrawalStatus{CoinWithdrawalStatusNew, CoinWithdrawalStatusPending, CoinWithdrawalStatusProcessing, CoinWithdrawalStatusSent} {
		assert.Equal(t, hold, payments.Advance(normWithdrawal(before), hold), "%s → on_hold", before)
	}
	for _, after := range []CoinWithdrawalStatus{CoinWithdrawalStatusProcessing, CoinWithdrawalStatusSent, CoinWithdrawalStatusCompleted, CoinWithdrawalStatusCancelled} {
		assert.Equal(t, normWithdrawal(after), payments.Advance(hold, normWithdrawal(after)), "on_hold → %s", after)
	}
	assert.False(t, hold.IsTerminal())
	assert.False(t, hold.IsSuccess())
}

// TestNormalizedChannelPayment: every status of the notes with every
// context of the notes (and none).
func TestNormalizedChannelPayment(t *testing.T) {
	t.Parallel()
	for _, ctx := range []string{"", ContextIllicitResource, ContextChannelDisabled} {
		assert.Equal(t, payments.StatusConfirming, normChannelPayment(ChannelPaymentStatusPending, ctx))
		assert.Equal(t, payments.StatusOnHold, normChannelPayment(ChannelPaymentStatusOnHold, ctx), "on_hold/%s is held, not credited", ctx)
		assert.Equal(t, payments.StatusPaid, normChannelPayment(ChannelPaymentStatusCompleted, ctx))
		assert.Equal(t, payments.StatusRefunded, normChannelPayment(ChannelPaymentStatusRefunded, ctx))
		assert.Equal(t, payments.StatusCancelled, normChannelPayment(ChannelPaymentStatusCancelled, ctx))
		assert.Equal(t, payments.StatusUnknown, normChannelPayment("other", ctx))
	}
	hold := normChannelPayment(ChannelPaymentStatusOnHold, ContextIllicitResource)
	assert.False(t, hold.IsSuccess())
	assert.Equal(t, hold, payments.Advance(normChannelPayment(ChannelPaymentStatusPending, ""), hold), "pending → on_hold")
	assert.Equal(t, payments.StatusPaid, payments.Advance(hold, normChannelPayment(ChannelPaymentStatusCompleted, "")), "on_hold → completed")
}

// TestAdapterStatusMapping: the adapter carries status_context into the
// normalized objects and ProviderStatus.
func TestAdapterStatusMapping(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		status   InvoiceStatus
		context  string
		want     payments.Status
		provider string
	}{
		{InvoiceStatusNew, "", payments.StatusPending, "new"},
		{InvoiceStatusCompleted, "", payments.StatusPaid, "completed"},
		{InvoiceStatusCompleted, ContextOverpaid, payments.StatusOverpaid, "completed:overpaid"},
		{InvoiceStatusCompleted, ContextPaidLate, payments.StatusPaid, "completed:paid_late"},
		{InvoiceStatusUnresolved, ContextUnderpaid, payments.StatusUnderpaid, "unresolved:underpaid"},
		{InvoiceStatusUnresolved, ContextOverpaid, payments.StatusOverpaid, "unresolved:overpaid"},
		{InvoiceStatusUnresolved, ContextPaidLate, payments.StatusOnHold, "unresolved:paid_late"},
		{InvoiceStatusUnresolved, ContextIllicitResource, payments.StatusOnHold, "unresolved:illicit_resource"},
		{InvoiceStatusRefunded, "", payments.StatusRefunded, "refunded"},
		{InvoiceStatusCancelled, "", payments.StatusExpired, "cancelled"},
	} {
		inv := toInvoice(&Invoice{ID: "i", Status: tc.status, StatusContext: tc.context})
		assert.Equal(t, tc.want, inv.Status, "%s/%s", tc.status, tc.context)
		assert.Equal(t, tc.provider, inv.ProviderStatus)
	}
	// A new invoice paid in full but not confirmed is confirming.
	seen := toInvoice(&Invoice{ID: "i", Status: InvoiceStatusNew, PayAmount: *dec("0.5"), PaidAmount: *dec("0.5")})
	assert.Equal(t, payments.StatusConfirming, seen.Status)
	part := toInvoice(&Invoice{ID: "i", Status: InvoiceStatusNew, PayAmount: *dec("0.5"), PaidAmount: *dec("0.2")})
	assert.Equal(t, payments.StatusPending, part.Status)

	a := &Adapter{}
	for _, s := range []CoinWithdrawalStatus{CoinWithdrawalStatusNew, CoinWithdrawalStatusPending, CoinWithdrawalStatusOnHold, CoinWithdrawalStatusProcessing, CoinWithdrawalStatusSent, CoinWithdrawalStatusCompleted, CoinWithdrawalStatusFailed, CoinWithdrawalStatusCancelled} {
		p := a.toPayout(&CoinWithdrawal{ID: "w", Status: s}, "")
		assert.Equal(t, normWithdrawal(s), p.Status)
		assert.Equal(t, string(s), p.ProviderStatus)
	}
}

// The Normalized methods read everything from the model; these helpers
// build the model from the one or two fields a row varies.
func normInvoice(s InvoiceStatus, ctx string) payments.Status {
	return (&Invoice{Status: s, StatusContext: ctx}).Normalized()
}

func normWithdrawal(s CoinWithdrawalStatus) payments.Status {
	return (&CoinWithdrawal{Status: s}).Normalized()
}

func normChannelPayment(s ChannelPaymentStatus, ctx string) payments.Status {
	return (&ChannelPayment{Status: s, StatusContext: ctx}).Normalized()
}

// TestNormalizedSubscriptionAndTransfer: every subscription and exchange
// transfer status, and an unknown one.
func TestNormalizedSubscriptionAndTransfer(t *testing.T) {
	t.Parallel()
	for s, want := range map[SubscriptionStatus]payments.Status{
		SubscriptionStatusActive: payments.StatusPending, SubscriptionStatusCancelled: payments.StatusCancelled, "paused": payments.StatusUnknown,
	} {
		assert.Equal(t, want, (&Subscription{Status: s}).Normalized(), s)
	}
	for s, want := range map[ExchangeTransferStatus]payments.Status{
		ExchangeTransferStatusNew: payments.StatusPending, ExchangeTransferStatusCompleted: payments.StatusCompleted, "": payments.StatusUnknown,
	} {
		assert.Equal(t, want, (&ExchangeTransfer{Status: s}).Normalized(), s)
	}
}

// TestEventNamesIsACopy: a caller that changes the map it got changes
// nothing another caller reads.
func TestEventNamesIsACopy(t *testing.T) {
	t.Parallel()
	names := EventNames()
	require.Contains(t, names[KindInvoice], EventTransactionConfirmed)
	names[KindInvoice][0] = "tampered"
	delete(names, KindCoinWithdrawal)
	again := EventNames()
	assert.Equal(t, EventCreated, again[KindInvoice][0])
	assert.Equal(t, []EventType{EventCreated, EventStatusChanged}, again[KindCoinWithdrawal])
}
