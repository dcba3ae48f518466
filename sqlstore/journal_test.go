package sqlstore_test

import (
	"testing"

	"github.com/coinsdk/coinsdk/internal/dbtest"
	"github.com/coinsdk/coinsdk/payouts"
	"github.com/coinsdk/coinsdk/payouts/journaltest"
)

// TestJournal runs the payout journal contract on every database, each
// check on a fresh schema (PostgreSQL), database (MariaDB) or file (SQLite).
func TestJournal(t *testing.T) {
	for _, d := range dbtest.Dialects {
		t.Run(string(d), func(t *testing.T) {
			journaltest.Run(t, func(t *testing.T) payouts.Journal {
				return dbtest.Open(t, dbtest.Fresh(t, d)).Journal()
			})
		})
	}
}
