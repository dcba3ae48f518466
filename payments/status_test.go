package payments

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestAdvanceEveryPair checks Advance for every pair of statuses. Rows are
// the current status, columns the next one; ">" means next replaces current,
// "." means current stays.
func TestAdvanceEveryPair(t *testing.T) {
	cols := []Status{"", StatusUnknown, StatusAwaitingApproval, StatusPending, StatusProcessing, StatusOnHold, StatusUnderpaid,
		StatusConfirming, StatusPaid, StatusOverpaid, StatusCompleted, StatusExpired, StatusFailed, StatusCancelled, StatusRefunded}
	grid := map[Status]string{
		//                       ""  unk aw  pe  pr  oh  un  co  pa  ov  cm  ex  fa  ca  re
		"":                     ".   .   >   >   >   >   >   >   >   >   >   >   >   >   >",
		StatusUnknown:          ".   .   >   >   >   >   >   >   >   >   >   >   >   >   >",
		StatusAwaitingApproval: ".   .   .   >   >   >   >   >   >   >   >   >   >   >   >",
		StatusPending:          ".   .   .   .   >   >   >   >   >   >   >   >   >   >   >",
		StatusProcessing:       ".   .   .   .   .   >   >   >   >   >   >   >   >   >   >",
		StatusOnHold:           ".   .   .   .   >   .   >   >   >   >   >   >   >   >   >",
		StatusUnderpaid:        ".   .   .   .   .   >   .   >   >   >   >   >   >   >   >",
		StatusConfirming:       ".   .   .   .   .   >   .   .   >   >   >   >   >   >   >",
		StatusPaid:             ".   .   .   .   .   .   .   .   .   >   .   .   .   .   >",
		StatusOverpaid:         ".   .   .   .   .   .   .   .   .   .   .   .   .   .   >",
		StatusCompleted:        ".   .   .   .   .   .   .   .   .   .   .   .   .   .   >",
		StatusExpired:          ".   .   .   .   .   .   .   .   >   >   .   .   .   .   >",
		StatusFailed:           ".   .   .   .   .   .   .   .   >   >   .   .   .   .   >",
		StatusCancelled:        ".   .   .   .   .   .   .   .   >   >   .   .   .   .   >",
		StatusRefunded:         ".   .   .   .   .   .   .   .   .   .   .   .   .   .   .",
	}
	assert.Len(t, grid, len(cols))
	// Every normalized status has a row and a column.
	for _, s := range Statuses() {
		assert.Contains(t, cols, s, "status %q has no column", s)
	}
	for _, cur := range cols {
		cells := strings.Fields(grid[cur])
		if !assert.Len(t, cells, len(cols), "row %q", cur) {
			continue
		}
		for j, next := range cols {
			want := cur
			if cells[j] == ">" {
				want = next
			}
			assert.Equal(t, want, Advance(cur, next), "Advance(%q, %q)", cur, next)
		}
	}
}

// A hold comes and goes: pending → on_hold → processing → on_hold → completed.
func TestAdvanceHoldComesAndGoes(t *testing.T) {
	s := StatusPending
	for _, next := range []Status{StatusOnHold, StatusProcessing, StatusOnHold, StatusCompleted} {
		s = Advance(s, next)
		assert.Equal(t, next, s)
	}
	assert.Equal(t, StatusOnHold, Advance(StatusOnHold, StatusPending), "a stale pending does not lift a hold")
}

// The downgrades the review measured, by name.
func TestAdvanceNeverDowngrades(t *testing.T) {
	for _, c := range []struct{ cur, next, want Status }{
		{StatusRefunded, StatusPaid, StatusRefunded},
		{StatusCancelled, StatusRefunded, StatusRefunded},
		{StatusPaid, StatusExpired, StatusPaid},
		{StatusOverpaid, StatusPaid, StatusOverpaid},
		{StatusCompleted, StatusFailed, StatusCompleted},
		{StatusConfirming, StatusPending, StatusConfirming},
		{StatusExpired, StatusPaid, StatusPaid}, // a late payment accepted
		{"something-new", StatusPaid, StatusPaid},
		{StatusPaid, "something-new", StatusPaid},
	} {
		assert.Equal(t, c.want, Advance(c.cur, c.next), "Advance(%q, %q)", c.cur, c.next)
	}
}

// Every predicate over the whole status set, so that dropping or adding a
// status in one of them fails here.
func TestStatusClasses(t *testing.T) {
	terminal := map[Status]bool{StatusPaid: true, StatusOverpaid: true, StatusCompleted: true, StatusExpired: true,
		StatusFailed: true, StatusRefunded: true, StatusCancelled: true}
	success := map[Status]bool{StatusPaid: true, StatusOverpaid: true, StatusCompleted: true}
	all := append(Statuses(), StatusUnknown, "", "something-new")
	for _, s := range all {
		assert.Equal(t, terminal[s], s.IsTerminal(), "IsTerminal(%q)", s)
		assert.Equal(t, success[s], s.IsSuccess(), "IsSuccess(%q)", s)
	}
	assert.Len(t, Statuses(), 13)
	got := Statuses()
	got[0] = "changed"
	assert.Equal(t, StatusAwaitingApproval, Statuses()[0], "Statuses returns a copy")
}

func TestCapabilities(t *testing.T) {
	c := CapInvoices | CapWebhooks
	assert.True(t, c.Has(CapInvoices))
	assert.False(t, c.Has(CapPayouts))
	assert.False(t, c.Has(CapInvoices|CapPayouts))
	assert.Equal(t, "invoices|webhooks", c.String())
	assert.Equal(t, "none", Capabilities(0).String())
	assert.Equal(t, "payouts|find-payout", (CapPayouts | CapFindPayout).String())
}
