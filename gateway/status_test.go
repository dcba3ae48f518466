package gateway_test

import (
	"testing"

	"github.com/coinsdk/coinsdk/gateway"
	"github.com/coinsdk/coinsdk/payments"
	"github.com/stretchr/testify/assert"
)

// TestPaymentStatusTable maps every documented status, pair by pair with
// the amounts that decide within it.
func TestPaymentStatusTable(t *testing.T) {
	cases := []struct {
		status, ptype, paid, due string
		want                     payments.Status
	}{
		{"OPEN", gateway.PaymentTypeFixed, "0", "0.001", payments.StatusPending},
		{"OPEN", gateway.PaymentTypeFixed, "0.0004", "0.001", payments.StatusUnderpaid},
		{"OPEN", gateway.PaymentTypeFixed, "0.001", "0.001", payments.StatusConfirming},
		{"OPEN", gateway.PaymentTypeFixed, "0.002", "0.001", payments.StatusConfirming},
		{"OPEN", gateway.PaymentTypeOpen, "0", "0", payments.StatusPending},
		{"OPEN", gateway.PaymentTypeOpen, "0.0001", "0", payments.StatusConfirming},
		{"OPEN", "", "0.0004", "0.001", payments.StatusUnderpaid},
		{"CLOSING", gateway.PaymentTypeFixed, "0.001", "0.001", payments.StatusConfirming},
		{"COMPLETE", gateway.PaymentTypeFixed, "0.001", "0.001", payments.StatusPaid},
		{"COMPLETE", gateway.PaymentTypeFixed, "0.0009", "0.001", payments.StatusPaid}, // within the underpayment threshold
		{"COMPLETE", gateway.PaymentTypeFixed, "0.0011", "0.001", payments.StatusOverpaid},
		{"COMPLETE", gateway.PaymentTypeOpen, "5", "1", payments.StatusPaid},
		{"CANCEL", gateway.PaymentTypeFixed, "0", "0.001", payments.StatusExpired},
		{"CANCEL", gateway.PaymentTypeFixed, "0.0005", "0.001", payments.StatusUnderpaid},
		{"complete", gateway.PaymentTypeFixed, "0.001", "0.001", payments.StatusPaid},
		{"REFUNDED", gateway.PaymentTypeFixed, "0.001", "0.001", payments.StatusUnknown},
		{"", gateway.PaymentTypeFixed, "0", "0.001", payments.StatusUnknown},
	}
	for _, c := range cases {
		p := &gateway.Payment{Status: c.status, PaymentType: c.ptype, IPAmount: dec(c.paid), PaymentAmount: dec(c.due)}
		assert.Equal(t, c.want, gateway.NormalizePayment(p), "%s %s paid %s of %s", c.status, c.ptype, c.paid, c.due)
	}
	assert.Equal(t, payments.StatusUnknown, gateway.NormalizePayment(nil))
}

func TestWithdrawalAndDedicatedStatusTable(t *testing.T) {
	for status, want := range map[string]payments.Status{
		"OPEN": payments.StatusProcessing, "CLOSING": payments.StatusProcessing, "COMPLETE": payments.StatusCompleted,
		"CANCEL": payments.StatusCancelled, "FROZEN": payments.StatusUnknown, "": payments.StatusUnknown,
	} {
		assert.Equal(t, want, gateway.NormalizeWithdrawal(status), "withdrawal %q", status)
	}
	for status, want := range map[string]payments.Status{
		"OPEN": payments.StatusPending, "COMPLETE": payments.StatusCompleted, "CANCEL": payments.StatusCancelled, "X": payments.StatusUnknown,
	} {
		assert.Equal(t, want, gateway.NormalizeDedicated(status), "dedicated %q", status)
	}
}

// TestPaymentLifecycleNeverDowngrades plays the statuses a payment goes
// through, out of order and repeated, through payments.Advance.
func TestPaymentLifecycleNeverDowngrades(t *testing.T) {
	open := gateway.NormalizePayment(&gateway.Payment{Status: "OPEN", IPAmount: dec("0"), PaymentAmount: dec("1")})
	part := gateway.NormalizePayment(&gateway.Payment{Status: "OPEN", IPAmount: dec("0.5"), PaymentAmount: dec("1")})
	done := gateway.NormalizePayment(&gateway.Payment{Status: "COMPLETE", IPAmount: dec("1"), PaymentAmount: dec("1")})
	s := payments.Status("")
	for _, next := range []payments.Status{open, done, part, open, done} {
		s = payments.Advance(s, next)
	}
	assert.Equal(t, payments.StatusPaid, s)
}
