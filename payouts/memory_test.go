package payouts_test

import (
	"testing"

	"github.com/coinsdk/coinsdk/payouts"
	"github.com/coinsdk/coinsdk/payouts/journaltest"
)

func TestMemoryJournal(t *testing.T) {
	journaltest.Run(t, func(*testing.T) payouts.Journal { return payouts.NewMemoryJournal() })
}
