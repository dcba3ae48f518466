// Package tourtest holds what the example tours' tests repeat. A tour reads
// its settings from environment variables, so each test sets every one of
// them (the developer's own environment must not change what is tested),
// and a tour's live mode is run once allowed to send a payout and once
// read only. t.Setenv changes the process's environment: none of these
// tests runs in parallel.
package tourtest

import "testing"

// Setenv empties every variable in names, then sets those in set.
func Setenv(t *testing.T, names []string, set map[string]string) {
	t.Helper()
	for _, k := range names {
		t.Setenv(k, "")
	}
	for k, v := range set {
		t.Setenv(k, v)
	}
}

// Flag is a tour's yes/no setting: "1" for yes, empty (unset) for no.
func Flag(yes bool) string {
	if yes {
		return "1"
	}
	return ""
}

// PayoutModes runs live as two subtests, "payouts allowed" (payouts true)
// and "read only".
func PayoutModes(t *testing.T, live func(t *testing.T, payouts bool)) {
	t.Helper()
	t.Run("payouts allowed", func(t *testing.T) { live(t, true) })
	t.Run("read only", func(t *testing.T) { live(t, false) })
}
