package payments

import "testing"

func TestAdvanceNeverDowngrades(t *testing.T) {
	cases := []struct{ cur, next, want Status }{
		{StatusPending, StatusConfirming, StatusConfirming},
		{StatusConfirming, StatusPaid, StatusPaid},
		{StatusPaid, StatusConfirming, StatusPaid},    // late webhook
		{StatusPaid, StatusPending, StatusPaid},       // replayed first webhook
		{StatusPaid, StatusUnknown, StatusPaid},       // unknown never overrides
		{StatusPending, StatusUnknown, StatusPending}, // unknown never overrides
		{StatusPaid, "", StatusPaid},                  // empty never overrides
		{StatusPaid, StatusRefunded, StatusRefunded},  // terminal → terminal
		{StatusExpired, StatusPaid, StatusPaid},       // late payment accepted
		{StatusUnderpaid, StatusPaid, StatusPaid},     // topped up
		{StatusCompleted, StatusProcessing, StatusCompleted},
		{"", StatusPending, StatusPending},
	}
	for _, c := range cases {
		if got := Advance(c.cur, c.next); got != c.want {
			t.Errorf("Advance(%q, %q) = %q, want %q", c.cur, c.next, got, c.want)
		}
	}
}

func TestStatusClasses(t *testing.T) {
	terminal := []Status{StatusPaid, StatusOverpaid, StatusCompleted, StatusExpired, StatusFailed, StatusRefunded, StatusCancelled}
	for _, s := range terminal {
		if !s.IsTerminal() {
			t.Errorf("%s is not terminal", s)
		}
	}
	for _, s := range []Status{StatusPending, StatusAwaitingApproval, StatusProcessing, StatusConfirming, StatusUnderpaid, StatusUnknown, "something-new"} {
		if s.IsTerminal() {
			t.Errorf("%s is terminal", s)
		}
	}
	if !StatusOverpaid.IsSuccess() || StatusExpired.IsSuccess() {
		t.Error("IsSuccess is wrong")
	}
}

func TestCapabilities(t *testing.T) {
	c := CapInvoices | CapWebhooks
	if !c.Has(CapInvoices) || c.Has(CapPayouts) || c.Has(CapInvoices|CapPayouts) {
		t.Error("Has is wrong")
	}
	if c.String() != "invoices|webhooks" || Capabilities(0).String() != "none" {
		t.Errorf("String = %q", c.String())
	}
}
