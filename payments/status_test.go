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
	cols := []Status{"", StatusUnknown, StatusAwaitingApproval, StatusPending, StatusProcessing, StatusUnderpaid,
		StatusConfirming, StatusPaid, StatusOverpaid, StatusCompleted, StatusExpired, StatusFailed, StatusCancelled, StatusRefunded}
	grid := map[Status]string{
		//                       ""  unk aw  pe  pr  un  co  pa  ov  cm  ex  fa  ca  re
		"":                     ".   .   >   >   >   >   >   >   >   >   >   >   >   >",
		StatusUnknown:          ".   .   >   >   >   >   >   >   >   >   >   >   >   >",
		StatusAwaitingApproval: ".   .   .   >   >   >   >   >   >   >   >   >   >   >",
		StatusPending:          ".   .   .   .   >   >   >   >   >   >   >   >   >   >",
		StatusProcessing:       ".   .   .   .   .   >   >   >   >   >   >   >   >   >",
		StatusUnderpaid:        ".   .   .   .   .   .   >   >   >   >   >   >   >   >",
		StatusConfirming:       ".   .   .   .   .   .   .   >   >   >   >   >   >   >",
		StatusPaid:             ".   .   .   .   .   .   .   .   >   .   .   .   .   >",
		StatusOverpaid:         ".   .   .   .   .   .   .   .   .   .   .   .   .   >",
		StatusCompleted:        ".   .   .   .   .   .   .   .   .   .   .   .   .   >",
		StatusExpired:          ".   .   .   .   .   .   .   >   >   .   .   .   .   >",
		StatusFailed:           ".   .   .   .   .   .   .   >   >   .   .   .   .   >",
		StatusCancelled:        ".   .   .   .   .   .   .   >   >   .   .   .   .   >",
		StatusRefunded:         ".   .   .   .   .   .   .   .   .   .   .   .   .   .",
	}
	assert.Len(t, grid, len(cols))
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

func TestStatusClasses(t *testing.T) {
	for _, s := range []Status{StatusPaid, StatusOverpaid, StatusCompleted, StatusExpired, StatusFailed, StatusRefunded, StatusCancelled} {
		assert.True(t, s.IsTerminal(), "%s is terminal", s)
	}
	for _, s := range []Status{StatusPending, StatusAwaitingApproval, StatusProcessing, StatusConfirming, StatusUnderpaid, StatusUnknown, "something-new"} {
		assert.False(t, s.IsTerminal(), "%s is not terminal", s)
	}
	assert.True(t, StatusOverpaid.IsSuccess())
	assert.False(t, StatusExpired.IsSuccess())
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
