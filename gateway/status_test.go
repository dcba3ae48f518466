package gateway_test

import (
	"testing"

	"github.com/coinsdk/coinsdk/gateway"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPaymentStatusTable maps every documented status (and CLOSING, an
// unknown status, a lower-case one, none) in every context that decides
// within it: fixed amount with nothing, part, all and more paid; open
// amount with nothing and something paid.
func TestPaymentStatusTable(t *testing.T) {
	t.Parallel()
	type ctxt struct {
		name, ptype, paid, due string
	}
	ctxs := []ctxt{
		{"fixed nothing", gateway.PaymentTypeFixed, "0", "0.001"},
		{"fixed part", gateway.PaymentTypeFixed, "0.0004", "0.001"},
		{"fixed all", gateway.PaymentTypeFixed, "0.001", "0.001"},
		{"fixed over", gateway.PaymentTypeFixed, "0.0011", "0.001"},
		{"open nothing", gateway.PaymentTypeOpen, "0", "0"},
		{"open some", gateway.PaymentTypeOpen, "0.0001", "0"},
		{"open with an amount, more paid", gateway.PaymentTypeOpen, "5", "1"},
		{"untyped part", "", "0.0004", "0.001"},
	}
	const (
		pe = payments.StatusPending
		un = payments.StatusUnderpaid
		co = payments.StatusConfirming
		pa = payments.StatusPaid
		ov = payments.StatusOverpaid
		ex = payments.StatusExpired
		ca = payments.StatusCancelled
		uk = payments.StatusUnknown
	)
	rows := map[string][]payments.Status{
		//            fixed: nothing part all over  open: nothing some over  untyped part
		"OPEN":     {pe, un, co, co, pe, co, co, un},
		"CLOSING":  {pe, un, co, co, pe, co, co, un},
		"COMPLETE": {pa, pa, pa, ov, pa, pa, pa, pa}, // fixed part: within the store's underpayment threshold; open: never overpaid
		"CANCEL":   {ex, ca, ca, ca, ex, ca, ca, ca},
		"complete": {pa, pa, pa, ov, pa, pa, pa, pa},
		" cancel ": {ex, ca, ca, ca, ex, ca, ca, ca},
		"REFUNDED": {uk, uk, uk, uk, uk, uk, uk, uk},
		"":         {uk, uk, uk, uk, uk, uk, uk, uk},
	}
	for status, want := range rows {
		require.Len(t, want, len(ctxs), status)
		for i, c := range ctxs {
			p := &gateway.Payment{Status: gateway.PaymentStatus(status), PaymentType: c.ptype, IPAmount: dec(c.paid), PaymentAmount: dec(c.due)}
			assert.Equal(t, want[i], p.Normalized(), "status %q, %s (paid %s of %s)", status, c.name, c.paid, c.due)
		}
	}
	assert.Equal(t, payments.StatusUnknown, (*gateway.Payment)(nil).Normalized())
}

// A cancel is visible whatever was paid before it: OPEN with a part, then
// CANCEL, ends cancelled through payments.Advance (not left underpaid), and
// a cancelled payment is never a success.
func TestPaymentCancelIsVisible(t *testing.T) {
	t.Parallel()
	part := (&gateway.Payment{Status: "OPEN", PaymentType: gateway.PaymentTypeFixed, IPAmount: dec("0.5"), PaymentAmount: dec("1")}).Normalized()
	for _, paid := range []string{"0.5", "1", "1.5"} {
		cancel := (&gateway.Payment{Status: "CANCEL", PaymentType: gateway.PaymentTypeFixed, IPAmount: dec(paid), PaymentAmount: dec("1")}).Normalized()
		assert.Equal(t, payments.StatusCancelled, payments.Advance(part, cancel), "paid %s", paid)
		assert.False(t, cancel.IsSuccess(), "paid %s", paid)
	}
	closing := (&gateway.Payment{Status: "CLOSING", PaymentType: gateway.PaymentTypeFixed, IPAmount: dec("0"), PaymentAmount: dec("1")}).Normalized()
	assert.Equal(t, payments.StatusPending, closing, "CLOSING with nothing paid")
}

func TestWithdrawalAndDedicatedStatusTable(t *testing.T) {
	t.Parallel()
	for status, want := range map[string]payments.Status{
		"OPEN": payments.StatusProcessing, "CLOSING": payments.StatusProcessing, "COMPLETE": payments.StatusCompleted,
		"CANCEL": payments.StatusCancelled, "FROZEN": payments.StatusUnknown, "": payments.StatusUnknown,
	} {
		assert.Equal(t, want, (&gateway.Withdrawal{Status: gateway.WithdrawalStatus(status)}).Normalized(), "withdrawal %q", status)
	}
	for status, want := range map[string]payments.Status{
		"OPEN": payments.StatusPending, "CLOSING": payments.StatusPending, "COMPLETE": payments.StatusCompleted,
		"CANCEL": payments.StatusCancelled, "X": payments.StatusUnknown, "": payments.StatusUnknown,
	} {
		assert.Equal(t, want, (&gateway.DedicatedAddress{Status: gateway.DedicatedAddressStatus(status)}).Normalized(), "dedicated %q", status)
	}
}

// TestPaymentLifecycleNeverDowngrades plays the statuses a payment goes
// through, out of order and repeated, through payments.Advance.
func TestPaymentLifecycleNeverDowngrades(t *testing.T) {
	t.Parallel()
	open := (&gateway.Payment{Status: "OPEN", IPAmount: dec("0"), PaymentAmount: dec("1")}).Normalized()
	part := (&gateway.Payment{Status: "OPEN", IPAmount: dec("0.5"), PaymentAmount: dec("1")}).Normalized()
	done := (&gateway.Payment{Status: "COMPLETE", IPAmount: dec("1"), PaymentAmount: dec("1")}).Normalized()
	s := payments.Status("")
	for _, next := range []payments.Status{open, done, part, open, done} {
		s = payments.Advance(s, next)
	}
	assert.Equal(t, payments.StatusPaid, s)
}
